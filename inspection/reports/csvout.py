"""CSV: one file per table of the report, and the streamed findings list (UTF-8 with BOM for Excel).

Text an officer typed or a file brought in that a spreadsheet would run as a formula (``=…``,
``+…``, ``-…``, ``@…``) is written with a leading apostrophe (OWASP's CSV-injection rule).
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from inspection.reports.format import neutralised, number, percent
from inspection.reports.model import CampaignFigures, FindingRow
from inspection.reports.tables import Cell, Qty, Rate, finding_cells, finding_headers, report_tables

ENCODING = "utf-8-sig"


def csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Rate):
        return percent(float(value))
    if isinstance(value, Qty):
        return number(value)
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralised(value)
    return str(value)


def write_csv_tables(fig: CampaignFigures, folder: Path, *, locale: str = "zh-CN") -> list[Path]:
    """``folder/<table>.csv`` for every table (summary, by_agency, by_district...); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in report_tables(fig, locale):
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding=ENCODING, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([csv_text(h) for h in table.headers])
            writer.writerows([csv_text(c) for c in row] for row in table.body())
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
        self._writer.writerow([csv_text(c) for c in finding_cells(row, self.locale)])
        self.rows += 1
