"""Nightly housekeeping: forget old processed update ids, expire outbox rows whose day is over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, delete

from inspection.config import Settings
from inspection.services.notifications import expire_stale
from inspection.store.engine import UnitOfWork
from inspection.store.tables import ProcessedUpdate

# Telegram redelivers an update for at most 24 hours; the ids are kept well beyond that.
PROCESSED_UPDATES_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class Housekept:
    forgotten_updates: int
    expired_notices: int


async def housekeep(uow: UnitOfWork, settings: Settings, *, now: datetime) -> Housekept:
    async with uow() as s:
        result = await s.exec(delete(ProcessedUpdate).where(  # type: ignore[call-overload]
            col(ProcessedUpdate.processed_at) < now - PROCESSED_UPDATES_KEPT))
        await s.commit()
        forgotten = int(result.rowcount or 0)
    return Housekept(forgotten, await expire_stale(uow, now=now, tz=settings.tz))
