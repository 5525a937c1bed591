"""The inbox in front of the bot: bad updates, groups and channels, state committed with the update."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlmodel import select
from telegram import InputFile
from telegram.ext import BaseRateLimiter

from inspection.bot.outgoing import Reply, dump_replies, load_replies
from inspection.services import inbox
from inspection.services.bot_state import load_namespace
from inspection.store.tables import InboxUpdate
from tests.bot.conftest import BotHarness, texts
from tests.fakes.telegram import FakeTelegram


def group_message(fake: FakeTelegram, user_id: int, text: str, *, chat_type: str = "group") -> dict[str, Any]:
    chat = {"id": -1001234, "type": chat_type, "title": "执法一组"}
    message = {"message_id": fake.next_message_id(), "date": int(time.time()), "chat": chat, "text": text,
               "from": {"id": user_id, "is_bot": False, "first_name": "李"}}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    kind = "channel_post" if chat_type == "channel" else "message"
    if kind == "channel_post":
        del message["from"]
    return fake.enqueue({"update_id": fake.next_update_id(), kind: message})


async def test_a_button_press_without_data_is_acknowledged_and_the_chat_goes_on(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    press = me.user.press("x")
    del press["callback_query"]["data"]
    calls = await bot.send(press)
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert "/today" in texts(await bot.say(me.user, "/help"))[-1]


async def test_an_update_the_bot_cannot_read_is_skipped_and_does_not_block_the_chat(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    broken = bot.fake.enqueue({"update_id": bot.fake.next_update_id(),
                               "message": {"text": "no date", "chat": {"id": me.user.id}, "from": {"id": me.user.id}}})
    assert await bot.send(broken) == []
    assert await inbox.is_processed(bot.uow, broken["update_id"])
    assert "/today" in texts(await bot.say(me.user, "/help"))[-1]


async def test_in_a_group_the_bot_says_once_that_it_works_in_private_chats_and_reveals_nothing(bot: BotHarness) -> None:
    me = await bot.linked_officer(role="coordinator")
    first = await bot.send(group_message(bot.fake, me.user.id, "/today"))
    assert [c.chat_id for c in first] == [-1001234] and "私聊" in first[0].text
    assert await bot.send(group_message(bot.fake, me.user.id, "/summary")) == []
    assert await bot.send(group_message(bot.fake, me.user.id, "你好")) == []


async def test_a_channel_post_gets_the_same_single_line(bot: BotHarness) -> None:
    calls = await bot.send(group_message(bot.fake, 1, "/today", chat_type="channel"))
    assert len(calls) == 1 and "私聊" in calls[0].text
    assert await bot.send(group_message(bot.fake, 1, "/today", chat_type="channel")) == []


async def test_chat_data_is_in_the_database_as_soon_as_its_update_is_answered(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    await bot.send(group_message(bot.fake, me.user.id, "/today"))
    # no stop, no flush: what a hard kill right now would leave behind
    assert (await load_namespace(bot.uow, "chat_data"))["-1001234"] == {"private_only_said": True}


async def test_every_stored_update_is_processed_in_the_order_it_arrived_per_chat(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    sent = [me.user.command("help"), me.user.command("lang"), me.user.command("help")]
    await bot.send(sent)
    async with bot.uow() as s:
        rows = (await s.exec(select(InboxUpdate).where(InboxUpdate.chat_key == me.user.id))).all()
    assert [r.update_id for r in rows] == [u["update_id"] for u in sent]
    stamps = [r.processed_at for r in sorted(rows, key=lambda r: r.update_id)]
    assert all(a is not None and b is not None and a <= b for a, b in zip(stamps, stamps[1:], strict=False))


class HeldReplies(BaseRateLimiter[Any]):
    """A rate limiter that holds every reply until ``release`` is set (Telegram being slow)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(self, callback: Any, args: Any, kwargs: Any, endpoint: Any, data: Any,
                              rate_limit_args: Any) -> Any:
        await self.release.wait()
        return await callback(*args, **kwargs)


async def test_effects_are_committed_while_replies_still_wait_their_turn(bot: BotHarness) -> None:
    officers = [await bot.linked_officer() for _ in range(4)]
    assert bot.runtime is not None
    held = HeldReplies()
    bot.runtime.sender.limiter = held
    updates = [o.user.command("lang", "en" if n % 2 else "zh") for o in officers for n in range(5)]
    for u in updates:
        await bot.fake.wait_taken(u["update_id"])
    for _ in range(600):
        if all([await inbox.is_processed(bot.uow, u["update_id"]) for u in updates]):
            break
        await asyncio.sleep(0.05)
    assert all([await inbox.is_processed(bot.uow, u["update_id"]) for u in updates])
    assert bot.fake.messages() == []  # every effect committed, no reply out yet
    held.release.set()
    await bot.runtime.idle()
    assert len(bot.fake.messages()) == 20


async def _inbox_row(bot: BotHarness, update_id: int) -> InboxUpdate:
    async with bot.uow() as s:
        row = (await s.exec(select(InboxUpdate).where(InboxUpdate.update_id == update_id))).one()
        s.expunge(row)
        return row


