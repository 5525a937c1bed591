"""Routing on small fixed instances whose best answer is known, and the by-district baseline."""

from __future__ import annotations

import random
import time
from dataclasses import replace

import pytest
from geopy.distance import geodesic

from inspection.planning.baseline import by_district_plan
from inspection.planning.decompose import STOPS_PER_CLUSTER, plan_routes, with_balance
from inspection.planning.geometry import distance_matrix
from inspection.planning.improve import improve, plan_cost, team_kinds
from inspection.planning.insertion import insert_dropped, swap_in
from inspection.planning.model import (
    PlanProgress,
    Route,
    RouteStop,
    RoutingProblem,
    RoutingResult,
    Stop,
    Vehicle,
)
from inspection.planning.partition import partition
from inspection.planning.routing import solve
from inspection.planning.worker import WorkerPool

DEPOT = (23.0, 101.0)
H = 3600
KM_EAST = 1 / (111.32 * 0.9205)  # degrees of longitude per km at 23° N (about)


def east(km: float) -> tuple[float, float]:
    return DEPOT[0], DEPOT[1] + km * KM_EAST


def stop(key: int, km: float, **kw: object) -> Stop:
    lat, lon = east(km)
    fields: dict[str, object] = {"service_s": 600, "opens_s": 8 * H, "closes_s": 21 * H, "priority": 1}
    fields.update(kw)
    return Stop(key, lat, lon, **fields)  # type: ignore[arg-type]


def vehicle(start_h: float = 8.5, hours: float = 8) -> Vehicle:
    return Vehicle(DEPOT[0], DEPOT[1], int(start_h * H), int((start_h + hours) * H))


def test_the_matrix_agrees_with_geopys_geodesic_within_a_metre() -> None:
    points = [(23.0, 101.0), (23.05, 101.1), (22.8, 100.7), (24.1, 102.3)]
    matrix = distance_matrix(points)
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            assert abs(matrix[i, j] - geodesic(a, b).meters) < 1.0


def test_sites_on_a_road_through_the_meeting_point_are_done_one_side_at_a_time() -> None:
    problem = RoutingProblem((stop(1, 1), stop(2, 3), stop(3, -2)), (vehicle(),), 30)
    result = solve(problem, 2)
    keys = [s.key for s in result.routes[0].stops]
    assert keys.index(3) in (0, 2)  # the west site is never between the two east ones
    best = 2 * float(distance_matrix([DEPOT], [east(3), east(-2)]).sum())
    assert result.travel_m == pytest.approx(best, abs=4)
    assert result.dropped == []


def test_arrival_times_add_travel_at_the_configured_speed_and_service() -> None:
    problem = RoutingProblem((stop(1, 5),), (vehicle(8.5),), 30)  # 5 km at 30 km/h: 10 minutes
    result = plan_routes(problem, 2)
    only = result.routes[0].stops[0]
    assert only.arrive_s == pytest.approx(8.5 * H + 600, abs=2)
    assert result.routes[0].return_s == pytest.approx(only.arrive_s + 600 + 600, abs=2)


def test_a_site_opening_late_is_visited_after_one_open_early_even_if_nearer() -> None:
    near_late = stop(1, 1, opens_s=14 * H)
    far_morning = stop(2, 4, closes_s=11 * H)
    result = plan_routes(RoutingProblem((near_late, far_morning), (vehicle(),), 30), 2)
    assert [s.key for s in result.routes[0].stops] == [2, 1]
    assert result.routes[0].stops[1].arrive_s >= 14 * H


def test_a_site_only_one_team_may_take_goes_to_that_team() -> None:
    pharmacy = stop(1, 1, allowed=frozenset({1}))
    result = plan_routes(RoutingProblem((pharmacy, stop(2, 1.2)), (vehicle(), vehicle()), 30), 2)
    assert [s.key for s in result.routes[1].stops if s.key == 1] == [1]
    assert all(s.key != 1 for s in result.routes[0].stops)


def test_a_site_no_team_may_take_is_dropped() -> None:
    result = plan_routes(RoutingProblem((stop(1, 1, allowed=frozenset()),), (vehicle(),), 30), 2)
    assert result.dropped == [1]


