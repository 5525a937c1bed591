"""The improvement phase: after the first plan, shorter routes for the rest of the time limit.

The first plan decides which sites are visited (coverage first, by what a site is worth; its
insertion takes every left-out site a route still has room for). This phase buys a shorter day
with the time left: it moves the same sites between neighbouring teams and reorders them, and
takes no site the first plan left out. (Offering those too turned the time into a few more sites
at 9-12 km of driving each: on the 5,000-site day 4,812 sites for 4,289.5 km instead of 4,767 for
3,651.0 km; docs/PLANNING.md Run 7.)

Rounds of large-neighbourhood search over groups of neighbouring routes. Each round deals the
teams into groups afresh (a different random seed team each time, then its nearest teams by the
centre of their routes, until the group holds about ``GROUP_STOPS`` stops), so a group often
straddles the border between two parts of the first plan and sites move across it. Every other
round deals each kind of team apart (``team_kinds``: the teams that may take the same restricted
sites, such as a specialist's shops), so those sites can move between the teams allowed in them,
which mixed groups of neighbours seldom hold two of. Each group is
one OR-Tools model of its routes' sites, started from the current routes and searched (guided
local search) for a slice of time in a worker process; the groups of a round are disjoint, so
both cores take groups at once and their answers merge. A group's answer is kept only if it costs
less (drops, then travel and the balance cost) and every route in it passes our own check of
shifts, opening hours and legality, so the plan never gets worse than the first one, visits the
same sites, and stays legal throughout. The rounds stop at the deadline, or earlier when two
rounds running saved less than ``STALE_SHARE`` of the travel.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace

import numpy as np

from inspection.planning.insertion import arrivals, route_legs, travel_m
from inspection.planning.model import RoutingProblem, RoutingResult
from inspection.planning.routing import balance_cost, stop_bounds
from inspection.planning.worker import Job, WorkerPool

GROUP_STOPS = 120  # stops per group: GLS improves a model of this size quickly
MAX_GROUP_VEHICLES = 10
# A group holds only teams whose routes' centres lie within about 25 km of its seed team's: groups
# that took whatever teams were left anywhere (median 20 km, one in four across counties, up to
# 170 km apart on the 5,000-site day) spent their search on teams that cannot share work.
MAX_GROUP_REACH_DEG = 25_000 / 111_320
# Teams of one kind are fewer (a quarter of the teams each on the 5,000-site day), so a group of one
# kind reaches farther: 5,000 sites, 44 s, mean 3,884.3 km at 25 km (seven runs), 3,879.3 at 40,
# 3,890.0 at 60 (five each; docs/PLANNING.md Run 11).
KIND_REACH_DEG = 40_000 / 111_320
# Search time for a group of GROUP_STOPS stops (seconds); smaller groups less. Short searches and
# more rounds beat long ones: groups dealt afresh each round let sites travel further (1,000
# sites, 10 s, four instances: 1,911.3 km in all at 0.35 s against 1,968.8 km at 1.5 s; 5,000
# sites, 50 s, six runs each: mean 3,896.7 km at 0.25 s, 3,913.0 at 0.35 s; docs/PLANNING.md Run 9).
JOB_S = 0.25
MIN_JOB_S = 0.25
OVERHEAD_S = 0.15  # building a group's model, pickling, per job
STALE_ROUNDS = 2
STALE_SHARE = 0.001  # a round saving less than this share of the travel found nothing worth more rounds
METAHEURISTIC = "gls"

Routes = list[list[int]]  # per vehicle, indexes into problem.stops


def _legs(problem: RoutingProblem, vehicle: int, seq: list[int]) -> list[float]:
    return route_legs(problem, vehicle, [problem.stops[i] for i in seq])


def route_travel(problem: RoutingProblem, vehicle: int, seq: list[int]) -> int:
    return travel_m(_legs(problem, vehicle, seq)) if seq else 0


def _legal(problem: RoutingProblem, vehicle: int, seq: list[int]) -> bool:
    stops = [problem.stops[i] for i in seq]
    if any(s.allowed is not None and vehicle not in s.allowed for s in stops):
        return False
    return not stops or arrivals(problem, vehicle, stops, _legs(problem, vehicle, seq)) is not None


def plan_cost(problem: RoutingProblem, routes: Routes) -> int:
    """What the solver minimises: drops (by priority), then travel and the balance cost."""
    bounds = stop_bounds(problem)
    visited = {i for r in routes for i in r}
    return (sum(route_travel(problem, v, r) + balance_cost(len(r), bounds) for v, r in enumerate(routes))
            + sum(problem.drop_cost(s.priority) for i, s in enumerate(problem.stops) if i not in visited))


def _centres(problem: RoutingProblem, routes: Routes) -> np.ndarray:
    out = []
    for v, r in enumerate(routes):
        veh = problem.vehicles[v]
        lats = [veh.lat] + [problem.stops[i].lat for i in r]
        lons = [veh.lon] + [problem.stops[i].lon for i in r]
        out.append((float(np.mean(lats)), float(np.mean(lons)) * math.cos(math.radians(veh.lat))))
    return np.asarray(out)


def team_kinds(problem: RoutingProblem) -> list[frozenset[int]]:
    """Per team, which of the day's restricted classes of sites it may take (one class per set of
    allowed teams that leaves some team out): teams with the same kind may swap any of their sites."""
    everyone = len(problem.vehicles)
    classes = sorted({s.allowed for s in problem.stops if s.allowed is not None and len(s.allowed) < everyone},
                     key=sorted)
    return [frozenset(k for k, allowed in enumerate(classes) if v in allowed) for v in range(everyone)]


def _groups(problem: RoutingProblem, routes: Routes, rng: random.Random,
            kinds: list[frozenset[int]] | None = None) -> list[list[int]]:
    """Disjoint groups of neighbouring teams; with ``kinds``, each group holds teams of one kind."""
    reach = MAX_GROUP_REACH_DEG if kinds is None else KIND_REACH_DEG
    centres = _centres(problem, routes)
    free = set(range(len(routes)))
    seeds = list(range(len(routes)))
    rng.shuffle(seeds)
    groups = []
    for seed in seeds:
        if seed not in free:
            continue
        away = np.linalg.norm(centres - centres[seed], axis=1)
        group, stops = [], 0
        for v in (int(x) for x in np.argsort(away, kind="stable")):
            if away[v] > reach:
                break
            if v in free and (kinds is None or kinds[v] == kinds[seed]):
                group.append(v)
                free.discard(v)
                stops += len(routes[v])
                if stops >= GROUP_STOPS or len(group) >= MAX_GROUP_VEHICLES:
                    break
        groups.append(group)
    return groups


def _job(problem: RoutingProblem, routes: Routes, vehicles: list[int], seconds: float,
         metaheuristic: str, deadline: float) -> tuple[Job, list[int]]:
    stop_ids = [i for v in vehicles for i in routes[v]]
    local_v = {v: n for n, v in enumerate(vehicles)}
    local_s = {i: n for n, i in enumerate(stop_ids)}
    stops = []
    for i in stop_ids:
        s = problem.stops[i]
        allowed = None if s.allowed is None else frozenset(local_v[v] for v in s.allowed if v in local_v)
        stops.append(replace(s, allowed=allowed))
    sub = replace(problem, stops=tuple(stops), vehicles=tuple(problem.vehicles[v] for v in vehicles))
    initial = [[local_s[i] for i in routes[v]] for v in vehicles]
    # A job queued behind a slow one gets only the time left before the deadline (wall clock).
    return Job(sub, seconds, None, initial, metaheuristic, time.time() + deadline - time.perf_counter()), stop_ids


def _merge(problem: RoutingProblem, routes: Routes, vehicles: list[int], stop_ids: list[int],
           result: RoutingResult) -> int:
    """Take ``result`` for ``vehicles`` if it is legal and cheaper; the metres saved (0 if not taken)."""
    by_key = {problem.stops[i].key: i for i in stop_ids}
    new = {vehicles[r.vehicle]: [by_key[s.key] for s in r.stops] for r in result.routes}
    if set(new) != set(vehicles) or not all(_legal(problem, v, new[v]) for v in vehicles):
        return 0
    bounds = stop_bounds(problem)

    def cost(assign: dict[int, list[int]]) -> int:
        seen = {i for r in assign.values() for i in r}
        return (sum(route_travel(problem, v, r) + balance_cost(len(r), bounds) for v, r in assign.items())
                + sum(problem.drop_cost(problem.stops[i].priority) for i in stop_ids if i not in seen))

    before, after = cost({v: routes[v] for v in vehicles}), cost(new)
    if after >= before:
        return 0
    for v in vehicles:
        routes[v] = new[v]
    return before - after


def improve(problem: RoutingProblem, routes: Routes, deadline: float, pool: WorkerPool,
            report: Callable[[Routes], None] | None = None) -> Routes:
    """Better ``routes`` (changed in place and returned) by ``deadline`` (a perf_counter time)."""
    routes = [list(r) for r in routes]
    kinds = team_kinds(problem)
    # Rounds by kind alternate with mixed ones (by kind alone, stalls could never pass from a
    # specialist to another team: 3,959.6 km against 3,884.3; every third round 3,885.6).
    alike = 1 < len(set(kinds)) <= len(kinds) // 2  # kinds that have mates: two teams a kind on average
    stale, round_no = 0, 0
    while stale < STALE_ROUNDS:
        left = deadline - time.perf_counter()
        groups = _groups(problem, routes, random.Random(round_no))
        if alike and round_no % 2 and len(groups) > 1:  # not where one group holds the whole day
            groups = _groups(problem, routes, random.Random(round_no), kinds)
        single = len(groups) == 1
        # One group (a small day): both workers search it, with different metaheuristics.
        metas = ["gls", "tabu"][: pool.size] if single else [METAHEURISTIC]
        waves = max(1, math.ceil(len(groups) * len(metas) / pool.size))
        largest = max(sum(len(routes[v]) for v in g) for g in groups)
        seconds = min(JOB_S * max(0.1, largest / GROUP_STOPS), left / waves - OVERHEAD_S)
        if seconds < MIN_JOB_S:
            seconds = MIN_JOB_S
            groups = groups[: max(0, int(left / (MIN_JOB_S + OVERHEAD_S)) * pool.size // len(metas))]
        if not groups or left < MIN_JOB_S + OVERHEAD_S:
            break
        worth = max(1, int(STALE_SHARE * sum(route_travel(problem, v, r) for v, r in enumerate(routes))))
        pending: list[tuple[list[int], list[int], Future[RoutingResult]]] = []
        for g in groups:
            for meta in metas:
                job, stop_ids = _job(problem, routes, g, seconds, meta, deadline - OVERHEAD_S)
                pending.append((g, stop_ids, pool.submit(job)))
        saved = 0
        for g, stop_ids, future in pending:
            saved += _merge(problem, routes, g, stop_ids, future.result())
            if report is not None:
                report(routes)
        stale = 0 if saved >= worth else stale + 1
        round_no += 1
    return routes
