"""The replies' pace against the loopback Bot API enforcing 30 messages/s: after a 429 every reply
waits it out, then they go on one by one (PTB's ``AIORateLimiter`` let those queued meanwhile out
together: another 429, and so on)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from inspection.bot.outgoing import DeferringRateLimiter, Reply, ReplySender
from inspection.bot.pace import Pacer
from tests.fakes.telegram import TOKEN, FakeTelegram


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram(overall_per_s=30, retry_after=1).start()
    yield server
    await server.stop()


async def test_after_a_429_the_replies_wait_then_go_on_spaced_and_none_is_lost(fake: FakeTelegram) -> None:
    bot = Bot(TOKEN, base_url=fake.base_url)
    await bot.initialize()
    limiter = DeferringRateLimiter()
    sender = ReplySender(limiter, bot, None)
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    try:
        for n in range(3):
            for chat in range(1, 16):
                sender.submit(chat, [Reply("sendMessage", {"chat_id": str(chat), "text": f"{chat}-{n}"})])
        await asyncio.wait_for(sender.idle(), 30)
    finally:
        await sender.stop()
        await bot.shutdown()
    sends = [c for c in fake.calls if c.method == "sendMessage"]
    refused, accepted = sends[0], [c for c in sends[1:] if c.result is not None]
    assert refused.result is None and len(accepted) == len(sends) - 1 == 45
    assert fake.rate_limited == 0, "a burst after the pause was refused"
    assert accepted[0].at - refused.at >= 1.0, "sent before the retry_after had passed"
    times = [c.at for c in accepted]
    assert max(sum(1 for u in times if t <= u < t + 1.0) for t in times) <= 30
    for chat in range(1, 16):  # each chat's replies once, in order (the refused one sent again first)
        assert [c.text for c in accepted if c.chat_id == chat] == [f"{chat}-{n}" for n in range(3)]


async def test_the_pacer_spaces_a_group_apart_without_holding_private_chats_back() -> None:
    pacer = Pacer(1000, 0.0, group_interval=0.2)
    seen: list[tuple[int, float]] = []
    for chat in (-5, 7, -5, 8):
        await pacer.slot(chat)
        seen.append((chat, time.monotonic()))
    assert seen[1][1] - seen[0][1] < 0.1  # a private chat right after the group's message
    assert seen[2][1] - seen[0][1] >= 0.2 * 1.02 - 1e-3  # the group's next one waits its interval
    assert seen[3][1] - seen[2][1] < 0.1
