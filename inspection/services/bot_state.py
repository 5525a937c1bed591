"""Bot state kept in the database: conversation states and user/chat/bot data as JSON per key.

The bot's persistence class (``inspection.bot.persistence``) reads a namespace once at start
and writes changed keys as PTB hands them over; values must be JSON data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import and_, bindparam
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.store.engine import UnitOfWork
from inspection.store.joined import core_execute
from inspection.store.tables import BotState

# Every update reads and writes bot state, so it goes as Core statements built once (parameters
# bound at each execution) on the session's connection (``store.joined.core_execute``): no ORM
# objects of this table are made, so none can go stale in a session.


@dataclass(frozen=True)
class StateRow:
    """One key's row as read in an open transaction: to write to later without reading it again."""

    id: int
    data: Any


async def load_namespace(uow: UnitOfWork, namespace: str) -> dict[str, Any]:
    """Every key of ``namespace`` with its data."""
    async with uow() as s:
        rows = await core_execute(s, _NAMESPACE, {"namespace": namespace})
        return {key: data for key, data in rows}


# The condition picking one key's row, with parameters ``namespace`` and ``key`` to bind at
# execution: statements using it are built once, not at every update.
IS_KEY = and_(col(BotState.namespace) == bindparam("namespace"), col(BotState.key) == bindparam("key"))
_NAMESPACE = sa.select(col(BotState.key), col(BotState.data)).where(col(BotState.namespace) == bindparam("namespace"))
_ROW = sa.select(col(BotState.id), col(BotState.data)).where(IS_KEY)
_ROWS = sa.select(col(BotState.key), col(BotState.id), col(BotState.data)).where(
    col(BotState.namespace) == bindparam("namespace"), col(BotState.key).in_(bindparam("keys", expanding=True)))
_INSERT = sa.insert(BotState)
_UPDATE = sa.update(BotState).where(col(BotState.id) == bindparam("row_id"))
_DELETE = sa.delete(BotState).where(col(BotState.id) == bindparam("row_id"))


def state_row(row_id: int | None, data: Any) -> StateRow | None:
    """The ``StateRow`` of an id and data read along with something else (``None``: no row)."""
    return StateRow(row_id, data) if row_id is not None else None


async def read_row(session: AsyncSession, namespace: str, key: str) -> StateRow | None:
    """One key's row inside an open transaction, to ``write_row`` to later without reading it again."""
    found = (await core_execute(session, _ROW, {"namespace": namespace, "key": key})).first()
    return StateRow(found[0], found[1]) if found is not None else None


async def read_value(session: AsyncSession, namespace: str, key: str) -> Any:
    """One key's data inside an open transaction (``None`` when absent)."""
    row = await read_row(session, namespace, key)
    return row.data if row is not None else None


async def load_value(uow: UnitOfWork, namespace: str, key: str) -> Any:
    async with uow() as s:
        return await read_value(s, namespace, key)


async def _put(session: AsyncSession, namespace: str, key: str, data: Any, row: StateRow | None) -> None:
    if data is None:
        if row is not None:
            await core_execute(session, _DELETE, {"row_id": row.id})
        return
    if row is None:
        await core_execute(session, _INSERT, {"namespace": namespace, "key": key, "data": data,
                                              "updated_at": CLOCK.now()})
    else:
        await core_execute(session, _UPDATE, {"row_id": row.id, "data": data, "updated_at": CLOCK.now()})


async def write_value(session: AsyncSession, namespace: str, key: str, data: Any) -> None:
    """Upsert one key's data inside an open transaction; ``None`` removes the key."""
    await _put(session, namespace, key, data, await read_row(session, namespace, key))


async def write_row(session: AsyncSession, namespace: str, key: str, data: Any, row: StateRow | None) -> None:
    """``write_value`` for a key whose row (or its absence) was read in this transaction already."""
    await _put(session, namespace, key, data, row)


async def store_values(uow: UnitOfWork, namespace: str, values: dict[str, Any]) -> None:
    """Upsert each key's data in one transaction; ``None`` removes the key."""
    if not values:
        return
    async with uow() as s:
        found = await core_execute(s, _ROWS, {"namespace": namespace, "keys": list(values)})
        existing = {key: StateRow(row_id, data) for key, row_id, data in found}
        for key, data in values.items():
            await _put(s, namespace, key, data, existing.get(key))
        await s.commit()
