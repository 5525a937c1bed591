"""What coordinators do by hand: teams given to districts, each team going to the nearest site.

Each district gets teams in proportion to its sites (the teams whose meeting points are nearest).
Within a district, the team that is free earliest goes to the nearest site it may legally take
and can still finish before the site closes and get back by the end of its shift.
"""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np

from inspection.planning.geometry import distance_matrix
from inspection.planning.insertion import retime
from inspection.planning.model import Route, RouteStop, RoutingProblem, RoutingResult, Stop


def _district_teams(problem: RoutingProblem, districts: list[str]) -> dict[str, list[int]]:
    stops_by = defaultdict(list)
    for s in problem.stops:
        stops_by[s.district].append(s)
    centers = [(float(np.mean([s.lat for s in stops_by[d]])), float(np.mean([s.lon for s in stops_by[d]])))
               for d in districts]
    total = len(problem.stops)
    quota = {d: max(1, round(len(stops_by[d]) / total * len(problem.vehicles))) for d in districts}
    dist = distance_matrix([(v.lat, v.lon) for v in problem.vehicles], centers)
    teams: dict[str, list[int]] = {d: [] for d in districts}
    free = set(range(len(problem.vehicles)))
    for flat in np.argsort(dist, axis=None, kind="stable"):
        v, j = divmod(int(flat), len(districts))
        if v in free and len(teams[districts[j]]) < quota[districts[j]]:
            teams[districts[j]].append(v)
            free.discard(v)
    for v in sorted(free):  # rounding left some over: the district with most sites per team
        d = max(districts, key=lambda x: len(stops_by[x]) / (len(teams[x]) or 0.5))
        teams[d].append(v)
    return teams


def by_district_plan(problem: RoutingProblem) -> RoutingResult:
    started = time.perf_counter()
    districts = sorted({s.district for s in problem.stops})
    teams = _district_teams(problem, districts)
    speed = problem.speed_mps
    routes = [Route(v) for v in range(len(problem.vehicles))]
    for d in districts:
        todo: list[Stop] = [s for s in problem.stops if s.district == d]
        if not todo or not teams[d]:
            continue
        pos = {v: (problem.vehicles[v].lat, problem.vehicles[v].lon) for v in teams[d]}
        clock = {v: problem.vehicles[v].start_s for v in teams[d]}
        active = set(teams[d])
        while todo and active:
            v = min(active, key=lambda x: (clock[x], x))
            veh = problem.vehicles[v]
            out = distance_matrix([pos[v]], [(s.lat, s.lon) for s in todo])[0]
            back = distance_matrix([(s.lat, s.lon) for s in todo], [(veh.lat, veh.lon)])[:, 0]
            chosen = None
            for j in np.argsort(out, kind="stable"):
                s = todo[int(j)]
                if s.allowed is not None and v not in s.allowed:
                    continue
                arrive = max(clock[v] + round(out[j] / speed), s.opens_s)
                done = arrive + s.service_s
                if done <= s.closes_s and done + round(back[j] / speed) <= veh.end_s:
                    chosen = (int(j), arrive, done)
                    break
            if chosen is None:
                active.discard(v)
                continue
            j, arrive, done = chosen
            s = todo.pop(j)
            routes[v].stops.append(RouteStop(s.key, arrive))
            pos[v], clock[v] = (s.lat, s.lon), done
    keyed = {s.key: s for s in problem.stops}
    for route in routes:
        retime(problem, route, keyed)
    visited = {s.key for r in routes for s in r.stops}
    dropped = [s.key for s in problem.stops if s.key not in visited]
    return RoutingResult(routes, dropped, sum(r.travel_m for r in routes), time.perf_counter() - started)
