"""The keys under which the application holds what every route needs."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from inspection.config import Settings

SETTINGS = web.AppKey("settings", Settings)
UOW: web.AppKey[Any] = web.AppKey("uow")
BOT_MODE = web.AppKey("bot_mode", str)
