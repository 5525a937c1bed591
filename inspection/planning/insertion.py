"""Route arithmetic outside the solver: arrival times along a route, and inserting dropped sites.

Arrivals are as early as possible: leave the meeting point at the shift start, wait at a site
that is not open yet, serve, drive on. Travel time is geodesic distance at the problem's speed.
"""

from __future__ import annotations

import numpy as np

from inspection.planning.geometry import distance_matrix
from inspection.planning.model import Route, RouteStop, RoutingProblem, Stop

MAX_TRIES = 40  # cheapest insertion places checked per site: beyond them a day is full, not unlucky


def _secs(metres: float, speed_mps: float) -> int:
    return int(round(round(metres) / speed_mps))


def arrivals(problem: RoutingProblem, vehicle: int, stops: list[Stop], legs: list[float]) -> list[int] | None:
    """Arrival times at ``stops`` (legs has one more entry, the way back), or None if infeasible."""
    v = problem.vehicles[vehicle]
    clock = v.start_s
    times = []
    for stop, leg in zip(stops, legs, strict=False):
        clock = max(clock + _secs(leg, problem.speed_mps), stop.opens_s)
        if clock + stop.service_s > stop.closes_s:
            return None
        times.append(clock)
        clock += stop.service_s
    clock += _secs(legs[-1], problem.speed_mps)
    return times if clock <= v.end_s else None


def route_legs(problem: RoutingProblem, vehicle: int, stops: list[Stop]) -> list[float]:
    v = problem.vehicles[vehicle]
    points = [(v.lat, v.lon)] + [(s.lat, s.lon) for s in stops] + [(v.lat, v.lon)]
    if len(points) == 2:
        return [0.0]
    matrix = distance_matrix(points)
    return [float(matrix[i, i + 1]) for i in range(len(points) - 1)]


def retime(problem: RoutingProblem, route: Route, keyed: dict[int, Stop]) -> None:
    """Set the arrival times, travel and return time of ``route`` from its order of stops."""
    stops = [keyed[s.key] for s in route.stops]
    legs = route_legs(problem, route.vehicle, stops)
    v = problem.vehicles[route.vehicle]
    clock = v.start_s
    out = []
    for stop, leg in zip(stops, legs, strict=False):
        clock = max(clock + _secs(leg, problem.speed_mps), stop.opens_s)
        out.append(RouteStop(stop.key, clock))
        clock += stop.service_s
    route.stops = out
    route.return_s = clock + _secs(legs[-1], problem.speed_mps) if stops else v.start_s
    route.travel_m = travel_m(legs) if stops else 0


def windows(problem: RoutingProblem, vehicle: int, stops: list[Stop], legs: list[float]) -> tuple[list[int], list[int]]:
    """For a feasible route: when the team leaves each node (meeting point first), and the latest
    it may arrive at each node (the meeting point last) with the rest of the route still fitting."""
    v = problem.vehicles[vehicle]
    secs = [_secs(leg, problem.speed_mps) for leg in legs]
    clock, leave = v.start_s, [v.start_s]
    for stop, t in zip(stops, secs, strict=False):
        clock = max(clock + t, stop.opens_s) + stop.service_s
        leave.append(clock)
    latest = [v.end_s]
    for stop, t in zip(reversed(stops), reversed(secs[1:]), strict=True):
        latest.append(min(stop.closes_s, latest[-1] - t) - stop.service_s)
    latest.reverse()
    return leave, latest


def fits(stop: Stop, leave: list[int], latest: list[int], p: int, to_site: int, from_site: int) -> bool:
    """Whether ``stop`` fits into a feasible route before its node ``p`` (1 = first stop), given
    the route's ``windows`` and the driving seconds to the site and on from it."""
    arrive = max(leave[p - 1] + to_site, stop.opens_s)
    return arrive + stop.service_s <= stop.closes_s and arrive + stop.service_s + from_site <= latest[p - 1]


