"""Check-in at a site: the rules of ``domain.checkin`` applied to the officer's visits of the day.

``check_in`` takes a fresh, first-hand location, finds the nearest of the officer's visits today
and records the check-in when inside the radius; outside it, nothing is written and the outcome
says so, so the adapter can ask. ``confirm_outside`` records it anyway, flagged. A recorded check-in
queues, in its transaction, a notice to each teammate and, when flagged, to the campaign's coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from inspection.domain.checkin import (
    Candidate,
    CheckinPolicy,
    LocationFix,
    LocationRefused,
    check_fix,
    confirmation_expired,
    distance_m,
    nearest_visit,
)
from inspection.domain.enums import VisitStatus
from inspection.domain.errors import Conflict
from inspection.services.assignments.queries import VisitLine, visits_on
from inspection.services.audit import audit
from inspection.services.notices.checkins import checkin_notices
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Visit


class Outcome(StrEnum):
    CHECKED_IN = "checked_in"
    OUTSIDE_RADIUS = "outside_radius"  # nothing written: ask the officer to confirm
    ALREADY = "already"  # the nearest visit is checked in or closed already
    NO_VISIT = "no_visit"  # nothing to check in at today


@dataclass(frozen=True)
class CheckinResult:
    outcome: Outcome
    visit_id: int | None = None
    site_name: str = ""
    distance_m: float | None = None
    checked_in_at: datetime | None = None
    outside_radius: bool = False


async def _targets(uow: UnitOfWork, officer_id: int, day: date, now: datetime,
                   held: list[object] | None = None) -> list[VisitLine]:
    visits = await visits_on(uow, officer_id, day, now, held)
    return [v for v in visits if v.site_lat is not None and v.site_lon is not None
            and v.status != VisitStatus.NOT_REACHED.value]


async def check_in(uow: UnitOfWork, officer_id: int, fix: LocationFix, *, policy: CheckinPolicy, day: date,
                   now: datetime, record_uow: UnitOfWork | None = None) -> CheckinResult:
    """Check in at the nearest visit of ``day``; ``record_uow`` (e.g. the update's) commits the effect."""
    check_fix(fix, now, policy)
    held: list[object] = []  # the targets' sites, teams and raids: the notices need them again
    targets = await _targets(uow, officer_id, day, now, held)
    match = nearest_visit(fix, [Candidate(v.visit_id, v.site_lat, v.site_lon) for v in targets  # type: ignore[arg-type]
                                if v.site_lat is not None and v.site_lon is not None], policy)
    if match is None:
        return CheckinResult(Outcome.NO_VISIT)
    line = next(v for v in targets if v.visit_id == match.visit_id)
    if line.status != VisitStatus.PLANNED.value:
        return CheckinResult(Outcome.ALREADY, line.visit_id, line.site_name, match.distance_m, line.checked_in_at)
    if not match.inside:
        return CheckinResult(Outcome.OUTSIDE_RADIUS, line.visit_id, line.site_name, match.distance_m,
                             outside_radius=True)
    return await _record(record_uow or uow, officer_id, line, fix, match.distance_m, now, outside=False)


async def confirm_outside(uow: UnitOfWork, officer_id: int, visit_id: int, fix: LocationFix, *,
                          policy: CheckinPolicy, day: date, now: datetime,
                          record_uow: UnitOfWork | None = None) -> CheckinResult:
    """Check in at ``visit_id`` although the fix is outside the radius; the visit is flagged."""
    if fix.forwarded:
        raise LocationRefused("forwarded location", problem="forwarded")
    if confirmation_expired(fix.taken_at, now, policy):
        raise LocationRefused("confirmation too late", problem="too_old")
    held: list[object] = []  # the targets' sites, teams and raids: the notices need them again
    line = next((v for v in await _targets(uow, officer_id, day, now, held) if v.visit_id == visit_id), None)
    if line is None or line.site_lat is None or line.site_lon is None:
        return CheckinResult(Outcome.NO_VISIT)
    if line.status != VisitStatus.PLANNED.value:
        return CheckinResult(Outcome.ALREADY, line.visit_id, line.site_name, None, line.checked_in_at)
    distance = distance_m(fix.lat, fix.lon, line.site_lat, line.site_lon)
    return await _record(record_uow or uow, officer_id, line, fix, distance, now,
                         outside=distance > policy.radius_m)


async def _record(uow: UnitOfWork, officer_id: int, line: VisitLine, fix: LocationFix, distance: float,
                  now: datetime, *, outside: bool) -> CheckinResult:
    async with uow() as s:
        visit = await s.get(Visit, line.visit_id, with_for_update=True, populate_existing=True)
        if visit is None:
            raise Conflict("visit gone", code="checkin_visit_gone")
        if visit.status != VisitStatus.PLANNED.value:  # a teammate was quicker
            return CheckinResult(Outcome.ALREADY, line.visit_id, line.site_name, distance, visit.checked_in_at)
        visit.status = VisitStatus.CHECKED_IN.value
        visit.checked_in_at, visit.checked_in_by_id = now, officer_id
        visit.checkin_lat, visit.checkin_lon, visit.checkin_accuracy_m = fix.lat, fix.lon, fix.accuracy_m
        visit.checkin_distance_m, visit.checkin_outside_radius = round(distance, 1), outside
        s.add(visit)
        audit(s, "visit.checkin", actor_id=officer_id, entity="visit", entity_id=visit.id,
              distance_m=round(distance, 1), outside_radius=outside, live=fix.live)
        await checkin_notices(s, visit, officer_id, now=now)  # teammates; coordinators when outside
        await s.commit()
    return CheckinResult(Outcome.CHECKED_IN, line.visit_id, line.site_name, distance, now, outside)
