"""Large raid days: split by area, solve the parts on both cores, then repair across parts.

The day is split by meeting point and area (``partition``); the parts are solved in two worker
processes (OR-Tools holds the GIL), largest first, and sites a part could not fit are inserted
wherever a route still has room (cheapest feasible insertion). Each part stops after a number of solutions proportional to
its size, so the same input gives the same plan; the time limit is a guard on a busy machine.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import time
from dataclasses import replace

from inspection.planning.insertion import insert_dropped, retime
from inspection.planning.model import Route, RoutingProblem, RoutingResult, Stop
from inspection.planning.partition import partition
from inspection.planning.routing import solve
from inspection.planning.worker import Job, run_jobs

SINGLE_MODEL_MAX_STOPS = 150
STOPS_PER_CLUSTER = 100
SOLUTIONS_PER_STOP = 0.7  # measured: ~6 s of CPU for 1,000 sites, 2% from the 3x-longer search


def _subproblem(problem: RoutingProblem, vehicle_ids: list[int], stop_ids: list[int]) -> RoutingProblem:
    local = {v: n for n, v in enumerate(vehicle_ids)}
    stops = []
    for i in stop_ids:
        s = problem.stops[i]
        allowed = None if s.allowed is None else frozenset(local[v] for v in s.allowed if v in local)
        stops.append(replace(s, allowed=allowed))
    return RoutingProblem(tuple(stops), tuple(problem.vehicles[v] for v in vehicle_ids), problem.speed_kmh)


def _run_workers(jobs: list[Job], workers: int) -> list[RoutingResult]:
    """Solve ``jobs`` in ``workers`` processes, largest first to the least loaded worker."""
    if workers <= 1 or len(jobs) <= 1:
        return run_jobs(jobs)
    loads = [0] * workers
    shares: list[list[int]] = [[] for _ in range(workers)]
    for j in sorted(range(len(jobs)), key=lambda j: -len(jobs[j][0].stops)):
        w = loads.index(min(loads))
        shares[w].append(j)
        loads[w] += len(jobs[j][0].stops)
    procs = []
    for share in shares[1:]:
        proc = subprocess.Popen([sys.executable, "-m", "inspection.planning.worker"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert proc.stdin is not None
        proc.stdin.write(pickle.dumps([jobs[j] for j in share]))
        proc.stdin.close()
        procs.append(proc)
    results: dict[int, RoutingResult] = dict(zip(shares[0], run_jobs([jobs[j] for j in shares[0]]), strict=True))
    for share, proc in zip(shares[1:], procs, strict=True):
        assert proc.stdout is not None
        out = proc.stdout.read()
        if proc.wait() != 0:
            raise RuntimeError(f"planning worker failed with exit code {proc.returncode}")
        results.update(zip(share, pickle.loads(out), strict=True))
    return [results[j] for j in range(len(jobs))]


def _solutions(stops: int) -> int:
    return max(30, int(SOLUTIONS_PER_STOP * stops))


def plan_routes(problem: RoutingProblem, time_limit_s: float, *, workers: int = 2) -> RoutingResult:
    """Routes for the whole day within about ``time_limit_s``; deterministic for the same input."""
    started = time.perf_counter()
    n = len(problem.stops)
    if n <= SINGLE_MODEL_MAX_STOPS or len(problem.vehicles) <= 2:
        result = solve(problem, time_limit_s, solution_limit=_solutions(n))
        return _finish(problem, result.routes, started)
    groups = partition(problem, STOPS_PER_CLUSTER)
    # The guard: a part may use twice its share of the time before it is cut short.
    per_stop = max(0.05, time_limit_s * 0.85 - 1.0) * max(1, workers) / n
    jobs: list[Job] = [(_subproblem(problem, vs, ss), max(0.5, 2 * per_stop * len(ss)), _solutions(len(ss)))
                       for vs, ss in groups]
    parts = _run_workers(jobs, workers)
    routes = [Route(v) for v in range(len(problem.vehicles))]
    for (vehicle_ids, _), part in zip(groups, parts, strict=True):
        for route in part.routes:
            routes[vehicle_ids[route.vehicle]].stops = route.stops
    return _finish(problem, routes, started)


def _finish(problem: RoutingProblem, routes: list[Route], started: float) -> RoutingResult:
    keyed: dict[int, Stop] = {s.key: s for s in problem.stops}
    routes = insert_dropped(problem, routes)
    for route in routes:
        retime(problem, route, keyed)
    visited = {s.key for r in routes for s in r.stops}
    dropped = [s.key for s in problem.stops if s.key not in visited]
    return RoutingResult(routes, dropped, sum(r.travel_m for r in routes), time.perf_counter() - started)
