"""``/login``: a linked coordinator (admin, agency head) gets a one-time console login link."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from inspection.bot.auth import officer_only
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.replies import reply
from inspection.domain.enums import CONSOLE_ROLES
from inspection.services.accounts.sessions import LINK_MINUTES, create_login_link
from inspection.services.officers import OfficerView

Context = ContextTypes.DEFAULT_TYPE


@officer_only
async def on_login(update: Update, context: Context, officer: OfficerView) -> None:
    chat = update.effective_chat
    if officer.role not in CONSOLE_ROLES:
        await reply(update, t("web.login_not_console_role", officer.locale))
        return
    if chat is None or chat.type != "private":  # a link is a key: never into a group
        await reply(update, t("web.login_private_only", officer.locale))
        return
    settings = bot_ctx(context).settings
    token = await create_login_link(bot_ctx(context).uow, officer.id)
    url = f"{settings.console_base_url}/login/link/{token}"
    await reply(update, t("web.login_link", officer.locale, url=url, minutes=LINK_MINUTES))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(CommandHandler("login", on_login))
