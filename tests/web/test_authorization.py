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
CASES = [(role, method, path, expected.get(role, LOGIN)) for method, path, expected in TABLE for role in ROLES]


@pytest.mark.parametrize(("role", "method", "path", "status"), CASES,
                         ids=[f"{r}-{m}-{p}" for r, m, p, _ in CASES])
async def test_each_role_gets_what_the_rules_allow_on_each_route(client: TestClient, world: World, role: str,
                                                                 method: str, path: str, status: int) -> None:
    headers = {}
    if role not in ("anonymous", "officer"):
        headers["X-CSRF-Token"] = await log_in(client, world.certificates[role])
    response = await client.request(method, path, json={}, headers=headers, allow_redirects=False)
    got = response.status
    if status == LOGIN and not path.startswith("/api/"):
        assert got == 303 and response.headers["Location"].startswith("/login")
    else:
        assert got == status, await response.text()
