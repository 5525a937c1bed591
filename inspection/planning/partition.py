"""Splitting a raid day into parts small enough to solve well: by meeting point, then by area.

1. Teams that meet at the same place form a depot group; each site goes to the nearest group
   with a team allowed to take it.
2. A group with more work (service time) than its teams' shifts can hold passes its sites that
   are closest to another group with room over to that group, if that group is at most
   ``PASS_MAX_DETOUR_M`` farther: on a day with more work than teams, sending sites across the
   prefecture costs more sites (driving time) than it saves.
   A site whose nearest group with a legal team is more than ``PASS_MAX_DETOUR_M`` farther than its
   nearest group is *foreign*: it is placed last, only where the group's shifts still have room for
   it and the drive, and otherwise left out of the first plan (the insertion and the improvement
   phase may still take it where that pays).
3. A group with many sites is split by k-means (seeded start: deterministic) into areas of about
   ``stops_per_part`` sites; its teams are shared out in proportion to each area's work, and a site
   whose area got no team allowed to take it moves to the nearest area that has one.
"""

from __future__ import annotations

import math

import numpy as np

from inspection.planning.geometry import distance_matrix
from inspection.planning.model import RoutingProblem

WORK_SHARE_OF_SHIFT = 0.8  # the rest of a shift goes to driving
PASS_MAX_DETOUR_M = 3_000  # an overfull group passes a site on only to a group about as near


def kmeans(points: np.ndarray, k: int, iterations: int = 15) -> np.ndarray:
    """Cluster labels for ``points`` (projected metres), every label 0..k-1 used."""
    k = max(1, min(k, len(points)))
    c = points[np.random.default_rng(0).choice(len(points), size=k, replace=False)].copy()
    labels = np.zeros(len(points), dtype=int)
    for _ in range(iterations):
        labels = np.argmin(np.linalg.norm(points[:, None, :] - c[None, :, :], axis=2), axis=1)
        for j in range(k):
            if np.any(labels == j):
                c[j] = points[labels == j].mean(axis=0)
    _, dense = np.unique(labels, return_inverse=True)
    return dense.reshape(-1)


def project(latlon: np.ndarray) -> np.ndarray:
    lat0 = math.radians(float(latlon[:, 0].mean()))
    return np.column_stack([latlon[:, 0] * 111_320.0, latlon[:, 1] * 111_320.0 * math.cos(lat0)])


def quotas(work: list[float], count: int) -> list[int]:
    """``count`` shared in proportion to ``work``, at least one each while there are enough."""
    total = sum(work) or 1.0
    raw = [w / total * count for w in work]
    out = [max(1, int(r)) for r in raw]
    while sum(out) > count:
        j = max(range(len(out)), key=lambda j: (out[j] - raw[j], out[j]))
        out[j] -= 1
    while sum(out) < count:
        out[max(range(len(out)), key=lambda j: raw[j] - out[j])] += 1
    return out


def _depot_groups(problem: RoutingProblem) -> list[list[int]]:
    groups: dict[tuple[float, float], list[int]] = {}
    for v, vehicle in enumerate(problem.vehicles):
        groups.setdefault((round(vehicle.lat, 3), round(vehicle.lon, 3)), []).append(v)
    return list(groups.values())