def insert_dropped(problem: RoutingProblem, routes: list[Route]) -> list[Route]:
    """Insert unvisited sites, highest priority first, where they add the least distance and fit,
    and less distance than the site is worth (``RoutingProblem.drop_cost``).

    Only the ``MAX_TRIES`` cheapest places are checked for each site, so a full day (hundreds of
    sites left over) costs seconds, not minutes. A place is checked in constant time: the site
    must fit between leaving the stop before it and its own closing, and the stop after it must
    still be reached by the latest arrival that keeps the rest of the route (``windows``).
    """
    index = {s.key: i for i, s in enumerate(problem.stops)}
    visited = {s.key for r in routes for s in r.stops}
    dropped = sorted((i for i, s in enumerate(problem.stops) if s.key not in visited),
                     key=lambda i: (-problem.stops[i].priority, problem.stops[i].key))
    if not dropped:
        return routes
    n_v, speed = len(problem.vehicles), problem.speed_mps
    points = np.asarray([(v.lat, v.lon) for v in problem.vehicles] + [(s.lat, s.lon) for s in problem.stops])
    seqs = [[problem.stops[index[s.key]] for s in r.stops] for r in routes]
    legs = [np.asarray(route_legs(problem, r.vehicle, seqs[n])) for n, r in enumerate(routes)]
    nodes = [np.asarray([r.vehicle] + [n_v + index[s.key] for s in r.stops] + [r.vehicle]) for r in routes]
    spans = [windows(problem, r.vehicle, seqs[n], list(legs[n])) for n, r in enumerate(routes)]
    # Seconds between the return to the meeting point and the end of the shift.
    spare = [spans[n][1][-1] - spans[n][0][-1] - _secs(legs[n][-1], speed) for n in range(len(routes))]
    for i in dropped:
        stop = problem.stops[i]
        # A route whose spare time at the end cannot hold this site's service takes it nowhere.
        allowed = [n for n, r in enumerate(routes) if (stop.allowed is None or r.vehicle in stop.allowed)
                   and spare[n] >= stop.service_s]
        if not allowed:
            continue
        d = distance_matrix(points[n_v + i: n_v + i + 1], points)[0]  # one row at a time, never dropped x all
        # Extra distance of every insertion place (route n, before position p), cheapest first.
        deltas = np.concatenate([d[nodes[n][:-1]] + d[nodes[n][1:]] - legs[n] for n in allowed])
        ends = np.cumsum([len(nodes[n]) - 1 for n in allowed])
        for flat in np.argsort(deltas, kind="stable")[:MAX_TRIES]:
            if deltas[flat] >= problem.drop_cost(stop.priority):
                break  # the detour costs more than the site is worth (cheapest places first)
            k = int(np.searchsorted(ends, flat, side="right"))
            n, p = allowed[k], int(flat) - (int(ends[k - 1]) if k else 0) + 1
            new_legs = _legs_if_fits(problem, stop, spans[n], list(legs[n]), nodes[n], d, p)
            if new_legs is None:
                continue
            seqs[n] = seqs[n][: p - 1] + [stop] + seqs[n][p - 1:]
            legs[n], nodes[n] = np.asarray(new_legs), np.insert(nodes[n], p, n_v + i)
            spans[n] = windows(problem, routes[n].vehicle, seqs[n], new_legs)
            spare[n] = spans[n][1][-1] - spans[n][0][-1] - _secs(new_legs[-1], speed)
            routes[n].stops = [RouteStop(s.key, 0) for s in seqs[n]]
            break
    return routes


SWAP_CANDIDATES = 16  # visited sites of lower priority, nearest first, whose place a left-out site may take


