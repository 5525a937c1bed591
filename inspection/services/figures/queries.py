"""The aggregate queries: every figure is one GROUP BY in the database, never a loop over rows.

Each function takes an open connection and the ``Filters`` of ``scope.py`` (where the counted
things are defined) and returns small plain results: totals, or one row per group.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from inspection.services.figures.scope import (
    TM,
    A,
    F,
    Filters,
    O,
    R,
    S,
    T,
    V,
    count_if,
    inspected,
    sum_if,
    total,
)


def dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


async def visit_totals(conn: AsyncConnection, f: Filters) -> dict[str, int]:
    q = sa.select(
        sa.func.count().label("sites_planned"),
        count_if(inspected()).label("sites_inspected"),
        count_if(V.c.status == "not_reached").label("sites_not_reached"),
        sum_if(inspected(), V.c.goods_checked).label("goods_checked"),
        total(V.c.leaflets).label("leaflets"),
        count_if(V.c.checkin_outside_radius.is_(True)).label("checkins_outside_radius"),
        sa.func.count(sa.distinct(V.c.team_id)).label("teams"),
        sa.func.count(sa.distinct(V.c.raid_id)).label("raids"),
    ).where(*f.visit_conditions())
    row = (await conn.execute(q)).mappings().one()
    return {k: int(v or 0) for k, v in row.items()}


async def member_totals(conn: AsyncConnection, f: Filters) -> dict[str, int]:
    q = sa.select(
        sa.func.count().label("person_times"),
        sa.func.count(sa.distinct(TM.c.officer_id)).label("distinct"),
        sa.func.count(sa.distinct(O.c.agency_id)).label("agencies"),
        sa.func.count(sa.distinct(TM.c.team_id)).label("teams"),
    ).select_from(TM).join(T, T.c.id == TM.c.team_id).join(O, O.c.id == TM.c.officer_id).where(*f.member_conditions())
    row = (await conn.execute(q)).mappings().one()
    return {k: int(v or 0) for k, v in row.items()}


async def findings_grid(conn: AsyncConnection, f: Filters, *columns: sa.ColumnElement[Any]) -> list[dict[str, Any]]:
    """Findings, quantity and value grouped by several columns and the unit at once (one pass over the
    findings); ``fold`` sums the few resulting groups into each single breakdown. The unit is always
    a group key: quantities are summed only within one unit."""
    keys = [c.label(f"k{i}") for i, c in enumerate(columns)]
    q = (
        sa.select(
            *keys,
            F.c.unit.label("unit"),
            sa.func.count().label("findings"),
            total(F.c.quantity).label("quantity"),
            total(F.c.estimated_value_cny).label("value"),
        )
        .select_from(F)
        .join(V, V.c.id == F.c.visit_id)
        .join(S, S.c.id == V.c.site_id)
        .join(R, R.c.id == V.c.raid_id)
        .where(*f.finding_conditions())
        .group_by(*columns, F.c.unit)
    )
    return [dict(r) for r in (await conn.execute(q)).mappings()]


def unit_of(value: Any) -> str:
    """The unit a quantity is counted in, as written (件 when left empty)."""
    return str(value or "").strip() or "件"


def quantities(sums: dict[str, Decimal]) -> tuple[tuple[str, Decimal], ...]:
    """(unit, quantity) pairs, the largest quantity first."""
    return tuple(sorted(sums.items(), key=lambda p: (-p[1], p[0])))


def fold(grid: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Sum grid groups sharing column ``key`` (``k0``, ``k1``..., or ``unit``): most findings first.
    Each row's ``quantities`` are (unit, sum) pairs: a quantity is never added across units."""
    sums: dict[Any, dict[str, Any]] = {}
    for g in grid:
        k = unit_of(g[key]) if key == "unit" else g[key]
        row = sums.setdefault(k, {"key": k, "findings": 0, "value": Decimal(0), "units": {}})
        row["findings"] += int(g["findings"])
        row["value"] += dec(g["value"])
        unit = unit_of(g["unit"])
        row["units"][unit] = row["units"].get(unit, Decimal(0)) + dec(g["quantity"])
    for row in sums.values():
        row["quantities"] = quantities(row.pop("units"))
    return sorted(sums.values(), key=lambda r: (-r["findings"], str(r["key"])))


async def visits_by(conn: AsyncConnection, f: Filters, column: sa.ColumnElement[Any]) -> list[dict[str, Any]]:
    """Planned and inspected sites, goods checked and leaflets grouped by a column of the site."""
    q = (
        sa.select(
            column.label("key"),
            sa.func.count().label("sites_planned"),
            count_if(inspected()).label("sites_inspected"),
            sum_if(inspected(), V.c.goods_checked).label("goods_checked"),
            total(V.c.leaflets).label("leaflets"),
        )
        .select_from(V)
        .join(S, S.c.id == V.c.site_id)
        .where(*f.visit_conditions())
        .group_by(column)
        .order_by(column)
    )
    return [dict(r) for r in (await conn.execute(q)).mappings()]


async def not_reached_reasons(conn: AsyncConnection, f: Filters) -> list[tuple[str, int]]:
    q = (
        sa.select(V.c.not_reached_reason, sa.func.count())
        .where(*f.visit_conditions(), V.c.status == "not_reached")
        .group_by(V.c.not_reached_reason)
        .order_by(sa.func.count().desc(), V.c.not_reached_reason)
    )
    return [(str(r[0] or ""), int(r[1])) for r in await conn.execute(q)]


