"""Reading a spreadsheet as officials send it: CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX.

The result is a list of rows of text, each with the row number a person sees in Excel or a text
editor (the header row is row 1 unless a title row sits above it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from inspection.domain.errors import InvalidInput

# GB18030 is a superset of GBK and GB2312; Excel on a Chinese Windows saves CSV in GBK.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
TITLE_ROWS_MAX = 5  # how many rows above the header a sheet may carry (title, unit, date)


@dataclass(frozen=True)
class RawRow:
    number: int  # as shown in the spreadsheet program
    cells: list[str]


@dataclass(frozen=True)
class Table:
    header: list[str]
    header_row: int
    rows: list[RawRow]
    encoding: str  # "xlsx" for a workbook


def cell_text(value: Any) -> str:
    """A cell as text: whole floats lose their ``.0``, dates and times become ISO text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding that read it (Excel's "Unicode text" is UTF-16)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InvalidInput(
        "the file is neither UTF-8 nor GBK text; save it again as CSV UTF-8 or as .xlsx",
        code="import_bad_encoding",
    )


def guess_delimiter(text: str) -> str:
    """Comma unless the top lines hold more tabs or semicolons (European Excel writes ';')."""
    top = "\n".join(text.splitlines()[:TITLE_ROWS_MAX + 1])
    return max((",", "\t", ";"), key=lambda d: (top.count(d), d == ","))


def _csv_rows(data: bytes) -> tuple[Iterable[tuple[int, list[str]]], str]:
    text, encoding = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text))

    def numbered() -> Iterable[tuple[int, list[str]]]:
        for number, row in enumerate(reader, start=1):
            yield number, [c.strip() for c in row]

    return numbered(), encoding


def _xlsx_rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip or XML damage: openpyxl raises many kinds
        raise InvalidInput(f"cannot open {path.name} as an Excel workbook: {exc}", code="import_bad_file") from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(v) for v in row]
    finally:
        book.close()


def _is_blank(cells: list[str]) -> bool:
    return not any(c for c in cells)


def read_table(path: Path, looks_like_header: Any, expected: str = "") -> Table:
    """Read ``path``; the header is the first of the top rows that ``looks_like_header(cells)``.

    ``expected`` names the columns the header should have, for the message when none does."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", code="import_no_file", path=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        numbered, encoding = _xlsx_rows(path), "xlsx"
    elif suffix in (".csv", ".txt", ".tsv"):
        numbered, encoding = _csv_rows(path.read_bytes())
    elif suffix == ".xls":
        raise InvalidInput("old .xls workbooks are not read: save the file as .xlsx or CSV",
                           code="import_bad_file")
    else:
        raise InvalidInput(f"unknown file type {suffix or '(none)'}: give a .csv or .xlsx file",
                           code="import_bad_file")
    header: list[str] | None = None
    header_row = 0
    rows: list[RawRow] = []
    for number, cells in numbered:
        if header is None:
            if looks_like_header(cells):
                header, header_row = cells, number
            elif number > TITLE_ROWS_MAX:
                break
            continue
        if not _is_blank(cells):
            rows.append(RawRow(number, cells))
    if header is None:
        raise InvalidInput(f"{path.name}: no header row with the expected column names ({expected}) in the "
                           f"first {TITLE_ROWS_MAX} rows: is it the right file for this import?",
                           code="import_no_header", expected=expected)
    return Table(header=header, header_row=header_row, rows=rows, encoding=encoding)
