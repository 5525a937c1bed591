"""One OR-Tools vehicle-routing model with time windows, solved from scratch or from given routes.

Each team (vehicle) starts and ends at its meeting point within its shift; each stop has an
opening window its service must fit in, a service time, a priority (the penalty for dropping it)
and the teams that may legally take it. Arc cost is distance in metres; travel time is distance
at the configured speed. Load balance: a team with more stops than a quarter over the day's
average (``RoutingProblem.stops_per_team``), or fewer than a quarter under it, costs
``BALANCE_PENALTY_M`` per stop over and ``SHORT_PENALTY_M`` per stop short of those bounds, so work is shared out unless legality, time
windows or the shifts force otherwise. The search stops after a number of solutions (so
the same input gives the same plan) or at the time limit, whichever comes first. Given
``initial`` routes, the search starts from them and can only return something at least as good.
"""

from __future__ import annotations

import math
import time

import numpy as np
from numpy.typing import NDArray
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from inspection.planning.geometry import distance_matrix
from inspection.planning.model import Route, RouteStop, RoutingProblem, RoutingResult

# A stop over a team's share is worth a 2 km detour to give to another team; a team short of its
# share costs more per stop (5 km), enough to pay a first trip out for an idle team.
BALANCE_PENALTY_M = 2_000
SHORT_PENALTY_M = 5_000
BALANCE_SLACK = 0.25  # a team may take 25% more (or fewer) stops than the average before it costs
DAY_S = 24 * 3600
METAHEURISTICS = {
    "gls": routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH,
    "tabu": routing_enums_pb2.LocalSearchMetaheuristic.TABU_SEARCH,
    "annealing": routing_enums_pb2.LocalSearchMetaheuristic.SIMULATED_ANNEALING,
    "descent": routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT,
}


def matrices(problem: RoutingProblem) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Distance (m) and travel time (s) between nodes: vehicles' meeting points first, then stops."""
    points = [(v.lat, v.lon) for v in problem.vehicles] + [(s.lat, s.lon) for s in problem.stops]
    dist = np.rint(distance_matrix(points)).astype(np.int64)
    secs = np.rint(dist / problem.speed_mps).astype(np.int64)
    return dist, secs


def stop_bounds(problem: RoutingProblem) -> tuple[int, int]:
    """The fewest and most stops a team takes before the balance cost applies (any, without balance)."""
    if not problem.balance:
        return 0, len(problem.stops) + 1
    share = problem.stops_per_team
    if share is None:
        share = len(problem.stops) / max(1, len(problem.vehicles))
    return int(share * (1 - BALANCE_SLACK)), max(1, math.ceil(share * (1 + BALANCE_SLACK)))


