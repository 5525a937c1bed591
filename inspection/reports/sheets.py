"""How a worksheet looks finished: typed cells with number formats, formula-like text kept as text,
column widths from the content (CJK characters counted double), frozen header, autofilter, bold
合计 row, landscape print fitted to the page width with the header repeated on every page."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inspection.reports.format import is_formula_like, number, percent
from inspection.reports.tables import Cell as Value
from inspection.reports.tables import Qty, Rate, Table

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")
COUNT, MONEY, QUANTITY, FRACTION, PERCENT, DAY = "#,##0", "#,##0.00", "#,##0", "#,##0.00", "0.0%", "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH = 6, 60


def number_format(value: Value) -> str | None:
    """The Excel number format of a value of ``tables``' cell types."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Rate):
        return PERCENT
    if isinstance(value, Qty):
        return QUANTITY if value == value.to_integral_value() else FRACTION
    if isinstance(value, Decimal):
        return MONEY
    if isinstance(value, int):
        return COUNT
    if isinstance(value, date | datetime):
        return DAY
    return None


def excel_value(value: Value) -> Any:
    if isinstance(value, Rate):
        return float(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def fill(cell: Cell | WriteOnlyCell, value: Value) -> Cell | WriteOnlyCell:
    """Put ``value`` in ``cell`` with its number format; text that looks like a formula stays text."""
    cell.value = excel_value(value)
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"  # openpyxl reads a leading "=" as a formula: store it as the text it is
    fmt = number_format(value)
    if fmt:
        cell.number_format = fmt
    return cell


def shown(value: Value) -> str:
    """The text a cell shows (for column widths)."""
    if value is None:
        return ""
    if isinstance(value, Rate):
        return percent(float(value))
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if not isinstance(value, Qty) else number(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def display_width(text: str) -> int:
    """Columns the text takes: wide (CJK) characters count double."""
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


HEADER_WRAP = 12  # a header longer than this wraps onto a second line rather than widening its column


def widths(rows: Iterable[Sequence[Value]], header: Sequence[str] = ()) -> list[int]:
    """Column widths from the content (CJK counted double); ``header`` cells wrap past HEADER_WRAP."""
    out: list[int] = [min(display_width(h), max(HEADER_WRAP, (display_width(h) + 1) // 2)) for h in header]
    for row in rows:
        for i, value in enumerate(row):
            w = display_width(shown(value))
            if i >= len(out):
                out.append(w)
            elif w > out[i]:
                out[i] = w
    return [max(MIN_WIDTH, min(MAX_WIDTH, w + 2)) for w in out]


def set_widths(ws: Worksheet, column_widths: list[int]) -> None:
    for i, w in enumerate(column_widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def print_setup(ws: Worksheet, header_row: int) -> None:
    """Landscape, fitted to the page width, the header row(s) repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{header_row}"


HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")


def style_header(cells: Iterable[Cell | WriteOnlyCell]) -> None:
    for cell in cells:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN


def write_table(ws: Worksheet, table: Table, *, title: str | None = None) -> None:
    """``table`` on its own sheet: an optional title row, the header, the rows, the 合计 row."""
    if title:
        ws.append([title])
        ws.cell(row=1, column=1).font = TITLE
    header_row = ws.max_row + 1 if title else 1
    ws.append(table.headers)
    style_header(ws[header_row])
    for values in table.rows:
        ws.append([fill(Cell(ws), v) for v in values])
    last = ws.max_row
    if table.total is not None and table.rows:
        ws.append([fill(Cell(ws), v) for v in table.total])
        for cell in ws[ws.max_row]:
            cell.font = BOLD
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ref_end = get_column_letter(len(table.headers))
    ws.auto_filter.ref = f"A{header_row}:{ref_end}{max(last, header_row)}"
    set_widths(ws, widths(table.body(), table.headers))
    ws.row_dimensions[header_row].height = 32
    print_setup(ws, header_row)


def notes_sheet(ws: Worksheet, title: str, lines: list[str]) -> None:
    """A sheet of notes (what each figure counts), one wrapped paragraph a row."""
    ws.append([title])
    ws.cell(row=1, column=1).font = TITLE
    ws.column_dimensions["A"].width = 76  # fits an A4 portrait page
    for line in lines:
        ws.append([fill(Cell(ws), line)])
        ws.cell(row=ws.max_row, column=1).alignment = WRAP
        ws.row_dimensions[ws.max_row].height = 16 * -(-display_width(line) // 72)  # the wrapped lines
    print_setup(ws, 1)
    ws.page_setup.orientation = "portrait"
