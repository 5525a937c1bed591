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

from inspection.services.bot_state import load_value, write_value
from inspection.store.engine import UnitOfWork
from inspection.store.tables import BotState

NAMESPACE = "report_draft"

Draft = dict[str, Any]


async def write_draft(session: AsyncSession, key: str, data: Draft | None) -> None:
    """Store (or with ``None`` remove) the draft inside an open transaction."""
    await write_value(session, NAMESPACE, key, dict(data) if data is not None else None)


async def load_draft(uow: UnitOfWork, key: str) -> Draft | None:
    data = await load_value(uow, NAMESPACE, key)
    return dict(data) if data is not None else None


async def save_draft(uow: UnitOfWork, key: str, data: Draft | None) -> None:
    """Store the draft in a transaction of its own (the update's, when ``uow`` is for an update)."""
    async with uow() as s:
        await write_draft(s, key, data)
        await s.commit()


async def draft_keys(uow: UnitOfWork) -> set[str]:
    """Keys of every report in progress (loaded once at start so a lost conversation can resume)."""
    async with uow() as s:
        return set((await s.exec(select(BotState.key).where(BotState.namespace == NAMESPACE))).all())
