"""The aiohttp application: ``create_app(settings, uow, telegram_sink=..., webhook_secret=...)``.

Routes
    ``GET /healthz``            ``{"status": "ok"|"degraded", "database": bool, "migrations_at_head": bool,
                                "bot": mode, "scheduler": bool}`` (scheduler: this process holds the
                                scheduler lock); 503 when the database is unreachable or behind
    ``POST /telegram/webhook``  Telegram's webhook; the ``X-Telegram-Bot-Api-Secret-Token`` header
                                must equal the secret given to setWebhook (403 otherwise); the
                                update is handed to ``telegram_sink`` (bootstrap wires the bot's
                                update queue) and answered 200 at once. Only there in webhook mode.

Adding routes: put the module path in ``ROUTE_MODULES``; the module defines
``register(app: web.Application) -> None`` and reads ``app[SETTINGS]`` / ``app[UOW]``.
"""

from __future__ import annotations

import hmac
import importlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from inspection.config import Settings
from inspection.services.health import database_ok, migrations_at_head
from inspection.web.keys import BOT_MODE, SETTINGS, UOW

__all__ = ["BOT_MODE", "SETTINGS", "UOW", "create_app"]

log = logging.getLogger(__name__)

ROUTE_MODULES: list[str] = ["inspection.web.console"]
WEBHOOK_SECRET = web.AppKey("webhook_secret", str)
SCHEDULER_HELD: web.AppKey[Callable[[], bool]] = web.AppKey("scheduler_held")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram/webhook"

TelegramSink = Callable[[dict[str, Any]], Awaitable[None]]
TELEGRAM_SINK: web.AppKey[TelegramSink] = web.AppKey("telegram_sink")


def create_app(settings: Settings, uow: Any, *, bot_mode: str = "off", telegram_sink: TelegramSink | None = None,
               webhook_secret: str = "", scheduler_held: Callable[[], bool] = lambda: False) -> web.Application:
    app = web.Application(client_max_size=4 * 1024 * 1024)
    app[SETTINGS], app[UOW], app[BOT_MODE], app[SCHEDULER_HELD] = settings, uow, bot_mode, scheduler_held
    app.router.add_get("/healthz", healthz)
    if telegram_sink is not None:
        if not webhook_secret:
            raise ValueError("a webhook needs a secret token")
        app[TELEGRAM_SINK], app[WEBHOOK_SECRET] = telegram_sink, webhook_secret
        app.router.add_post(WEBHOOK_PATH, telegram_webhook)
    for name in ROUTE_MODULES:
        importlib.import_module(name).register(app)
    return app


async def healthz(request: web.Request) -> web.Response:
    db = await database_ok(request.app[UOW])
    migrations = db and await migrations_at_head(request.app[UOW])
    healthy = db and migrations
    body = {"status": "ok" if healthy else "degraded", "database": db, "migrations_at_head": migrations,
            "bot": request.app[BOT_MODE], "scheduler": request.app[SCHEDULER_HELD]()}
    return web.json_response(body, status=200 if healthy else 503)


async def telegram_webhook(request: web.Request) -> web.Response:
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode(), request.app[WEBHOOK_SECRET].encode()):
        log.warning("webhook call from %s with a wrong or missing secret token", request.remote)
        return web.json_response({"ok": False, "description": "forbidden"}, status=403)
    try:
        payload = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return web.json_response({"ok": False, "description": "body is not JSON"}, status=400)
    if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
        return web.json_response({"ok": False, "description": "not a Telegram update"}, status=400)
    await request.app[TELEGRAM_SINK](payload)
    return web.json_response({"ok": True})
