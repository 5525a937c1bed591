"""Sites' coordinates checked against where they can be (``domain.places``), per row of a file."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.places import Bounds, coordinate_problem, district_area
from inspection.services.importing.rows import ParsedRow, RowError
from inspection.store.tables import Site


async def check_places(session: AsyncSession, rows: list[ParsedRow], bounds: Bounds | None) -> list[RowError]:
    """A row error for each site at (0, 0), outside ``bounds``, or far from where its district's
    sites are (those on the register and in the file; the median point, so one stray site does not
    move it). Linear in the rows: one area per district."""
    located = [r for r in rows if r.values.get("lat") is not None and r.values.get("lon") is not None]
    if not located:
        return []
    in_file = {r.values["licence_no"] for r in rows}
    points: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)  # district -> licence -> point
    stored = (await session.exec(select(Site.district, Site.licence_no, Site.lat, Site.lon).where(
        col(Site.district).in_({r.values.get("district") or "" for r in located}), col(Site.lat).is_not(None),
        col(Site.active)))).all()
    for district, licence, lat, lon in stored:
        if licence not in in_file and lat is not None and lon is not None:
            points[district][licence] = (lat, lon)
    for r in located:
        lat, lon = r.values["lat"], r.values["lon"]
        if coordinate_problem(lat, lon, bounds) is None:  # an impossible point says nothing of a district
            points[r.values.get("district") or ""][r.values["licence_no"]] = (lat, lon)
    areas = {d: district_area(d, list(found.values())) for d, found in points.items() if d}
    errors: list[RowError] = []
    for r in located:
        district = r.values.get("district") or ""
        problem = coordinate_problem(r.values["lat"], r.values["lon"], bounds, areas.get(district))
        if problem is not None:
            errors.append(RowError(r.row, r.headers.get("lat", ""), problem.code, dict(problem.params)))
    return errors
