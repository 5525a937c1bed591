"""The notification outbox: rows queued by services, delivered by the bot's sender.

``claim_due`` takes pending rows whose time has come and counts an attempt on each in the same
transaction (at-least-once: a crash after sending and before ``mark_sent`` sends again);
``mark_sent`` / ``mark_failed`` record the outcome. A failed attempt waits ``retry_delay`` and is
tried again until ``MAX_ATTEMPTS``; then the row is ``failed`` with its last error. An officer
with no Telegram account linked cannot be reached: the row fails at once, saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, or_, select

from inspection.domain.enums import NotificationStatus
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Notification, Officer
from inspection.store.types import utcnow

MAX_ATTEMPTS = 5
BATCH = 50


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... after the n-th failed attempt."""
    return timedelta(seconds=30 * 2 ** max(0, attempts - 1))


@dataclass(frozen=True)
class Outgoing:
    id: int
    kind: str
    payload: dict[str, Any]
    officer_id: int
    telegram_user_id: int
    locale: str
    attempts: int


async def claim_due(uow: UnitOfWork, *, now: datetime | None = None, limit: int = BATCH) -> list[Outgoing]:
    """Pending notifications due now, oldest first, each with one more attempt counted."""
    now = now or utcnow()
    out: list[Outgoing] = []
    async with uow() as s:
        rows = (await s.exec(
            select(Notification, Officer).join(Officer, col(Officer.id) == col(Notification.officer_id))
            .where(Notification.status == NotificationStatus.PENDING.value,
                   or_(col(Notification.not_before).is_(None), col(Notification.not_before) <= now))
            .order_by(col(Notification.id)).limit(limit)
        )).all()
        for note, officer in rows:
            assert note.id is not None and officer.id is not None
            note.attempts += 1
            if officer.telegram_user_id is None or not officer.active:
                note.status = NotificationStatus.FAILED.value
                note.error = "officer has no Telegram account linked" if officer.active else "officer deactivated"
            else:
                note.not_before = now + retry_delay(note.attempts)  # if we crash, try again later
                out.append(Outgoing(note.id, note.kind, dict(note.payload or {}), officer.id,
                                    officer.telegram_user_id, officer.locale, note.attempts))
            s.add(note)
        await s.commit()
    return out


async def mark_sent(uow: UnitOfWork, notification_id: int) -> None:
    async with uow() as s:
        note = await s.get(Notification, notification_id)
        if note is not None:
            note.status, note.sent_at, note.error = NotificationStatus.SENT.value, utcnow(), ""
            s.add(note)
            await s.commit()


async def mark_failed(uow: UnitOfWork, notification_id: int, error: str, *, retry: bool = True,
                      retry_after_s: float | None = None) -> None:
    """Record a failed attempt; retried later unless ``retry`` is False or attempts are used up."""
    async with uow() as s:
        note = await s.get(Notification, notification_id)
        if note is None:
            return
        note.error = error[:400]
        if retry and note.attempts < MAX_ATTEMPTS:
            wait = timedelta(seconds=retry_after_s) if retry_after_s is not None else retry_delay(note.attempts)
            note.not_before = utcnow() + wait
        else:
            note.status = NotificationStatus.FAILED.value
        s.add(note)
        await s.commit()

