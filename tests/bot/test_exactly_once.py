"""A redelivered update is acknowledged and has no second effect."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from inspection.services import inbox
from inspection.services.onboarding import create_invite, redeem_invite
from inspection.services.processed_updates import (
    AlreadyProcessed,
    forget_processed_before,
    is_concurrent_duplicate,
    is_processed,
    mark_processed,
)
from inspection.store.tables import AuditEvent, InboxUpdate, Officer, ProcessedUpdate
from tests import factories
from tests.bot.conftest import BotHarness, texts


async def count(bot: BotHarness, action: str) -> int:
    async with bot.uow() as s:
        return int((await s.exec(select(func.count()).where(AuditEvent.action == action))).one())


async def test_a_redelivered_start_links_once_and_answers_once(bot: BotHarness) -> None:
    async with bot.uow() as s:
        officer = await factories.officer(s, await factories.agency(s))
        await s.commit()
    invite = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    update = bot.user().command("start", invite.code)
    assert "绑定成功" in texts(await bot.send(update))[-1]
    assert texts(await bot.send(bot.fake.redeliver(update))) == []
    assert await count(bot, "officer.link") == 1


async def test_a_redelivered_location_checks_in_once(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    now = datetime.now(bot.settings.tz)
    async with bot.uow() as s:
        raid = await factories.raid(s, await factories.campaign(s, me.agency), raid_date=now.date(), starts_at=now)
        team = await factories.team(s, raid, [me.officer])
        await factories.visit(s, team, await factories.site(s, lat=23.0, lon=101.0))
        await s.commit()
    update = me.user.location(23.0, 101.0)
    assert "签到" in texts(await bot.send(update))[-1]
    assert texts(await bot.send(bot.fake.redeliver(update))) == []
    assert await count(bot, "visit.checkin") == 1


async def test_a_redelivered_language_press_switches_once(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    update = me.user.press("lang:en")
    await bot.send(update)
    await bot.say(me.user, "/lang zh")
    redelivered = await bot.send(bot.fake.redeliver(update))
    assert [c.method for c in redelivered] == ["answerCallbackQuery"]  # acknowledged, nothing else
    async with bot.uow() as s:
        officer = await s.get(Officer, me.id)
        assert officer is not None and officer.locale == "zh-CN"


async def test_an_update_processed_elsewhere_is_ignored_here(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    update = bot.fake.take_back(me.user.command("today"))  # held back until recorded elsewhere
    async with bot.uow() as s:
        s.add(InboxUpdate(update_id=update["update_id"], payload=json.dumps(update), processed_at=datetime.now(UTC)))
        await s.commit()
    assert texts(await bot.send(bot.fake.enqueue(update))) == []


async def test_a_stored_update_processed_by_another_worker_meanwhile_has_no_second_effect(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    update = me.user.command("help")
    await bot.send(update)
    async with bot.uow() as s:
        assert not await inbox.finish(s, update["update_id"])  # the worker's mark: already processed


async def test_every_answered_update_is_recorded_even_without_an_effect(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    update = me.user.command("help")
    await bot.send(update)
    assert await inbox.is_processed(bot.uow, update["update_id"])


async def test_a_second_commit_for_the_same_update_writes_nothing(bot: BotHarness) -> None:
    async with bot.uow() as s:
        officer = await factories.officer(s, await factories.agency(s))
        await s.commit()
    first = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    await redeem_invite(bot.uow.for_update(77), first.code, telegram_user_id=9001)
    second = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    with pytest.raises(AlreadyProcessed):
        await redeem_invite(bot.uow.for_update(77), second.code, telegram_user_id=9002)
    async with bot.uow() as s:
        linked = await s.get(Officer, officer.id)
        assert linked is not None and linked.telegram_user_id == 9001


async def test_processed_update_ids_are_forgotten_after_a_month_not_before(bot: BotHarness) -> None:
    async with bot.uow() as s:
        s.add(ProcessedUpdate(update_id=1, processed_at=datetime.now(UTC) - timedelta(days=31)))
        s.add(ProcessedUpdate(update_id=2, processed_at=datetime.now(UTC) - timedelta(days=29)))
        await s.commit()
    assert await forget_processed_before(bot.uow, days=30) == 1
    assert not await is_processed(bot.uow, 1) and await is_processed(bot.uow, 2)


async def test_inbox_updates_are_forgotten_a_month_after_processing_not_before(bot: BotHarness) -> None:
    async with bot.uow() as s:
        for update_id, days in ((1, 31), (2, 29)):
            s.add(InboxUpdate(update_id=update_id, payload="{}", processed_at=datetime.now(UTC) - timedelta(days=days)))
        s.add(InboxUpdate(update_id=3, payload="{}"))  # never processed: kept
        await s.commit()
    assert await inbox.forget_processed_before(bot.uow, days=30) == 1
    assert await inbox.is_processed(bot.uow, 2)
    assert [row.update_id for row in await inbox.unprocessed(bot.uow)] == [3]


async def test_a_duplicate_record_from_a_racing_process_is_recognised_as_such(bot: BotHarness) -> None:
    assert await mark_processed(bot.uow, 5)
    with pytest.raises(sa.exc.IntegrityError) as raced:
        async with bot.uow() as s:
            s.add(ProcessedUpdate(update_id=5))
            await s.commit()
    assert is_concurrent_duplicate(raced.value) and is_concurrent_duplicate(AlreadyProcessed(5))
    with pytest.raises(sa.exc.IntegrityError) as other:
        async with bot.uow() as s:
            agency = await factories.agency(s, code="DUP")
            await factories.agency(s, code=agency.code)
    assert not is_concurrent_duplicate(other.value)
