"""Who may do what, role by role and route by route: officer, coordinator of a participating
agency, coordinator of another agency, agency head (read only), admin, anonymous."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.web.world import World, log_in

C = "SPRING"
ALLOWED, REFUSED, LOGIN = 200, 403, 401
# route -> expected status for officer, coordinator, other_coordinator, head, admin, anonymous
# (officers have no console login: like anonymous, they get 401 from the API)
TABLE = [
    ("GET", "/api/v1/me", {"coordinator": 200, "other_coordinator": 200, "head": 200, "admin": 200}),
    ("GET", "/api/v1/campaigns", {"coordinator": 200, "other_coordinator": 200, "head": 200, "admin": 200}),
    ("GET", f"/api/v1/campaigns/{C}", {"coordinator": 200, "other_coordinator": 403, "head": 200, "admin": 200}),
    ("GET", f"/api/v1/campaigns/{C}/figures", {"coordinator": 200, "other_coordinator": 403, "head": 200, "admin": 200}),
    ("GET", f"/api/v1/campaigns/{C}/visits", {"coordinator": 200, "other_coordinator": 403, "head": 200, "admin": 200}),
    ("GET", f"/api/v1/campaigns/{C}/findings", {"coordinator": 200, "other_coordinator": 403, "head": 200, "admin": 200}),
    ("POST", f"/api/v1/campaigns/{C}/plans", {"coordinator": 400, "other_coordinator": 403, "head": 403, "admin": 400}),
    ("POST", f"/api/v1/campaigns/{C}/plans/nokey/publish",
     {"coordinator": 400, "other_coordinator": 403, "head": 403, "admin": 400}),
    ("POST", "/api/v1/campaigns", {"coordinator": 400, "other_coordinator": 400, "head": 403, "admin": 400}),
    ("GET", "/api/v1/sites", {"coordinator": 200, "other_coordinator": 200, "head": 200, "admin": 200}),
    ("GET", "/api/v1/officers", {"coordinator": 200, "other_coordinator": 200, "head": 200, "admin": 200}),
    ("GET", "/api/v1/cases", {"coordinator": 200, "other_coordinator": 200, "head": 200, "admin": 200}),
    ("GET", f"/campaigns/{C}/live", {"coordinator": 200, "other_coordinator": 403, "head": 200, "admin": 200}),
    ("GET", f"/campaigns/{C}/plan", {"coordinator": 200, "other_coordinator": 403, "head": 403, "admin": 200}),
    ("GET", f"/campaigns/{C}/edit", {"coordinator": 200, "other_coordinator": 403, "head": 403, "admin": 200}),
    ("GET", f"/campaigns/{C}/reports", {"coordinator": 200, "other_coordinator": 403, "head": 200, "admin": 200}),
    ("GET", f"/campaigns/{C}/reports/xlsx", {"coordinator": 200, "other_coordinator": 403, "head": 200, "admin": 200}),
    ("GET", "/directory/upload", {"coordinator": 200, "other_coordinator": 200, "head": 403, "admin": 200}),
    ("GET", "/directory", {"coordinator": 200, "other_coordinator": 200, "head": 200, "admin": 200}),
]
ROLES = ["officer", "coordinator", "other_coordinator", "head", "admin", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_gets_what_the_rules_allow_on_each_route(client: TestClient, world: World, role: str) -> None:
    headers = {}
    if role not in ("anonymous", "officer"):
        headers["X-CSRF-Token"] = await log_in(client, world.certificates[role])
    elif role == "officer":  # a field officer has no console password: the login is refused
        refused = await client.post("/login", data={"certificate_no": world.certificates[role], "password": "x" * 12})
        assert refused.status == 401
    wrong = []
    for method, path, expected in TABLE:
        status = expected.get(role, LOGIN)
        response = await client.request(method, path, json={}, headers=headers, allow_redirects=False)
        if status == LOGIN and not path.startswith("/api/"):
            ok = response.status == 303 and response.headers["Location"].startswith("/login")
        else:
            ok = response.status == status
        if not ok:
            wrong.append(f"{method} {path}: expected {status}, got {response.status}")
    assert wrong == []
