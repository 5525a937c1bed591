"""Who hears about a replacement, queued in the transaction that makes it.

- Each teammate staying on the team: a ``team_changed`` notice (who left, who joined, the new
  leader when it changed).
- Every other coordinator who was sent a copy of the decline: a ``decline_handled`` notice that
  edits that copy (its message id was recorded when it was sent) to say who handled it, so nobody
  applies a second replacement. A copy not sent yet is withdrawn instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.enums import NotificationKind, NotificationStatus
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Notification, SentMessage


async def record_sent_message(uow: UnitOfWork, notification_id: int, chat_id: int, message_id: int) -> None:
    """Remember which Telegram message a notification became, so that it can be edited later."""
    async with uow() as s:
        if await s.get(SentMessage, notification_id) is None:
            s.add(SentMessage(notification_id=notification_id, chat_id=chat_id, message_id=message_id))
            await s.commit()


def teammates_told(officer_ids: list[int], *, declined_member_id: int, raid_id: int, team: int, day: str,
                   left: str, joined: str, leader: str) -> list[Notification]:
    return [Notification(officer_id=officer_id, kind=NotificationKind.TEAM_CHANGED.value,
                         dedupe_key=f"team_changed:{declined_member_id}:{officer_id}",
                         payload={"raid_id": raid_id, "team": team, "day": day, "left": left, "joined": joined,
                                  "leader": leader})
            for officer_id in officer_ids]


async def close_other_copies(s: AsyncSession, declined_member_id: int, *, handled_by_id: int, handled_by: str,
                             replacement: str, now: datetime) -> int:
    """Queue the edits of the other coordinators' copies of the decline; returns how many."""
    rows = (await s.exec(
        select(Notification, SentMessage).outerjoin(SentMessage, col(SentMessage.notification_id) == col(
            Notification.id))
        .where(Notification.kind == NotificationKind.DECLINE.value,
               col(Notification.dedupe_key).startswith(f"decline:{declined_member_id}:"),
               Notification.officer_id != handled_by_id)
        .order_by(col(Notification.id))
    )).all()
    edits = 0
    for note, sent in rows:
        if note.status == NotificationStatus.PENDING.value:
            note.status, note.error = NotificationStatus.FAILED.value, f"handled by {handled_by} before it was sent"
            s.add(note)
        elif sent is not None:
            s.add(Notification(officer_id=note.officer_id, kind=NotificationKind.DECLINE_HANDLED.value,
                               dedupe_key=f"handled:{note.id}", created_at=now,
                               payload={"message_id": sent.message_id, "chat_id": sent.chat_id,
                                        "decline": dict(note.payload or {}), "by": handled_by,
                                        "replacement": replacement}))
            edits += 1
    return edits
