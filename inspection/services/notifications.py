"""The outbox: every message the service starts is a ``Notification`` row, sent by one sender.

Writing
    Services add rows with ``queue(session, ...)`` in the same transaction as the change that causes
    them. A ``dedupe_key`` makes queueing again harmless (the row already there wins), which is how
    every scheduled job knows its work is done. ``not_before`` holds a row back (a surprise raid's
    targets); ``expires_at`` ends its life: a row still pending then is marked ``expired`` and never
    sent. A row about a raid (``payload["raid_id"]``) without an expiry of its own expires when the
    raid day is over (in the configured time zone).

Sending (``bot.outbox.OutboxSender``)
    ``claim_due`` takes due rows, oldest first, counts an attempt on each and leases it for
    ``LEASE`` in the same transaction; ``mark_sent`` / ``mark_retry`` / ``mark_failed`` record the
    outcome in the row and in the delivery log (``DeliveryAttempt``). Across a crash: a committed
    row is never lost (a leased row comes due again when its lease runs out); only a message whose
    request had left when the process died, before ``mark_sent`` committed, can be sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.enums import NotificationStatus
from inspection.store.engine import UnitOfWork
from inspection.store.tables import DeliveryAttempt, Notification, Officer, Raid

MAX_ATTEMPTS = 12
BATCH = 100
LEASE = timedelta(minutes=2)
LONGEST_WAIT = timedelta(minutes=30)
PENDING, SENT, FAILED, EXPIRED = (s.value for s in (NotificationStatus.PENDING, NotificationStatus.SENT,
                                                   NotificationStatus.FAILED, NotificationStatus.EXPIRED))


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... (at most 30 min) after the n-th failed attempt."""
    return min(timedelta(seconds=30 * 2 ** min(max(0, attempts - 1), 10)), LONGEST_WAIT)


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant after ``day`` in ``tz`` (an aware datetime)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


async def queue(s: AsyncSession, officer_id: int, kind: str, payload: dict[str, Any], *, dedupe_key: str,
                not_before: datetime | None = None, expires_at: datetime | None = None) -> bool:
    """Add a notification in the caller's transaction unless one with ``dedupe_key`` exists; True if added."""
    exists = (await s.exec(select(Notification.id).where(Notification.dedupe_key == dedupe_key))).first()
    if exists is not None:
        return False
    s.add(Notification(officer_id=officer_id, kind=kind, payload=payload, dedupe_key=dedupe_key,
                       status=PENDING, not_before=not_before, expires_at=expires_at))
    return True


@dataclass(frozen=True)
class Outgoing:
    id: int
    kind: str
    payload: dict[str, Any]
    officer_id: int
    telegram_user_id: int
    locale: str
    attempts: int


def _log(s: AsyncSession, notification_id: int, outcome: str, error: str, now: datetime) -> None:
    s.add(DeliveryAttempt(notification_id=notification_id, at=now, outcome=outcome, error=error[:400]))


async def _raid_day_ends(s: AsyncSession, rows: list[Notification], tz: ZoneInfo) -> dict[int, datetime]:
    ids = {int(n.payload["raid_id"]) for n in rows if n.expires_at is None and (n.payload or {}).get("raid_id")}
    if not ids:
        return {}
    raids = (await s.exec(select(col(Raid.id), col(Raid.raid_date)).where(col(Raid.id).in_(sorted(ids))))).all()
    return {int(rid): end_of_day(day, tz) for rid, day in raids if rid is not None}


async def claim_due(uow: UnitOfWork, *, now: datetime, tz: ZoneInfo, limit: int = BATCH) -> list[Outgoing]:
    """Pending notifications due at ``now``, oldest first, each leased with one more attempt counted.
    Rows past their expiry are marked expired; rows for officers who cannot be reached fail."""
    out: list[Outgoing] = []
    async with uow() as s:
        rows = (await s.exec(
            select(Notification, Officer).join(Officer, col(Officer.id) == col(Notification.officer_id))
            .where(Notification.status == PENDING,
                   or_(col(Notification.not_before).is_(None), col(Notification.not_before) <= now))
            .order_by(col(Notification.id)).limit(limit).with_for_update(skip_locked=True, of=Notification)
        )).all()
        day_ends = await _raid_day_ends(s, [n for n, _ in rows], tz)
        for note, officer in rows:
            assert note.id is not None and officer.id is not None
            expires = note.expires_at or day_ends.get(int((note.payload or {}).get("raid_id") or 0))
            if expires is not None and expires <= now:
                note.status, note.error = EXPIRED, "its day is over"
                _log(s, note.id, EXPIRED, note.error, now)
            elif officer.telegram_user_id is None or not officer.active:
                note.status = FAILED
                note.error = "officer has no Telegram account linked" if officer.active else "officer deactivated"
                _log(s, note.id, FAILED, note.error, now)
            else:
                note.attempts += 1
                note.not_before = now + LEASE  # if we die while sending, it comes due again
                out.append(Outgoing(note.id, note.kind, dict(note.payload or {}), officer.id,
                                    officer.telegram_user_id, officer.locale, note.attempts))
            s.add(note)
        await s.commit()
    return out


