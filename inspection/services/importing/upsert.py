"""Writing parsed rows in bulk: one SELECT per chunk of keys, one INSERT and grouped UPDATEs.

A record whose values all match the store is left alone and counted as unchanged, so importing
the same file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.services.importing.rows import ParsedRow

T = TypeVar("T")
KEY_CHUNK = 900  # stays under SQLite's bound-parameter limit on old builds
WRITE_CHUNK = 1000
WHOLE_TABLE_FACTOR = 4  # read the whole table when it holds at most this many rows per key asked for


@dataclass(frozen=True)
class UpsertCounts:
    created: int
    updated: int
    unchanged: int


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


async def existing_by_key(
    session: AsyncSession, model: type[SQLModel], key: str, keys: Sequence[Any], fields: set[str]
) -> dict[Any, dict[str, Any]]:
    """The stored values of ``fields`` (and ``id``) for each of ``keys`` that exists."""
    table = model.__table__  # type: ignore[attr-defined]
    columns = [table.c.id, table.c[key], *(table.c[f] for f in sorted(fields - {key, "id"}))]
    found: dict[Any, dict[str, Any]] = {}
    conn = await session.connection()
    stored = (await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one()
    if stored <= WHOLE_TABLE_FACTOR * len(keys):
        # One scan beats many IN lists, and does not depend on the planner knowing the table's size
        # (right after a bulk insert PostgreSQL may still think it empty and scan it per IN list).
        wanted = set(keys)
        result = await conn.execute(sa.select(*columns))
        for row in result.mappings():
            if row[key] in wanted:
                found[row[key]] = dict(row)
        return found
    for part in chunks(list(keys), KEY_CHUNK):
        result = await conn.execute(sa.select(*columns).where(table.c[key].in_(part)))
        for row in result.mappings():
            found[row[key]] = dict(row)
    return found


async def upsert_rows(
    session: AsyncSession,
    model: type[SQLModel],
    key: str,
    rows: list[ParsedRow],
    progress: Callable[[int], None] | None = None,
) -> UpsertCounts:
    """Insert rows whose ``key`` is new, update those that differ, leave the rest."""
    if not rows:
        return UpsertCounts(0, 0, 0)
    fields = set().union(*(r.values.keys() for r in rows))
    stored = await existing_by_key(session, model, key, [r.values[key] for r in rows], fields)
    inserts: list[dict[str, Any]] = []
    updates: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    unchanged = 0
    for r in rows:
        old = stored.get(r.values[key])
        if old is None:
            inserts.append(r.values)
            continue
        changed = {
            name: value for name, value in r.values.items()
            if name not in r.keep_if_empty and old.get(name) != value
        }
        if changed:
            changed["id"] = old["id"]
            updates[frozenset(changed)].append(changed)
        else:
            unchanged += 1
    table = model.__table__  # type: ignore[attr-defined]
    conn = await session.connection()
    done = 0
    for part in chunks(inserts, WRITE_CHUNK):
        await conn.execute(sa.insert(table), list(part))
        done += len(part)
        if progress:
            progress(done)
    for batch in updates.values():
        for part in chunks(batch, WRITE_CHUNK):
            params = [{**{f"new_{k}": v for k, v in p.items() if k != "id"}, "row_id": p["id"]} for p in part]
            statement = (
                sa.update(table)
                .where(table.c.id == sa.bindparam("row_id"))
                .values({k: sa.bindparam(f"new_{k}") for k in part[0] if k != "id"})
            )
            await conn.execute(statement, params)
            done += len(part)
            if progress:
                progress(done)
    updated = sum(len(b) for b in updates.values())
    return UpsertCounts(created=len(inserts), updated=updated, unchanged=unchanged)
