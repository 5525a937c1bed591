"""Who may go on a raid and what makes a legal joint team.

Rules, written once: an officer goes on a raid day if active, of a participating agency, not on
leave that day and holding an enforcement certificate valid that day (no expiry date recorded
counts as valid). A team has ``size_min``..``size_max`` members, at least two with a certificate
valid that day, a leader among them, members of at least two agencies when the raid is joint
(more than one agency has officers available), and the agency kinds its sites need.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inspection.domain.enums import OfficerRole

MIN_CERTIFIED = 2
LEADER_RANK = {OfficerRole.TEAM_LEADER.value: 0, OfficerRole.COORDINATOR.value: 1, OfficerRole.OFFICER.value: 2}


@dataclass(frozen=True)
class OfficerProfile:
    """What planning knows of an officer."""

    id: int
    name: str
    agency_code: str
    agency_kind: str
    role: str = OfficerRole.OFFICER.value
    certificate_no: str = ""
    certificate_expires_on: date | None = None
    active: bool = True
    district: str = ""
    home_base: str = ""
    home_lat: float | None = None
    home_lon: float | None = None


@dataclass(frozen=True)
class LeaveDays:
    officer_id: int
    starts_on: date
    ends_on: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Problem:
    """Why something is not allowed: a catalog ``code`` and the parameters to phrase it."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def certificate_valid_on(officer: OfficerProfile, day: date) -> bool:
    if not officer.certificate_no:
        return False
    return officer.certificate_expires_on is None or officer.certificate_expires_on >= day


def unavailability(
    officer: OfficerProfile, day: date, leaves: Iterable[LeaveDays], participating_agencies: Iterable[str]
) -> Problem | None:
    """Why ``officer`` cannot go on a raid on ``day``, or None when they can."""
    if not officer.active:
        return Problem("officer_inactive")
    if officer.agency_code not in set(participating_agencies):
        return Problem("agency_not_participating", {"agency": officer.agency_code})
    for leave in leaves:
        if leave.officer_id == officer.id and leave.covers(day):
            return Problem("on_leave", {"starts_on": leave.starts_on.isoformat(), "ends_on": leave.ends_on.isoformat(),
                                        "reason": leave.reason})
    if not certificate_valid_on(officer, day):
        if officer.certificate_expires_on is not None:
            return Problem("certificate_expired", {"expires_on": officer.certificate_expires_on.isoformat()})
        return Problem("no_certificate")
    return None


def leader_rank(officer: OfficerProfile) -> tuple[int, int]:
    """Sort key: team leaders first, then coordinators, then officers; lower id first."""
    return LEADER_RANK.get(officer.role, 3), officer.id


@dataclass(frozen=True)
class TeamRules:
    size_min: int = 2
    size_max: int = 5
    joint: bool = True


def team_problems(
    members: Sequence[OfficerProfile],
    leader_id: int | None,
    day: date,
    rules: TeamRules,
    needed_kinds: Iterable[str] = (),
) -> list[Problem]:
    """Every rule the team breaks on ``day`` (empty: the team is legal)."""
    problems: list[Problem] = []
    if len(members) < rules.size_min:
        problems.append(Problem("team_too_small", {"size": len(members), "min": rules.size_min}))
    if len(members) > rules.size_max:
        problems.append(Problem("team_too_large", {"size": len(members), "max": rules.size_max}))
    certified = [m for m in members if certificate_valid_on(m, day)]
    if len(certified) < MIN_CERTIFIED:
        problems.append(Problem("too_few_certificates", {"certified": len(certified), "min": MIN_CERTIFIED}))
    if leader_id is None:
        problems.append(Problem("no_leader"))
    elif leader_id not in {m.id for m in members}:
        problems.append(Problem("leader_not_member"))
    elif not any(m.id == leader_id and certificate_valid_on(m, day) for m in members):
        problems.append(Problem("leader_not_certified"))
    if rules.joint and len({m.agency_code for m in members}) < 2 and members:
        problems.append(Problem("single_agency", {"agency": members[0].agency_code}))
    missing = sorted(set(needed_kinds) - {m.agency_kind for m in members})
    if missing:
        problems.append(Problem("missing_agency", {"kinds": missing}))
    return problems