async def mark_sent(uow: UnitOfWork, *notification_ids: int, now: datetime) -> None:
    """Record rows Telegram accepted (several in one transaction when the sender has several)."""
    if not notification_ids:
        return
    async with uow() as s:
        await s.exec(update(Notification).where(col(Notification.id).in_(notification_ids))  # type: ignore[call-overload]
                     .values(status=SENT, sent_at=now, error=""))
        for notification_id in notification_ids:
            _log(s, notification_id, SENT, "", now)
        await s.commit()


async def mark_retry(uow: UnitOfWork, notification_id: int, error: str, *, now: datetime,
                     wait: timedelta | None = None, counts: bool = True) -> bool:
    """A failed attempt to try again after ``wait`` (back-off by attempts when None); when it
    ``counts`` and the attempts are used up the row fails instead. True if it will be retried."""
    async with uow() as s:
        note = await s.get(Notification, notification_id)
        if note is None:
            return False
        note.error = error[:400]
        if not counts:
            note.attempts = max(0, note.attempts - 1)  # Telegram's flood wait is not the row's fault
        retried = not counts or note.attempts < MAX_ATTEMPTS
        if retried:
            note.not_before = now + (wait if wait is not None else retry_delay(note.attempts))
        else:
            note.status = FAILED
        s.add(note)
        _log(s, notification_id, "retry" if retried else FAILED, note.error, now)
        await s.commit()
        return retried


async def mark_failed(uow: UnitOfWork, notification_id: int, error: str, *, now: datetime) -> None:
    """A failure that trying again cannot mend (blocked by the user, no longer applies)."""
    async with uow() as s:
        await s.exec(update(Notification).where(col(Notification.id) == notification_id)  # type: ignore[call-overload]
                     .values(status=FAILED, error=error[:400]))
        _log(s, notification_id, FAILED, error, now)
        await s.commit()


async def expire_stale(uow: UnitOfWork, *, now: datetime, tz: ZoneInfo) -> int:
    """Mark every pending row whose day is over expired (housekeeping); returns how many."""
    count = 0
    async with uow() as s:
        rows = list((await s.exec(select(Notification).where(Notification.status == PENDING))).all())
        day_ends = await _raid_day_ends(s, rows, tz)
        for note in rows:
            assert note.id is not None
            expires = note.expires_at or day_ends.get(int((note.payload or {}).get("raid_id") or 0))
            if expires is not None and expires <= now:
                note.status, note.error = EXPIRED, "its day is over"
                _log(s, note.id, EXPIRED, note.error, now)
                s.add(note)
                count += 1
        await s.commit()
    return count


@dataclass(frozen=True)
class OutboxLine:
    id: int
    kind: str
    officer: str
    status: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    error: str


async def outbox_lines(uow: UnitOfWork, *, failed_only: bool = False, limit: int = 50) -> list[OutboxLine]:
    """The newest notifications with their delivery outcome (``failed_only``: failed or expired)."""
    async with uow() as s:
        query = (select(Notification, Officer.name).join(Officer, col(Officer.id) == col(Notification.officer_id),
                                                         isouter=True)
                 .order_by(col(Notification.id).desc()).limit(limit))
        if failed_only:
            query = query.where(col(Notification.status).in_([FAILED, EXPIRED]))
        rows = (await s.exec(query)).all()
    return [OutboxLine(n.id or 0, n.kind, name or "-", n.status, n.attempts, n.created_at, n.sent_at, n.error)
            for n, name in rows]
