"""``/start CODE``: link this Telegram account to an officer with a one-time invite.

Also reached through the deep link ``https://t.me/<bot>?start=CODE`` (Telegram sends
``/start CODE``). ``/start`` alone greets a linked officer and tells anyone else how to get in.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import ReplyKeyboardRemove, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes

from inspection.bot.auth import client_locale, current_officer
from inspection.bot.context import bot_ctx
from inspection.bot.errors import phrase_error
from inspection.bot.help import menu_for
from inspection.bot.i18n import t
from inspection.bot.keyboards import main_keyboard
from inspection.bot.replies import reply
from inspection.services.onboarding import InviteRefused, redeem_invite

log = logging.getLogger(__name__)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    ctx = bot_ctx(context)
    user = update.effective_user
    if user is None:
        return
    code = "".join(context.args or [])
    if not code:
        officer = await current_officer(update, context)  # a stranger is told how to get linked
        if officer is not None:
            await reply(update, t("onboarding_welcome_back", officer.locale, name=officer.name),
                        reply_markup=main_keyboard(officer.locale))
        return
    try:
        result = await redeem_invite(ctx.uow.for_update(update.update_id), code, telegram_user_id=user.id,
                                     telegram_username=user.username or "")
    except InviteRefused as refused:
        await reply(update, phrase_error(refused, client_locale(update, context)))
        return
    officer = result.officer
    await menu_for(context, update, officer)
    key = "onboarding_already_linked" if result.already_linked else "onboarding_linked"
    await reply(update, t(key, officer.locale, name=officer.name, agency=officer.agency_name(officer.locale)),
                reply_markup=main_keyboard(officer.locale))
    if result.previous_telegram_user_id is not None:
        await _tell_old_account(context, result.previous_telegram_user_id, officer.locale)


async def _tell_old_account(context: ContextTypes.DEFAULT_TYPE, telegram_user_id: int, locale: str) -> None:
    """The account that lost access learns why (no data of the officer in the message)."""
    try:
        await context.bot.send_message(telegram_user_id, t("onboarding_old_account_unlinked", locale),
                                       reply_markup=ReplyKeyboardRemove())
    except TelegramError as exc:  # blocked the bot, or never started a chat: nothing more to do
        log.info("could not tell account %s it was unlinked: %s", telegram_user_id, exc)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(CommandHandler("start", on_start))
