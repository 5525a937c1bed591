"""Answering a user whatever they sent: a message, a button press, a location."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest


async def reply(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Send ``text`` to the chat of ``update``; a button press is acknowledged first."""
    query = update.callback_query
    if query is not None:
        try:
            await query.answer()
        except BadRequest:  # too old to answer: the message below still reaches the user
            pass
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, **kwargs)


async def edit_or_reply(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Replace the text of the message whose button was pressed; otherwise send a new one."""
    query = update.callback_query
    if query is not None and query.message is not None and isinstance(query.message, Message):
        try:
            await query.answer()
        except BadRequest:
            pass
        try:
            result = await query.message.edit_text(text, **kwargs)
            return result if isinstance(result, Message) else None
        except BadRequest:
            pass  # e.g. message too old to edit or unchanged: say it anew
    return await reply(update, text, **kwargs)
