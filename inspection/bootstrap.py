"""The one place that wires engine, bot, scheduler and web together: ``serve``.

``await serve(settings, host, port)`` runs, in one event loop, the aiohttp server (``web.app``)
and the Telegram bot (``bot.app``) until SIGTERM / SIGINT (or ``stop`` is set), then shuts down in
order: stop taking webhooks, stop fetching updates, let handlers finish and flush bot state,
close the database. Bot modes:

- no ``INSPECTION_TELEGRAM_TOKEN``: the web server runs without the bot, and says so;
- ``INSPECTION_WEBHOOK_URL`` set: webhook mode, Telegram posts to ``/telegram/webhook`` on our
  server (the URL must reach it); the secret token is ``INSPECTION_WEBHOOK_SECRET`` or, when not
  set, a random one per start (setWebhook is called with it each start);
- otherwise long polling (the embedded default).

Scheduler and outbox sender (also without a bot token: then jobs queue, nothing is sent): they run
only in the process that holds the scheduler lock (``services.leadership``: a PostgreSQL advisory
lock on a connection of its own; SQLite: always this process). A replica that loses the lock stops
both; another takes over within seconds. ``/healthz`` says whether this process holds it.

The bot runs on the inbox (``_bot``, ``bot_runtime``): an update is committed to the inbox before
the webhook answers 200 or the poller confirms its offset, and processed once by the worker
(``docs/INGEST.md``); on PostgreSQL by one process per core, each taking its share of the chats
(``bot_processes``; the others are ``python -m inspection.bot_process``, see ``bot.shards``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import os
import pickle
import secrets
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from telegram import Update

from inspection.bot.app import build_application
from inspection.bot.inbox_worker import POSTGRES_CHATS
from inspection.bot.outbox import OUTBOX_KEY, OutboxSender
from inspection.bot.runtime import BotRuntime
from inspection.bot.shards import LINE_LIMIT
from inspection.clock import SYSTEM_CLOCK, Clock, install
from inspection.config import Settings
from inspection.scheduler import JobScheduler
from inspection.services import inbox
from inspection.services.leadership import Leadership
from inspection.services.processed_updates import forget_processed_before
from inspection.services.runtime import open_store, settle_heap, unsettle_heap
from inspection.web.app import create_app

log = logging.getLogger(__name__)

# Telegram redelivers an update for at most 24 hours; the ids are kept well beyond that.
PROCESSED_UPDATES_KEPT_DAYS = 30


@dataclass
class Running:
    """What ``serve`` started, handed to ``on_ready`` (tests and the CLI's start-up lines)."""

    host: str
    port: int
    bot_mode: str  # "off", "polling" or "webhook"
    application: Any = None  # the PTB Application, when the bot runs
    duties: Any = None  # the ``Duties`` (scheduler, outbox sender, leadership)
    runtime: Any = None  # the bot's BotRuntime (inbox, worker, replies), when the bot runs

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def bot_mode(settings: Settings) -> str:
    if not (settings.telegram_token and settings.telegram_token.get_secret_value()):
        return "off"
    return "webhook" if settings.webhook_url else "polling"


# -- the bot on the inbox (issue 10) ------------------------------------------------------------

def bot_processes(settings: Settings, clock: Clock = SYSTEM_CLOCK) -> int:
    """How many processes process the bot's updates (``inbox.processing_processes``); one under a
    clock other than the system's (tests: the other processes would not share it)."""
    return 1 if clock is not SYSTEM_CLOCK else inbox.processing_processes(settings)


def bot_runtime(settings: Settings, uow: Any, *, poll_timeout: int = 10, processes: int = 1,
                **build: Any) -> BotRuntime:
    """The bot application on the inbox worker (``build`` goes to ``build_application``); with
    ``processes`` > 1, shards 1.. run in processes of their own (``inspection.bot_process``)."""
    application = build_application(settings, uow, **build)

    async def spawn(index: int) -> asyncio.subprocess.Process:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "inspection.bot_process", str(os.getpid()),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=LINE_LIMIT)
        assert proc.stdin is not None
        start = {"index": index, "count": processes, "settings": base64.b64encode(pickle.dumps(settings)).decode()}
        proc.stdin.write(json.dumps(start).encode() + b"\n")
        return proc

    return BotRuntime(application, uow, concurrency=1 if settings.is_sqlite else POSTGRES_CHATS,
                      poll_timeout=poll_timeout, processes=processes, spawn=spawn)


async def _forget_old_updates(uow: Any) -> None:
    forgotten = await forget_processed_before(uow, days=PROCESSED_UPDATES_KEPT_DAYS)
    forgotten += await inbox.forget_processed_before(uow, days=PROCESSED_UPDATES_KEPT_DAYS)
    if forgotten:
        log.info("forgot %d processed update ids older than %d days", forgotten, PROCESSED_UPDATES_KEPT_DAYS)


