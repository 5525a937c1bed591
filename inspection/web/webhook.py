"""Telegram's webhook: ``register(app, accept, secret)`` adds ``POST /telegram/webhook``.

The ``X-Telegram-Bot-Api-Secret-Token`` header must equal the secret given to setWebhook (403
otherwise). The body must be JSON (nesting deeper than the parser allows counts as not JSON) and
an update (``services.inbox.check_update``: an object whose ``update_id`` is a plain integer in
range); anything else is answered 400, which Telegram does not resend. A good update is handed
to ``accept`` (bootstrap wires the bot's inbox) and answered 200 only once ``accept`` returned,
i.e. once it is committed; if it cannot be stored the answer is 503 and Telegram sends it again.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from inspection.services.inbox import check_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram/webhook"

Accept = Callable[[dict[str, Any]], Awaitable[None]]
ACCEPT: web.AppKey[Accept] = web.AppKey("telegram_accept")
SECRET = web.AppKey("webhook_secret", str)


def register(app: web.Application, accept: Accept, secret: str) -> None:
    if not secret:
        raise ValueError("a webhook needs a secret token")
    app[ACCEPT], app[SECRET] = accept, secret
    app.router.add_post(WEBHOOK_PATH, telegram_webhook)


def _refuse(status: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "description": description}, status=status)


async def telegram_webhook(request: web.Request) -> web.Response:
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode(), request.app[SECRET].encode()):
        log.warning("webhook call from %s with a wrong or missing secret token", request.remote)
        return _refuse(403, "forbidden")
    try:
        payload = json.loads(await request.read())
    except (ValueError, RecursionError):  # includes UnicodeDecodeError and absurdly deep nesting
        log.warning("webhook body from %s is not JSON; refused", request.remote)
        return _refuse(400, "body is not JSON")
    problem = check_update(payload)
    if problem is not None:
        log.warning("webhook body from %s refused: %s", request.remote, problem)
        return _refuse(400, problem)
    try:
        await request.app[ACCEPT](payload)
    except ConnectionError as exc:  # not stored, so not acknowledged: Telegram sends it again
        log.warning("update %s not stored: %s", payload["update_id"], exc)
        return _refuse(503, "try again later")
    return web.json_response({"ok": True})
