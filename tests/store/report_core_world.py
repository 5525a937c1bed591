"""A raid day for the report core, without Telegram: a team of two checked in at a supermarket."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import col, select

from inspection.config import Settings
from inspection.i18n import t
from inspection.services.report.text_channel import TextChannel
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Finding, Notification, Visit
from tests import factories as f

NOW = datetime(2026, 4, 21, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
DAY = NOW.date()
_worlds = itertools.count(1)

# A whole suspected item typed in plain text, from the menu to the review ("#n" picks option n).
SHOES = ("#1", "运动鞋", "#5", "耐克", "#1", "#1", "#1", "12双", "1800元", "#1", "货架第二层")


@dataclass
class CoreWorld:
    leader: int
    member: int
    visit_id: int
    site: str
    campaign: str


async def core_world(uow: UnitOfWork, *, locale: str = "zh-CN", status: str = "checked_in") -> CoreWorld:
    async with uow() as s:
        n = next(_worlds)
        ipo, amr = await f.agency(s, "ip_office", code=f"IPO{n}"), await f.agency(s, "market_regulation", code=f"AMR{n}")
        leader, member = await f.officer(s, ipo, locale=locale), await f.officer(s, amr, locale=locale)
        campaign = await f.campaign(s, ipo, [amr], starts_on=DAY, ends_on=DAY)
        raid = await f.raid(s, campaign, raid_date=DAY)
        team = await f.team(s, raid, [leader, member])
        site = await f.site(s)
        visit = await f.visit(s, team, site, status=status, checked_in_at=NOW)
        await s.commit()
        return CoreWorld(leader.id, member.id, visit.id, site.name, campaign.code)


def channel(uow: UnitOfWork, settings: Settings, officer_id: int) -> TextChannel:
    return TextChannel(uow, officer_id, settings, translate=t, clock=lambda: NOW)


async def findings(uow: UnitOfWork, visit_id: int) -> list[Finding]:
    async with uow() as s:
        return list((await s.exec(select(Finding).where(Finding.visit_id == visit_id, col(Finding.withdrawn_at).is_(None))
                                  .order_by(col(Finding.id)))).all())


async def visit(uow: UnitOfWork, visit_id: int) -> Visit:
    async with uow() as s:
        row = await s.get(Visit, visit_id)
        assert row is not None
        return row


async def notifications(uow: UnitOfWork) -> list[Notification]:
    async with uow() as s:
        return list((await s.exec(select(Notification).order_by(col(Notification.id)))).all())
