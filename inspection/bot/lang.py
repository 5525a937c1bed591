"""``/lang``: the officer picks Chinese or English (``/lang en`` / ``/lang zh`` directly, or buttons)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from inspection.bot.auth import officer_only
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import normalize_locale, t
from inspection.bot.keyboards import LANG_PREFIX, LANGUAGE_NAMES, language_choice, main_keyboard
from inspection.bot.replies import reply
from inspection.config import LOCALES
from inspection.services.officers import OfficerView, set_locale

Context = ContextTypes.DEFAULT_TYPE


def _requested(text: str) -> str | None:
    word = text.strip().lower()
    if word in ("中文", "汉语", "chinese", "cn") or word.startswith("zh"):
        return "zh-CN"
    if word in ("english", "英文", "英语") or word.startswith("en"):
        return "en"
    return None


async def _switch(update: Update, context: Context, officer: OfficerView, locale: str) -> None:
    await set_locale(bot_ctx(context).uow.for_update(update.update_id), officer.id, locale)
    await reply(update, t("lang_set", locale, language=LANGUAGE_NAMES[locale]), reply_markup=main_keyboard(locale))


@officer_only
async def on_lang(update: Update, context: Context, officer: OfficerView) -> None:
    wanted = _requested(" ".join(context.args or []))
    if wanted is not None:
        await _switch(update, context, officer, wanted)
        return
    await reply(update, t("lang_choose", officer.locale, language=LANGUAGE_NAMES[normalize_locale(officer.locale)]),
                reply_markup=language_choice())


@officer_only
async def on_choice(update: Update, context: Context, officer: OfficerView) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    locale = query.data[len(LANG_PREFIX):]
    if locale not in LOCALES:
        await reply(update, t("core_stale_button", officer.locale))
        return
    await _switch(update, context, officer, locale)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(CommandHandler("lang", on_lang))
    application.add_handler(CallbackQueryHandler(on_choice, pattern=f"^{LANG_PREFIX}"))
