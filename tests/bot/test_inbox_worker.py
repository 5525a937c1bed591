"""The inbox worker: chats side by side, one chat's updates strictly in order, each marked once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from inspection.bot.inbox_worker import InboxWorker
from inspection.bot.outgoing import DeferringRateLimiter, ReplySender
from inspection.services import inbox
from inspection.store.engine import UnitOfWork, make_engine


class Recorder:
    """Stands in for PTB's Application: records when each update starts and ends."""

    def __init__(self) -> None:
        self.bot, self.bot_data, self.persistence = None, {}, None
        self.log: list[tuple[int, int]] = []
        self.running: set[int] = set()
        self.overlapped = False

    async def process_update(self, update: Any) -> None:
        chat = update.effective_chat.id
        assert chat not in self.running, "two updates of one chat at once"
        self.running.add(chat)
        self.overlapped = self.overlapped or len(self.running) > 1
        await asyncio.sleep(0.01 * (3 - update.update_id % 3))  # later ones would overtake if allowed
        self.log.append((chat, update.update_id))
        self.running.discard(chat)

    async def update_persistence(self) -> None:
        return None


def payload(chat: int, n: int) -> dict[str, Any]:
    return {"update_id": n, "message": {"message_id": n, "date": 0, "chat": {"id": chat, "type": "private"},
                                        "from": {"id": chat, "is_bot": False, "first_name": "x"}, "text": str(n)}}


async def test_updates_of_one_chat_run_in_order_and_other_chats_overlap(uow: UnitOfWork) -> None:
    app = Recorder()
    worker = InboxWorker(app, uow, ReplySender(DeferringRateLimiter(limit=False), None, uow),  # type: ignore[arg-type]
                         concurrency=1 if uow.dialect == "sqlite" else 3)
    writer = inbox.InboxWriter(uow, worker.submit)
    writer.start()
    try:
        await writer.store_many([payload(chat, n * 3 + chat) for n in range(8) for chat in (1, 2, 3)])
        await asyncio.wait_for(worker.idle(), 30)
    finally:
        await writer.stop()
    for chat in (1, 2, 3):
        assert [n for c, n in app.log if c == chat] == [n * 3 + chat for n in range(8)]
    assert app.overlapped == (uow.dialect != "sqlite")
    assert await inbox.unprocessed(uow) == [] and worker.processed == 24


async def test_what_was_stored_but_not_processed_is_resumed_at_start(uow: UnitOfWork) -> None:
    writer = inbox.InboxWriter(uow, lambda rows: None)  # stored, then the process "dies"
    writer.start()
    await writer.store_many([payload(5, 1), payload(5, 2)])
    await writer.stop()
    app = Recorder()
    worker = InboxWorker(app, uow, ReplySender(DeferringRateLimiter(limit=False), None, uow))  # type: ignore[arg-type]
    assert await worker.resume() == 2
    await asyncio.wait_for(worker.idle(), 30)
    assert app.log == [(5, 1), (5, 2)] and await inbox.unprocessed(uow) == []


class Gated(Recorder):
    """A Recorder that notes when each update starts and can hold one update in processing."""

    def __init__(self, hold: int) -> None:
        super().__init__()
        self.hold, self.gate = hold, asyncio.Event()
        self.started: list[int] = []

    async def process_update(self, update: Any) -> None:
        self.started.append(update.update_id)
        if update.update_id == self.hold:
            await self.gate.wait()
        await super().process_update(update)


async def test_processing_waits_while_an_update_waits_to_be_stored(uow: UnitOfWork) -> None:
    """``ingest_first``: an update whose 200 waits for the inbox's commit goes before the next
    update's processing. The store is held by another transaction inserting the same update id
    (uncommitted), so the inbox's INSERT waits on it while other rows stay free."""
    if uow.dialect == "sqlite":
        pytest.skip("SQLite's writers take turns (one FIFO write lock per process): a held store "
                    "blocks the processing's own transaction too, so the order shows nothing there")
    app = Gated(hold=2)
    worker = InboxWorker(app, uow, ReplySender(DeferringRateLimiter(limit=False), None, uow))  # type: ignore[arg-type]
    writer = inbox.InboxWriter(uow, worker.submit)
    worker.ingest_first = writer.quiet  # as BotRuntime wires them
    writer.start()
    other = make_engine(str(uow.engine.url.render_as_string(hide_password=False)))
    try:
        await writer.store_many([payload(1, 1)])
        await asyncio.wait_for(worker.idle(), 30)
        async with other.connect() as blocker:
            await blocker.execute(sa.text(
                "INSERT INTO inbox_update (update_id, chat_key, payload, received_at) VALUES (4, 4, '{}', now())"))
            await writer.store_many([payload(2, 2), payload(3, 3)])  # 2 is held in processing, 3 queued
            stored_4 = asyncio.create_task(writer.store(payload(4, 4)))
            await asyncio.sleep(0.2)
            assert not stored_4.done(), "the store of update 4 should be waiting for the other transaction"
            app.gate.set()  # update 2 finishes; 3 must now wait for update 4's store
            await asyncio.sleep(0.3)
            assert app.started == [1, 2], "update 3 started while update 4 waited to be stored"
            await blocker.rollback()
        await asyncio.wait_for(stored_4, 10)
        await asyncio.wait_for(worker.idle(), 30)
    finally:
        await writer.stop()
        await other.dispose()
    assert app.started == [1, 2, 3, 4]
    assert [n for _, n in app.log] == [1, 2, 3, 4] and await inbox.unprocessed(uow) == []


