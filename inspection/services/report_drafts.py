"""Report drafts: a findings report in progress, written to the database as the officer enters it.

A draft is JSON kept in ``BotState`` under the namespace ``report_draft`` and a key of the
adapter's choosing (the bot uses the Telegram user id). Writing it in the same transaction as the
update that changed it means a restart, even a hard kill, resumes exactly where the officer was,
and a redelivered update cannot apply twice.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.store.engine import UnitOfWork
from inspection.store.tables import BotState
from inspection.store.types import utcnow

NAMESPACE = "report_draft"

Draft = dict[str, Any]


async def _row(session: AsyncSession, key: str) -> BotState | None:
    query = select(BotState).where(BotState.namespace == NAMESPACE, BotState.key == key)
    return (await session.exec(query)).first()


async def write_draft(session: AsyncSession, key: str, data: Draft | None) -> None:
    """Store (or with ``None`` remove) the draft inside an open transaction."""
    row = await _row(session, key)
    if data is None:
        if row is not None:
            await session.delete(row)
        return
    if row is None:
        session.add(BotState(namespace=NAMESPACE, key=key, data=dict(data), updated_at=utcnow()))
    else:
        row.data = dict(data)
        row.updated_at = utcnow()
        session.add(row)


async def load_draft(uow: UnitOfWork, key: str) -> Draft | None:
    async with uow() as s:
        row = await _row(s, key)
        return dict(row.data) if row is not None and row.data is not None else None


async def save_draft(uow: UnitOfWork, key: str, data: Draft | None) -> None:
    """Store the draft in a transaction of its own (the update's, when ``uow`` is for an update)."""
    async with uow() as s:
        await write_draft(s, key, data)
        await s.commit()


async def draft_keys(uow: UnitOfWork) -> set[str]:
    """Keys of every report in progress (loaded once at start so a lost conversation can resume)."""
    async with uow() as s:
        return set((await s.exec(select(BotState.key).where(BotState.namespace == NAMESPACE))).all())
