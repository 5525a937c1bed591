"""The visit a report is for: which one is current, its figures, goods checked, closing it.

Any member of the visit's team may report for it; once a member closes the visit it is closed for
the whole team, and the other members are told through the outbox in the same transaction.
Functions taking a session work inside the caller's transaction (the report conversation's);
those taking a unit of work open their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.domain.enums import NotificationKind, RaidStatus, VisitStatus
from inspection.domain.errors import Conflict, Forbidden, NotFound
from inspection.domain.findings import check_count
from inspection.services.audit import audit
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Finding, Notification, Officer, Raid, Site, Team, TeamMember, Visit

_OPEN = (VisitStatus.PLANNED.value, VisitStatus.CHECKED_IN.value)
_REPORTED_RAIDS = (RaidStatus.PUBLISHED.value, RaidStatus.DONE.value)


@dataclass(frozen=True)
class VisitView:
    id: int
    site_name: str
    site_address: str
    team_id: int
    team_name: str
    raid_date: date
    status: str
    goods_checked: int
    leaflets: int
    findings: int
    closed_at: datetime | None
    closed_by: str


async def _is_member(session: AsyncSession, team_id: int, officer_id: int) -> bool:
    query = select(TeamMember.id).where(TeamMember.team_id == team_id, TeamMember.officer_id == officer_id)
    return (await session.exec(query)).first() is not None


async def open_visit_for(session: AsyncSession, visit_id: int, officer_id: int) -> Visit:
    """The visit, locked for the change, if the officer's team has it and it is still open."""
    visit = await session.get(Visit, visit_id, with_for_update=True, populate_existing=True)
    if visit is None:
        raise NotFound(f"no visit {visit_id}", code="visit_not_found", visit=visit_id)
    if not await _is_member(session, visit.team_id, officer_id):
        raise Forbidden("only members of the visiting team may report for it", code="not_in_team")
    if visit.status == VisitStatus.CLOSED.value:
        closer = await session.get(Officer, visit.closed_by_id) if visit.closed_by_id else None
        raise Conflict("the visit is closed", code="visit_closed", closed_by=closer.name if closer else "")
    if visit.status not in _OPEN:
        raise Conflict(f"the visit is {visit.status}", code="visit_not_open", status=visit.status)
    return visit


async def count_findings(session: AsyncSession, visit_id: int, officer_id: int | None = None) -> int:
    """Items at the visit not withdrawn (those ``officer_id`` reported, when given)."""
    query = select(func.count()).select_from(Finding).where(
        Finding.visit_id == visit_id, col(Finding.withdrawn_at).is_(None))
    if officer_id is not None:
        query = query.where(Finding.reported_by_id == officer_id)
    return int((await session.exec(query)).one())


_COUNTS = (select(func.count(), func.count().filter(col(Finding.reported_by_id) == bindparam("officer_id")))
           .select_from(Finding)
           .where(col(Finding.visit_id) == bindparam("visit_id"), col(Finding.withdrawn_at).is_(None)))


async def count_findings_and_mine(session: AsyncSession, visit_id: int, officer_id: int) -> tuple[int, int]:
    """``count_findings`` of the visit, and of those the officer reported, in one statement."""
    total, own = (await session.exec(_COUNTS, params={"visit_id": visit_id, "officer_id": officer_id})).one()
    return int(total), int(own)


async def visit_view(session: AsyncSession, visit: Visit) -> VisitView:
    assert visit.id is not None
    site = await session.get(Site, visit.site_id)
    team = await session.get(Team, visit.team_id)
    raid = await session.get(Raid, visit.raid_id)
    closer = await session.get(Officer, visit.closed_by_id) if visit.closed_by_id else None
    return VisitView(
        id=visit.id, site_name=site.name if site else "", site_address=site.address if site else "",
        team_id=visit.team_id, team_name=(team.name or str(team.number)) if team else "",
        raid_date=raid.raid_date if raid else date.min, status=visit.status, goods_checked=visit.goods_checked,
        leaflets=visit.leaflets, findings=await count_findings(session, visit.id), closed_at=visit.closed_at,
        closed_by=closer.name if closer else "",
    )


def _todays(query: Any, officer_id: Any, on: Any) -> Any:
    """``query`` narrowed to the visits of the officer's teams on day ``on`` (published raids)."""
    return (query.join(TeamMember, col(TeamMember.team_id) == col(Visit.team_id))
            .join(Raid, col(Raid.id) == col(Visit.raid_id))
            .where(TeamMember.officer_id == officer_id, Raid.raid_date == on, col(Raid.status).in_(_REPORTED_RAIDS)))