def test_when_the_shift_is_too_short_the_lowest_priority_site_is_dropped() -> None:
    stops = (stop(1, 1, service_s=50 * 60, priority=5), stop(2, 1.1, service_s=50 * 60, priority=1),
             stop(3, 1.2, service_s=50 * 60, priority=3))
    result = plan_routes(RoutingProblem(stops, (vehicle(hours=2),), 30), 2)
    assert result.dropped == [2]
    assert result.covered == 2


def test_a_site_closing_before_its_service_can_end_is_dropped() -> None:
    result = plan_routes(RoutingProblem((stop(1, 1, opens_s=9 * H, closes_s=9 * H + 300),), (vehicle(),), 30), 2)
    assert result.dropped == [1]


def random_problem(n: int, vehicles: int, seed: int) -> RoutingProblem:
    rng = random.Random(seed)
    stops = tuple(Stop(i, 23 + rng.uniform(-0.08, 0.08), 101 + rng.uniform(-0.08, 0.08), 600, 8 * H, 20 * H,
                       rng.randint(1, 5), frozenset({0}) if i % 10 == 0 else None, f"d{i % 3}") for i in range(n))
    return RoutingProblem(stops, tuple(vehicle() for _ in range(vehicles)), 25)


def test_the_same_problem_gives_the_same_first_plan() -> None:
    problem = random_problem(40, 3, seed=7)
    first, second = plan_routes(problem, 5, improve_plan=False), plan_routes(problem, 5, improve_plan=False)
    assert [[s.key for s in r.stops] for r in first.routes] == [[s.key for s in r.stops] for r in second.routes]


def cost(problem: RoutingProblem, result: RoutingResult) -> int:
    index = {s.key: i for i, s in enumerate(problem.stops)}
    return plan_cost(with_balance(problem), [[index[s.key] for s in r.stops] for r in result.routes])


def test_the_improvement_phase_uses_the_time_left_and_never_ends_worse_than_the_first_plan() -> None:
    problem = random_problem(400, 12, seed=11)
    seen: list[PlanProgress] = []
    first = plan_routes(problem, 6, improve_plan=False)
    improved = plan_routes(problem, 6, progress=seen.append)
    assert cost(problem, improved) <= cost(problem, first)
    # it buys a shorter day (travel and balance): the same sites, which the first plan decides
    visited = [{s.key for r in plan.routes for s in r.stops} for plan in (first, improved)]
    assert visited[1] == visited[0] and len(visited[0]) < 400
    phases = [p.phase for p in seen]
    assert phases[0] == "first_plan" and phases[-1] == "done" and "improving" in phases
    assert improved.solve_s <= 6.5


def test_the_improvement_phase_reorders_and_moves_sites_but_takes_none_the_first_plan_left_out() -> None:
    # two teams at one meeting point; a first plan that zigzags and leaves site 5 out although a
    # route has room for it: the phase shortens the routes and leaves the choice of sites alone
    problem = with_balance(RoutingProblem(tuple(stop(k, km) for k, km in enumerate([2, 9, 4, 7, 3, 5])),
                                          (vehicle(), vehicle()), 30))
    zigzag = [[1, 0, 3], [2, 4]]
    with WorkerPool(1) as pool:
        better = improve(problem, zigzag, time.perf_counter() + 3, pool)
    assert sorted(i for r in better for i in r) == [0, 1, 2, 3, 4]
    assert plan_cost(problem, better) < plan_cost(problem, zigzag)


def test_teams_allowed_in_the_same_restricted_sites_are_of_one_kind() -> None:
    sites = (stop(0, 1, allowed=frozenset({0, 2})), stop(1, 2, allowed=frozenset({1, 3})), stop(2, 3),
             stop(3, 4, allowed=frozenset({0, 1, 2, 3})))  # every team: no class of its own
    problem = RoutingProblem(sites, tuple(vehicle() for _ in range(5)), 30)
    kinds = team_kinds(problem)
    pharmacy, bookshop = kinds[0], kinds[1]
    assert pharmacy and bookshop and pharmacy != bookshop
    assert kinds == [pharmacy, bookshop, pharmacy, bookshop, frozenset()]


