"""The monthly bulletin by district: every campaign's raids in the month, ranked.

Every district of the jurisdiction is listed, inspected this month or not (the laggards are the
point of 一月一通报): the configured districts (``[reports] districts``, in their official order),
then any other district of a registered site. Ranking: most sites inspected first, then most
suspected items, then most goods checked; districts equal on all three share a rank. Month-on-month
change compares the same figures of the month before (zero when the district had none).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from inspection.domain.errors import InvalidInput
from inspection.reports.bulletin import bulletin_text, bulletin_workbook
from inspection.reports.model import Bulletin, DistrictMonth, GroupRow
from inspection.services.figures import queries as q
from inspection.services.figures.campaign import group_row, merged
from inspection.services.figures.documents import write_text
from inspection.services.figures.periods import month_end, previous_month
from inspection.services.figures.scope import Filters, S, aggregate_connection
from inspection.store.engine import UnitOfWork

BULLETIN_FORMATS = ("text", "xlsx")


async def _districts(uow: UnitOfWork, first: date) -> dict[str, GroupRow]:
    filters = Filters(start=first, end=month_end(first))
    async with uow() as s:
        conn = await aggregate_connection(s)
        found = q.fold(await q.findings_grid(conn, filters, S.c.district), "k0")
        rows = merged(await q.visits_by(conn, filters, S.c.district), found)
    return {str(r["key"] or ""): group_row(r, str(r["key"]) or "未注明", str(r["key"]) or "unspecified") for r in rows}


async def jurisdiction_districts(uow: UnitOfWork, configured: Sequence[str] = ()) -> list[str]:
    """Every district of the jurisdiction: the configured ones in their order, then those of registered
    sites (by name)."""
    async with uow() as s:
        conn = await s.connection()
        registered = [str(r[0]) for r in await conn.execute(
            sa.select(S.c.district).where(S.c.district != "").distinct().order_by(S.c.district))]
    listed = [d for d in dict.fromkeys(d.strip() for d in configured) if d]
    return listed + [d for d in registered if d not in listed]


def _score(r: GroupRow) -> tuple[int, int, int]:
    return (r.sites_inspected, r.findings, r.goods_checked)


async def monthly_bulletin(uow: UnitOfWork, month: date, districts: Sequence[str] = ()) -> Bulletin:
    first = month.replace(day=1)
    before = previous_month(first)
    current, previous = await _districts(uow, first), await _districts(uow, before)
    order = await jurisdiction_districts(uow, districts)
    order += [k for k in [*current, *previous] if k not in order]
    rows_now = [current.get(d) or GroupRow(key=d, label_zh=d or "未注明", label_en=d or "unspecified") for d in order]
    ranked = sorted(rows_now, key=lambda r: tuple(-v for v in _score(r)))  # stable: equal ones keep the order
    rows: list[DistrictMonth] = []
    for i, r in enumerate(ranked, start=1):
        rank = rows[-1].rank if rows and _score(rows[-1].current) == _score(r) else i
        rows.append(DistrictMonth(district=r.label_zh, rank=rank, current=r, previous=previous.get(r.key)))
    return Bulletin(month=first, previous_month=before, rows=rows)


async def bulletin_as_text(uow: UnitOfWork, month: date, locale: str = "zh-CN", districts: Sequence[str] = ()) -> str:
    return bulletin_text(await monthly_bulletin(uow, month, districts), locale)


async def write_bulletin(uow: UnitOfWork, month: date, out: Path, *, fmt: str, locale: str = "zh-CN",
                         districts: Sequence[str] = ()) -> Path:
    if fmt not in BULLETIN_FORMATS:
        raise InvalidInput(f"unknown bulletin format '{fmt}' (use text or xlsx)", code="bad_format", format=fmt)
    bulletin = await monthly_bulletin(uow, month, districts)
    if fmt == "xlsx":
        return await asyncio.to_thread(bulletin_workbook, bulletin, out, locale)
    return await asyncio.to_thread(write_text, out, bulletin_text(bulletin, locale) + "\n")
