"""``/help`` and the command menu by role: what a stranger, an officer and a coordinator may use.

- Strangers (no linked account) see ``/start`` and ``/help`` in the menu; ``/help`` gives them the
  one polite "not linked" line.
- Officers see the field commands; coordinators also the planning and figures commands.
- The menu Telegram shows follows the same split: the default scope lists ``/start`` and ``/help``
  (set once the bot runs), and each linked officer's private chat gets a per-chat scope in their
  language when they link (``/start CODE``) and again on a command whenever their role or language
  is no longer what the chat was given.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from inspection.bot.auth import current_officer, linked_officer
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.replies import reply
from inspection.services.officers import OfficerView

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
MENU_GROUP = -40  # a group of its own: after the gate (-100) and report drafts (-50), before the handlers

STRANGER_COMMANDS: list[tuple[str, str]] = [("start", "help.cmd_start"), ("help", "core_cmd_help")]
FIELD_COMMANDS: list[tuple[str, str]] = [
    ("today", "core_cmd_today"), ("report", "report.cmd_report"), ("undo", "report.cmd_undo"),
    ("done", "report.cmd_done"), ("cancel", "report.cmd_cancel"), ("cases", "cases.cmd_cases"),
    ("lang", "core_cmd_lang"), ("help", "core_cmd_help"),
]
COORDINATOR_COMMANDS: list[tuple[str, str]] = [
    ("raid", "planning.cmd_raid"), ("progress", "reports.cmd_progress"), ("summary", "reports.cmd_summary"),
    ("bulletin", "reports.cmd_bulletin"),
]


def commands_for(officer: OfficerView | None) -> list[tuple[str, str]]:
    """The commands (name, catalog key of the description) this user may use."""
    if officer is None:
        return STRANGER_COMMANDS
    return FIELD_COMMANDS + (COORDINATOR_COMMANDS if officer.is_coordinator else [])


def help_text(officer: OfficerView) -> str:
    loc = officer.locale
    lines = [t("help.header", loc)]
    lines += [t("help.line", loc, command=name, text=t(key, loc)) for name, key in commands_for(officer)]
    lines.append(t("help.checkin", loc))
    return "\n".join(lines)


async def on_help(update: Update, context: Context) -> None:
    officer = await current_officer(update, context)  # a stranger gets the one polite line
    if officer is None:
        return
    await menu_for(context, update, officer)
    await reply(update, help_text(officer))


async def menu_for(context: Context, update: Update, officer: OfficerView) -> None:
    """Give this private chat the officer's menu unless it already has it."""
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return
    given: dict[int, tuple[str, bool]] = bot_ctx(context).extra.setdefault("menus", {})
    wanted = (officer.locale, officer.is_coordinator)
    if given.get(chat.id) == wanted:
        return
    commands = [BotCommand(name, t(key, officer.locale)) for name, key in commands_for(officer)]
    try:
        await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat.id))
    except TelegramError as exc:  # the menu is a convenience; the bot works without it
        log.warning("could not set the command menu of chat %s: %s", chat.id, exc)
        return
    given[chat.id] = wanted


async def keep_menu(update: Update, context: Context) -> None:
    officer = await linked_officer(update, context)
    if officer is not None:
        await menu_for(context, update, officer)


async def stranger_menu(context: Context) -> None:
    """The default menu, for every chat without one of its own: /start and /help only."""
    try:
        for locale, language in (("zh-CN", None), ("en", "en")):
            commands = [BotCommand(name, t(key, locale)) for name, key in STRANGER_COMMANDS]
            await context.bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)
    except TelegramError as exc:
        log.warning("could not set the default command menu: %s", exc)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(CommandHandler("help", on_help))
    application.add_handler(MessageHandler(filters.COMMAND, keep_menu), group=MENU_GROUP)
    if application.job_queue is not None:
        application.job_queue.run_once(stranger_menu, 0, name="stranger-menu")
