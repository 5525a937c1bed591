"""XLSX workbooks: the campaign summary, the streamed findings export and the monthly bulletin."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from inspection.reports.model import CampaignFigures, FindingRow
from inspection.reports.tables import (
    FINDING_FIELDS,
    Cell,
    Table,
    finding_cells,
    finding_headers,
    report_tables,
    word,
)

XLSX_MAX_ROWS = 1_048_576  # rows per sheet, header included
BOLD = Font(bold=True)


def _value(cell: Cell) -> Any:
    if isinstance(cell, Decimal):
        return int(cell) if cell == cell.to_integral_value() else float(cell)
    return cell


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31]


def _write_table(ws: Worksheet, table: Table) -> None:
    ws.append(table.headers)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for row in table.rows:
        ws.append([_value(c) for c in row])
    for i, header in enumerate(table.headers, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = max(10, min(40, len(str(header)) * 2 + 2))


def summary_workbook(
    fig: CampaignFigures, path: Path, *, locale: str, narrative: str, findings: Sequence[FindingRow],
    findings_total: int,
) -> Path:
    """Summary sheet (narrative and headline figures), one sheet per breakdown, findings and cases.

    The findings sheet lists at most ``len(findings)`` items; when the campaign has more, it says
    how many and points at ``inspection export findings``.
    """
    wb = Workbook()
    tables = report_tables(fig, locale)
    ws = wb.active
    assert ws is not None
    ws.title = _sheet_title(tables[0].title)
    ws.append([fig.scope.campaign_name or fig.scope.campaign_code or ""])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([narrative])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=6)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 120
    ws.append([])
    ws.append(tables[0].headers)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for row in tables[0].rows:
        ws.append([_value(c) for c in row])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 16
    for table in tables[1:]:
        _write_table(wb.create_sheet(_sheet_title(table.title)), table)
    _findings_sheet(wb.create_sheet(_sheet_title(word("findings", locale))), findings, findings_total, locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _findings_sheet(ws: Worksheet, findings: Sequence[FindingRow], total: int, locale: str) -> None:
    ws.append(finding_headers(locale))
    for cell in ws[1]:
        cell.font = BOLD
    photo_column = len(FINDING_FIELDS)
    for row_number, f in enumerate(findings, start=2):
        ws.append([_value(c) for c in finding_cells(f, locale)])
        if f.photos:  # max_row/max_column scan the sheet: keep our own count
            ws.cell(row=row_number, column=photo_column).hyperlink = f.photos[0]
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

    def _new_sheet(self) -> None:
        self.sheets += 1
        base = word("findings", self.locale)
        self._ws = self.wb.create_sheet(_sheet_title(base if self.sheets == 1 else f"{base} {self.sheets}"))
        header = []
        for text in finding_headers(self.locale):
            cell = WriteOnlyCell(self._ws, value=text)
            cell.font = BOLD
            header.append(cell)
        self._ws.append(header)
        self._in_sheet = 1

    def add(self, row: FindingRow) -> None:
        if self._in_sheet >= self.max_rows:
            self._new_sheet()
        self._ws.append([_value(c) for c in finding_cells(row, self.locale)])
        self._in_sheet += 1
        self.rows += 1

    def close(self) -> Path:
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
