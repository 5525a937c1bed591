"""``bot.replies`` queues an update's replies itself (``outgoing.defer``), past PTB's methods: the
Bot API must receive exactly what PTB's own method would have queued through the rate limiter."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ExtBot
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from inspection.bot.outgoing import OUTGOING, DeferringRateLimiter, Reply
from inspection.bot.replies import answer_press, edit_markup, edit_or_reply, reply, send

CHAT = 4242
MARKUP = InlineKeyboardMarkup([[InlineKeyboardButton("鞋 👟", callback_data="rep:category:shoes"),
                                InlineKeyboardButton("服装", callback_data="rep:category:clothing")]])
KEYBOARD = ReplyKeyboardMarkup([["/today", "/report"]], resize_keyboard=True)


@pytest.fixture
def bot() -> ExtBot[Any]:
    return ExtBot("123456:TEST", rate_limiter=DeferringRateLimiter(limit=False))


def _press(bot: ExtBot[Any]) -> Update:
    message = {"message_id": 77, "date": 1764000000, "chat": {"id": CHAT, "type": "private"}, "text": "问题",
               "from": {"id": 1, "is_bot": True, "first_name": "bot"}}
    return Update.de_json({"update_id": 9, "callback_query": {
        "id": "cb-1", "chat_instance": "ci", "data": "rep:menu:add", "message": message,
        "from": {"id": CHAT, "is_bot": False, "first_name": "王"}}}, bot)


def _text(bot: ExtBot[Any]) -> Update:
    return Update.de_json({"update_id": 10, "message": {
        "message_id": 78, "date": 1764000000, "chat": {"id": CHAT, "type": "private"}, "text": "耐克",
        "from": {"id": CHAT, "is_bot": False, "first_name": "王"}}}, bot)


async def _queued(call: Callable[[], Awaitable[Any]]) -> list[dict[str, Any]]:
    queue: list[Reply] = []
    token = OUTGOING.set(queue)
    try:
        await call()
    finally:
        OUTGOING.reset(token)
    return [r.to_json() for r in queue]


async def test_reply_to_a_press_queues_what_ptb_would(bot: ExtBot[Any]) -> None:
    update = _press(bot)
    assert update.callback_query is not None and update.effective_chat is not None
    query, chat = update.callback_query, update.effective_chat

    async def by_ptb() -> None:
        await query.answer()
        await chat.send_message("下一步：品名？", reply_markup=MARKUP)

    ours = await _queued(lambda: reply(update, "下一步：品名？", reply_markup=MARKUP))
    assert ours == await _queued(by_ptb)
    assert [r["e"] for r in ours] == ["answerCallbackQuery", "sendMessage"]
    assert '"callback_data":"rep:category:shoes"' in ours[1]["p"]["reply_markup"].replace(" ", "")


async def test_reply_to_a_message_with_a_keyboard_and_send(bot: ExtBot[Any]) -> None:
    update = _text(bot)
    assert update.effective_chat is not None
    chat = update.effective_chat
    assert await _queued(lambda: reply(update, "已记录", reply_markup=KEYBOARD)) == \
        await _queued(lambda: chat.send_message("已记录", reply_markup=KEYBOARD))
    assert await _queued(lambda: send(bot, CHAT, "<b>x</b>", parse_mode="HTML")) == \
        await _queued(lambda: bot.send_message(CHAT, "<b>x</b>", parse_mode="HTML"))


async def test_edits_and_a_notice_queue_what_ptb_would(bot: ExtBot[Any]) -> None:
    update = _press(bot)
    assert update.callback_query is not None
    query = update.callback_query
    message = query.message
    assert isinstance(message, Message)

    async def edit_by_ptb() -> None:
        await query.answer()
        await message.edit_text("已取消", reply_markup=MARKUP)

    assert await _queued(lambda: edit_or_reply(update, "已取消", reply_markup=MARKUP)) == await _queued(edit_by_ptb)
    assert await _queued(lambda: edit_markup(update)) == \
        await _queued(lambda: message.edit_reply_markup(reply_markup=None))
    assert await _queued(lambda: answer_press(update, "按钮已过期")) == await _queued(lambda: query.answer("按钮已过期"))


async def test_other_arguments_go_through_ptb_and_are_still_deferred(bot: ExtBot[Any]) -> None:
    update = _text(bot)
    queued = await _queued(lambda: reply(update, "静音", disable_notification=True))
    assert queued == [{"e": "sendMessage", "p": {"chat_id": str(CHAT), "text": "静音", "disable_notification": "true"}}]


async def test_a_press_that_is_no_message_is_answered_by_a_new_message(bot: ExtBot[Any]) -> None:
    update = _text(bot)  # not a press: nothing to edit or acknowledge
    assert [r["e"] for r in await _queued(lambda: edit_or_reply(update, "新消息"))] == ["sendMessage"]
    assert await _queued(lambda: edit_markup(update)) == []
    assert await _queued(lambda: answer_press(update)) == []


_VALUES = st.one_of(st.text(), st.integers(), st.booleans(), st.floats(allow_nan=False), st.none(),
                    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.text(max_size=3)),
                    st.sampled_from([MARKUP, KEYBOARD, ParseMode.HTML, dtm.datetime(2026, 12, 6, 8, 30, tzinfo=dtm.UTC),
                                     InputFile(b"\x89PNG evidence", filename="p.png")]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["chat_id", "text", "reply_markup", "parse_mode", "photo", "date"]),
                       _VALUES.filter(lambda v: v is not None), min_size=1))
def test_a_reply_is_encoded_as_ptb_encodes_it(data: dict[str, Any]) -> None:
    """``Reply.encode`` encodes strings, whole numbers and booleans itself: exactly as PTB does."""
    request = RequestData([RequestParameter.from_input(k, v) for k, v in data.items()])
    encoded = Reply.encode("sendMessage", data)
    assert encoded.params == request.json_parameters
    assert set(encoded.files) == set(request.multipart_data)
