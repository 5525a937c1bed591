"""Whatever the day looks like, a plan keeps every rule: windows, legality, shifts, one visit per site."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection.planning.decompose import plan_routes
from inspection.planning.geometry import distance_matrix
from inspection.planning.improve import _legal, plan_cost
from inspection.planning.insertion import _secs, arrivals, fits, route_legs, swap_in, windows
from inspection.planning.model import Route, RouteStop, RoutingProblem, Stop, Vehicle

H = 3600


@st.composite
def days(draw: st.DrawFn) -> RoutingProblem:
    n_vehicles = draw(st.integers(1, 3))
    vehicles = tuple(Vehicle(23 + draw(st.floats(-0.03, 0.03)), 101 + draw(st.floats(-0.03, 0.03)),
                             8 * H + 1800, 8 * H + 1800 + draw(st.integers(1, 8)) * H) for _ in range(n_vehicles))
    stops = []
    for key in range(draw(st.integers(1, 14))):
        opens = draw(st.integers(6, 16)) * H
        allowed = draw(st.one_of(st.none(), st.frozensets(st.integers(0, n_vehicles - 1), max_size=n_vehicles)))
        stops.append(Stop(key, 23 + draw(st.floats(-0.05, 0.05)), 101 + draw(st.floats(-0.05, 0.05)),
                          draw(st.sampled_from([600, 1800, 3600])), opens, opens + draw(st.integers(1, 10)) * H,
                          draw(st.integers(1, 10)), allowed))
    return RoutingProblem(tuple(stops), vehicles, draw(st.sampled_from([15.0, 25.0, 40.0])))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days())
def test_every_plan_keeps_windows_legality_and_shifts_and_visits_each_site_at_most_once(problem: RoutingProblem) -> None:
    result = plan_routes(problem, 1.0, workers=1)
    by_key = {s.key: s for s in problem.stops}
    seen = [s.key for r in result.routes for s in r.stops]
    assert len(seen) == len(set(seen))
    assert set(seen) | set(result.dropped) == set(by_key) and not set(seen) & set(result.dropped)
    for route in result.routes:
        vehicle = problem.vehicles[route.vehicle]
        clock, here = vehicle.start_s, (vehicle.lat, vehicle.lon)
        for visit in route.stops:
            stop = by_key[visit.key]
            assert stop.allowed is None or route.vehicle in stop.allowed
            drive = round(round(float(distance_matrix([here], [(stop.lat, stop.lon)])[0, 0])) / problem.speed_mps)
            assert visit.arrive_s >= clock + drive - 1
            assert stop.opens_s <= visit.arrive_s and visit.arrive_s + stop.service_s <= stop.closes_s
            clock, here = visit.arrive_s + stop.service_s, (stop.lat, stop.lon)
        if route.stops:
            assert route.return_s <= vehicle.end_s


@settings(max_examples=200, deadline=None)
@given(days(), st.data())
def test_the_constant_time_insertion_check_agrees_with_simulating_the_whole_route(problem: RoutingProblem,
                                                                                  data: st.DataObject) -> None:
    """insert_dropped checks a place with ``fits``; it must say exactly what a full simulation says."""
    vehicle = data.draw(st.integers(0, len(problem.vehicles) - 1))
    route: list = []
    for n in data.draw(st.permutations(range(len(problem.stops)))):  # a feasible route, built greedily
        longer = route + [problem.stops[n]]
        if arrivals(problem, vehicle, longer, route_legs(problem, vehicle, longer)) is not None:
            route = longer
    leave, latest = windows(problem, vehicle, route, route_legs(problem, vehicle, route))
    v = problem.vehicles[vehicle]
    for site in (s for s in problem.stops if s not in route):
        for p in range(1, len(route) + 2):
            before = (v.lat, v.lon) if p == 1 else (route[p - 2].lat, route[p - 2].lon)
            after = (v.lat, v.lon) if p == len(route) + 1 else (route[p - 1].lat, route[p - 1].lon)
            there, on = (float(distance_matrix([a], [(site.lat, site.lon)])[0, 0]) for a in (before, after))
            longer = route[: p - 1] + [site] + route[p - 1:]
            legs = route_legs(problem, vehicle, longer)
            legs[p - 1 : p + 1] = [there, on]
            check = fits(site, leave, latest, p, _secs(there, problem.speed_mps), _secs(on, problem.speed_mps))
            assert check == (arrivals(problem, vehicle, longer, legs) is not None)


@settings(max_examples=100, deadline=None)
@given(days(), st.data())
def test_swapping_left_out_sites_in_keeps_every_rule_and_never_makes_the_plan_cost_more(problem: RoutingProblem,
                                                                                        data: st.DataObject) -> None:
    routes: list[list[int]] = [[] for _ in problem.vehicles]
    for n in data.draw(st.permutations(range(len(problem.stops)))):  # a feasible plan, built greedily
        v = data.draw(st.integers(0, len(problem.vehicles) - 1))
        if problem.stops[n].allowed is None or v in problem.stops[n].allowed:
            longer = routes[v] + [n]
            if _legal(problem, v, longer):
                routes[v] = longer
    swapped = swap_in(problem, [Route(v, [RouteStop(problem.stops[i].key, 0) for i in r]) for v, r in enumerate(routes)])
    index = {s.key: i for i, s in enumerate(problem.stops)}
    after = [[index[s.key] for s in r.stops] for r in swapped]
    seen = [i for r in after for i in r]
    assert len(seen) == len(set(seen))  # each site at most once
    assert all(_legal(problem, v, r) for v, r in enumerate(after))
    assert plan_cost(problem, after) <= plan_cost(problem, routes)
