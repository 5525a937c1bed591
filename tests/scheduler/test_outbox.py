"""The one outbox sender against the loopback Bot API: stale rows never go, failures are retried or recorded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime

import pytest
from sqlmodel import col, select
from telegram import Bot

from inspection.bot.outbox import OutboxSender
from inspection.clock import ManualClock
from inspection.config import Settings
from inspection.domain.enums import NotificationKind
from inspection.services.notices import queue_campaign_close, queue_monthly_bulletin
from inspection.services.notifications import queue
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Campaign, DeliveryAttempt, Notification
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.scheduler.world import DAY, local, notices, raid_day


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    b = Bot(TOKEN, base_url=fake.base_url)
    await b.initialize()
    yield b
    await b.shutdown()


@pytest.fixture
def clock(install_clock: Callable[[datetime], ManualClock]) -> ManualClock:
    return install_clock(local(DAY, 7))


async def queue_text(uow: UnitOfWork, officer_id: int, text: str, **kw: object) -> None:
    async with uow() as s:
        await queue(s, officer_id, NotificationKind.TEXT.value, {"text": text}, dedupe_key=f"t:{text}", **kw)  # type: ignore[arg-type]
        await s.commit()


async def log(uow: UnitOfWork) -> list[tuple[str, str]]:
    async with uow() as s:
        rows = (await s.exec(select(DeliveryAttempt).order_by(col(DeliveryAttempt.id)))).all()
    return [(r.outcome, r.error) for r in rows]


async def test_an_assignment_for_a_day_that_is_over_is_never_sent_and_is_marked_expired(
        uow: UnitOfWork, settings: Settings, bot: Bot, fake: FakeTelegram, clock: ManualClock) -> None:
    w = await raid_day(uow)
    async with uow() as s:
        s.add(Notification(officer_id=w.leader_id, kind="assignment", payload={"raid_id": w.raid_id, "team_id": w.team_id},
                           dedupe_key="a1"))
        await s.commit()
    clock.set(local(date(2026, 12, 3), 0, 1))  # the raid day is over
    sender = OutboxSender(bot, uow, settings, clock)
    assert await sender.drain() == 0
    assert fake.messages() == []
    assert [n.status for n in await notices(uow)] == ["expired"]
    assert await log(uow) == [("expired", "its day is over")]


async def test_a_429_waits_retry_after_then_sends_once(
        uow: UnitOfWork, settings: Settings, bot: Bot, fake: FakeTelegram, clock: ManualClock) -> None:
    w = await raid_day(uow)
    await queue_text(uow, w.leader_id, "集合提醒")
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    sender = OutboxSender(bot, uow, settings, clock)
    await sender.drain()
    await sender.stop()
    assert sender.rate_limited == 1 and (await notices(uow))[0].status == "pending"
    assert await sender.drain() == 0  # not due before retry_after has passed by the clock
    clock.advance(seconds=1)
    await sender.drain()
    await sender.stop()
    assert [c.text for c in fake.messages(500_002) if c.result is not None] == ["集合提醒"]
    note = (await notices(uow))[0]
    assert note.status == "sent" and note.attempts == 1  # a flood wait is not counted against the row


@pytest.mark.parametrize("failure", ["5xx", "network"])
async def test_a_server_or_network_error_is_retried_with_back_off(
        failure: str, uow: UnitOfWork, settings: Settings, bot: Bot, fake: FakeTelegram, clock: ManualClock) -> None:
    w = await raid_day(uow)
    await queue_text(uow, w.leader_id, "简报")
    if failure == "5xx":
        fake.fail_next("sendMessage", 502, "Bad Gateway")
        first = bot
    else:
        first = Bot(TOKEN, base_url="http://127.0.0.1:9/bot")  # nothing listens there
    sender = OutboxSender(first, uow, settings, clock)
    await sender.drain()
    await sender.stop()
    assert (await log(uow))[0][0] == "retry"
    clock.advance(seconds=29)
    sender.bot = bot
    assert await sender.drain() == 0  # back-off: 30 s after the first failure
    clock.advance(seconds=1)
    await sender.drain()
    await sender.stop()
    assert [c.text for c in fake.messages(500_002) if c.result is not None] == ["简报"]
    assert [o for o, _ in await log(uow)] == ["retry", "sent"]


async def test_a_user_who_blocked_the_bot_fails_at_once_with_the_reason_in_the_delivery_log(
        uow: UnitOfWork, settings: Settings, bot: Bot, fake: FakeTelegram, clock: ManualClock) -> None:
    w = await raid_day(uow)
    await queue_text(uow, w.leader_id, "提醒")
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    sender = OutboxSender(bot, uow, settings, clock)
    await sender.drain()
    await sender.stop()
    clock.advance(hours=1)
    assert await sender.drain() == 0
    assert (await notices(uow))[0].status == "failed"
    assert "blocked" in (await log(uow))[0][1]


async def test_a_crash_mid_send_loses_nothing_and_sends_at_most_the_message_in_flight_twice(
        uow: UnitOfWork, settings: Settings, bot: Bot, fake: FakeTelegram, clock: ManualClock) -> None:
    w = await raid_day(uow)
    await queue_text(uow, w.leader_id, "第一条")
    await queue_text(uow, w.member_id, "第二条")
    hang = fake.hang_next("sendMessage")  # Telegram got the first message; its answer never comes back
    dying = OutboxSender(bot, uow, settings, clock, max_in_flight=1)
    dying.start()
    for _ in range(250):
        if fake.messages():
            break
        await asyncio.sleep(0.02)
    task = dying._task
    assert task is not None
    for t in list(dying._sending):
        t.cancel()  # the process dies: nothing after the request is done
    task.cancel()
    hang.set()
    clock.advance(minutes=3)  # the lease of the claimed rows runs out
    fresh = OutboxSender(bot, uow, settings, clock)
    while await fresh.drain():
        pass
    await fresh.stop()
    texts = [c.text for c in fake.messages()]
    assert sorted(texts) == ["第一条", "第一条", "第二条"]
    assert {n.status for n in await notices(uow)} == {"sent"}


async def test_the_campaign_summary_and_the_bulletin_arrive_as_narrative_and_workbook(
        uow: UnitOfWork, settings: Settings, bot: Bot, fake: FakeTelegram, clock: ManualClock) -> None:
    w = await raid_day(uow, ends_on=date(2026, 12, 2))
    clock.set(local(date(2026, 12, 3), 9))
    assert await queue_campaign_close(uow, settings, w.campaign_id, now=clock.now()) == 1
    assert await queue_monthly_bulletin(uow, settings, date(2026, 11, 1), now=clock.now()) == 1
    sender = OutboxSender(bot, uow, settings, clock)
    while await sender.drain():
        pass
    await sender.stop()
    sent = fake.messages(500_001)
    words = [c.text for c in sent if c.method == "sendMessage"]
    # the narrative follows the intro (this campaign's raid day was never carried out, and it says so)
    assert any(t.startswith("【专项行动结束】") and "期间，尚未开展执法检查" in t for t in words)
    assert any(t.startswith("【月度通报】2026-11") for t in words)
    documents = [c for c in sent if c.method == "sendDocument"]
    assert len(documents) == 2 and all(c.files["document"][:2] == b"PK" for c in documents)  # XLSX files
    assert {n.status for n in await notices(uow)} == {"sent"}


async def test_a_campaign_left_in_draft_is_not_summarised_when_its_period_ends(
        uow: UnitOfWork, settings: Settings, clock: ManualClock) -> None:
    w = await raid_day(uow, ends_on=date(2026, 12, 2))
    async with uow() as s:
        campaign = await s.get(Campaign, w.campaign_id)
        assert campaign is not None
        campaign.status = "draft"
        s.add(campaign)
        await s.commit()
    clock.set(local(date(2026, 12, 3), 9))
    assert await queue_campaign_close(uow, settings, w.campaign_id, now=clock.now()) == 0
    assert await notices(uow) == []


async def test_beyond_telegrams_limits_every_429_is_waited_out_and_each_message_arrives_once(
        uow: UnitOfWork, settings: Settings, clock: ManualClock) -> None:
    w = await raid_day(uow)
    for n in range(9):
        await queue_text(uow, (w.leader_id, w.member_id, w.coordinator_id)[n % 3], f"第{n}条")
    strict = await FakeTelegram(overall_per_s=4, per_chat_interval_s=1.0).start()
    careless = settings.model_copy(update={"scheduler": settings.scheduler.model_copy(
        update={"overall_per_s": 1000.0, "per_chat_interval_s": 0.0})})  # a sender ignoring the limits
    bot = Bot(TOKEN, base_url=strict.base_url)
    await bot.initialize()
    try:
        sender = OutboxSender(bot, uow, careless, clock)
        for _ in range(30):
            await sender.drain()
            await sender.stop()
            if {n.status for n in await notices(uow)} == {"sent"}:
                break
            clock.advance(seconds=1)
            await asyncio.sleep(1.0)  # the fake counts real seconds
        accepted = sorted(c.text for c in strict.messages() if c.result is not None)
        assert strict.rate_limited > 0 and sender.rate_limited == strict.rate_limited
        assert accepted == sorted(f"第{n}条" for n in range(9))
    finally:
        await bot.shutdown()
        await strict.stop()
