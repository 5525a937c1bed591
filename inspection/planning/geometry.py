"""Distances on the WGS-84 ellipsoid for many points at once.

``distance_matrix`` uses the Andoyer-Lambert correction to the great-circle distance on reduced
latitudes: within a metre of the exact geodesic (geopy's ``geodesic``) at county scale, and fast
enough for a 1,000 x 1,000 matrix (a road-distance matrix can replace it later).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563


Points = Sequence[tuple[float, float]] | NDArray[np.float64]


def distance_matrix(points_a: Points, points_b: Points | None = None) -> NDArray[np.float64]:
    """Metres between every (lat, lon) of ``points_a`` and every one of ``points_b`` (default: a)."""
    a = np.radians(np.asarray(points_a, dtype=np.float64).reshape(-1, 2))
    b = a if points_b is None else np.radians(np.asarray(points_b, dtype=np.float64).reshape(-1, 2))
    beta_a = np.arctan((1 - WGS84_F) * np.tan(a[:, 0]))[:, None]
    beta_b = np.arctan((1 - WGS84_F) * np.tan(b[:, 0]))[None, :]
    dlon = a[:, 1][:, None] - b[:, 1][None, :]
    hav = np.sin((beta_b - beta_a) / 2) ** 2 + np.cos(beta_a) * np.cos(beta_b) * np.sin(dlon / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(hav, 0.0, 1.0)))
    p = (beta_a + beta_b) / 2
    q = (beta_b - beta_a) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * np.sin(p) ** 2 * np.cos(q) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * np.cos(p) ** 2 * np.sin(q) ** 2 / np.sin(sigma / 2) ** 2
        d = WGS84_A * (sigma - WGS84_F / 2 * (x + y))
    return np.where(sigma > 1e-12, d, 0.0)