def swap_in(problem: RoutingProblem, routes: list[Route]) -> list[Route]:
    """Take left-out sites in place of visited ones of lower priority where only that makes room.

    On a day the shifts cannot hold, the first plan leaves out sites where the teams allowed to
    take them (a specialist's shop, say) are full, whatever their priority. Highest priority first,
    each left-out site looks at the ``SWAP_CANDIDATES`` nearest visited sites of lower priority on
    routes of teams allowed to take it: would the route, without that site, hold this one (at its
    cheapest feasible place)? The swap worth most is made: what the priorities are worth
    (``RoutingProblem.drop_cost``) less the extra travel, if that is above zero. A route keeps its
    number of stops (the balance cost does not change), so the plan's cost only falls. The sites
    swapped out are then inserted wherever a route still has room (``insert_dropped``).
    """
    index = {s.key: i for i, s in enumerate(problem.stops)}
    seqs = [[index[s.key] for s in r.stops] for r in routes]
    route_of = np.full(len(problem.stops), -1)
    for n, seq in enumerate(seqs):
        route_of[seq] = n
    dropped = sorted(np.flatnonzero(route_of < 0).tolist(),
                     key=lambda i: (-problem.stops[i].priority, problem.stops[i].key))
    if not dropped or len(dropped) == len(problem.stops):
        return routes
    n_v = len(problem.vehicles)
    points = np.asarray([(v.lat, v.lon) for v in problem.vehicles] + [(s.lat, s.lon) for s in problem.stops])
    priority = np.asarray([s.priority for s in problem.stops])
    vehicle_of = np.asarray([r.vehicle for r in routes])
    legs = [route_legs(problem, r.vehicle, [problem.stops[k] for k in seqs[n]]) for n, r in enumerate(routes)]
    swapped = False
    for i in dropped:
        stop = problem.stops[i]
        on = (route_of >= 0) & (priority < stop.priority)
        if stop.allowed is not None:
            on &= np.isin(vehicle_of[np.maximum(route_of, 0)], list(stop.allowed))
        candidates = np.flatnonzero(on)
        if not len(candidates):
            continue
        d = distance_matrix(points[n_v + i: n_v + i + 1], points)[0]
        best: tuple[int, int, list[int], list[float]] | None = None  # gain, route, its new stops and legs
        for j in candidates[np.argsort(d[n_v + candidates], kind="stable")[:SWAP_CANDIDATES]]:
            n = int(route_of[j])
            q = seqs[n].index(int(j))
            seq = seqs[n][:q] + seqs[n][q + 1:]
            nodes = np.asarray([routes[n].vehicle] + [n_v + k for k in seq] + [routes[n].vehicle])
            bridge = float(distance_matrix(points[nodes[q: q + 1]], points[nodes[q + 1: q + 2]])[0, 0])
            place = _cheapest_place(problem, routes[n].vehicle, seq, legs[n][:q] + [bridge] + legs[n][q + 2:],
                                    nodes, i, d)
            if place is not None:
                extra = travel_m(place[1]) - travel_m(legs[n])
                gain = problem.drop_cost(stop.priority) - problem.drop_cost(int(priority[j])) - extra
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, n, *place)
        if best is None:
            continue
        _, n, seq, legs[n] = best
        route_of[seqs[n]] = -1
        route_of[seq] = n
        seqs[n] = seq
        routes[n].stops = [RouteStop(problem.stops[k].key, 0) for k in seq]
        swapped = True
    return insert_dropped(problem, routes) if swapped else routes


def travel_m(legs: list[float]) -> int:
    """A route's travel in metres from its legs: each leg rounded, as the solver counts it."""
    return int(sum(round(leg) for leg in legs))


def _cheapest_place(problem: RoutingProblem, vehicle: int, seq: list[int], legs: list[float], nodes: np.ndarray,
                    i: int, d: np.ndarray) -> tuple[list[int], list[float]] | None:
    """Stop ``i`` at the cheapest place it fits in route ``seq`` (its ``legs`` and ``nodes``, ``d``
    the stop's distances to every node): the new route and its legs, or None where it fits nowhere."""
    stops = [problem.stops[k] for k in seq]
    if arrivals(problem, vehicle, stops, legs) is None:
        return None  # taking a site out can break a route by a second of rounding: no place then
    span = windows(problem, vehicle, stops, legs)
    for q in np.argsort(d[nodes[:-1]] + d[nodes[1:]] - np.asarray(legs), kind="stable")[:MAX_TRIES]:
        p = int(q) + 1
        new_legs = _legs_if_fits(problem, problem.stops[i], span, legs, nodes, d, p)
        if new_legs is not None:
            return seq[: p - 1] + [i] + seq[p - 1:], new_legs
    return None


def _legs_if_fits(problem: RoutingProblem, stop: Stop, span: tuple[list[int], list[int]], legs: list[float],
                  nodes: np.ndarray, d: np.ndarray, p: int) -> list[float] | None:
    """A feasible route's ``legs`` with ``stop`` before its node ``p``, if it fits there (``fits``,
    given the route's ``windows`` and ``d``, the stop's distances to every node); else None."""
    to_site, from_site = float(d[nodes[p - 1]]), float(d[nodes[p]])
    if not fits(stop, *span, p, _secs(to_site, problem.speed_mps), _secs(from_site, problem.speed_mps)):
        return None
    return [*legs[: p - 1], to_site, from_site, *legs[p:]]
