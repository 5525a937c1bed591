"""The monthly bulletin by district: every campaign's raids in the month, ranked.

Ranking: most sites inspected first, then most suspected items, then most goods checked, then the
district's name. Month-on-month change compares the same figures of the month before.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

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


async def monthly_bulletin(uow: UnitOfWork, month: date) -> Bulletin:
    first = month.replace(day=1)
    before = previous_month(first)
    current, previous = await _districts(uow, first), await _districts(uow, before)
    ranked = sorted(current.values(), key=lambda r: (-r.sites_inspected, -r.findings, -r.goods_checked, r.key))
    rows = [DistrictMonth(district=r.label_zh, rank=i, current=r, previous=previous.get(r.key))
            for i, r in enumerate(ranked, start=1)]
    return Bulletin(month=first, previous_month=before, rows=rows)


async def bulletin_as_text(uow: UnitOfWork, month: date, locale: str = "zh-CN") -> str:
    return bulletin_text(await monthly_bulletin(uow, month), locale)


async def write_bulletin(uow: UnitOfWork, month: date, out: Path, *, fmt: str, locale: str = "zh-CN") -> Path:
    if fmt not in BULLETIN_FORMATS:
        raise InvalidInput(f"unknown bulletin format '{fmt}' (use text or xlsx)", code="bad_format", format=fmt)
    bulletin = await monthly_bulletin(uow, month)
    if fmt == "xlsx":
        return await asyncio.to_thread(bulletin_workbook, bulletin, out, locale)
    return await asyncio.to_thread(write_text, out, bulletin_text(bulletin, locale) + "\n")
