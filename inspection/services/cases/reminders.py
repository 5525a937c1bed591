"""Deadline reminders: queue one ``case_due`` notification per case and day for its officer in charge.

The scheduler calls ``queue_due_reminders`` (say each morning); the bot's outbox sender delivers
the notifications (``bot.cases.reminder_text`` phrases the payload). Running it twice on the same
day queues nothing new: each notification carries the dedupe key ``case_due:<case id>:<day>``.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from inspection.config import Settings
from inspection.domain.enums import NotificationKind, NotificationStatus
from inspection.services.cases.queries import cases_due, today_in
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Notification


def reminder_key(case_id: int, day: date) -> str:
    return f"case_due:{case_id}:{day.isoformat()}"


async def queue_due_reminders(uow: UnitOfWork, settings: Settings, *, within_days: int = 7,
                              today: date | None = None) -> int:
    """Queue reminders for open cases due within ``within_days`` (overdue ones too); returns how many."""
    day = today or today_in(settings)
    due = [c for c in await cases_due(uow, settings, within_days=within_days, today=day)
           if c.officer_in_charge_id is not None]
    if not due:
        return 0
    keys = {reminder_key(c.id, day): c for c in due}
    async with uow() as s:
        existing = set((await s.exec(select(Notification.dedupe_key)
                                     .where(col(Notification.dedupe_key).in_(list(keys))))).all())
        fresh = [(k, c) for k, c in keys.items() if k not in existing]
        for key, case in fresh:
            assert case.due_on is not None
            s.add(Notification(
                officer_id=case.officer_in_charge_id, kind=NotificationKind.CASE_DUE.value, dedupe_key=key,
                status=NotificationStatus.PENDING.value,
                payload={"case_id": case.id, "number": case.number, "title": case.title or case.respondent,
                         "due_on": case.due_on.isoformat(), "days_left": case.days_left(day)},
            ))
        await s.commit()
    return len(fresh)
