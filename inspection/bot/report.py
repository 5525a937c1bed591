"""The report in Telegram: parse what the officer sent into an ``Input``, show the ``Outcome``.

The conversation itself is ``inspection.services.report`` (the same for every channel); this
module only reads Telegram and writes to it:

- ``/report``, ``/done``, ``/undo``, ``/cancel`` are commands of the report, whoever sends them;
- a button ``rep:<step>:<value>`` is the choice of an option;
- any other message (text, a photo, an image file, a sticker) is an answer while the officer has a
  report open (``services.report.in_progress``); otherwise it is left to the other handlers.

Every answer goes through ``answer`` with the update's unit of work, so the draft, the records and
the update marked as processed are one commit; the reply is sent after it. A button pressed is
answered once and its keyboard taken off; questions with options are inline keyboards.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from inspection.bot.auth import current_officer, linked_officer
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.outbox import kick_outbox
from inspection.bot.photos import DownloadFailed, download_photo, incoming_photo
from inspection.bot.replies import answer_press, edit_markup, reply, send
from inspection.clock import CLOCK
from inspection.domain.errors import InvalidInput
from inspection.services.officers import OfficerView
from inspection.services.processed_updates import AlreadyProcessed, mark_processed
from inspection.services.report import (
    COMMANDS,
    Choice,
    Command,
    Input,
    Other,
    Outcome,
    Photo,
    Question,
    Text,
    answer,
    in_progress,
    phrase,
)
from inspection.services.report.photos import is_evidence_type

PREFIX = "rep"
# Answers are taken before group 0, so that text meant for the report never reaches another module.
ANSWER_GROUP = -10
Context = ContextTypes.DEFAULT_TYPE


def button_data(step: str, value: str) -> str:
    return f"{PREFIX}:{step}:{value}"


def parse_button(data: str) -> Choice:
    """``rep:<step>:<value>`` -> the choice; anything else is a choice no question offers (stale)."""
    parts = data.split(":", 2)
    return Choice(parts[1], parts[2]) if len(parts) == 3 and parts[0] == PREFIX else Choice("", "")


def keyboard(question: Question, locale: str) -> InlineKeyboardMarkup | None:
    buttons = [InlineKeyboardButton(phrase(t, o.text, locale), callback_data=button_data(question.step, o.value))
               for o in question.options]
    if not buttons:
        return None
    n = question.per_row
    return InlineKeyboardMarkup([buttons[i:i + n] for i in range(0, len(buttons), n)])


async def show(update: Update, context: Context, outcome: Outcome) -> None:
    """Send what happened and the next question (a pressed button is answered first, and retired)."""
    locale = outcome.locale
    await answer_press(update, t("report.stale_button", locale) if outcome.stale else None)
    if not outcome.stale:
        await edit_markup(update)
    chat = update.effective_chat
    assert chat is not None
    for words in outcome.said:
        await send(context.bot, chat.id, phrase(t, words, locale))
    if outcome.question is not None:
        await send(context.bot, chat.id, phrase(t, outcome.question.text, locale),
                   reply_markup=keyboard(outcome.question, locale))
    if outcome.notified:
        kick_outbox(context)


async def _answer(update: Update, context: Context, officer: OfficerView, given: Input) -> None:
    ctx = bot_ctx(context)
    try:
        outcome = await answer(ctx.uow.for_update(update.update_id), officer.id, given, now=CLOCK.now(),
                               settings=ctx.settings)
    except AlreadyProcessed:  # the same update was answered before: acknowledge, do nothing twice
        await answer_press(update)
        return
    await show(update, context, outcome)


async def on_command(update: Update, context: Context) -> None:
    officer = await current_officer(update, context)
    message = update.effective_message
    if officer is None or message is None or not message.text:
        return
    name = message.text.split()[0].lstrip("/").split("@")[0].lower()
    await _answer(update, context, officer, Command(name))


async def on_press(update: Update, context: Context) -> None:
    officer = await current_officer(update, context)
    if officer is not None and update.callback_query is not None:
        await _answer(update, context, officer, parse_button(update.callback_query.data or ""))


async def _read(update: Update, context: Context, message: Message, officer: OfficerView) -> Input | None:
    """The report's input for ``message``; ``None`` after telling the officer why a photo did not come."""
    if message.text is not None:
        return Text(message.text)
    incoming = incoming_photo(message)
    if incoming is None:
        return Other("text_expected")
    if not is_evidence_type(incoming.mime_type):  # not worth fetching: the report says why it is refused
        return Photo(b"", mime_type=incoming.mime_type)
    try:
        return await download_photo(context.bot, incoming)
    except InvalidInput as exc:
        text = t(f"report.{exc.code}", officer.locale, **exc.params)
    except DownloadFailed:
        text = t("report.download_failed", officer.locale)
    await reply(update, text)
    await mark_processed(bot_ctx(context).uow, update.update_id)
    return None


async def on_message(update: Update, context: Context) -> None:
    """A message from an officer with a report open is an answer to it; others pass on to group 0."""
    message = update.effective_message
    officer = await linked_officer(update, context)
    if message is None or officer is None or not await in_progress(bot_ctx(context).uow, officer.id):
        return
    given = await _read(update, context, message, officer)
    if given is not None:
        await _answer(update, context, officer, given)
    raise ApplicationHandlerStop


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(CommandHandler(list(COMMANDS), on_command))
    application.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))
    answers = filters.UpdateType.MESSAGE & ~filters.COMMAND & ~filters.LOCATION
    application.add_handler(MessageHandler(answers, on_message), group=ANSWER_GROUP)
