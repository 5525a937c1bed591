"""CSV: one file per table of the report, and the streamed findings list (UTF-8 with BOM for Excel)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from inspection.reports.format import number
from inspection.reports.model import CampaignFigures, FindingRow
from inspection.reports.tables import Cell, finding_cells, finding_headers, report_tables

ENCODING = "utf-8-sig"


def _text(value: Cell) -> str:
    if isinstance(value, Decimal):
        return number(value)
    return "" if value is None else str(value)


def write_csv_tables(fig: CampaignFigures, folder: Path, *, locale: str = "zh-CN") -> list[Path]:
    """``folder/<table>.csv`` for every table (summary, by_agency, by_district...); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in report_tables(fig, locale):
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding=ENCODING, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(table.headers)
            writer.writerows([_text(c) for c in row] for row in table.rows)
        written.append(path)
    return written


class FindingsCsvWriter:
    """Writes findings one row at a time to an open text stream."""

    def __init__(self, stream: TextIO, *, locale: str = "zh-CN") -> None:
        self.locale = locale
        self.rows = 0
        self._writer = csv.writer(stream)
        self._writer.writerow(finding_headers(locale))

    def add(self, row: FindingRow) -> None:
        # csv writes str, int and None (as "") itself; only decimals need our formatting
        self._writer.writerow([number(c) if isinstance(c, Decimal) else c for c in finding_cells(row, self.locale)])
        self.rows += 1
