"""``import_file``: a spreadsheet of agencies, officers or sites into the store, all or nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.enums import AgencyKind
from inspection.domain.errors import InvalidInput
from inspection.domain.places import Bounds
from inspection.services.audit import audit
from inspection.services.importing import fields as f
from inspection.services.importing.cases import resolve_case_rows
from inspection.services.importing.columns import COLUMNS, ImportKind, looks_like_header, match_header
from inspection.services.importing.messages import REJECTED, describe, phrase
from inspection.services.importing.places import check_places
from inspection.services.importing.readers import read_table
from inspection.services.importing.rows import ParsedRow, RowError, parse_row
from inspection.services.importing.upsert import existing_by_key, upsert_rows
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Case, Officer, Site

# Called with a phase ("check" or "write"), rows done and rows in all.
Progress = Callable[[str, int, int], None]

NATURAL_KEY = {ImportKind.AGENCIES: "code", ImportKind.OFFICERS: "certificate_no", ImportKind.SITES: "licence_no",
               ImportKind.CASES: "number"}
MODEL: dict[ImportKind, type[SQLModel]] = {ImportKind.AGENCIES: Agency, ImportKind.OFFICERS: Officer, ImportKind.SITES: Site,
                                           ImportKind.CASES: Case}


@dataclass(frozen=True)
class ImportReport:
    kind: ImportKind
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int


class ImportRejected(InvalidInput):
    """The file has bad rows; nothing of it was written. ``errors`` name each row and column."""

    code = "import_rejected"

    def __init__(self, file: str, errors: list[RowError]) -> None:
        self.file = file
        self.errors = sorted(errors, key=lambda e: e.row)
        super().__init__("\n".join(self.lines("en")), file=file, count=len(errors))

    def lines(self, locale: str) -> list[str]:
        head = phrase(REJECTED, locale, file=self.file, count=len(self.errors))
        return [head, *("  " + describe(e, locale) for e in self.errors)]


def check_file(kind: ImportKind, path: Path, progress: Progress | None = None) -> list[ParsedRow]:
    """Read and check every row (no database); raises ``ImportRejected`` listing every bad cell."""
    parsed, errors = read_and_check(kind, path, progress)
    if errors:
        raise ImportRejected(path.name, errors)
    return parsed


def read_and_check(
    kind: ImportKind, path: Path, progress: Progress | None = None
) -> tuple[list[ParsedRow], list[RowError]]:
    """The good rows and the errors of the bad ones; a missing column rejects the file at once."""
    expected = ", ".join(c.headers[0] for c in COLUMNS[kind] if c.required)
    table = read_table(path, partial(looks_like_header, kind), expected)
    positions, missing = match_header(kind, table.header)
    if missing:
        raise ImportRejected(path.name, [RowError(table.header_row, m, "missing_column") for m in missing])
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    first_row: dict[Any, int] = {}
    key = NATURAL_KEY[kind]
    headers = {name: table.header[index] for name, index in positions.items()}
    total = len(table.rows)
    for done, raw in enumerate(table.rows, start=1):
        row, row_errors = parse_row(kind, raw.number, raw.cells, positions, table.header)
        errors += row_errors
        if row is not None:
            row.headers = headers
            value = row.values[key]
            if value in first_row:
                column = table.header[positions[key]]
                errors.append(RowError(raw.number, column, "duplicate_in_file",
                                       {"value": value, "first_row": first_row[value]}))
            else:
                first_row[value] = raw.number
                parsed.append(row)
        if progress and (done % 500 == 0 or done == total):
            progress("check", done, total)
    return parsed, errors


async def import_file(
    uow: UnitOfWork, kind: ImportKind, path: Path, *, actor: str = "", progress: Progress | None = None,
    dry_run: bool = False, deadline_days: Mapping[str, int] | None = None, area: Bounds | None = None,
) -> ImportReport:
    """Import ``path`` in one transaction: every row is written, or none is.

    ``dry_run`` checks everything and counts what would change, then rolls back. Sites' coordinates
    must be plausible (``domain.places``): not (0, 0), inside ``area`` when given, near their
    district's other sites."""
    rows, errors = await asyncio.to_thread(read_and_check, kind, path, progress)
    total = len(rows)
    write_progress = (lambda done: progress("write", done, total)) if progress else None
    async with uow() as s:
        if kind is ImportKind.OFFICERS:
            errors += await _resolve_agencies(s, rows) + await _check_telegram(s, rows)
        if kind is ImportKind.CASES:  # the case register: references, dates, state and deadline (cases.py)
            errors += await resolve_case_rows(s, rows, deadline_days or {}, _match_agency)
        if kind is ImportKind.SITES:
            errors += await check_places(s, rows, area)
        if errors:
            raise ImportRejected(path.name, errors)
        counts = await upsert_rows(s, MODEL[kind], NATURAL_KEY[kind], rows, write_progress)
        if dry_run:
            await s.rollback()
        else:
            audit(s, f"import.{kind.value}", actor=actor, entity=kind.value, file=path.name, rows=total,
                  created=counts.created, updated=counts.updated, unchanged=counts.unchanged)
            await s.commit()
    return ImportReport(kind, path.name, total, counts.created, counts.updated, counts.unchanged)


async def _resolve_agencies(session: AsyncSession, rows: list[ParsedRow]) -> list[RowError]:
    """Replace each officer's agency text (a code or a name) by the agency's id."""
    agencies = (await session.exec(select(Agency))).all()
    errors: list[RowError] = []
    for row in rows:
        text = row.values.pop("agency")
        found = _match_agency(agencies, text)
        if isinstance(found, int):
            row.values["agency_id"] = found
        else:
            code = "unknown_agency" if not found else "ambiguous_agency"
            errors.append(RowError(row.row, row.headers["agency"], code, {"value": text, "matches": "、".join(found)}))
    return errors


def _match_agency(agencies: Any, text: str) -> int | list[str]:
    """The id of the agency ``text`` names (code, Chinese or English name, or a unique kind),
    else the names it could mean (none, or several)."""
    wanted = f.normalize(text)
    for a in agencies:
        if wanted.upper() == a.code.upper() or wanted in (a.name_zh, a.name_en) and wanted:
            return int(a.id)
    candidates = [a for a in agencies if wanted and (wanted in a.name_zh or a.name_zh in wanted)]
    if not candidates:
        try:
            kind = f.parse_choice(AgencyKind, wanted).value
        except f.FieldError:
            return []
        candidates = [a for a in agencies if a.kind == kind]
    if len(candidates) == 1:
        return int(candidates[0].id)
    return [a.name_zh for a in candidates]


async def _check_telegram(session: AsyncSession, rows: list[ParsedRow]) -> list[RowError]:
    """A Telegram account belongs to one officer: not twice in the file, not someone else's."""
    errors: list[RowError] = []
    owner_in_file: dict[int, ParsedRow] = {}
    for row in rows:
        tg = row.values.get("telegram_user_id")
        if tg is None:
            continue
        if tg in owner_in_file:
            errors.append(RowError(row.row, row.headers["telegram"], "duplicate_in_file",
                                   {"value": tg, "first_row": owner_in_file[tg].row}))
        else:
            owner_in_file[tg] = row
    if not owner_in_file:
        return errors
    taken = await existing_by_key(session, Officer, "telegram_user_id", list(owner_in_file), {"certificate_no"})
    for tg, stored in taken.items():
        row = owner_in_file[tg]
        if stored["certificate_no"] != row.values["certificate_no"]:
            errors.append(RowError(row.row, row.headers["telegram"], "telegram_taken",
                                   {"value": tg, "other": stored["certificate_no"]}))
    return errors
