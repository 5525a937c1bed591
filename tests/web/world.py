"""A small county for console tests: two agencies, a campaign of the first, people in every role,
a published raid day with one finding, and a signed-in test client per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp.test_utils import TestClient

from inspection.services.accounts.users import set_password
from inspection.store.engine import UnitOfWork
from tests import factories as f

PASSWORD = "console pass 2026"
ROLES = ["officer", "coordinator", "other_coordinator", "head", "admin", "anonymous"]


@dataclass
class World:
    campaign: str
    case_number: str = ""
    certificates: dict[str, str] = field(default_factory=dict)
    site_id: int = 0


async def build_world(uow: UnitOfWork) -> World:
    async with uow() as s:
        ip = await f.agency(s, "ip_office")
        smr = await f.agency(s, "market_regulation")
        tob = await f.agency(s, "tobacco")
        camp = await f.campaign(s, ip, [smr], code="SPRING", name="春季知识产权联合执法")
        people = {
            "officer": await f.officer(s, ip, role="officer"),
            "coordinator": await f.officer(s, ip, role="coordinator", name="张协调"),
            "other_coordinator": await f.officer(s, tob, role="coordinator", name="李协调"),
            "head": await f.officer(s, smr, role="agency_head", name="王局长"),
            "admin": await f.officer(s, tob, role="admin", name="赵管理"),
        }
        raid = await f.raid(s, camp)
        team = await f.team(s, raid, [people["officer"], await f.officer(s, smr)])
        site = await f.site(s, name="城南百货")
        visit = await f.visit(s, team, site, status="checked_in")
        await f.finding(s, visit)
        await s.commit()
        world = World(campaign=camp.code, site_id=site.id or 0,
                      certificates={k: v.certificate_no for k, v in people.items()})
    for role in ("coordinator", "other_coordinator", "head", "admin"):
        await set_password(uow, world.certificates[role], PASSWORD)
    return world


async def log_in(client: TestClient, certificate_no: str) -> str:
    """Sign ``client`` in; returns the session's CSRF token."""
    response = await client.post("/login", data={"certificate_no": certificate_no, "password": PASSWORD},
                                 allow_redirects=False)
    assert response.status == 303, await response.text()
    me = await (await client.get("/api/v1/me")).json()
    page = await (await client.get("/account")).text()
    marker = 'name="_csrf" value="'
    assert me["certificate_no"] == certificate_no
    return page.split(marker, 1)[1].split('"', 1)[0]


def as_json(response: Any) -> Any:
    return response.json()
