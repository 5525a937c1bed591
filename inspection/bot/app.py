"""The Telegram bot: ``build_application(settings, uow)`` returns a ready PTB ``Application``.

Plugging in a feature
    Add your module path to ``HANDLER_MODULES``; the module defines ``register(application)``
    that adds its handlers to group 0 (the default). Reach settings and the unit of work with
    ``inspection.bot.context.bot_ctx(context)``; gate handlers with ``inspection.bot.auth``
    (``officer_only`` / ``coordinator_only``); send every text through ``i18n.t``.
    ConversationHandlers need ``name=...`` and ``persistent=True`` (state lives in the database,
    see ``bot.persistence``); keep only JSON data in ``user_data`` / ``chat_data``.
    Stay in group 0: handlers of every group run, so a handler in another group must raise
    ``ApplicationHandlerStop`` (``ApplicationHandlerStop(state)`` in a conversation), or the
    fallback of group 0 answers "not understood" as well.

Exactly once
    Updates reach the handlers only through the inbox worker (``bot.inbox_worker``): each update
    runs in ONE transaction that every ``uow()`` block joins (``uow.for_update(update.update_id)``
    keeps working and joins it too), with PTB's persistence and the inbox's processed mark; the
    replies leave after the commit (``bot.outgoing``). A redelivered update is stopped at the
    inbox, which stores an update id once. ``docs/INGEST.md`` says what is guaranteed.

Private chats only
    A gate (group -100) stops updates from groups and channels: the bot says once per chat that
    it works in private chats and reveals nothing else. A button press without data is
    acknowledged and ignored with a warning.

Errors
    ``DomainError`` reaching the error handler is answered with the catalog text
    ``error_<code>`` (``core_refused`` when there is none); anything else is logged with its
    traceback and answered with ``core_error``. Nothing a user sends goes unanswered: after all
    modules, a fallback in group 0 answers any message or button press no one handled.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from inspection.bot.auth import client_locale, officer_only, user_locale
from inspection.bot.context import BotContext
from inspection.bot.errors import phrase_error
from inspection.bot.http import AiohttpRequest
from inspection.bot.i18n import t
from inspection.bot.outgoing import DeferringRateLimiter
from inspection.bot.persistence import DatabasePersistence
from inspection.bot.replies import reply
from inspection.config import Settings
from inspection.domain.errors import DomainError
from inspection.services.officers import OfficerView
from inspection.services.processed_updates import is_concurrent_duplicate

log = logging.getLogger(__name__)

HANDLER_MODULES: list[str] = [
    "inspection.bot.onboarding",
    "inspection.bot.help",
    "inspection.bot.lang",
    "inspection.bot.today",
    "inspection.bot.checkin",
    "inspection.bot.report",
    "inspection.bot.cases",
    "inspection.bot.summary",
    "inspection.bot.assignments",
    "inspection.bot.raid",
    "inspection.bot.login",
]

# (command, catalog key of its description) for the menu Telegram shows; add yours.
MENU_COMMANDS: list[tuple[str, str]] = [
    ("today", "core_cmd_today"),
    ("lang", "core_cmd_lang"),
    ("help", "core_cmd_help"),
    ("report", "report.cmd_report"),
    ("undo", "report.cmd_undo"),
    ("done", "report.cmd_done"),
    ("cancel", "report.cmd_cancel"),
    ("cases", "cases.cmd_cases"),
    ("summary", "reports.cmd_summary"),
    ("progress", "reports.cmd_progress"),
    ("bulletin", "reports.cmd_bulletin"),
    ("raid", "planning.cmd_raid"),
]

GATE_GROUP = -100
PRIVATE_ONLY_SAID = "private_only_said"  # chat_data of a group/channel: we told it once
Context = ContextTypes.DEFAULT_TYPE


def build_application(settings: Settings, uow: Any, *, base_url: str | None = None,
                      base_file_url: str | None = None, webhook: bool = False,
                      persistence_interval: float = 3600.0, rate_limit: bool = True) -> Application:  # type: ignore[type-arg]
    """The bot, its handlers and persistence, to be run by ``bot.runtime.BotRuntime`` (which
    fetches updates itself: the application has no PTB updater; ``webhook`` is kept for callers).

    ``rate_limit`` keeps to Telegram's limits (30 messages/s overall, 20/min per group; retries a
    429 twice); only a benchmark measuring our own cost turns it off. Replies are deferred to
    after the commit either way. The worker hands persistence over after each update; the
    ``persistence_interval`` loop is only a backstop.
    """
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    if not token:
        raise ValueError("no Telegram token configured (INSPECTION_TELEGRAM_TOKEN)")
    builder: ApplicationBuilder = Application.builder().token(token)  # type: ignore[type-arg]
    base_url = base_url or settings.telegram_base_url
    if base_url:
        builder = builder.base_url(base_url)
        base_file_url = base_file_url or settings.telegram_base_file_url or _file_url(base_url)
    if base_file_url:
        builder = builder.base_file_url(base_file_url)
    builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(pool_size=1))
    builder = builder.rate_limiter(DeferringRateLimiter(max_retries=2, limit=rate_limit,
                                                        per_s=settings.scheduler.overall_per_s))
    builder = builder.persistence(DatabasePersistence(uow, update_interval=persistence_interval))
    builder = builder.post_init(_set_menu)
    builder = builder.updater(None)
    application = builder.build()
    application.bot_data["ctx"] = BotContext(settings=settings, uow=uow)
    application.add_handler(TypeHandler(Update, _gate), group=GATE_GROUP)
    for name in HANDLER_MODULES:
        importlib.import_module(name).register(application)
    application.add_handler(CommandHandler("help", _help))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, _not_understood))
    application.add_handler(CallbackQueryHandler(_stale_button))
    application.add_error_handler(_on_error)
    return application


def _file_url(base_url: str) -> str:
    """``http://host:8081/bot`` -> ``http://host:8081/file/bot`` (how Bot API servers lay it out)."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