def test_specialists_too_far_apart_to_share_a_group_of_neighbours_swap_their_shops() -> None:
    # West and east, 60 km apart: a specialist and an ordinary team meet at each end. Each
    # specialist has been given the shop at the other end, which only the two specialists may
    # enter. Their routes' centres lie 36 km apart, too far for a group of neighbouring teams;
    # the rounds that group teams by kind put the two together, and the shops change hands.
    east_end = Vehicle(*east(60), int(8.5 * H), int(16.5 * H))
    specialists = frozenset({0, 2})  # team 0 meets in the west, team 2 in the east
    stalls = [stop(k, km) for k, km in enumerate([0.5, 1, 1.5, 59, 60, 61, 2, 58])]
    shops = [stop(8, 1.2, allowed=specialists), stop(9, 58.8, allowed=specialists)]
    problem = with_balance(RoutingProblem(tuple(stalls + shops), (vehicle(), vehicle(), east_end, east_end), 30))
    crossed = [[0, 1, 2, 9], [6], [3, 4, 5, 8], [7]]
    with WorkerPool(1) as pool:
        better = improve(problem, crossed, time.perf_counter() + 4, pool)
    assert 8 in better[0] and 9 in better[2]
    assert sorted(i for r in better for i in r) == list(range(10))


def test_improvement_stops_early_when_it_finds_nothing_better() -> None:
    problem = random_problem(6, 1, seed=2)  # one team, six sites: the first plan is already the best
    started = time.perf_counter()
    plan_routes(problem, 20, workers=1)
    assert time.perf_counter() - started < 10


def test_teams_meeting_at_one_place_share_the_sites_out_evenly() -> None:
    stops = tuple(stop(i, 0.3 * (i % 10) - 1.5, service_s=300) for i in range(40))
    result = plan_routes(RoutingProblem(stops, tuple(vehicle() for _ in range(4)), 30), 3)
    loads = sorted(len(r.stops) for r in result.routes)
    assert result.covered == 40
    assert 7 <= loads[0] and loads[-1] <= 13, loads  # within a quarter of the average (10)


def test_a_large_day_is_split_and_solved_in_worker_processes_keeping_every_rule() -> None:
    problem = random_problem(170, 6, seed=3)
    result = plan_routes(problem, 6)
    assert result.covered + len(result.dropped) == 170
    assert result.covered >= 160
    restricted = {s.key for s in problem.stops if s.allowed is not None}
    for route in result.routes[1:]:
        assert not restricted & {s.key for s in route.stops}
    for route in result.routes:
        assert route.return_s <= problem.vehicles[route.vehicle].end_s


def test_the_by_district_baseline_keeps_teams_in_their_district_and_obeys_legality() -> None:
    problem = random_problem(60, 3, seed=5)
    result = by_district_plan(problem)
    by_key = {s.key: s for s in problem.stops}
    for route in result.routes:
        assert len({by_key[s.key].district for s in route.stops}) <= 1
        assert all(by_key[s.key].allowed is None or route.vehicle in by_key[s.key].allowed for s in route.stops)
    assert result.covered + len(result.dropped) == 60


def two_towns(local_sites_in_b: int) -> RoutingProblem:
    """Town A (team 0, no drug officer) and town B 30 km east (team 1); A's pharmacies only team 1 may take."""
    b = east(30)
    pharmacies = [stop(i, 0.5 + 0.1 * i, allowed=frozenset({1})) for i in range(5)]
    locals_b = [stop(100 + i, 30 + 0.05 * (i % 10)) for i in range(local_sites_in_b)]
    return RoutingProblem(tuple(pharmacies + locals_b), (vehicle(), Vehicle(b[0], b[1], int(8.5 * H), int(16.5 * H))),
                          25)


