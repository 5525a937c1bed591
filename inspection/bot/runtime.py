"""The bot running on the inbox: ``BotRuntime`` starts and stops the pieces in order.

    runtime = BotRuntime(application, uow, concurrency=1)
    await runtime.start(mode)          # "polling" or "webhook"
    await runtime.accept(payload)      # the webhook: returns once the update is committed
    await runtime.idle()               # tests: everything stored is processed and answered
    await runtime.stop()

Start: initialise PTB, send the replies committed but not sent before the last stop, resume
stored-but-unprocessed updates, then take new ones (the
``InboxWriter``'s group commits; in polling mode the ``InboxPoller``). When there is a backlog to
resume, processing waits until the first acknowledgements are out (the inbox has committed once
and nothing waits to be stored), at most ``RESUME_GRACE_S``: after a crash Telegram redelivers
what got no 200 as soon as the service answers again, and the first updates processed after a
start are slow (every statement compiled and, on PostgreSQL, prepared for the first time): run
first, they kept those 200s waiting 110-160 ms (``bench.ingest``'s p99 on PostgreSQL; 20-30 ms
held). The backlog and what arrives meanwhile stay queued in order, chat by chat. Stop: take no more, let the
worker finish what is queued (the rest resumes at the next start), send queued replies, shut PTB
down.

With ``processes`` > 1 (PostgreSQL), shards 1.. run in processes of their own (``bot.shards``):
they start first, the inbox writer hands them their chats' updates, they hold their backlogs until
this process's first acknowledgements are out, and ``start`` returns only once they are ready
(so the caller listens only then); ``stop`` lets them finish before this process's worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from inspection.bot.inbox_worker import InboxWorker
from inspection.bot.outbox import outbox_kick
from inspection.bot.outgoing import DeferringRateLimiter, ReplySender
from inspection.bot.polling import InboxPoller
from inspection.bot.shards import ShardRouter
from inspection.services.inbox import InboxWriter

log = logging.getLogger(__name__)

RESUME_GRACE_S = 1.0  # the longest a resumed backlog waits for the first acknowledgements


class BotRuntime:
    def __init__(self, application: Application, uow: Any, *, concurrency: int = 1,  # type: ignore[type-arg]
                 poll_timeout: int = 10, processes: int = 1,
                 spawn: Callable[[int], Awaitable[asyncio.subprocess.Process]] | None = None) -> None:
        limiter = application.bot.rate_limiter
        if not isinstance(limiter, DeferringRateLimiter):
            raise ValueError("the bot must be built with inspection.bot.app.build_application")
        self.application, self.uow = application, uow
        self.sender = ReplySender(limiter, application.bot, uow)
        shard = (0, processes) if processes > 1 else None
        self.worker = InboxWorker(application, uow, self.sender, concurrency=concurrency, shard=shard)
        self.shards: ShardRouter | None = None
        if shard is not None:
            if spawn is None:
                raise ValueError("processes > 1 needs spawn")
            self.shards = ShardRouter(processes, spawn, self.worker.submit, self.sender.submit,
                                      self.sender.resume, self._kick_outbox)
        self.writer = InboxWriter(uow, self.shards.route if self.shards else self.worker.submit,
                                  self._redelivered)
        self.worker.ingest_first = self.writer.quiet
        self.poller: InboxPoller | None = None
        self._first: asyncio.Future[None] | None = None  # the first acknowledgements after the start
        self._answering = asyncio.Event()
        self._answers: set[asyncio.Task[None]] = set()
        self.poll_timeout = poll_timeout

    async def start(self, mode: str, answering: asyncio.Event | None = None) -> None:
        """``answering``: set by the caller once updates can reach ``accept`` (the web server
        listens); without it, the end of ``start``. The first acknowledgements are awaited from then."""
        self._answering = answering or asyncio.Event()
        if self.shards is not None:  # they start (importing for a second or so) while this one does
            await self.shards.start()
        await self.application.initialize()
        await self.application.start()
        await self.sender.resume()
        backlog = await self.worker.resume()
        first = self._first = (asyncio.ensure_future(self._first_acknowledgements())
                               if backlog or self.shards is not None else None)
        if backlog and first is not None:
            self.worker.hold(first)
        self.writer.start()
        if self.shards is not None and first is not None:  # before Telegram hears from us: every chat's process is up
            await self.shards.ready()
            shards = self.shards
            first.add_done_callback(lambda _: shards.go())  # they hold their backlogs until then
        if mode == "polling":
            self.poller = InboxPoller(self.application.bot, self.writer, timeout=self.poll_timeout)
            await self.poller.start()
        if answering is None:
            self._answering.set()

    async def _first_acknowledgements(self) -> None:
        await self._answering.wait()

        async def out() -> None:
            await self.writer.committed_once.wait()
            await self.writer.quiet()

        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(out(), RESUME_GRACE_S)

    def _kick_outbox(self) -> None:  # a shard process queued a notification
        kick = outbox_kick(self.application.bot_data)
        if kick is not None:
            kick()

    def _redelivered(self, payloads: list[dict[str, Any]]) -> None:
        """A redelivered button press is answered again (so the client stops waiting); no effect."""
        for payload in payloads:
            query = payload.get("callback_query")
            if isinstance(query, dict) and isinstance(query.get("id"), str):
                task = asyncio.create_task(self._answer(query["id"]))
                self._answers.add(task)
                task.add_done_callback(self._answers.discard)

    async def _answer(self, query_id: str) -> None:
        try:
            await self.application.bot.answer_callback_query(query_id)
        except TelegramError as exc:
            log.info("could not answer a redelivered button press: %s", exc)

    def processes(self) -> tuple[int, int]:
        """Bot processes up and taking updates, of how many (this one counts)."""
        if self.shards is None:
            return 1, 1
        return 1 + self.shards.running(), self.shards.count

    async def accept(self, payload: dict[str, Any]) -> None:
        await self.writer.store(payload)

    async def idle(self) -> None:
        await self.worker.idle()
        await asyncio.gather(*self._answers)

    async def stop(self, wait_s: float = 10.0) -> None:
        """``wait_s``: how long to let queued updates and replies finish (the rest: next start)."""
        if self.poller is not None:
            await self.poller.stop()
        await self.writer.stop()
        if self._first is not None and not self._first.done():
            self._first.cancel()
            await asyncio.gather(self._first, return_exceptions=True)
        if self.shards is not None:
            await self.shards.stop(wait_s)
        await self.worker.stop(wait_s)
        await self.sender.stop(wait_s)
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
