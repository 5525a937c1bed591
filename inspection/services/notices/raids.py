"""Raid notices: the eve reminder, the morning briefing, a surprise raid's targets, overdue visits.

Each takes ``now`` from the caller's clock and queues nothing when its moment has passed (the raid
has started, the visit was checked in) or when it was queued before (dedupe key per recipient).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.config import Settings
from inspection.domain.enums import NotificationKind, RaidStatus, VisitStatus
from inspection.services.notices.recipients import campaign_coordinators, raid_members
from inspection.services.notifications import end_of_day, queue
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Raid, Site, Team, Visit

LIVE_RAIDS = (RaidStatus.PUBLISHED.value, RaidStatus.DONE.value)


async def _live_raid(s: AsyncSession, raid_id: int) -> Raid | None:
    raid = await s.get(Raid, raid_id)
    return raid if raid is not None and raid.status in LIVE_RAIDS else None


async def _to_members(uow: UnitOfWork, raid_id: int, kind: NotificationKind, prefix: str, *,
                      expires_at: datetime | None, not_before: datetime | None = None) -> int:
    count = 0
    async with uow() as s:
        for seat in await raid_members(s, raid_id):
            count += await queue(s, seat.officer_id, kind.value, {"raid_id": raid_id, "team_id": seat.team_id},
                                 dedupe_key=f"{prefix}:{raid_id}:{seat.officer_id}", not_before=not_before,
                                 expires_at=expires_at)
        await s.commit()
    return count


async def queue_raid_eve(uow: UnitOfWork, settings: Settings, raid_id: int, *, now: datetime) -> int:
    """Remind every member the evening before; useless once the raid has started."""
    async with uow() as s:
        raid = await _live_raid(s, raid_id)
    if raid is None or raid.starts_at <= now:
        return 0
    return await _to_members(uow, raid_id, NotificationKind.REMINDER, "eve", expires_at=raid.starts_at)


async def queue_briefing(uow: UnitOfWork, settings: Settings, raid_id: int, *, now: datetime) -> int:
    """The morning briefing (team, leader, meeting point, ordered sites unless a surprise raid)."""
    async with uow() as s:
        raid = await _live_raid(s, raid_id)
    if raid is None or raid.starts_at <= now:
        return 0
    return await _to_members(uow, raid_id, NotificationKind.BRIEFING, "briefing", expires_at=raid.starts_at)


async def release_targets(uow: UnitOfWork, settings: Settings, raid_id: int, *, now: datetime) -> int:
    """A surprise raid's targets to every member at the release time (the key publish also uses)."""
    async with uow() as s:
        raid = await _live_raid(s, raid_id)
    if raid is None or not raid.surprise or raid.release_at is None or raid.release_at > now:
        return 0
    return await _to_members(uow, raid_id, NotificationKind.TARGETS_RELEASED, "released",
                             expires_at=end_of_day(raid.raid_date, settings.tz), not_before=raid.release_at)


async def nudge_overdue(uow: UnitOfWork, settings: Settings, visit_id: int, *, now: datetime,
                        coordinators: bool) -> int:
    """No check-in after the planned arrival: the leader (``coordinators=False``) or the campaign's
    coordinators are told, once; nothing when the visit was checked in, closed or not reached."""
    cfg = settings.scheduler
    late = timedelta(minutes=cfg.overdue_coordinator_minutes if coordinators else cfg.overdue_leader_minutes)
    async with uow() as s:
        row = (await s.exec(select(Visit, Team, Raid, Site).join(Team, col(Team.id) == col(Visit.team_id))
                            .join(Raid, col(Raid.id) == col(Visit.raid_id)).join(Site, col(Site.id) == col(Visit.site_id))
                            .where(Visit.id == visit_id))).first()
        if row is None:
            return 0
        visit, team, raid, site = row
        if (visit.status != VisitStatus.PLANNED.value or visit.eta is None or raid.status not in LIVE_RAIDS
                or now < visit.eta + late):
            return 0
        payload = {"visit_id": visit_id, "raid_id": raid.id, "team": team.number, "site": site.name,
                   "eta": visit.eta.isoformat(), "minutes": int(late.total_seconds() // 60)}
        if coordinators:
            recipients = [(o, f"overdue_coord:{visit_id}:{o}") for o in await campaign_coordinators(s, raid.campaign_id)]
            kind = NotificationKind.OVERDUE_COORDINATOR
        else:
            recipients = [(team.leader_id, f"overdue_leader:{visit_id}")] if team.leader_id else []
            kind = NotificationKind.OVERDUE_LEADER
        count = 0
        for officer_id, key in recipients:
            count += await queue(s, officer_id, kind.value, payload, dedupe_key=key)
        await s.commit()
    return count


@dataclass(frozen=True)
class TargetLine:
    order: int
    name: str
    address: str
    lat: float | None
    lon: float | None
    eta: datetime | None


async def team_targets(uow: UnitOfWork, team_id: int) -> list[TargetLine]:
    """The team's sites in visiting order (callers keep a surprise raid's embargo)."""
    async with uow() as s:
        rows = (await s.exec(select(Visit, Site).join(Site, col(Site.id) == col(Visit.site_id))
                             .where(Visit.team_id == team_id, Visit.status != VisitStatus.CANCELLED.value)
                             .order_by(col(Visit.planned_order), col(Visit.id)))).all()
    return [TargetLine(v.planned_order, s.name, s.address, s.lat, s.lon, v.eta) for v, s in rows]
