"""XLSX workbooks: the campaign summary and the streamed findings export (the look: ``sheets.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inspection.reports.definitions import definition_lines
from inspection.reports.model import CampaignFigures, FindingRow
from inspection.reports.sheets import (
    TITLE,
    WRAP,
    display_width,
    fill,
    notes_sheet,
    print_setup,
    set_widths,
    style_header,
    widths,
    write_table,
)
from inspection.reports.tables import FINDING_FIELDS, finding_cells, finding_headers, report_tables, word

XLSX_MAX_ROWS = 1_048_576  # rows per sheet, header included
# Column widths of the streamed findings sheet (set before any row is written, as write-only needs).
FINDING_WIDTHS = {"id": 10, "raid_date": 12, "site": 28, "district": 12, "site_type": 14, "team": 12, "product": 22,
                  "category": 10, "brand": 14, "rights_holder": 24, "right_type": 10, "suspicion": 14, "quantity": 10,
                  "unit": 8, "value_cny": 12, "action": 10, "reported_by": 10, "notes": 30, "photos": 40}


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31]


def summary_workbook(
    fig: CampaignFigures, path: Path, *, locale: str, narrative: str, findings: Sequence[FindingRow],
    findings_total: int,
) -> Path:
    """Summary sheet (narrative and headline figures), one sheet per breakdown, findings, cases, and a
    note sheet saying what each figure counts.

    The findings sheet lists at most ``len(findings)`` items; when the campaign has more, it says
    how many and points at ``inspection export findings``.
    """
    wb = Workbook()
    tables = report_tables(fig, locale)
    ws = wb.active
    assert ws is not None
    ws.title = _sheet_title(tables[0].title)
    name = fig.scope.campaign_name or fig.scope.campaign_code or ""
    ws.append([fill(Cell(ws), name)])
    ws["A1"].font = TITLE
    ws.append([fill(Cell(ws), narrative)])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
    ws["A2"].alignment = WRAP
    ws.append([])
    ws.append(tables[0].headers)
    style_header(ws[4])
    for row in tables[0].rows:
        ws.append([fill(Cell(ws), v) for v in row])
    ws.freeze_panes = "A5"
    ws.auto_filter.ref = f"A4:B{ws.max_row}"
    column_widths = [max(w, 24) for w in widths(tables[0].rows, tables[0].headers)]
    set_widths(ws, column_widths)
    lines = -(-display_width(narrative) // max(1, sum(column_widths) - 2)) + 1
    ws.row_dimensions[2].height = 15 * lines
    print_setup(ws, 4)
    ws.page_setup.orientation = "portrait"
    for table in tables[1:]:
        write_table(wb.create_sheet(_sheet_title(table.title)), table, title=f"{name} {table.title}".strip())
    _findings_sheet(wb.create_sheet(_sheet_title(word("findings", locale))), findings, findings_total, locale)
    notes_sheet(wb.create_sheet(_sheet_title(word("notes_sheet", locale))), word("notes_sheet", locale),
                definition_lines(locale))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _findings_sheet(ws: Worksheet, findings: Sequence[FindingRow], total: int, locale: str) -> None:
    headers = finding_headers(locale)
    ws.append(headers)
    style_header(ws[1])
    photo_column = FINDING_FIELDS.index("photos") + 1
    rows = []
    for row_number, f in enumerate(findings, start=2):
        values = finding_cells(f, locale)
        rows.append(values)
        ws.append([fill(Cell(ws), v) for v in values])
        if f.photos:  # max_row/max_column scan the sheet: keep our own count
            ws.cell(row=row_number, column=photo_column).hyperlink = f.photos[0]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(findings) + 1}"
    set_widths(ws, widths(rows, headers))
    print_setup(ws, 1)
    if total > len(findings):
        ws.append([])
        note = (f"Only the first {len(findings)} of {total} findings are listed; run `inspection export findings` "
                "for the full list." if locale.startswith("en") else
                f"本表仅列出前{len(findings)}条（共{total}条），完整清单请用 inspection export findings 导出。")
        ws.append([note])


class FindingsXlsxWriter:
    """Writes findings row by row (openpyxl write-only: memory stays flat), starting a new sheet when
    one is full, and adding a note sheet that says so."""

    def __init__(self, path: Path, *, locale: str = "zh-CN", max_rows: int = XLSX_MAX_ROWS) -> None:
        self.path, self.locale, self.max_rows = path, locale, max_rows
        self.wb = Workbook(write_only=True)
        self.sheets = 0
        self.rows = 0
        self._in_sheet = 0
        self._ws: Any = None
        self._new_sheet()

    def _filter(self) -> None:
        """The autofilter over the rows the sheet got (a write-only sheet writes it when it is closed)."""
        if self._ws is not None:
            self._ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_FIELDS))}{self._in_sheet}"

    def _new_sheet(self) -> None:
        self._filter()
        self.sheets += 1
        base = word("findings", self.locale)
        ws = self.wb.create_sheet(_sheet_title(base if self.sheets == 1 else f"{base} {self.sheets}"))
        headers = finding_headers(self.locale)
        ws.freeze_panes = "A2"
        set_widths(ws, [FINDING_WIDTHS.get(k, 12) for k in FINDING_FIELDS])
        print_setup(ws, 1)
        header = []
        for text in headers:
            cell = WriteOnlyCell(ws, value=text)
            header.append(cell)
        style_header(header)
        ws.append(header)
        self._ws = ws
        self._in_sheet = 1

    def add(self, row: FindingRow) -> None:
        if self._in_sheet >= self.max_rows:
            self._new_sheet()
        self._ws.append([fill(WriteOnlyCell(self._ws), v) for v in finding_cells(row, self.locale)])
        self._in_sheet += 1
        self.rows += 1

    def close(self) -> Path:
        self._filter()
        if self.sheets > 1:
            notes = self.wb.create_sheet("说明" if not self.locale.startswith("en") else "Notes")
            per_sheet = self.max_rows - 1
            notes.append([
                f"{self.rows} findings do not fit in one sheet (at most {per_sheet} rows each): "
                f"they are split over {self.sheets} sheets in order." if self.locale.startswith("en") else
                f"共{self.rows}条记录，超过单个工作表上限（每表最多{per_sheet}条），已按顺序分为{self.sheets}个工作表。"
            ])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.wb.save(self.path)
        return self.path