@contextlib.asynccontextmanager
async def _bot(settings: Settings, uow: Any, mode: str, processes: int = 1,
               answering: asyncio.Event | None = None) -> AsyncIterator[tuple[BotRuntime | None, Callable[..., Any] | None, str]]:
    """Start the bot in ``mode``; yields (runtime, webhook sink or None, webhook secret);
    ``answering`` is set once the web server listens."""
    if mode == "off":
        yield None, None, ""
        return
    runtime = bot_runtime(settings, uow, processes=processes)
    await _forget_old_updates(uow)
    sink, secret = None, ""
    try:
        await runtime.start(mode, answering if mode == "webhook" else None)
        if mode == "webhook":
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
            secret = secret or secrets.token_urlsafe(32)
            await runtime.application.bot.set_webhook(settings.webhook_url, secret_token=secret,
                                                      allowed_updates=Update.ALL_TYPES)
            sink = runtime.accept
        yield runtime, sink, secret
    finally:
        await runtime.stop()  # the worker finishes what is queued, replies go out, state is committed


class Duties:
    """What only the holder of the scheduler lock runs: the job scheduler and the outbox sender."""

    def __init__(self, settings: Settings, uow: Any, application: Any, clock: Clock, *,
                 retry_s: float = 5.0) -> None:
        self.settings, self.uow, self.clock = settings, uow, clock
        self.sender = OutboxSender(application.bot, uow, settings, clock) if application is not None else None
        if application is not None:
            application.bot_data[OUTBOX_KEY] = self.sender
        self.scheduler: JobScheduler | None = None
        self.leadership = Leadership(uow, on_acquired=self._start, on_lost=self._stop, retry_s=retry_s,
                                     check_s=retry_s)

    @property
    def held(self) -> bool:
        return self.leadership.held

    async def _start(self) -> None:
        self.scheduler = JobScheduler(self.uow, self.settings, self.clock,
                                      on_queued=self.sender.kick if self.sender else None)
        await self.scheduler.start()
        if self.sender is not None:
            self.sender.start()

    async def _stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
        if self.sender is not None:
            await self.sender.stop()


@contextlib.asynccontextmanager
async def _duties(settings: Settings, uow: Any, application: Any, clock: Clock) -> AsyncIterator[Duties]:
    duties, stop = Duties(settings, uow, application, clock), asyncio.Event()
    try:
        await duties.leadership.step()  # decided before the web server answers /healthz
    except BaseException:
        await duties.leadership.close()
        raise
    task = asyncio.create_task(duties.leadership.run(stop), name="scheduler-leadership")
    try:
        yield duties
    finally:
        stop.set()
        await task


async def serve(settings: Settings, host: str | None = None, port: int | None = None, *,
                stop: asyncio.Event | None = None, on_ready: Callable[[Running], None] | None = None,
                clock: Clock = SYSTEM_CLOCK) -> None:
    """Run web server and bot until a signal (or ``stop``); see the module docstring."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    watched = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
            watched.append(sig)
    mode = bot_mode(settings)
    answering = asyncio.Event()  # the web server listens: webhooks reach the bot
    previous_clock = install(clock)
    try:
        async with (open_store(settings) as uow, _bot(settings, uow, mode, bot_processes(settings, clock), answering) as (runtime, sink, secret),
                    _duties(settings, uow, runtime.application if runtime is not None else None, clock) as duties):
            app = create_app(settings, uow, bot_mode=mode, telegram_sink=sink, webhook_secret=secret,
                             scheduler_held=lambda: duties.held,
                             bot_processes=runtime.processes if runtime is not None else None)
            runner = web.AppRunner(app, handle_signals=False)
            await runner.setup()
            await uow.warm_up()  # the first requests after a (re)start do not wait for connections
            settle_heap()
            try:
                site = web.TCPSite(runner, host or settings.host, settings.port if port is None else port)
                await site.start()
                answering.set()
                bound = site._server.sockets[0].getsockname()  # type: ignore[union-attr]
                running = Running(host=bound[0], port=bound[1], bot_mode=mode, runtime=runtime,
                                  application=runtime.application if runtime is not None else None, duties=duties)
                log.info("web server on %s; bot: %s", running.url, mode)
                if on_ready is not None:
                    on_ready(running)
                await stop.wait()
                log.info("shutting down")
            finally:
                unsettle_heap()
                await runner.cleanup()  # no more webhooks before the bot stops
    finally:
        install(previous_clock)
        for sig in watched:
            loop.remove_signal_handler(sig)