async def _set_menu(application: Application) -> None:  # type: ignore[type-arg]
    try:
        for locale, language in (("zh-CN", None), ("en", "en")):
            commands = [BotCommand(cmd, t(key, locale)) for cmd, key in MENU_COMMANDS]
            await application.bot.set_my_commands(commands, language_code=language)
    except TelegramError as exc:  # the menu is a convenience; the bot works without it
        log.warning("could not set the command menu: %s", exc)


async def _gate(update: Update, context: Context) -> None:
    """Private chats only; a button press without data is acknowledged and ignored."""
    query = update.callback_query
    if query is not None and query.data is None:
        log.warning("update %s: a button press without data; ignored", update.update_id)
        try:
            await query.answer()
        except TelegramError:
            pass
        raise ApplicationHandlerStop
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if context.chat_data is not None and not context.chat_data.get(PRIVATE_ONLY_SAID):
        context.chat_data[PRIVATE_ONLY_SAID] = True
        try:
            await chat.send_message(t("inbox.private_only", client_locale(update, context)))
        except TelegramError as exc:
            log.info("could not tell chat %s that the bot works in private chats: %s", chat.id, exc)
    raise ApplicationHandlerStop


@officer_only
async def _help(update: Update, context: Context, officer: OfficerView) -> None:
    await reply(update, t("core_help", officer.locale))


@officer_only
async def _not_understood(update: Update, context: Context, officer: OfficerView) -> None:
    await reply(update, t("core_not_understood", officer.locale))


@officer_only
async def _stale_button(update: Update, context: Context, officer: OfficerView) -> None:
    await reply(update, t("core_stale_button", officer.locale))


async def _on_error(update: object, context: Context) -> None:
    error = context.error
    if error is not None and is_concurrent_duplicate(error):
        log.info("update %s: effect already committed elsewhere; ignored",
                 update.update_id if isinstance(update, Update) else "?")
        return
    if not isinstance(update, Update):
        log.error("bot error outside an update", exc_info=error)
        return
    if isinstance(error, DomainError):
        log.info("update %s refused: %s (%s)", update.update_id, error, error.code)
    else:
        log.error("update %s failed", update.update_id, exc_info=error)
    try:
        locale = await user_locale(update, context)
    except Exception:  # the database may be what failed
        locale = client_locale(update, context)
    text = phrase_error(error, locale) if isinstance(error, DomainError) else t("core_error", locale)
    try:
        await reply(update, text)
    except TelegramError as exc:
        log.warning("could not tell the user about the error: %s", exc)