# Built once: the officer's checked-in visit of the day with its site, team and raid.
_CURRENT = (_todays(select(Visit, Site, Team, Raid), bindparam("officer_id"), bindparam("on"))
            .join(Site, col(Site.id) == col(Visit.site_id)).join(Team, col(Team.id) == col(Visit.team_id))
            .where(Visit.status == VisitStatus.CHECKED_IN.value)
            .order_by(col(Visit.checked_in_at).desc(), col(Visit.id).desc()))


async def find_current_visit(session: AsyncSession, officer_id: int, on: date) -> VisitView | None:
    """The officer's team's checked-in, still open visit on day ``on`` (the latest check-in wins)."""
    row = (await session.exec(_CURRENT, params={"officer_id": officer_id, "on": on})).first()
    if row is None:
        return None
    visit, *_its = row  # its site, team and raid, read along and held here: visit_view reads none again
    return await visit_view(session, visit)


async def day_is_over(session: AsyncSession, officer_id: int, on: date) -> bool:
    """True when the officer's team had visits on day ``on`` and none is still open."""
    statuses = set((await session.exec(_todays(select(Visit.status), officer_id, on))).all())
    return bool(statuses) and not statuses & set(_OPEN)


async def get_visit(uow: UnitOfWork, visit_id: int) -> VisitView:
    async with uow() as s:
        visit = await s.get(Visit, visit_id)
        if visit is None:
            raise NotFound(f"no visit {visit_id}", code="visit_not_found", visit=visit_id)
        return await visit_view(s, visit)


async def current_visit(uow: UnitOfWork, officer_id: int, on: date) -> VisitView | None:
    async with uow() as s:
        return await find_current_visit(s, officer_id, on)


def entered(entered_by: int | None) -> dict[str, Any]:
    """The audit's record of who typed a report for its author (a paper form), when not the author."""
    return {} if entered_by is None else {"entered_by": entered_by}


async def goods_checked(session: AsyncSession, *, visit_id: int, officer_id: int, count: int,
                        entered_by: int | None = None) -> VisitView:
    """Set the visit's count of goods checked (inside the caller's transaction)."""
    visit = await open_visit_for(session, visit_id, officer_id)
    before, visit.goods_checked = visit.goods_checked, check_count(count, "goods_checked")
    session.add(visit)
    audit(session, "visit.goods_checked", actor_id=officer_id, entity="visit", entity_id=visit_id, before=before,
          after=count, **entered(entered_by))
    return await visit_view(session, visit)


async def close(session: AsyncSession, *, visit_id: int, officer_id: int, leaflets: int,
                goods: int | None = None, now: datetime | None = None, entered_by: int | None = None) -> VisitView:
    """``/done``: close the visit for the whole team and queue a notice to every other member."""
    visit = await open_visit_for(session, visit_id, officer_id)
    visit.leaflets = check_count(leaflets, "leaflets")
    if goods is not None:
        visit.goods_checked = check_count(goods, "goods_checked")
    visit.status, visit.closed_at, visit.closed_by_id = VisitStatus.CLOSED.value, now or CLOCK.now(), officer_id
    session.add(visit)
    audit(session, "visit.close", actor_id=officer_id, entity="visit", entity_id=visit_id, leaflets=leaflets,
          goods_checked=visit.goods_checked, **entered(entered_by))
    await session.flush()
    view = await visit_view(session, visit)
    payload = {"visit_id": visit_id, "site": view.site_name, "closed_by": view.closed_by,
               "goods": view.goods_checked, "findings": view.findings, "leaflets": view.leaflets}
    mates = (await session.exec(select(TeamMember.officer_id).where(
        TeamMember.team_id == visit.team_id, TeamMember.officer_id != officer_id))).all()
    session.add_all([Notification(officer_id=mate, kind=NotificationKind.VISIT_CLOSED.value, payload=payload,
                                  dedupe_key=f"visit_closed:{visit_id}:{mate}") for mate in mates])
    return view


async def set_goods_checked(uow: UnitOfWork, *, visit_id: int, officer_id: int, count: int) -> VisitView:
    async with uow() as s:
        view = await goods_checked(s, visit_id=visit_id, officer_id=officer_id, count=count)
        await s.commit()
        return view


async def close_visit(uow: UnitOfWork, *, visit_id: int, officer_id: int, leaflets: int,
                      goods_checked: int | None = None, now: datetime | None = None) -> VisitView:
    async with uow() as s:
        view = await close(s, visit_id=visit_id, officer_id=officer_id, leaflets=leaflets, goods=goods_checked,
                           now=now)
        await s.commit()
        return view