async def test_a_held_worker_keeps_what_is_submitted_in_order_until_released(uow: UnitOfWork) -> None:
    writer = inbox.InboxWriter(uow, lambda rows: None)  # the backlog of a process that died
    writer.start()
    await writer.store_many([payload(5, 1), payload(5, 2)])
    await writer.stop()
    app = Recorder()
    worker = InboxWorker(app, uow, ReplySender(DeferringRateLimiter(limit=False), None, uow))  # type: ignore[arg-type]
    release = asyncio.Event()
    assert await worker.resume() == 2
    worker.hold(release.wait())
    writer = inbox.InboxWriter(uow, worker.submit)
    writer.start()
    try:
        await writer.store_many([payload(5, 3), payload(6, 4)])  # acknowledged while held
        await asyncio.sleep(0.2)
        assert app.log == [] and worker.processed == 0
        release.set()
        await asyncio.wait_for(worker.idle(), 30)
    finally:
        await writer.stop()
    assert [n for c, n in app.log if c == 5] == [1, 2, 3] and (6, 4) in app.log
    assert await inbox.unprocessed(uow) == []


async def test_each_shard_resumes_only_its_chats_and_the_database_deals_them_as_shard_of_does(
        uow: UnitOfWork) -> None:
    """Chats (private ids positive, groups negative, no chat at all) dealt to 3 processes: the SQL
    filter of ``unprocessed`` and ``unsent_replies`` agrees with ``shard_of``, every row in exactly one."""
    chats = [1, 2, 3, 4, 5, -1001, -1002, -7, 10**12 + 3]
    writer = inbox.InboxWriter(uow, lambda rows: None)
    writer.start()
    await writer.store_many([payload(chat, n) for n, chat in enumerate(chats, start=1)]
                            + [{"update_id": 99, "poll": {"id": "p"}}])  # no chat: shard 0
    await writer.stop()
    keys = {row.update_id: row.chat_key for row in await inbox.unprocessed(uow)}
    assert keys[99] is None and len(keys) == len(chats) + 1
    dealt: list[int] = []
    for index in range(3):
        share = [row.update_id for row in await inbox.unprocessed(uow, (index, 3))]
        assert share and all(inbox.shard_of(keys[u], 3) == index for u in share)
        dealt += share
    assert sorted(dealt) == sorted(keys)
    for update_id in keys:  # processed with a reply each, none sent yet
        async with uow.transaction() as tx:
            assert await inbox.finish(tx.session, update_id, '[{"endpoint": "sendMessage", "params": {}}]')
            await tx.session.commit()
    unsent = {index: [r.update_id for r in await inbox.unsent_replies(uow, timedelta(hours=1), (index, 3))]
              for index in range(3)}
    assert sorted(u for share in unsent.values() for u in share) == sorted(keys)
    assert all(inbox.shard_of(keys[u], 3) == index for index, share in unsent.items() for u in share)


async def test_an_update_both_resumed_and_handed_over_is_processed_once(uow: UnitOfWork) -> None:
    """A shard process resumes from the database while the main process may already hand it the
    same rows (committed after it started): each is queued once."""
    writer = inbox.InboxWriter(uow, lambda rows: None)
    writer.start()
    await writer.store_many([payload(7, 1), payload(7, 2)])
    await writer.stop()
    app = Recorder()
    worker = InboxWorker(app, uow, ReplySender(DeferringRateLimiter(limit=False), None, uow),  # type: ignore[arg-type]
                         shard=(1, 2))
    release = asyncio.Event()
    worker.hold(release.wait())
    assert await worker.resume() == 2
    worker.submit(await inbox.unprocessed(uow) + [inbox.StoredUpdate(3, 7, payload(7, 3))])
    release.set()
    await asyncio.wait_for(worker.idle(), 30)
    assert app.log == [(7, 1), (7, 2), (7, 3)]


async def test_the_backlog_counts_what_is_acknowledged_but_not_processed(uow: UnitOfWork, install_clock) -> None:  # type: ignore[no-untyped-def]
    """What ``/healthz`` reports: how many updates wait, and since when the oldest."""
    clock = install_clock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    assert await inbox.backlog(uow) == inbox.Backlog(0, None)
    writer = inbox.InboxWriter(uow, lambda rows: None)
    writer.start()
    await writer.store_many([payload(5, 1), payload(6, 2)])
    clock.advance(seconds=3)
    await writer.store_many([payload(5, 3)])
    await writer.stop()
    clock.advance(seconds=4.5)
    assert await inbox.backlog(uow) == inbox.Backlog(3, 7.5)
    async with uow.transaction() as tx:
        assert await inbox.finish(tx.session, 1, None)
        await tx.session.commit()
    assert await inbox.backlog(uow) == inbox.Backlog(2, 7.5)  # the other chat's, stored as early
    for update_id in (2, 3):
        async with uow.transaction() as tx:
            assert await inbox.finish(tx.session, update_id, None)
            await tx.session.commit()
    assert await inbox.backlog(uow) == inbox.Backlog(0, None)
