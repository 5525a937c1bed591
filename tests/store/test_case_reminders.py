"""Deadline reminders land in the outbox once per case and day, for the officer in charge."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from inspection.bot.cases import reminder_text
from inspection.config import Settings
from inspection.services.cases.actions import file_case
from inspection.services.cases.reminders import queue_due_reminders
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Notification
from tests import factories as f


async def test_cases_due_within_a_week_are_reminded_once_a_day_to_their_officer(
    uow: UnitOfWork, settings: Settings
) -> None:
    async with uow() as s:
        amr = await f.agency(s, "market_regulation")
        lead = await f.officer(s, amr)
        await s.commit()
    for filed in (date(2025, 4, 10), date(2025, 4, 20), date(2025, 6, 1)):  # due 07-09, 07-19, 08-30
        await file_case(uow, settings, agency="AMR", case_type="trademark_infringement", received_on=filed,
                        filed_on=filed, officer_in_charge_id=lead.id, title=f"商标案 {filed}")
    await file_case(uow, settings, agency="AMR", case_type="other", received_on=date(2025, 4, 10),
                    filed_on=date(2025, 4, 10))  # nobody in charge: no one to remind

    assert await queue_due_reminders(uow, settings, within_days=7, today=date(2025, 7, 14)) == 2
    assert await queue_due_reminders(uow, settings, within_days=7, today=date(2025, 7, 14)) == 0
    assert await queue_due_reminders(uow, settings, within_days=7, today=date(2025, 7, 15)) == 2
    async with uow() as s:
        queued = (await s.exec(select(Notification).order_by(col(Notification.id)))).all()
    assert {n.officer_id for n in queued} == {lead.id} and {n.kind for n in queued} == {"case_due"}
    first, second = queued[0].payload, queued[1].payload
    assert sorted([first["days_left"], second["days_left"]]) == [-5, 5]
    overdue = first if first["days_left"] < 0 else second
    assert reminder_text(overdue, "zh-CN").startswith("办案期限提醒：案件 AMR-2025-0001")
    assert "已超期 5 天" in reminder_text(overdue, "zh-CN")
    assert "overdue by 5 days" in reminder_text(overdue, "en")
