"""The inbox worker: every stored update goes through the bot once, a chat's updates in order.

``InboxWorker(application, uow, sender)`` takes what the inbox stored (``submit``, called by
``services.inbox.InboxWriter`` after each commit, and ``resume()`` at start-up for whatever was
stored but not processed before a stop or a crash). For each update it opens ONE transaction
(``uow.transaction()``): every ``uow()`` block the handlers open joins it, PTB's persistence
(conversation states, user/chat data) is written into it, and the inbox row is marked processed
in it, with the replies that answer it; then it commits. Only after the commit do the replies
leave (``bot.outgoing``; if the process dies first, they are sent at the next start). If the mark
finds the row already processed (another worker), everything is rolled back and nothing is sent.
A handler that left half-written work behind spoils the transaction: it is rolled back, the
update is marked processed without effect and the user is told it failed. An update PTB cannot
read is marked processed with a warning. Different chats run side by side (``concurrency``).
``ingest_first`` (the inbox writer's ``quiet``) is awaited before each update, so that an update
waiting to be stored and acknowledged never waits behind processing. ``hold(until)`` keeps what
is submitted queued, in order, until ``until`` finishes (the runtime holds the backlog it resumes
at start-up until the first acknowledgements after the start are out; see ``bot.runtime``).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import Application

from inspection.bot.context import AFTER_COMMIT, UPDATE_SCOPE
from inspection.bot.i18n import normalize_locale, t
from inspection.bot.outgoing import OUTGOING, Reply, ReplySender, dump_replies
from inspection.services import inbox
from inspection.services.inbox import StoredUpdate

log = logging.getLogger(__name__)

RETRY_DELAYS = (0.2, 1.0, 3.0)
# PostgreSQL serves this many chats side by side in a process (8 measured 58 updates/s but a p99
# of 276 ms for the webhook's 200, 3: 51/s and 140 ms); SQLite takes one writer at a time.
POSTGRES_CHATS = 3


class InboxWorker:
    def __init__(self, application: Application, uow: Any, sender: ReplySender, *,  # type: ignore[type-arg]
                 concurrency: int = 1, ingest_first: Callable[[], Awaitable[None]] | None = None,
                 shard: tuple[int, int] | None = None) -> None:
        self.application, self.uow, self.sender = application, uow, sender
        self.shard = shard  # (index, count): this process takes only these chats (``inbox.shard_of``)
        self.resumed: set[int] = set()  # what resume() queued: not to be queued again when it arrives
        self.ingest_first = ingest_first  # awaited before each update: acknowledgements go first
        self._chats: dict[int | None, deque[StoredUpdate]] = {}
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._go = asyncio.Event()  # cleared while held
        self._go.set()
        self._hold: asyncio.Task[None] | None = None
        self.processed = 0

    def hold(self, until: Awaitable[Any]) -> None:
        """Queue what is submitted, without processing it, until ``until`` is done."""
        self._go.clear()

        async def release() -> None:
            try:
                await until
            finally:
                self._go.set()

        self._hold = asyncio.create_task(release(), name="inbox-hold")

    async def resume(self) -> int:
        """Queue what was stored but not processed (this shard's); returns how many."""
        rows = await inbox.unprocessed(self.uow, self.shard)
        if rows:
            log.info("resuming %d stored updates not yet processed", len(rows))
            self.submit(rows)
        self.resumed = {row.update_id for row in rows}
        return len(rows)

    def submit(self, rows: list[StoredUpdate]) -> None:
        for row in rows:
            if row.update_id in self.resumed:  # queued by resume() already (a shard process's start)
                self.resumed.discard(row.update_id)
                continue
            self._idle.clear()
            queue = self._chats.get(row.chat_key)
            if queue is not None:
                queue.append(row)
                continue
            self._chats[row.chat_key] = deque([row])
            task = asyncio.create_task(self._drain(row.chat_key), name=f"inbox-chat-{row.chat_key}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Wait until every submitted update is processed and its replies are sent."""
        while True:
            await self._idle.wait()
            await self.sender.idle()
            if self._idle.is_set():
                return

    async def stop(self, wait_s: float = 10.0) -> None:
        """Finish what is queued (up to ``wait_s``; the rest is resumed at the next start)."""
        try:
            await asyncio.wait_for(self._idle.wait(), wait_s)
        except TimeoutError:
            log.warning("%d chats still had updates at shutdown; they resume at the next start", len(self._chats))
        if self._hold is not None:
            self._hold.cancel()
            await asyncio.gather(self._hold, return_exceptions=True)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _drain(self, key: int | None) -> None:
        queue = self._chats[key]
        try:
            while queue:
                await self._go.wait()
                async with self._slots:
                    if self.ingest_first is not None:
                        await self.ingest_first()
                    await self._process_with_retries(queue[0])
                queue.popleft()
        finally:
            del self._chats[key]
            if not self._chats:
                self._idle.set()

    async def _process_with_retries(self, row: StoredUpdate) -> None:
        for delay in (*RETRY_DELAYS, None):
            try:
                await self._process(row)
                return
            except Exception:
                if delay is None:
                    log.exception("update %s failed %d times; left for the next start", row.update_id,
                                  len(RETRY_DELAYS) + 1)
                    return
                log.warning("update %s failed; retrying in %.1f s", row.update_id, delay, exc_info=True)
                await asyncio.sleep(delay)

    async def _process(self, row: StoredUpdate) -> None:
        app = self.application
        try:
            update: Update | None = Update.de_json(row.payload, app.bot)
        except Exception as exc:  # unreadable: acknowledged, so it must not block the chat
            log.warning("update %s cannot be read and is skipped: %s", row.update_id, exc)
            update = None
        replies: list[Reply] = []
        shared: dict[Any, Any] = {}
        outgoing, scope = OUTGOING.set(replies), UPDATE_SCOPE.set(shared)
        try:
            # Not waiting for the disk on PostgreSQL is safe here: if the server loses this commit,
            # it loses the processed mark with the effect, and the update is done again.
            async with self.uow.transaction(durable=False) as tx:
                if update is not None:
                    await app.process_update(update)
                    tx.shared = True  # PTB gathers the persistence writes in tasks of their own
                    await app.update_persistence()
                    tx.shared = False
                if tx.spoiled is None:
                    if not await inbox.finish(tx.session, row.update_id, dump_replies(replies)):
                        log.info("update %s was processed elsewhere; rolled back", row.update_id)
                        return
                    await tx.session.commit()
            if tx.spoiled is not None:
                await self._spoiled(row, update, tx.spoiled, replies)
        finally:
            OUTGOING.reset(outgoing)
            UPDATE_SCOPE.reset(scope)
        self.processed += 1
        self.sender.submit(row.chat_key, replies, row.update_id)
        if tx.spoiled is None:
            for callback in shared.get(AFTER_COMMIT, []):
                try:
                    callback()
                except Exception:
                    log.exception("after-commit step of update %s failed", row.update_id)

    async def _spoiled(self, row: StoredUpdate, update: Update | None, why: str, replies: list[Reply]) -> None:
        """Roll the update back as a whole; record it processed; tell the user it failed."""
        log.error("update %s rolled back as a whole: %s", row.update_id, why)
        app = self.application
        persistence = app.persistence
        if persistence is not None and hasattr(persistence, "forget_written"):
            persistence.forget_written()
        if update is not None:
            app.mark_data_for_update_persistence(
                chat_ids=update.effective_chat.id if update.effective_chat else None,
                user_ids=update.effective_user.id if update.effective_user else None)
        replies.clear()
        async with self.uow.transaction() as tx:
            tx.shared = True
            await app.update_persistence()
            tx.shared = False
            if update is not None and update.effective_chat is not None:
                user = update.effective_user
                locale = (normalize_locale(user.language_code) if user is not None and user.language_code
                          else app.bot_data["ctx"].settings.locale)
                await update.effective_chat.send_message(t("inbox.rolled_back", locale))
            if not await inbox.finish(tx.session, row.update_id, dump_replies(replies)):
                replies.clear()
                return
            await tx.session.commit()
