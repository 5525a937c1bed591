"""Exactly once for work keyed by a Telegram update id, outside the inbox worker.

Telegram updates themselves go through the inbox (``services.inbox``): stored once, processed
once, the processed mark in the transaction of the effect. Inside the worker,
``uow.for_update(update_id)`` simply joins the update's transaction. Outside it (a service
called directly with an update id), ``uow.for_update(update_id)`` records the id in
``processed_update`` in the same transaction as the effect, and a second commit for the same id
raises ``AlreadyProcessed`` and writes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import delete

from inspection.clock import CLOCK
from inspection.store.engine import AlreadyProcessed, UnitOfWork
from inspection.store.tables import ProcessedUpdate

__all__ = ["AlreadyProcessed", "forget_processed_before", "is_concurrent_duplicate", "is_processed", "mark_processed"]


def is_concurrent_duplicate(error: BaseException) -> bool:
    """True when ``error`` says another process recorded the same update in the meantime (two
    replicas, or a webhook retry racing the first delivery): the effect exists once; ignore it."""
    if isinstance(error, AlreadyProcessed):
        return True
    return isinstance(error, sa.exc.IntegrityError) and "processed_update" in str(error.orig or error)


async def is_processed(uow: UnitOfWork, update_id: int) -> bool:
    async with uow() as s:
        return await s.get(ProcessedUpdate, update_id) is not None


async def mark_processed(uow: UnitOfWork, update_id: int) -> bool:
    """Record the update as processed; False when it already was (nothing written)."""
    try:
        async with uow.for_update(update_id)() as s:
            await s.commit()
    except AlreadyProcessed:
        return False
    except sa.exc.IntegrityError:  # recorded by a concurrent transaction in the meantime
        return False
    return True


async def forget_processed_before(uow: UnitOfWork, days: int = 30) -> int:
    """Drop records older than ``days`` (Telegram keeps undelivered updates for 24 h at most)."""
    cutoff = CLOCK.now() - timedelta(days=days)
    async with uow() as s:
        result = await s.exec(delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff))  # type: ignore[arg-type]
        await s.commit()
        return int(result.rowcount or 0)
