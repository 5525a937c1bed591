"""Plain data that goes into and comes out of the planner (no database, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from inspection.domain.jurisdiction import SiteRule
from inspection.domain.teams import Problem


@dataclass(frozen=True)
class Stop:
    """A site to visit: position, time window (seconds after local midnight), service time, priority.

    ``allowed`` lists the vehicles (team indexes) that may legally take it; None means any.
    """

    key: int
    lat: float
    lon: float
    service_s: int
    opens_s: int = 0
    closes_s: int = 24 * 3600
    priority: int = 1
    allowed: frozenset[int] | None = None
    district: str = ""


@dataclass(frozen=True)
class Vehicle:
    """A team on the road: starts and ends at its meeting point within its shift."""

    lat: float
    lon: float
    start_s: int
    end_s: int


# What leaving a site out costs, in metres of travel: by default more than any detour, and two
# sites more than one of any priority (coverage first, then priority, then travel).
SITE_WORTH_M = 10_000_000
PRIORITY_WORTH_M = 1_000_000


@dataclass(frozen=True)
class RoutingProblem:
    stops: tuple[Stop, ...]
    vehicles: tuple[Vehicle, ...]
    speed_kmh: float
    stops_per_team: float | None = None  # the day's average, for load balance; None: this problem's own
    balance: bool = True  # False: no load-balance cost (the plain objective: coverage, then travel)
    # A site left out costs site_worth_m + priority_worth_m per priority point: a site is taken when
    # the extra travel (and balance cost) is below that (``planning.site_worth_km``/``priority_worth_km``).
    site_worth_m: int = SITE_WORTH_M
    priority_worth_m: int = PRIORITY_WORTH_M

    def worth(self, site_km: float, priority_km: float) -> RoutingProblem:
        """This problem with a site worth ``site_km`` plus ``priority_km`` per priority point."""
        return replace(self, site_worth_m=round(site_km * 1000), priority_worth_m=round(priority_km * 1000))

    def drop_cost(self, priority: int) -> int:
        """What leaving out a site of ``priority`` costs (metres of travel)."""
        return self.site_worth_m + self.priority_worth_m * max(1, priority)

    @property
    def speed_mps(self) -> float:
        return self.speed_kmh / 3.6


@dataclass(frozen=True)
class RouteStop:
    key: int
    arrive_s: int


@dataclass
class Route:
    vehicle: int
    stops: list[RouteStop] = field(default_factory=list)
    travel_m: int = 0
    return_s: int = 0


@dataclass
class RoutingResult:
    routes: list[Route]
    dropped: list[int]
    travel_m: int
    solve_s: float = 0.0

    @property
    def covered(self) -> int:
        return sum(len(r.stops) for r in self.routes)


@dataclass(frozen=True)
class PlanProgress:
    """Where a long plan stands: ``phase`` is "first_plan", "improving" or "done"."""

    phase: str
    elapsed_s: float
    limit_s: float
    travel_m: int
    covered: int


@dataclass(frozen=True)
class SiteNeed:
    """A site as team formation sees it: what its inspecting team must include."""

    key: int
    rule: SiteRule


@dataclass(frozen=True)
class FormedTeam:
    number: int
    member_ids: tuple[int, ...]
    leader_id: int
    kinds: frozenset[str]


@dataclass(frozen=True)
class LeftOut:
    officer_id: int
    problem: Problem


@dataclass(frozen=True)
class Unplaceable:
    site_key: int
    problem: Problem


@dataclass
class TeamFormation:
    teams: list[FormedTeam]
    left_out: list[LeftOut]
    unplaceable: list[Unplaceable]
