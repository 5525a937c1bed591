"""Conversation state and user/chat data live in the database: a restart resumes where users were."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from inspection.bot.persistence import DatabasePersistence
from inspection.services.bot_state import load_namespace
from tests.bot.conftest import BotHarness, texts

NAME, CITY = 1, 2
# Added after the bot's own handlers, so in a group of its own; ApplicationHandlerStop(state) keeps
# the fallback of group 0 from answering as well.


async def _begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None and context.chat_data is not None
    context.chat_data["asked"] = context.chat_data.get("asked", 0) + 1
    await update.effective_chat.send_message("name?")
    raise ApplicationHandlerStop(NAME)


async def _name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and context.user_data is not None
    context.user_data["name"] = update.effective_message.text
    await update.effective_message.reply_text("city?")
    raise ApplicationHandlerStop(CITY)


async def _city(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and context.user_data is not None
    await update.effective_message.reply_text(f"{context.user_data['name']}@{update.effective_message.text}")
    raise ApplicationHandlerStop(ConversationHandler.END)


def add_survey(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(ConversationHandler(
        entry_points=[CommandHandler("survey", _begin)],
        states={NAME: [MessageHandler(filters.TEXT & ~filters.COMMAND, _name)],
                CITY: [MessageHandler(filters.TEXT & ~filters.COMMAND, _city)]},
        fallbacks=[], name="survey", persistent=True,
    ), group=-1)


async def test_a_restart_in_the_middle_of_a_conversation_resumes_at_the_same_step(bot: BotHarness) -> None:
    bot.before_start.append(add_survey)
    await bot.restart()
    me = await bot.linked_officer()
    await bot.say(me.user, "/survey")
    assert texts(await bot.say(me.user, "李明"))[-1] == "city?"
    await bot.restart()
    assert texts(await bot.say(me.user, "昆明"))[-1] == "李明@昆明"


async def test_user_and_chat_data_are_stored_per_user_and_chat(bot: BotHarness) -> None:
    bot.before_start.append(add_survey)
    await bot.restart()
    me = await bot.linked_officer()
    await bot.say(me.user, "/survey")
    await bot.say(me.user, "王芳")
    await bot.stop()  # stopping flushes what PTB still holds
    assert (await load_namespace(bot.uow, "user_data"))[str(me.user.id)] == {"name": "王芳"}
    assert (await load_namespace(bot.uow, "chat_data"))[str(me.user.id)] == {"asked": 1}
    conversations = await load_namespace(bot.uow, "conversation:survey")
    assert conversations == {f"[{me.user.id}, {me.user.id}]": CITY}


async def test_an_ended_conversation_leaves_no_state_behind(bot: BotHarness) -> None:
    bot.before_start.append(add_survey)
    await bot.restart()
    me = await bot.linked_officer()
    for text in ("/survey", "a", "b"):
        await bot.say(me.user, text)
    await bot.stop()
    assert await load_namespace(bot.uow, "conversation:survey") == {}


async def test_state_that_is_not_json_is_skipped_and_logged_not_fatal(bot: BotHarness) -> None:
    persistence = DatabasePersistence(bot.uow)
    await persistence.update_user_data(1, {"when": object()})
    await persistence.update_user_data(2, {"ok": [1, "二"]})
    assert await persistence.get_user_data() == {2: {"ok": [1, "二"]}}
