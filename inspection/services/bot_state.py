"""Bot state kept in the database: conversation states and user/chat/bot data as JSON per key.

The bot's persistence class (``inspection.bot.persistence``) reads a namespace once at start
and writes changed keys as PTB hands them over; values must be JSON data.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.store.engine import UnitOfWork
from inspection.store.tables import BotState


async def load_namespace(uow: UnitOfWork, namespace: str) -> dict[str, Any]:
    """Every key of ``namespace`` with its data."""
    async with uow() as s:
        rows = await s.exec(select(BotState).where(BotState.namespace == namespace))
        return {row.key: row.data for row in rows}


# The condition picking one key's row, with parameters ``namespace`` and ``key`` to bind at
# execution: statements using it are built once, not at every update.
IS_KEY = and_(col(BotState.namespace) == bindparam("namespace"), col(BotState.key) == bindparam("key"))
_ROW = select(BotState).where(IS_KEY)


async def _row(session: AsyncSession, namespace: str, key: str) -> BotState | None:
    return (await session.exec(_ROW, params={"namespace": namespace, "key": key})).first()


async def read_row(session: AsyncSession, namespace: str, key: str) -> BotState | None:
    """One key's row inside an open transaction, to ``write_row`` to later without reading it again."""
    return await _row(session, namespace, key)


async def read_value(session: AsyncSession, namespace: str, key: str) -> Any:
    """One key's data inside an open transaction (``None`` when absent)."""
    row = await _row(session, namespace, key)
    return row.data if row is not None else None


async def load_value(uow: UnitOfWork, namespace: str, key: str) -> Any:
    async with uow() as s:
        row = await _row(s, namespace, key)
        return row.data if row is not None else None


async def _put(session: AsyncSession, namespace: str, key: str, data: Any, row: BotState | None) -> None:
    if data is None:
        if row is not None:
            await session.delete(row)
        return
    if row is None:
        row = BotState(namespace=namespace, key=key, data=data)
    row.data, row.updated_at = data, CLOCK.now()
    session.add(row)


async def write_value(session: AsyncSession, namespace: str, key: str, data: Any) -> None:
    """Upsert one key's data inside an open transaction; ``None`` removes the key."""
    await _put(session, namespace, key, data, await _row(session, namespace, key))


async def write_row(session: AsyncSession, namespace: str, key: str, data: Any, row: BotState | None) -> None:
    """``write_value`` for a key whose row (or its absence) was read in this transaction already."""
    await _put(session, namespace, key, data, row)


async def store_values(uow: UnitOfWork, namespace: str, values: dict[str, Any]) -> None:
    """Upsert each key's data in one transaction; ``None`` removes the key."""
    if not values:
        return
    async with uow() as s:
        query = select(BotState).where(BotState.namespace == namespace,
                                       BotState.key.in_(list(values)))  # type: ignore[attr-defined]
        existing = {row.key: row for row in await s.exec(query)}
        for key, data in values.items():
            await _put(s, namespace, key, data, existing.get(key))
        await s.commit()
