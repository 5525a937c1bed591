"""Who is talking to the bot, and the gates in front of handlers.

- ``await current_officer(update, context)`` -> ``OfficerView`` of the linked, active officer, or
  ``None`` after replying the one polite "not linked" line (nothing else: no data, no commands).
- ``@officer_only`` / ``@coordinator_only`` wrap a handler written as
  ``async def handler(update, context, officer: OfficerView) -> ...``; the wrapper looks the
  officer up, answers strangers / non-coordinators itself and then returns
  ``ConversationHandler.END`` (so a deactivated officer also leaves any conversation).
- ``await user_locale(update, context)``: the officer's language, else the Telegram client's,
  else ``settings.locale``. ``officer.locale`` is the one to use once you hold an officer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from inspection.bot.context import UPDATE_SCOPE, bot_ctx
from inspection.bot.i18n import normalize_locale, t
from inspection.bot.replies import reply
from inspection.services.inbox import transaction_stamp
from inspection.services.officers import OfficerView, officer_by_telegram

R = TypeVar("R")
Context = ContextTypes.DEFAULT_TYPE
OfficerHandler = Callable[[Update, Context, OfficerView], Coroutine[Any, Any, R]]
Handler = Callable[[Update, Context], Coroutine[Any, Any, R | int]]


async def linked_officer(update: Update, context: Context) -> OfficerView | None:
    """The active officer linked to the sender, without replying anything."""
    user = update.effective_user
    if user is None:
        return None
    scope, stamp = UPDATE_SCOPE.get(), transaction_stamp()
    key = ("officer", user.id)
    if scope is not None and stamp is not None and key in scope and scope[key][0] == stamp:
        return scope[key][1]  # looked up once per update, until the update writes something
    found = await officer_by_telegram(bot_ctx(context).uow, user.id)
    officer = found if found is not None and found.active else None
    if scope is not None and stamp is not None:
        scope[key] = (stamp, officer)
    return officer


def client_locale(update: Update, context: Context) -> str:
    user = update.effective_user
    if user is not None and user.language_code:
        return normalize_locale(user.language_code)
    return bot_ctx(context).settings.locale


async def user_locale(update: Update, context: Context) -> str:
    officer = await linked_officer(update, context)
    return officer.locale if officer is not None else client_locale(update, context)


async def current_officer(update: Update, context: Context) -> OfficerView | None:
    officer = await linked_officer(update, context)
    if officer is None:
        await reply(update, t("core_not_linked", client_locale(update, context)))
    return officer


def _gate(handler: OfficerHandler[R], *, coordinators: bool) -> Handler[R]:
    @functools.wraps(handler)
    async def wrapper(update: Update, context: Context) -> R | int:
        officer = await current_officer(update, context)
        if officer is None:
            return ConversationHandler.END
        if coordinators and not officer.is_coordinator:
            await reply(update, t("core_coordinators_only", officer.locale))
            return ConversationHandler.END
        return await handler(update, context, officer)

    return wrapper


def officer_only(handler: OfficerHandler[R]) -> Handler[R]:
    return _gate(handler, coordinators=False)


def coordinator_only(handler: OfficerHandler[R]) -> Handler[R]:
    return _gate(handler, coordinators=True)


__all__ = ["OfficerView", "client_locale", "coordinator_only", "current_officer", "linked_officer",
           "officer_only", "user_locale"]