async def test_replies_committed_but_not_sent_when_the_process_stopped_are_sent_at_the_next_start(
        bot: BotHarness) -> None:
    me = await bot.linked_officer()
    for _ in range(20):  # Telegram is down: every try fails, the reply stays queued
        bot.fake.fail_next("sendMessage", 502, "Bad Gateway")
    update = me.user.command("/help")
    await bot.fake.wait_taken(update["update_id"])
    for _ in range(100):
        if await inbox.is_processed(bot.uow, update["update_id"]):
            break
        await asyncio.sleep(0.05)
    row = await _inbox_row(bot, update["update_id"])
    assert row.replies is not None and "sendMessage" in row.replies and row.replied_at is None
    assert bot.sender is not None and bot.runtime is not None
    await bot.sender.stop()
    await bot.runtime.stop(wait_s=0.2)  # the process goes away before Telegram is back
    bot.runtime = bot.application = None
    assert not [c for c in bot.fake.calls if c.method == "sendMessage" and c.result is not None]
    bot.fake._failures.clear()  # Telegram is back
    before = len(bot.fake.calls)
    await bot.start()
    await asyncio.wait_for(bot.runtime.idle(), 10)
    sent = [c for c in bot.fake.calls[before:] if c.method == "sendMessage"]
    assert len(sent) == 1 and "/today" in sent[0].text and sent[0].chat_id == me.user.id
    assert (await _inbox_row(bot, update["update_id"])).replied_at is not None
    await bot.restart()  # sent once: not again at the next start
    await asyncio.wait_for(bot.runtime.idle(), 10)
    assert len([c for c in bot.fake.calls[before:] if c.method == "sendMessage"]) == 1


def test_a_reply_with_a_file_survives_the_inbox_row_byte_for_byte() -> None:
    content = bytes(range(256)) * 40
    reply = Reply.encode("sendDocument", {"chat_id": 42, "caption": "汇总表",
                                          "document": InputFile(content, filename="汇总.xlsx")})
    again = load_replies(dump_replies([reply]) or "")[0]
    assert again == reply and again.files["document"][1] == content and again.params["caption"] == "汇总表"


async def test_a_polled_batch_with_no_usable_update_number_does_not_spin_and_the_bot_goes_on(
        bot: BotHarness, caplog: Any) -> None:
    me = await bot.linked_officer()
    assert bot.runtime is not None and bot.runtime.poller is not None
    bot.runtime.poller.UNREADABLE_PAUSE_S = 0.5
    bot.fake.enqueue({"update_id": 2**70, "message": {"text": "?"}})  # nothing to confirm it by
    await asyncio.sleep(1.2)
    asked_again = [r for r in caplog.records if "without a usable update_id" in r.getMessage()]
    assert 1 <= len(asked_again) <= 4  # it waits between asks instead of asking as fast as it can
    assert "/today" in texts(await bot.say(me.user, "/help"))[-1]


async def test_the_runtime_lets_acknowledgements_go_before_processing(bot: BotHarness) -> None:
    """The worker waits for the inbox writer to be quiet before each update (behaviour: tests/bot/
    test_inbox_worker.py::test_processing_waits_while_an_update_waits_to_be_stored)."""
    assert bot.runtime is not None
    assert bot.runtime.worker.ingest_first == bot.runtime.writer.quiet


async def _backlog(bot: BotHarness, updates: list[dict[str, Any]]) -> None:
    """Store ``updates`` as a process that died before processing them would have left them."""
    for u in updates:
        bot.fake.take_back(u)  # delivered once, by the webhook of the process that died
    writer = inbox.InboxWriter(bot.uow, lambda rows: None)
    writer.start()
    await writer.store_many(updates)
    await writer.stop()


async def _restart_with_backlog(bot: BotHarness, n: int) -> tuple[Any, list[dict[str, Any]]]:
    """An officer, and ``n`` of his updates left stored but unprocessed by a stop; the bot started again."""
    me = await bot.linked_officer()
    await bot.stop()
    backlog = [me.user.command("help") for _ in range(n)]
    await _backlog(bot, backlog)
    await bot.start()
    return me, backlog


async def test_after_a_restart_the_first_acknowledgements_go_before_the_backlog(bot: BotHarness) -> None:
    me, backlog = await _restart_with_backlog(bot, 3)
    runtime = bot.runtime
    assert runtime is not None
    await asyncio.sleep(0.3)  # Telegram's redeliveries take a moment to arrive; the backlog waits for them
    assert runtime.worker.processed == 0
    redelivered = bot.fake.take_back(me.user.command("help"))  # Telegram sends again what got no 200
    await runtime.accept(redelivered)
    await asyncio.wait_for(runtime.idle(), 10)
    rows = {u["update_id"]: await _inbox_row(bot, u["update_id"]) for u in [*backlog, redelivered]}
    first_ack = rows[redelivered["update_id"]].received_at
    assert all(rows[u["update_id"]].processed_at >= first_ack for u in backlog)  # type: ignore[operator]
    processed = sorted(rows, key=lambda k: rows[k].processed_at)  # type: ignore[arg-type, return-value]
    assert processed == [u["update_id"] for u in [*backlog, redelivered]]  # still in order


async def test_a_backlog_with_nothing_new_arriving_is_processed_after_the_grace(bot: BotHarness) -> None:
    _, backlog = await _restart_with_backlog(bot, 2)
    assert bot.runtime is not None
    await asyncio.wait_for(bot.runtime.idle(), 10)
    assert bot.runtime.worker.processed == 2
    assert all([await inbox.is_processed(bot.uow, u["update_id"]) for u in backlog])