def balance_cost(stops_on_route: int, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return BALANCE_PENALTY_M * max(0, stops_on_route - high) + SHORT_PENALTY_M * max(0, low - stops_on_route)


def _build(problem: RoutingProblem) -> tuple[pywrapcp.RoutingIndexManager, pywrapcp.RoutingModel, NDArray[np.int64]]:
    n_v, n_s = len(problem.vehicles), len(problem.stops)
    dist, secs = matrices(problem)
    service = np.array([0] * n_v + [s.service_s for s in problem.stops], dtype=np.int64)
    times = secs + service[:, None]
    depots = list(range(n_v))
    manager = pywrapcp.RoutingIndexManager(n_v + n_s, n_v, depots, depots)
    model = pywrapcp.RoutingModel(manager)
    cost_cb = model.RegisterTransitMatrix(dist.tolist())
    time_cb = model.RegisterTransitMatrix(times.tolist())
    del secs, times
    model.SetArcCostEvaluatorOfAllVehicles(cost_cb)
    model.AddDimension(time_cb, DAY_S, DAY_S, False, "time")
    dim = model.GetDimensionOrDie("time")
    model.AddConstantDimension(1, n_s + 1, True, "stops")  # arcs driven = stops + 1
    # A team's stops are counted twice, one soft bound on each count: OR-Tools' local search checks
    # a dimension with a soft upper and a soft lower bound on the same cumul about 2.5x slower than
    # two dimensions with one each, for the same costs (measured: greedy descent on a 148-site part
    # of the 5,000-site day, 3.3-3.8 s against 1.4-1.5 s, same solutions and objective).
    over = short = model.GetDimensionOrDie("stops")
    low, high = stop_bounds(problem)
    if problem.balance and low > 0:
        model.AddConstantDimension(1, n_s + 1, True, "stops_short")
        short = model.GetDimensionOrDie("stops_short")
    for v, vehicle in enumerate(problem.vehicles):
        dim.CumulVar(model.Start(v)).SetRange(vehicle.start_s, vehicle.start_s)
        dim.CumulVar(model.End(v)).SetRange(vehicle.start_s, vehicle.end_s)
        if problem.balance:
            over.SetCumulVarSoftUpperBound(model.End(v), high + 1, BALANCE_PENALTY_M)
        if problem.balance and low > 0:
            # Without "used when empty" OR-Tools leaves an idle team's cumul costs out.
            model.SetVehicleUsedWhenEmpty(True, v)
            short.SetCumulVarSoftLowerBound(model.End(v), low + 1, SHORT_PENALTY_M)
    for i, stop in enumerate(problem.stops):
        index = manager.NodeToIndex(n_v + i)
        latest = stop.closes_s - stop.service_s
        if latest < stop.opens_s:
            model.AddDisjunction([index], 0)
            model.VehicleVar(index).SetValues([-1])
            continue
        dim.CumulVar(index).SetRange(stop.opens_s, latest)
        if stop.allowed is not None:
            # SetAllowedVehiclesForIndex's SWIG binding rejects Python lists in 9.15 (absl::Span),
            # and an empty list would mean "any": restrict the vehicle variable instead.
            model.VehicleVar(index).SetValues([-1, *sorted(stop.allowed)])
        model.AddDisjunction([index], problem.drop_cost(stop.priority))
    return manager, model, dist


def solve(
    problem: RoutingProblem, time_limit_s: float, *, solution_limit: int | None = None, use_gls: bool = True,
    initial: list[list[int]] | None = None, metaheuristic: str = "gls",
) -> RoutingResult:
    """Routes for ``problem``. Empty problems give empty routes; nothing fitting gives drops.

    ``initial`` gives each vehicle's stops (indexes into ``problem.stops``) to start the search from.
    """
    started = time.perf_counter()
    n_v, n_s = len(problem.vehicles), len(problem.stops)
    if n_v == 0 or n_s == 0:
        return RoutingResult([Route(v) for v in range(n_v)], [s.key for s in problem.stops], 0)
    manager, model, dist = _build(problem)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    if use_gls:
        params.local_search_metaheuristic = METAHEURISTICS[metaheuristic]
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    if solution_limit is not None:
        params.solution_limit = solution_limit
    assignment = None
    if initial is not None:
        model.CloseModelWithParameters(params)
        start = model.ReadAssignmentFromRoutes([[n_v + i for i in r] for r in initial], True)
        if start is not None:
            assignment = model.SolveFromAssignmentWithParameters(start, params) or start
    if assignment is None:
        assignment = model.SolveWithParameters(params)
    if assignment is None:
        return RoutingResult([Route(v) for v in range(n_v)], [s.key for s in problem.stops], 0,
                             time.perf_counter() - started)
    dim = model.GetDimensionOrDie("time")
    routes: list[Route] = []
    for v in range(n_v):
        route = Route(v)
        index = model.Start(v)
        prev = manager.IndexToNode(index)
        while not model.IsEnd(index):
            index = assignment.Value(model.NextVar(index))
            node = manager.IndexToNode(index)
            route.travel_m += int(dist[prev, node])
            if not model.IsEnd(index):
                route.stops.append(RouteStop(problem.stops[node - n_v].key, assignment.Value(dim.CumulVar(index))))
            else:
                route.return_s = assignment.Value(dim.CumulVar(index))
            prev = node
        routes.append(route)
    visited = {s.key for r in routes for s in r.stops}
    dropped = [s.key for s in problem.stops if s.key not in visited]
    return RoutingResult(routes, dropped, sum(r.travel_m for r in routes), time.perf_counter() - started)
