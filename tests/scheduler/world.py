"""A raid day for scheduler tests: a campaign of two agencies, a coordinator, a team of two, two visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from inspection.store.engine import UnitOfWork
from inspection.store.tables import Notification
from tests import factories as f

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 12, 2)


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=TZ)


@dataclass
class World:
    campaign_id: int
    raid_id: int
    team_id: int
    leader_id: int
    member_id: int
    coordinator_id: int
    visit_ids: list[int]


async def raid_day(uow: UnitOfWork, *, surprise: bool = False, ends_on: date = date(2026, 12, 3)) -> World:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        coordinator = await f.officer(s, ipo, role="coordinator", name="王协调", telegram_user_id=500_001)
        leader = await f.officer(s, ipo, name="李明", telegram_user_id=500_002)
        member = await f.officer(s, amr, name="陈静", telegram_user_id=500_003, locale="en")
        campaign = await f.campaign(s, ipo, [amr], starts_on=date(2026, 12, 1), ends_on=ends_on, code="WINTER")
        raid = await f.raid(s, campaign, raid_date=DAY, starts_at=local(DAY, 8, 30), surprise=surprise,
                            release_at=local(DAY, 9, 0) if surprise else None)
        team = await f.team(s, raid, [leader, member], leader=leader)
        visits = []
        for order, name in enumerate(("汇万家超市", "百姓药房"), 1):
            site = await f.site(s, name=name, address=f"县城人民路{order}号")
            visits.append(await f.visit(s, team, site, planned_order=order, eta=local(DAY, 9 + order)))
        await s.commit()
    return World(campaign.id, raid.id, team.id, leader.id, member.id, coordinator.id, [v.id for v in visits])


async def notices(uow: UnitOfWork, kind: str | None = None) -> list[Notification]:
    async with uow() as s:
        query = select(Notification).order_by(col(Notification.id))
        if kind is not None:
            query = query.where(Notification.kind == kind)
        return list((await s.exec(query)).all())
