"""Guessing invite codes is slowed down per Telegram account, and every failed attempt is recorded."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlmodel import select

from inspection.services.onboarding import MAX_FAILURES, WINDOW, InviteRefused, create_invite, redeem_invite
from inspection.store.engine import UnitOfWork
from inspection.store.tables import AuditEvent
from inspection.store.types import utcnow
from tests import factories as f


async def test_after_a_few_wrong_codes_an_account_must_wait_even_with_a_good_code(
        uow: UnitOfWork, caplog: pytest.LogCaptureFixture) -> None:
    async with uow() as s:
        officer = await f.officer(s, await f.agency(s))
        await s.commit()
    invite = await create_invite(uow, officer.certificate_no, ttl_hours=72)
    now = utcnow()
    caplog.set_level(logging.WARNING, logger="inspection.services.onboarding")
    for n in range(MAX_FAILURES):
        with pytest.raises(InviteRefused) as wrong:
            await redeem_invite(uow, f"WRONG{n}", telegram_user_id=501, now=now + timedelta(seconds=n))
        assert wrong.value.code == "invite_unknown"
    with pytest.raises(InviteRefused) as slowed:
        await redeem_invite(uow, invite.code, telegram_user_id=501, now=now + timedelta(seconds=10))
    assert slowed.value.code == "invite_throttled" and slowed.value.params["minutes"] >= 1
    async with uow() as s:
        events = (await s.exec(select(AuditEvent).where(AuditEvent.action == "invite.refused"))).all()
    assert len(events) == MAX_FAILURES + 1
    assert {e.data["telegram_user_id"] for e in events} == {501}
    assert [e.data["reason"] for e in events].count("invite_unknown") == MAX_FAILURES
    assert sum("501" in r.getMessage() for r in caplog.records) == MAX_FAILURES + 1
    # another account is not held up, and the same account may try again once the window is over
    with pytest.raises(InviteRefused) as other:
        await redeem_invite(uow, "WRONGX", telegram_user_id=502, now=now + timedelta(seconds=11))
    assert other.value.code == "invite_unknown"
    linked = await redeem_invite(uow, invite.code, telegram_user_id=501, now=now + WINDOW + timedelta(seconds=10))
    assert linked.officer.id == officer.id
