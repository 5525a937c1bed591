"""The REST API: OpenAPI matches the routes, JSON errors, validation naming the field, pagination."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from tests.web.world import World, log_in


async def test_the_openapi_document_lists_exactly_the_api_routes(client: TestClient) -> None:
    doc = await (await client.get("/api/v1/openapi.json")).json()
    documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
    served = {(r.method, r.resource.canonical) for r in client.app.router.routes()  # type: ignore[union-attr]
              if r.resource is not None and r.resource.canonical.startswith("/api/v1/")
              and r.resource.canonical != "/api/v1/openapi.json" and r.method != "HEAD"}
    assert doc["openapi"].startswith("3.") and documented == served
    assert all(re.findall(r"{(\w+)}", p) == [x["name"] for x in ops[m]["parameters"] if x["in"] == "path"]
               for p, ops in doc["paths"].items() for m in ops)


async def test_without_a_login_the_api_answers_401_in_json(client: TestClient) -> None:
    response = await client.get("/api/v1/campaigns")
    assert response.status == 401 and (await response.json())["error"]["code"] == "unauthenticated"


async def test_a_bad_date_is_refused_naming_the_field(client: TestClient, world: World) -> None:
    csrf = await log_in(client, world.certificates["coordinator"])
    body = {"code": "NEW", "name": "新行动", "starts_on": "2026-13-01", "ends_on": "2026-12-31", "lead_agency": "IPO"}
    response = await client.post("/api/v1/campaigns", json=body, headers={"X-CSRF-Token": csrf})
    error = (await response.json())["error"]
    assert response.status == 400 and error["field"] == "starts_on" and error["code"] == "field_date"


async def test_a_coordinator_creates_a_campaign_through_the_api(client: TestClient, world: World) -> None:
    csrf = await log_in(client, world.certificates["coordinator"])
    body = {"code": "AUTUMN", "name": "秋季行动", "starts_on": "2026-10-01", "ends_on": "2026-10-31",
            "lead_agency": "IPO", "agencies": ["AMR"], "targets": {"sites_inspected": 40}}
    response = await client.post("/api/v1/campaigns", json=body, headers={"X-CSRF-Token": csrf})
    assert response.status == 201 and (await response.json())["agencies"] == ["AMR", "IPO"]


async def test_an_api_token_works_without_a_cookie_and_lists_are_paginated(client: TestClient, world: World) -> None:
    csrf = await log_in(client, world.certificates["admin"])
    page = await (await client.post("/account/tokens", data={"name": "脚本", "_csrf": csrf})).text()
    token = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    client.session.cookie_jar.clear()
    response = await client.get("/api/v1/officers?limit=2&offset=1", headers={"Authorization": f"Bearer {token}"})
    body = await response.json()
    assert response.status == 200 and len(body["items"]) == 2 and body["offset"] == 1 and body["total"] >= 6


async def test_a_limit_out_of_range_is_refused_naming_the_field(client: TestClient, world: World) -> None:
    await log_in(client, world.certificates["coordinator"])
    response = await client.get("/api/v1/sites?limit=5000")
    assert response.status == 400 and (await response.json())["error"]["field"] == "limit"
