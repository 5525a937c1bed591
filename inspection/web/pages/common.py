"""What every page handler needs: the user, the unit of work, settings, flash messages."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from inspection.config import Settings
from inspection.services.accounts.users import ConsoleUser
from inspection.web.keys import SETTINGS, UOW
from inspection.web.render import locale_of


def user_of(request: web.Request) -> ConsoleUser:
    user = request.get("user")
    if user is None:
        raise web.HTTPUnauthorized()
    return user  # type: ignore[no-any-return]


def uow_of(request: web.Request) -> Any:
    return request.app[UOW]


def settings_of(request: web.Request) -> Settings:
    return request.app[SETTINGS]


def locale(request: web.Request) -> str:
    return locale_of(request)


def redirect(location: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(location)
