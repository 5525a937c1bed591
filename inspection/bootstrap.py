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

The bot runs on the inbox (``_bot``, ``bot_runtime``): an update is committed to the inbox before
the webhook answers 200 or the poller confirms its offset, and processed once by the worker
(``docs/INGEST.md``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from telegram import Update

from inspection.bot.app import build_application
from inspection.bot.runtime import BotRuntime
from inspection.config import Settings
from inspection.services import inbox
from inspection.services.processed_updates import forget_processed_before
from inspection.services.runtime import open_store
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
    runtime: Any = None  # the bot's BotRuntime (inbox, worker, replies), when the bot runs

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def bot_mode(settings: Settings) -> str:
    if not (settings.telegram_token and settings.telegram_token.get_secret_value()):
        return "off"
    return "webhook" if settings.webhook_url else "polling"


# -- the bot on the inbox (issue 10) ------------------------------------------------------------

# PostgreSQL serves this many chats side by side (8 measured 58 updates/s but a p99 of 276 ms for
# the webhook's 200, 3: 51/s and 140 ms); SQLite takes one writer at a time.
POSTGRES_CHATS = 3


def bot_runtime(settings: Settings, uow: Any, *, poll_timeout: int = 10, **build: Any) -> BotRuntime:
    """The bot application on the inbox worker (``build`` goes to ``build_application``)."""
    application = build_application(settings, uow, **build)
    return BotRuntime(application, uow, concurrency=1 if settings.is_sqlite else POSTGRES_CHATS,
                      poll_timeout=poll_timeout)


async def _forget_old_updates(uow: Any) -> None:
    forgotten = await forget_processed_before(uow, days=PROCESSED_UPDATES_KEPT_DAYS)
    forgotten += await inbox.forget_processed_before(uow, days=PROCESSED_UPDATES_KEPT_DAYS)
    if forgotten:
        log.info("forgot %d processed update ids older than %d days", forgotten, PROCESSED_UPDATES_KEPT_DAYS)


@contextlib.asynccontextmanager
async def _bot(settings: Settings, uow: Any, mode: str) -> AsyncIterator[tuple[BotRuntime | None, Callable[..., Any] | None, str]]:
    """Start the bot in ``mode``; yields (runtime, webhook sink or None, webhook secret)."""
    if mode == "off":
        yield None, None, ""
        return
    runtime = bot_runtime(settings, uow)
    await _forget_old_updates(uow)
    sink, secret = None, ""
    try:
        await runtime.start(mode)
        if mode == "webhook":
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
            secret = secret or secrets.token_urlsafe(32)
            await runtime.application.bot.set_webhook(settings.webhook_url, secret_token=secret,
                                                      allowed_updates=Update.ALL_TYPES)
            sink = runtime.accept
        yield runtime, sink, secret
    finally:
        await runtime.stop()  # the worker finishes what is queued, replies go out, state is committed


async def serve(settings: Settings, host: str | None = None, port: int | None = None, *,
                stop: asyncio.Event | None = None, on_ready: Callable[[Running], None] | None = None) -> None:
    """Run web server and bot until a signal (or ``stop``); see the module docstring."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    watched = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
            watched.append(sig)
    mode = bot_mode(settings)
    try:
        async with open_store(settings) as uow, _bot(settings, uow, mode) as (runtime, sink, secret):
            # The scheduler starts here, on this loop and this unit of work, once it exists.
            app = create_app(settings, uow, bot_mode=mode, telegram_sink=sink, webhook_secret=secret)
            runner = web.AppRunner(app, handle_signals=False)
            await runner.setup()
            try:
                site = web.TCPSite(runner, host or settings.host, settings.port if port is None else port)
                await site.start()
                bound = site._server.sockets[0].getsockname()  # type: ignore[union-attr]
                running = Running(host=bound[0], port=bound[1], bot_mode=mode, runtime=runtime,
                                  application=runtime.application if runtime is not None else None)
                log.info("web server on %s; bot: %s", running.url, mode)
                if on_ready is not None:
                    on_ready(running)
                await stop.wait()
                log.info("shutting down")
            finally:
                await runner.cleanup()  # no more webhooks before the bot stops
    finally:
        for sig in watched:
            loop.remove_signal_handler(sig)
