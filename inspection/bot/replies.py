"""Answering a user whatever they sent: a message, a button press, a location.

While the inbox worker processes an update, these queue their calls as the update's replies
directly (``outgoing.defer``); elsewhere they send through PTB. Either way the Bot API receives the
same call. Only the arguments in ``DIRECT`` take the direct way; any other goes through PTB, which
knows how to send it. Deferred, a send returns ``None``: the message does not exist yet.
"""

from __future__ import annotations

from typing import Any

from telegram import Bot, Message, Update
from telegram.error import BadRequest, TelegramError

from inspection.bot.outgoing import defer

DIRECT = frozenset({"reply_markup", "parse_mode"})


async def answer_press(update: Update, notice: str | None = None) -> None:
    """Acknowledge a button press (with ``notice`` shown over the chat); nothing for other updates."""
    query = update.callback_query
    if query is None or defer("answerCallbackQuery", {"callback_query_id": query.id, "text": notice}):
        return
    try:
        await query.answer(notice)
    except BadRequest:  # too old to answer: what follows still reaches the user
        pass


async def send(bot: Bot, chat_id: int, text: str, **kwargs: Any) -> Message | None:
    """Send ``text`` to ``chat_id``."""
    if DIRECT.issuperset(kwargs) and defer("sendMessage", {"chat_id": chat_id, "text": text, **kwargs}):
        return None
    return await bot.send_message(chat_id, text, **kwargs)


async def reply(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Send ``text`` to the chat of ``update``; a button press is acknowledged first."""
    await answer_press(update)
    chat = update.effective_chat
    if chat is None:
        return None
    return await send(chat.get_bot(), chat.id, text, **kwargs)


async def edit_markup(update: Update, markup: Any = None) -> None:
    """Replace (``None``: remove) the buttons of the message whose button was pressed."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not isinstance(message, Message):
        return
    if defer("editMessageReplyMarkup", {"chat_id": message.chat.id, "message_id": message.message_id,
                                        "reply_markup": markup}):
        return
    try:
        await message.edit_reply_markup(reply_markup=markup)
    except TelegramError:  # too old or already so: harmless
        pass


async def edit_or_reply(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Replace the text of the message whose button was pressed; otherwise send a new one."""
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        message = query.message
        await answer_press(update)
        if DIRECT.issuperset(kwargs) and defer("editMessageText", {
                "chat_id": message.chat.id, "message_id": message.message_id, "text": text, **kwargs}):
            return None  # if it cannot be edited when it is sent, it is sent anew (``ReplySender``)
        try:
            result = await message.edit_text(text, **kwargs)
            return result if isinstance(result, Message) else None
        except BadRequest:
            pass  # e.g. message too old to edit or unchanged: say it anew
    return await reply(update, text, **kwargs)
