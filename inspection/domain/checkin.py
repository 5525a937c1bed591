"""Check-in at a site from a shared location: which fixes count, which visit, inside the radius or not.

Telegram locations are WGS-84 like our site coordinates; distances are geodesic (WGS-84
ellipsoid). A forwarded location proves nothing about where the officer is, and a location older
than the configured age is not a check-in either. A live location counts as fresh at its last
update. Outside the radius the officer may still check in after confirming, and the visit is
flagged for the coordinator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from geopy.distance import geodesic

from inspection.domain.errors import InvalidInput

# How long an officer has to confirm a check-in outside the radius after sharing the location.
CONFIRM_WINDOW_S = 600


class FixProblem(StrEnum):
    FORWARDED = "forwarded"
    TOO_OLD = "too_old"
    IMPOSSIBLE = "impossible"


@dataclass(frozen=True)
class LocationFix:
    """A position the officer shared, as Telegram delivered it."""

    lat: float
    lon: float
    taken_at: datetime  # aware; message date, or edit date of a live location
    accuracy_m: float | None = None
    forwarded: bool = False
    live: bool = False


@dataclass(frozen=True)
class CheckinPolicy:
    radius_m: float
    max_age_s: int


@dataclass(frozen=True)
class Candidate:
    """A visit the officer may check in at: the site's coordinates (WGS-84)."""

    visit_id: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Match:
    visit_id: int
    distance_m: float
    inside: bool


class LocationRefused(InvalidInput):
    code = "checkin_location_refused"


def fix_problem(fix: LocationFix, now: datetime, policy: CheckinPolicy) -> FixProblem | None:
    """Why this fix cannot serve as a check-in, or None when it can."""
    if fix.forwarded:
        return FixProblem.FORWARDED
    if not (-90.0 <= fix.lat <= 90.0 and -180.0 <= fix.lon <= 180.0):
        return FixProblem.IMPOSSIBLE
    if (now - fix.taken_at).total_seconds() > policy.max_age_s:
        return FixProblem.TOO_OLD
    return None


def check_fix(fix: LocationFix, now: datetime, policy: CheckinPolicy) -> None:
    """Raise ``LocationRefused`` (with ``problem``) when the fix cannot serve as a check-in."""
    problem = fix_problem(fix, now, policy)
    if problem is not None:
        raise LocationRefused(f"location not accepted: {problem}", problem=problem.value)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(geodesic((lat1, lon1), (lat2, lon2)).meters)


def nearest_visit(fix: LocationFix, candidates: Sequence[Candidate], policy: CheckinPolicy) -> Match | None:
    """The candidate closest to the fix (ties: the first listed, i.e. the earlier planned visit)."""
    best: Match | None = None
    for c in candidates:
        d = distance_m(fix.lat, fix.lon, c.lat, c.lon)
        if best is None or d < best.distance_m:
            best = Match(visit_id=c.visit_id, distance_m=d, inside=d <= policy.radius_m)
    return best


def confirmation_expired(fix_taken_at: datetime, now: datetime, policy: CheckinPolicy) -> bool:
    """An outside-radius check-in confirmed too long after the location was shared."""
    return (now - fix_taken_at).total_seconds() > policy.max_age_s + CONFIRM_WINDOW_S
