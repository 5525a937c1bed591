"""The full findings list of a campaign, streamed from the database row by row (server-side cursor,
``yield_per``) into CSV or XLSX, so memory stays flat however large the campaign is."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from inspection.domain.errors import InvalidInput
from inspection.reports.csvout import ENCODING, FindingsCsvWriter
from inspection.reports.model import FindingRow
from inspection.reports.xlsx import XLSX_MAX_ROWS, FindingsXlsxWriter
from inspection.services.figures.campaign import campaign_filters
from inspection.services.figures.queries import dec
from inspection.services.figures.scope import E, F, Filters, O, R, S, T, V, aggregate_connection
from inspection.store.engine import UnitOfWork

BATCH = 2000
EXPORT_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    sheets: int  # XLSX sheets holding findings (1 for CSV)


def findings_query(filters: Filters, dialect: str, *, limit: int | None = None) -> sa.Select[Any]:
    paths = (sa.func.string_agg(E.c.file_path, aggregate_order_by(sa.literal_column("' '"), E.c.id))
             if dialect == "postgresql" else sa.func.group_concat(E.c.file_path, " "))  # SQLite: index order
    photo_rows = sa.select(E.c.finding_id, paths.label("paths")).where(E.c.finding_id.isnot(None))
    if limit is not None:  # only the photos of the findings listed, not of the whole campaign
        first = (sa.select(F.c.id).select_from(F).join(V, V.c.id == F.c.visit_id)
                 .where(*filters.finding_conditions()).order_by(F.c.id).limit(limit).subquery("first"))
        photo_rows = photo_rows.where(E.c.finding_id.in_(sa.select(first.c.id)))
    photos = photo_rows.group_by(E.c.finding_id).subquery("photos")
    q = (
        sa.select(
            F.c.id, R.c.raid_date, S.c.name, S.c.district, S.c.site_type, T.c.name, T.c.number, F.c.product,
            F.c.category, F.c.brand, F.c.rights_holder, F.c.right_type, F.c.suspicion, F.c.quantity, F.c.unit,
            F.c.estimated_value_cny, F.c.action, O.c.name, photos.c.paths, F.c.notes,
        )
        .select_from(F)
        .join(V, V.c.id == F.c.visit_id)
        .join(R, R.c.id == V.c.raid_id)
        .join(S, S.c.id == V.c.site_id)
        .join(T, T.c.id == V.c.team_id)
        .outerjoin(O, O.c.id == F.c.reported_by_id)
        .outerjoin(photos, photos.c.finding_id == F.c.id)
        .where(*filters.finding_conditions())
        .order_by(F.c.id)
    )
    return q.limit(limit) if limit is not None else q


def finding_row(r: Any) -> FindingRow:
    return FindingRow(
        id=r[0], raid_date=r[1], site=r[2], district=r[3], site_type=r[4], team=r[5] or str(r[6]),
        product=r[7], category=r[8], brand=r[9], rights_holder=r[10], right_type=r[11], suspicion=r[12],
        quantity=dec(r[13]), unit=r[14], value_cny=None if r[15] is None else dec(r[15]), action=r[16],
        reported_by=r[17] or "", photos=str(r[18]).split(" ") if r[18] else [], notes=r[19] or "",
    )


async def stream_findings(uow: UnitOfWork, filters: Filters) -> AsyncIterator[FindingRow]:
    """Every counted finding, in id order, fetched ``BATCH`` rows at a time."""
    async with uow() as s:
        conn = await aggregate_connection(s)
        result = await conn.stream(findings_query(filters, uow.dialect).execution_options(yield_per=BATCH))
        async for partition in result.partitions():
            for r in partition:
                yield finding_row(r)


async def first_findings(uow: UnitOfWork, filters: Filters, limit: int) -> list[FindingRow]:
    """The first ``limit`` findings (for the summary workbook, which knows how many there are in all)."""
    async with uow() as s:
        conn = await s.connection()
        return [finding_row(r) for r in await conn.execute(findings_query(filters, uow.dialect, limit=limit))]


async def export_findings(
    uow: UnitOfWork, code: str, out: Path, *, fmt: str, locale: str = "zh-CN", max_rows: int = XLSX_MAX_ROWS,
) -> ExportResult:
    """Write campaign ``code``'s findings to ``out`` as CSV or XLSX (split over sheets when one is full)."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"unknown export format '{fmt}' (use csv or xlsx)", code="bad_format", format=fmt)
    filters, _ = await campaign_filters(uow, code)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with out.open("w", encoding=ENCODING, newline="") as fh:
            csv_writer = FindingsCsvWriter(fh, locale=locale)
            async for row in stream_findings(uow, filters):
                csv_writer.add(row)
        return ExportResult(out, csv_writer.rows, 1)
    xlsx_writer = FindingsXlsxWriter(out, locale=locale, max_rows=max_rows)
    async for row in stream_findings(uow, filters):
        xlsx_writer.add(row)
    xlsx_writer.close()
    return ExportResult(out, xlsx_writer.rows, xlsx_writer.sheets)
