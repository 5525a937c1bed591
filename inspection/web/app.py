"""The aiohttp application: ``create_app(settings, uow, telegram_sink=..., webhook_secret=...)``.

Routes
    ``GET /healthz``            ``{"status": "ok"|"degraded", "database": bool, "migrations_at_head": bool,
                                "bot": mode, "scheduler": bool, "bot_processes": {"running", "of"},
                                "inbox": {"waiting", "oldest_s"}}`` (scheduler: this process holds
                                the scheduler lock; bot_processes: processes up and taking updates,
                                a stopped one is started again within seconds; inbox: updates
                                acknowledged, not processed yet); 503 when the database is
                                unreachable or behind
    ``POST /telegram/webhook``  Telegram's webhook (``web.webhook``): the update is handed to
                                ``telegram_sink`` (bootstrap wires the bot's inbox) and answered
                                200 once stored. Only there in webhook mode.

Adding routes: put the module path in ``ROUTE_MODULES``; the module defines
``register(app: web.Application) -> None`` and reads ``app[SETTINGS]`` / ``app[UOW]``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from inspection.config import Settings
from inspection.services.health import database_ok, migrations_at_head
from inspection.services.inbox import backlog
from inspection.web import webhook
from inspection.web.keys import BOT_MODE, SETTINGS, UOW
from inspection.web.webhook import SECRET_HEADER, WEBHOOK_PATH

log = logging.getLogger(__name__)

ROUTE_MODULES: list[str] = ["inspection.web.console"]
SCHEDULER_HELD: web.AppKey[Callable[[], bool]] = web.AppKey("scheduler_held")
BOT_PROCESSES: web.AppKey[Callable[[], tuple[int, int]] | None] = web.AppKey("bot_processes")
TelegramSink = Callable[[dict[str, Any]], Awaitable[None]]
__all__ = ["BOT_MODE", "SECRET_HEADER", "SETTINGS", "UOW", "WEBHOOK_PATH", "create_app"]


def create_app(settings: Settings, uow: Any, *, bot_mode: str = "off", telegram_sink: TelegramSink | None = None,
               webhook_secret: str = "", scheduler_held: Callable[[], bool] = lambda: False,
               bot_processes: Callable[[], tuple[int, int]] | None = None) -> web.Application:
    app = web.Application(client_max_size=4 * 1024 * 1024)
    app[SETTINGS], app[UOW], app[BOT_MODE], app[SCHEDULER_HELD] = settings, uow, bot_mode, scheduler_held
    app[BOT_PROCESSES] = bot_processes
    app.router.add_get("/healthz", healthz)
    if telegram_sink is not None:
        webhook.register(app, telegram_sink, webhook_secret)
    for name in ROUTE_MODULES:
        importlib.import_module(name).register(app)
    return app


async def healthz(request: web.Request) -> web.Response:
    db = await database_ok(request.app[UOW])
    migrations = db and await migrations_at_head(request.app[UOW])
    healthy = db and migrations
    body: dict[str, Any] = {"status": "ok" if healthy else "degraded", "database": db,
                            "migrations_at_head": migrations, "bot": request.app[BOT_MODE],
                            "scheduler": request.app[SCHEDULER_HELD]()}
    processes = request.app[BOT_PROCESSES]
    if processes is not None:
        running, count = processes()
        body["bot_processes"] = {"running": running, "of": count}
    if healthy and request.app[BOT_MODE] != "off":
        waiting = await backlog(request.app[UOW])
        body["inbox"] = {"waiting": waiting.waiting, "oldest_s": waiting.oldest_s}
    return web.json_response(body, status=200 if healthy else 503)
