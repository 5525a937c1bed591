"""What the scheduler runs, rebuilt from the database's own state (raids, visits, campaigns).

``planned_jobs(uow, settings, now)`` lists every job due from about now on, each with a stable key
``kind:object`` and its run time; the scheduler adds them with ``replace_existing`` (re-planning
never adds a copy), and ``inspection jobs`` prints the same list. A job whose time is past but
still within its kind's grace is listed too (it runs at once): after downtime a summary is still
wanted, a reminder three hours late is not. Recurring jobs appear as their latest and next
occurrence, keyed by day or month, so a missed run is run once (coalesced), never twice.

Nothing is kept in a job store: the bodies are idempotent (outbox dedupe keys), so after a
restart a re-planned job that already ran queues nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlmodel import col, select

from inspection.config import Settings
from inspection.domain.enums import RaidStatus, VisitStatus
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Campaign, Raid, Visit


class JobKind(StrEnum):
    RAID_EVE = "raid_eve"
    BRIEFING = "briefing"
    TARGET_RELEASE = "target_release"
    OVERDUE_LEADER = "overdue_leader"
    OVERDUE_COORDINATORS = "overdue_coordinators"
    CASE_DEADLINES = "case_deadlines"
    CAMPAIGN_CLOSE = "campaign_close"
    BULLETIN = "bulletin"
    HOUSEKEEPING = "housekeeping"


# How late a job may still run (None: however late). Reminders lose their point quickly.
GRACE: dict[JobKind, timedelta | None] = {
    JobKind.RAID_EVE: timedelta(hours=2),
    JobKind.BRIEFING: timedelta(minutes=30),
    JobKind.TARGET_RELEASE: timedelta(hours=12),
    JobKind.OVERDUE_LEADER: timedelta(minutes=20),
    JobKind.OVERDUE_COORDINATORS: timedelta(minutes=30),
    JobKind.CASE_DEADLINES: timedelta(hours=12),
    JobKind.CAMPAIGN_CLOSE: None,
    JobKind.BULLETIN: timedelta(days=3),
    JobKind.HOUSEKEEPING: timedelta(days=1),
}
LOOKAHEAD = timedelta(days=2)  # overdue nudges are planned for visits of today and tomorrow


@dataclass(frozen=True)
class PlannedJob:
    kind: JobKind
    ref: str  # the object: a raid/visit/campaign id, a day or a month
    run_at: datetime

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.ref}"

    @property
    def grace(self) -> timedelta | None:
        return GRACE[self.kind]


def _at(day: date, hhmm: str, settings: Settings) -> datetime:
    hh, mm = hhmm.split(":")
    return datetime.combine(day, time(int(hh), int(mm)), tzinfo=settings.tz)


def _wanted(job: PlannedJob, now: datetime) -> bool:
    return job.grace is None or job.run_at + job.grace >= now


def _recurring(settings: Settings, today: date) -> list[PlannedJob]:
    cfg = settings.scheduler
    jobs: list[PlannedJob] = []
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        jobs.append(PlannedJob(JobKind.CASE_DEADLINES, day.isoformat(), _at(day, cfg.case_deadlines_time, settings)))
        jobs.append(PlannedJob(JobKind.HOUSEKEEPING, day.isoformat(), _at(day, cfg.housekeeping_time, settings)))
    this_first = today.replace(day=1)
    next_first = (this_first + timedelta(days=32)).replace(day=1)
    for first in (this_first, next_first):
        month_before = (first - timedelta(days=1)).replace(day=1)
        jobs.append(PlannedJob(JobKind.BULLETIN, f"{month_before:%Y-%m}", _at(first, cfg.bulletin_time, settings)))
    return jobs


async def planned_jobs(uow: UnitOfWork, settings: Settings, now: datetime) -> list[PlannedJob]:
    """Every job to run from ``now`` on (or late but within its grace), in run order."""
    cfg, today = settings.scheduler, now.astimezone(settings.tz).date()
    jobs = _recurring(settings, today)
    live = (RaidStatus.PUBLISHED.value, RaidStatus.DONE.value)
    async with uow() as s:
        raids = (await s.exec(select(Raid).where(col(Raid.status).in_(live),
                                                 Raid.raid_date >= today - timedelta(days=1)))).all()
        visits = (await s.exec(select(col(Visit.id), col(Visit.eta)).join(Raid, col(Raid.id) == col(Visit.raid_id)).where(
            col(Raid.status).in_(live), Visit.status == VisitStatus.PLANNED.value, col(Visit.eta).is_not(None),
            Raid.raid_date >= today - timedelta(days=1), Raid.raid_date <= today + LOOKAHEAD))).all()
        campaigns = (await s.exec(select(col(Campaign.id), col(Campaign.ends_on)).where(
            Campaign.ends_on >= today - timedelta(days=cfg.campaign_close_lookback_days + 1)))).all()
    for raid in raids:
        ref = str(raid.id)
        jobs.append(PlannedJob(JobKind.RAID_EVE, ref, _at(raid.raid_date - timedelta(days=1), cfg.raid_eve_time, settings)))
        jobs.append(PlannedJob(JobKind.BRIEFING, ref, raid.starts_at - timedelta(minutes=cfg.briefing_minutes)))
        if raid.surprise and raid.release_at is not None:
            jobs.append(PlannedJob(JobKind.TARGET_RELEASE, ref, raid.release_at))
    for visit_id, eta in visits:
        if eta is None:
            continue
        jobs.append(PlannedJob(JobKind.OVERDUE_LEADER, str(visit_id), eta + timedelta(minutes=cfg.overdue_leader_minutes)))
        jobs.append(PlannedJob(JobKind.OVERDUE_COORDINATORS, str(visit_id),
                               eta + timedelta(minutes=cfg.overdue_coordinator_minutes)))
    for campaign_id, ends_on in campaigns:
        close_at = _at(ends_on + timedelta(days=1), cfg.campaign_close_time, settings)
        if close_at >= now - timedelta(days=cfg.campaign_close_lookback_days):
            jobs.append(PlannedJob(JobKind.CAMPAIGN_CLOSE, str(campaign_id), close_at))
    return sorted((j for j in jobs if _wanted(j, now)), key=lambda j: (j.run_at, j.key))