def _assign_to_groups(problem: RoutingProblem, groups: list[list[int]]) -> list[list[int]]:
    stops = problem.stops
    depots = [(problem.vehicles[g[0]].lat, problem.vehicles[g[0]].lon) for g in groups]
    dist = distance_matrix([(s.lat, s.lon) for s in stops], depots)
    capacity = [WORK_SHARE_OF_SHIFT * sum(problem.vehicles[v].end_s - problem.vehicles[v].start_s for v in g)
                for g in groups]
    members = [frozenset(g) for g in groups]
    allowed = [[s.allowed is None or not s.allowed.isdisjoint(g) for g in members] for s in stops]
    nearest = [int(np.argmin(dist[i])) for i in range(len(stops))]
    owner: list[int | None] = []
    for i in range(len(stops)):
        options = (int(j) for j in np.argsort(dist[i], kind="stable") if allowed[i][j])
        owner.append(next(options, nearest[i]))
    # A site only a far group may take (a pharmacy in a town whose teams have no drug officer) is
    # foreign: it waits until every group's own sites are placed, and takes room that is left.
    foreign = {i for i, o in enumerate(owner) if o is not None and dist[i, o] - dist[i, nearest[i]] > PASS_MAX_DETOUR_M}
    work = [0.0] * len(groups)
    for i, j in enumerate(owner):
        if j is not None and i not in foreign:
            work[j] += stops[i].service_s
    for j in range(len(groups)):
        if work[j] <= capacity[j]:
            continue
        moves = sorted(
            ((dist[i, o] - dist[i, j], i, o) for i in range(len(stops)) if owner[i] == j and i not in foreign
             for o in range(len(groups)) if o != j and allowed[i][o] and dist[i, o] - dist[i, j] <= PASS_MAX_DETOUR_M),
        )
        for _, i, o in moves:
            if work[j] <= capacity[j]:
                break
            if owner[i] == j and work[o] + stops[i].service_s <= capacity[o]:
                owner[i] = o
                work[j] -= stops[i].service_s
                work[o] += stops[i].service_s
    # Foreign sites, nearest first, while the group taking them has room for the site and the drive
    # there and back (shared by the foreign sites it fetches from the same place). On a day with
    # more work than the shifts hold, a drive across the county to one site costs several sites at
    # home; the rest are left to the first plan's insertion, which weighs that trade.
    trips: dict[tuple[int, int], int] = {}
    for i in foreign:
        key = (nearest[i], owner[i] or 0)
        trips[key] = trips.get(key, 0) + 1
    for i in sorted(foreign, key=lambda i: (dist[i, owner[i] or 0], i)):
        o = owner[i] or 0
        drive = 2 * float(dist[i, o]) / problem.speed_mps / trips[nearest[i], o]
        if work[o] + stops[i].service_s + drive <= capacity[o]:
            work[o] += stops[i].service_s + drive
        else:
            owner[i] = None
    return [[i for i in range(len(stops)) if owner[i] == j] for j in range(len(groups))]


def _split_group(problem: RoutingProblem, vehicles: list[int], stop_ids: list[int],
                 stops_per_part: int) -> list[tuple[list[int], list[int]]]:
    k = min(len(vehicles), round(len(stop_ids) / stops_per_part))
    if k <= 1 or not stop_ids:
        return [(vehicles, stop_ids)]
    latlon = np.array([(problem.stops[i].lat, problem.stops[i].lon) for i in stop_ids])
    labels = kmeans(project(latlon), k)
    k = int(labels.max()) + 1
    work = [float(sum(problem.stops[stop_ids[n]].service_s for n in np.flatnonzero(labels == j))) for j in range(k)]
    share = quotas(work, len(vehicles))
    parts: list[tuple[list[int], list[int]]] = []
    rest = list(vehicles)
    # Specialist teams (allowed at fewer sites) are dealt out first, round-robin over the areas.
    reach = {v: sum(1 for i in stop_ids if (a := problem.stops[i].allowed) is None or v in a)
             for v in vehicles}
    rest.sort(key=lambda v: (reach[v], v))
    assigned: list[list[int]] = [[] for _ in range(k)]
    j = 0
    for v in rest:
        while len(assigned[j % k]) >= share[j % k]:
            j += 1
        assigned[j % k].append(v)
        j += 1
    centers = [latlon[labels == j].mean(axis=0) for j in range(k)]
    members: list[list[int]] = [[] for _ in range(k)]
    for n, i in enumerate(stop_ids):
        j = int(labels[n])
        s = problem.stops[i]
        if s.allowed is not None and not s.allowed & set(assigned[j]):
            order = np.argsort([np.linalg.norm(latlon[n] - c) for c in centers], kind="stable")
            j = next((int(o) for o in order if s.allowed & set(assigned[int(o)])), j)
        members[j].append(i)
    parts = [(assigned[j], members[j]) for j in range(k)]
    return parts


def partition(problem: RoutingProblem, stops_per_part: int) -> list[tuple[list[int], list[int]]]:
    """(vehicle indexes, stop indexes) for each part of the day."""
    groups = _depot_groups(problem)
    parts = []
    for vehicles, stop_ids in zip(groups, _assign_to_groups(problem, groups), strict=True):
        parts += _split_group(problem, vehicles, stop_ids, stops_per_part)
    return [p for p in parts if p[0] or p[1]]
