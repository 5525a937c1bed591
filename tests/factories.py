"""Factories for tests: build records straight into the store with plausible defaults.

Every function takes an open session and keyword overrides, adds the record, flushes (so the id
is set) and returns it; the caller commits. Use services for behaviour under test, factories for
the world around it.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.store.tables import (
    Agency,
    Campaign,
    CampaignAgency,
    Finding,
    Officer,
    Raid,
    Site,
    Team,
    TeamMember,
    Visit,
)

_seq = itertools.count(1)

# Around the county town (WGS-84).
TOWN_LAT, TOWN_LON = 23.0000, 101.0000

AGENCY_DEFAULTS = {
    "ip_office": ("IPO", "县知识产权局", "County IP Office"),
    "market_regulation": ("AMR", "县市场监督管理局", "County Market Regulation"),
    "drug_administration": ("DRUG", "县食品药品监督管理局", "County Drug Administration"),
    "quality_supervision": ("QTS", "县质量技术监督局", "County Quality Supervision"),
    "tobacco": ("TOB", "县烟草专卖局", "County Tobacco Monopoly"),
    "culture": ("CUL", "县文化市场综合执法大队", "County Culture Enforcement"),
}


async def add(session: AsyncSession, obj: Any) -> Any:
    session.add(obj)
    await session.flush()
    return obj


async def agency(session: AsyncSession, kind: str = "ip_office", **kw: Any) -> Agency:
    code, zh, en = AGENCY_DEFAULTS.get(kind, (f"AG{next(_seq)}", "其他单位", "Other agency"))
    fields: dict[str, Any] = {"code": code, "name_zh": zh, "name_en": en, "kind": kind}
    fields.update(kw)
    return await add(session, Agency(**fields))


async def officer(session: AsyncSession, agency: Agency, **kw: Any) -> Officer:
    n = next(_seq)
    fields: dict[str, Any] = {
        "agency_id": agency.id, "name": f"执法员{n}", "phone": f"1390000{n:04d}", "role": "officer",
        "certificate_no": f"{agency.code}-{n:05d}", "certificate_expires_on": date(2030, 12, 31),
        "home_base": "县政府", "home_lat": TOWN_LAT, "home_lon": TOWN_LON, "locale": "zh-CN",
    }
    fields.update(kw)
    return await add(session, Officer(**fields))


async def site(session: AsyncSession, **kw: Any) -> Site:
    n = next(_seq)
    fields: dict[str, Any] = {
        "name": f"测试超市{n}", "site_type": "supermarket", "address": f"县城人民路{n}号", "district": "城关镇",
        "licence_no": f"915300000000{n:06d}", "lat": TOWN_LAT + 0.001 * (n % 10), "lon": TOWN_LON + 0.001 * (n % 7),
        "risk_level": 1, "opening_hours": "08:00-21:00",
    }
    fields.update(kw)
    return await add(session, Site(**fields))


async def campaign(session: AsyncSession, lead: Agency, agencies: list[Agency] | None = None, **kw: Any) -> Campaign:
    n = next(_seq)
    fields: dict[str, Any] = {
        "code": f"C{n}", "name": f"知识产权宣传周联合执法{n}", "kind": "ip_week",
        "starts_on": date(2026, 4, 20), "ends_on": date(2026, 4, 30), "lead_agency_id": lead.id, "status": "active",
    }
    fields.update(kw)
    c = await add(session, Campaign(**fields))
    for a in {lead.id: lead, **{a.id: a for a in agencies or []}}.values():
        await add(session, CampaignAgency(campaign_id=c.id, agency_id=a.id))
    return c


async def raid(session: AsyncSession, campaign: Campaign, **kw: Any) -> Raid:
    day = kw.pop("raid_date", campaign.starts_on)
    fields: dict[str, Any] = {
        "campaign_id": campaign.id, "raid_date": day, "title": "联合执法检查", "meeting_point": "县政府广场",
        "meeting_lat": TOWN_LAT, "meeting_lon": TOWN_LON,
        "starts_at": datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC), "status": "published",
    }
    fields.update(kw)
    return await add(session, Raid(**fields))


async def team(session: AsyncSession, raid: Raid, members: list[Officer], leader: Officer | None = None,
               **kw: Any) -> Team:
    leader = leader or members[0]
    fields: dict[str, Any] = {"raid_id": raid.id, "number": next(_seq), "leader_id": leader.id,
                              "meeting_point": raid.meeting_point}
    fields.update(kw)
    t = await add(session, Team(**fields))
    for m in members:
        await add(session, TeamMember(team_id=t.id, officer_id=m.id, is_leader=m.id == leader.id))
    return t


async def visit(session: AsyncSession, team: Team, site: Site, **kw: Any) -> Visit:
    fields: dict[str, Any] = {"raid_id": team.raid_id, "team_id": team.id, "site_id": site.id, "planned_order": 1}
    fields.update(kw)
    return await add(session, Visit(**fields))


async def finding(session: AsyncSession, visit: Visit, **kw: Any) -> Finding:
    fields: dict[str, Any] = {
        "visit_id": visit.id, "product": "运动鞋", "brand": "耐克", "rights_holder": "耐克创新有限合伙公司",
        "right_type": "trademark", "suspicion": "counterfeit_trademark", "quantity": Decimal(10), "unit": "双",
        "action": "registered",
    }
    fields.update(kw)
    return await add(session, Finding(**fields))


def now() -> datetime:
    return datetime.now(UTC)


def days(n: int) -> timedelta:
    return timedelta(days=n)
