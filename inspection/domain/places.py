"""Where a site can plausibly be: not (0, 0), inside the jurisdiction's area, near its district.

The area is a configured bounding box (``[planning] area``) when there is one; a site's district
is judged by the district's located sites: a site farther from their median point than
``max(MIN_RADIUS_KM, SPREAD_FACTOR x their median distance from it)`` is refused. Too few sites
(fewer than ``MIN_SITES``) give no judgement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from geopy.distance import geodesic

from inspection.domain.teams import Problem

MIN_SITES = 4
MIN_RADIUS_KM = 30.0
SPREAD_FACTOR = 4.0
ZERO = 1e-6


@dataclass(frozen=True)
class Bounds:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class DistrictArea:
    """Where a district's sites are: around (``lat``, ``lon``) within ``radius_km``."""

    district: str
    lat: float
    lon: float
    radius_km: float


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic(a, b).kilometers)


def district_area(district: str, points: Sequence[tuple[float, float]]) -> DistrictArea | None:
    """The area of ``district`` from its sites' coordinates, or None with too few of them."""
    if len(points) < MIN_SITES:
        return None
    centre = (median(p[0] for p in points), median(p[1] for p in points))
    spread = median(km(centre, p) for p in points)
    return DistrictArea(district, centre[0], centre[1], max(MIN_RADIUS_KM, SPREAD_FACTOR * spread))


def coordinate_problem(lat: float, lon: float, bounds: Bounds | None = None,
                       area: DistrictArea | None = None) -> Problem | None:
    """Why (``lat``, ``lon``) cannot be where the site is, or None when it can."""
    if abs(lat) < ZERO and abs(lon) < ZERO:
        return Problem("coordinates_zero", {"lat": lat, "lon": lon})
    if bounds is not None and not bounds.contains(lat, lon):
        return Problem("coordinates_outside_area", {"lat": lat, "lon": lon, "south": bounds.south,
                                                    "west": bounds.west, "north": bounds.north, "east": bounds.east})
    if area is not None and km((area.lat, area.lon), (lat, lon)) > area.radius_km:
        return Problem("coordinates_outside", {"lat": lat, "lon": lon, "district": area.district,
                                               "centre_lat": round(area.lat, 3), "centre_lon": round(area.lon, 3),
                                               "radius": round(area.radius_km)})
    return None
