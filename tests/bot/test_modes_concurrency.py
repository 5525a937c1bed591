"""Chats are served side by side, but one chat's updates strictly in the order they came."""

from __future__ import annotations

import asyncio

from telegram import Update

from inspection.bot.concurrency import PerChatUpdateProcessor


def update_from(chat_id: int, n: int) -> Update:
    payload = {"update_id": n, "message": {"message_id": n, "date": 0, "chat": {"id": chat_id, "type": "private"},
                                           "from": {"id": chat_id, "is_bot": False, "first_name": "x"}, "text": str(n)}}
    return Update.de_json(payload, None)


async def test_updates_of_one_chat_run_in_order_and_other_chats_overlap() -> None:
    processor = PerChatUpdateProcessor(8)
    log: list[tuple[int, int, str]] = []
    running: set[int] = set()
    overlapped = False

    async def work(chat: int, n: int) -> None:
        nonlocal overlapped
        assert chat not in running, "two updates of one chat at once"
        running.add(chat)
        overlapped = overlapped or len(running) > 1
        log.append((chat, n, "start"))
        await asyncio.sleep(0.01 * (3 - n % 3))  # later updates finish faster if allowed to overtake
        running.discard(chat)

    tasks = [asyncio.create_task(processor.process_update(update_from(chat, n), work(chat, n)))
             for n in range(12) for chat in (1, 2, 3)]
    await asyncio.gather(*tasks)
    for chat in (1, 2, 3):
        assert [n for c, n, _ in log if c == chat] == list(range(12))
    assert overlapped and processor.current_concurrent_updates == 0


async def test_updates_without_a_chat_are_not_held_back() -> None:
    processor = PerChatUpdateProcessor(2)
    done: list[str] = []

    async def work(name: str) -> None:
        done.append(name)

    await processor.process_update(object(), work("no chat"))
    assert done == ["no chat"]