async def agency_rows(conn: AsyncConnection, f: Filters) -> list[dict[str, Any]]:
    """Per agency: its officers deployed, and the sites and suspected items of the teams it took part in
    (the same rule as an agency's part in ``Filters``: the row equals the agency-filtered figures)."""
    members = (
        sa.select(
            O.c.agency_id.label("agency_id"),
            sa.func.count().label("officers_person_times"),
            sa.func.count(sa.distinct(TM.c.officer_id)).label("officers_distinct"),
        )
        .select_from(TM).join(T, T.c.id == TM.c.team_id).join(O, O.c.id == TM.c.officer_id)
        .where(*f.member_conditions())
        .group_by(O.c.agency_id)
    )
    pairs = (
        sa.select(TM.c.team_id, O.c.agency_id)
        .join(O, O.c.id == TM.c.officer_id)
        .where(TM.c.reply != "declined")
        .distinct()
        .subquery()
    )
    visits = (
        sa.select(
            pairs.c.agency_id,
            sa.func.count().label("sites_planned"),
            count_if(inspected()).label("sites_inspected"),
            sum_if(inspected(), V.c.goods_checked).label("goods_checked"),
            total(V.c.leaflets).label("leaflets"),
        )
        .select_from(V).join(pairs, pairs.c.team_id == V.c.team_id)
        .where(*f.visit_conditions())
        .group_by(pairs.c.agency_id)
    )
    if f.agency_id is not None:
        visits = visits.where(pairs.c.agency_id == f.agency_id)
    found = (
        sa.select(
            pairs.c.agency_id, F.c.unit, sa.func.count().label("findings"),
            total(F.c.quantity).label("quantity"), total(F.c.estimated_value_cny).label("value"),
        )
        .select_from(F).join(V, V.c.id == F.c.visit_id).join(pairs, pairs.c.team_id == V.c.team_id)
        .where(*f.finding_conditions())
        .group_by(pairs.c.agency_id, F.c.unit)
    )
    if f.agency_id is not None:
        found = found.where(pairs.c.agency_id == f.agency_id)
    rows: dict[int, dict[str, Any]] = {}
    for q in (members, visits):
        for r in (await conn.execute(q)).mappings():
            rows.setdefault(int(r["agency_id"]), {}).update({k: v for k, v in r.items() if k != "agency_id"})
    grid = [dict(r) for r in (await conn.execute(found)).mappings()]
    for folded in fold(grid, "agency_id"):
        rows.setdefault(int(folded["key"]), {}).update({k: v for k, v in folded.items() if k != "key"})
    if not rows:
        return []
    names = await conn.execute(sa.select(A.c.id, A.c.code, A.c.name_zh, A.c.name_en).where(A.c.id.in_(rows)))
    out = []
    for agency_id, code, zh, en in names:
        out.append({"key": code, "label_zh": zh, "label_en": en or code, **rows[agency_id]})
    return sorted(out, key=lambda r: (-int(r.get("officers_person_times") or 0), r["key"]))


async def top_brands(conn: AsyncConnection, f: Filters, limit: int = 10) -> list[dict[str, Any]]:
    """The brands with most suspected items, each with its quantities by unit."""
    q = (
        sa.select(
            F.c.brand, F.c.rights_holder, F.c.unit, sa.func.count().label("findings"),
            total(F.c.quantity).label("quantity"), total(F.c.estimated_value_cny).label("value"),
        )
        .select_from(F).join(V, V.c.id == F.c.visit_id)
        .where(*f.finding_conditions(), F.c.brand != "")
        .group_by(F.c.brand, F.c.rights_holder, F.c.unit)
    )
    grid = [{**dict(r), "pair": (r["brand"], r["rights_holder"])} for r in (await conn.execute(q)).mappings()]
    brands = fold(grid, "pair")
    brands.sort(key=lambda r: (-r["findings"], r["key"]))
    return [{"brand": r["key"][0], "rights_holder": r["key"][1], **r} for r in brands[:limit]]


async def daily(conn: AsyncConnection, f: Filters, findings_by_day: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sites inspected and goods checked per raid day, joined with the findings per day (folded)."""
    visits = (
        sa.select(
            R.c.raid_date.label("day"),
            count_if(inspected()).label("sites_inspected"),
            sum_if(inspected(), V.c.goods_checked).label("goods_checked"),
        )
        .select_from(V).join(R, R.c.id == V.c.raid_id)
        .where(*f.visit_conditions())
        .group_by(R.c.raid_date)
    )
    days: dict[Any, dict[str, Any]] = {}
    for row in (await conn.execute(visits)).mappings():
        days[row["day"]] = dict(row)
    for found in findings_by_day:
        days.setdefault(found["key"], {"day": found["key"]})["findings"] = found["findings"]
    return [days[d] for d in sorted(days)]


async def top_sites(conn: AsyncConnection, f: Filters, limit: int = 3) -> tuple[list[str], list[str]]:
    """Names of the sites where most goods were checked, and the distinct types of inspected sites."""
    q = (
        sa.select(S.c.name)
        .select_from(V).join(S, S.c.id == V.c.site_id)
        .where(*f.visit_conditions(), inspected())
        .group_by(S.c.id, S.c.name)
        .order_by(sa.func.sum(V.c.goods_checked).desc(), S.c.id)
        .limit(limit)
    )
    names = [str(r[0]) for r in await conn.execute(q)]
    types_q = (
        sa.select(S.c.site_type).select_from(V).join(S, S.c.id == V.c.site_id)
        .where(*f.visit_conditions(), inspected()).distinct().order_by(S.c.site_type)
    )
    return names, [str(r[0]) for r in await conn.execute(types_q)]
