"""A raid day in two phases: a decomposed first plan, then improvement for the rest of the time.

1. First plan: the day is split by meeting point and area (``partition``); the parts are solved in
   two worker processes (OR-Tools holds the GIL), largest first. Each part stops after a number of
   solutions proportional to its size, so the same input gives the same first plan; its time
   limit is a guard on a busy machine. Sites a part could not fit are inserted wherever a route
   still has room (cheapest feasible insertion); a left-out site then takes the place of a visited
   one of lower priority where only that makes room (``swap_in``), since the parts choose their
   sites apart and the teams allowed in a specialist's shop may be full in one part, not another.
2. Improvement (``improve``): rounds of guided local search over groups of neighbouring routes,
   across the borders of the parts, until the time limit or until nothing better is found. The
   plan never gets worse than the first one. Because this phase runs against the clock, two runs
   may return different (never worse than the first) plans.

No distance matrix is built for the whole day: each part and each group builds its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from inspection.planning.improve import Routes, improve, route_travel
from inspection.planning.insertion import insert_dropped, retime, swap_in
from inspection.planning.model import PlanProgress, Route, RouteStop, RoutingProblem, RoutingResult, Stop
from inspection.planning.partition import partition
from inspection.planning.worker import Job, WorkerPool

SINGLE_MODEL_MAX_STOPS = 150
STOPS_PER_CLUSTER = 100
SOLUTIONS_PER_STOP = 0.7  # measured: ~6 s of CPU for 1,000 sites; the improvement phase does the rest
FINISH_S = 0.5  # kept back from the limit: the last round's merge and the timing (0.1-0.3 s on a loaded machine)
FIRST_PLAN_SHARE = 0.5  # on a busy machine the first plan is cut at this share of the limit

Progress = Callable[[PlanProgress], None]


def _subproblem(problem: RoutingProblem, vehicle_ids: list[int], stop_ids: list[int]) -> RoutingProblem:
    local = {v: n for n, v in enumerate(vehicle_ids)}
    stops = []
    for i in stop_ids:
        s = problem.stops[i]
        allowed = None if s.allowed is None else frozenset(local[v] for v in s.allowed if v in local)
        stops.append(replace(s, allowed=allowed))
    return replace(problem, stops=tuple(stops), vehicles=tuple(problem.vehicles[v] for v in vehicle_ids))


def _solutions(stops: int) -> int:
    return max(30, int(SOLUTIONS_PER_STOP * stops))


def first_plan(problem: RoutingProblem, time_limit_s: float, pool: WorkerPool, *,
               search_s: float | None = None) -> list[Route]:
    """The decomposed first plan (deterministic while the guard does not bind).

    With ``search_s``, each part is instead searched (guided local search) for its share of
    ``search_s`` seconds on the pool: the benchmark's reference where the whole model cannot start.
    """
    n = len(problem.stops)
    if n <= SINGLE_MODEL_MAX_STOPS or len(problem.vehicles) <= 2:
        groups = [(list(range(len(problem.vehicles))), list(range(n)))]
    else:
        groups = partition(problem, STOPS_PER_CLUSTER)
    order = sorted(range(len(groups)), key=lambda j: -len(groups[j][1]))
    if search_s is not None:
        share, deadline = search_s * pool.size / max(1, n), time.time() + search_s
        futures = {j: pool.submit(Job(_subproblem(problem, *groups[j]), max(0.5, share * len(groups[j][1])),
                                      deadline=deadline)) for j in order}
    else:
        # The guard on a busy machine: a part may use twice its share of the time, and the parts
        # still queued when FIRST_PLAN_SHARE of the limit has passed get MIN_JOB_S each.
        per_stop = max(0.05, time_limit_s * 0.85 - 1.0) * pool.size / max(1, n)
        deadline = time.time() + FIRST_PLAN_SHARE * time_limit_s
        futures = {j: pool.submit(Job(_subproblem(problem, *groups[j]), max(0.5, 2 * per_stop * len(groups[j][1])),
                                      _solutions(len(groups[j][1])), deadline=deadline)) for j in order}
    routes = [Route(v) for v in range(len(problem.vehicles))]
    for j, (vehicle_ids, _) in enumerate(groups):
        for route in futures[j].result().routes:
            routes[vehicle_ids[route.vehicle]].stops = route.stops
    return swap_in(problem, insert_dropped(problem, routes))


def with_balance(problem: RoutingProblem) -> RoutingProblem:
    """``problem`` with the whole day's stops per team, so every part balances to the same share."""
    if problem.stops_per_team is None and problem.vehicles:
        return replace(problem, stops_per_team=len(problem.stops) / len(problem.vehicles))
    return problem


def plan_routes(problem: RoutingProblem, time_limit_s: float, *, workers: int = 2, improve_plan: bool = True,
                progress: Progress | None = None) -> RoutingResult:
    """Routes for the whole day within about ``time_limit_s``."""
    started = time.perf_counter()
    problem = with_balance(problem)
    index = {s.key: i for i, s in enumerate(problem.stops)}

    travels: dict[tuple[int, tuple[int, ...]], int] = {}

    def tell(phase: str, routes: Routes) -> None:
        if progress is not None:
            for v, r in enumerate(routes):
                if (v, tuple(r)) not in travels:
                    travels[v, tuple(r)] = route_travel(problem, v, r)
            travel = sum(travels[v, tuple(r)] for v, r in enumerate(routes))
            progress(PlanProgress(phase, time.perf_counter() - started, time_limit_s, travel,
                                  sum(len(r) for r in routes)))

    pool = WorkerPool(workers if problem.stops and problem.vehicles else 1)
    try:
        routes = [[index[s.key] for s in r.stops] for r in first_plan(problem, time_limit_s, pool)]
        tell("first_plan", routes)
        if improve_plan and problem.stops and problem.vehicles:
            routes = improve(problem, routes, started + time_limit_s - FINISH_S, pool,
                             lambda r: tell("improving", r))
    finally:
        pool.close(wait=False)  # the workers' exit (unloading OR-Tools) is not the caller's wait
    # The first plan ends with the insertion, which decides the sites; the improvement keeps them
    # and shortens the routes: no second insertion (the time left buys a shorter day, improve.py).
    result = finish(problem, [Route(v, [RouteStop(problem.stops[i].key, 0) for i in r]) for v, r in enumerate(routes)],
                    started, insert=False)
    if progress is not None:
        progress(PlanProgress("done", result.solve_s, time_limit_s, result.travel_m, result.covered))
    return result


def finish(problem: RoutingProblem, routes: list[Route], started: float, *, insert: bool = True) -> RoutingResult:
    keyed: dict[int, Stop] = {s.key: s for s in problem.stops}
    if insert:
        routes = insert_dropped(problem, routes)
    for route in routes:
        retime(problem, route, keyed)
    visited = {s.key for r in routes for s in r.stops}
    dropped = [s.key for s in problem.stops if s.key not in visited]
    return RoutingResult(routes, dropped, sum(r.travel_m for r in routes), time.perf_counter() - started)
