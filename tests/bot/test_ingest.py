"""The inbox in front of the bot: bad updates, groups and channels, state committed with the update."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlmodel import select
from telegram.ext import BaseRateLimiter

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