def test_a_town_with_a_full_day_of_its_own_is_not_sent_across_the_county_for_sites_it_alone_may_take() -> None:
    full = two_towns(local_sites_in_b=45)  # 7.5 h of ten-minute visits at home: more than the shift holds
    parts = partition(full, STOPS_PER_CLUSTER)
    placed = {full.stops[i].key for _, stop_ids in parts for i in stop_ids}
    assert placed == {s.key for s in full.stops if s.key >= 100}
    roomy = two_towns(local_sites_in_b=5)  # B has most of its shift free: it fetches A's pharmacies
    parts = partition(roomy, STOPS_PER_CLUSTER)
    assert {roomy.stops[i].key for _, stop_ids in parts for i in stop_ids} == {s.key for s in roomy.stops}
    assert plan_routes(roomy, 3).covered == len(roomy.stops)


def test_without_the_balance_setting_one_team_does_a_small_cluster_alone_and_with_it_the_teams_share() -> None:
    stops = tuple(stop(i, 5 + 0.01 * i, service_s=300) for i in range(20))  # 100 min of work, 5 km out
    plain = solve(RoutingProblem(stops, tuple(vehicle() for _ in range(4)), 30, balance=False), 3)
    shared = solve(RoutingProblem(stops, tuple(vehicle() for _ in range(4)), 30), 3)
    assert plain.covered == shared.covered == 20
    assert sorted(len(r.stops) for r in plain.routes) == [0, 0, 0, 20]  # one trip out is the shortest day
    assert min(len(r.stops) for r in shared.routes) >= 3 and plain.travel_m < shared.travel_m


def test_a_site_whose_detour_costs_more_than_the_site_is_worth_is_left_out_and_by_default_is_taken() -> None:
    stops = (stop(0, 1), stop(1, 1.2), stop(2, 30))  # the third: a 58 km detour there and back
    default = RoutingProblem(stops, (vehicle(),), 30)
    cheap = default.worth(10, 1)  # worth 11 km
    assert plan_routes(default, 3, workers=1).covered == 3
    assert solve(cheap, 2).dropped == [2]
    assert plan_routes(cheap, 3, workers=1).dropped == [2]  # the insertion weighs it too
    near = [Route(0, [RouteStop(0, 0), RouteStop(1, 0)])]
    assert [s.key for s in insert_dropped(cheap, [Route(0, list(near[0].stops))])[0].stops] == [0, 1]
    assert {s.key for s in insert_dropped(default, near)[0].stops} == {0, 1, 2}


def test_the_insertion_takes_a_site_that_fills_the_shift_to_the_second_and_not_one_a_second_longer() -> None:
    day = RoutingProblem((stop(0, 0, service_s=8 * H), stop(1, 0, service_s=8 * H + 1)), (vehicle(),), 30)
    for key, taken in ((0, [0]), (1, [])):
        one = RoutingProblem(tuple(s for s in day.stops if s.key == key), day.vehicles, 30)
        assert [s.key for s in insert_dropped(one, [Route(0, [])])[0].stops] == taken


def test_a_left_out_site_takes_the_place_of_one_of_lower_priority_when_only_that_makes_room() -> None:
    # A 2-hour shift holds two 50-minute sites; the third is left out whatever its priority.
    low, mid = stop(0, 1, service_s=50 * 60, priority=2), stop(1, 1.1, service_s=50 * 60, priority=5)
    day = RoutingProblem((low, mid, stop(2, 2, service_s=50 * 60, priority=8)), (vehicle(hours=2),), 30)

    def after_swap(problem: RoutingProblem) -> set[int]:
        return {s.key for s in swap_in(problem, [Route(0, [RouteStop(0, 0), RouteStop(1, 0)])])[0].stops}

    assert after_swap(day) == {1, 2}  # the priority-2 site gives way; it fits nowhere else
    assert after_swap(replace(day, stops=(low, mid, stop(2, 2, service_s=50 * 60, priority=2)))) == {0, 1}
    # The swap costs 1.8 km more driving: taken where 6 priority points are worth more than that.
    assert after_swap(day.worth(10, 0.5)) == {1, 2}
    assert after_swap(day.worth(10, 0.2)) == {0, 1}
