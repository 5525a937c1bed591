"""Replies leave after the commit, within Telegram's limits, without holding the next update back.

While the inbox worker processes an update, ``OUTGOING`` holds a list: the bot's rate limiter
(``DeferringRateLimiter``) puts every call that talks to a user (send, edit, answer) on that list
and hands the handler a stand-in result (a message with a provisional id; ``True`` for edits and
answers) instead of sending. After the update's transaction committed, ``ReplySender`` sends the
list: a chat's replies in order, all chats through PTB's ``AIORateLimiter`` (30 messages/s
overall, 20/min per group, a 429 retried). A rolled-back update's replies are dropped. Calls
whose answer a handler needs (getFile ...) go out at once, past the limiter (a 429 pausing the
replies must not hold an update's processing); calls outside an update go through the limiter.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from telegram.error import BadRequest, TelegramError
from telegram.ext import AIORateLimiter, BaseRateLimiter

log = logging.getLogger(__name__)

SENDS = {"sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendVenue", "sendAudio", "sendVideo",
         "sendVoice", "sendSticker", "sendAnimation", "sendContact", "sendPoll"}
OTHERS = {"editMessageText", "editMessageReplyMarkup", "editMessageCaption", "answerCallbackQuery",
          "sendChatAction", "deleteMessage", "sendMediaGroup"}
_provisional_ids = itertools.count(2**31)


@dataclass
class Deferred:
    callback: Callable[..., Coroutine[Any, Any, Any]]
    args: Any
    kwargs: dict[str, Any]
    endpoint: str
    data: dict[str, Any]
    rate_limit_args: Any


OUTGOING: ContextVar[list[Deferred] | None] = ContextVar("inspection_outgoing", default=None)


def _stand_in(endpoint: str, data: dict[str, Any]) -> Any:
    if endpoint not in SENDS and endpoint != "sendMediaGroup":
        return True
    chat_id = str(data.get("chat_id", ""))
    chat = {"id": int(chat_id) if chat_id.lstrip("-").isdigit() else 0, "type": "private"}
    message = {"message_id": next(_provisional_ids), "date": int(time.time()), "chat": chat}
    if isinstance(data.get("text"), str):
        message["text"] = data["text"]
    return [message] if endpoint == "sendMediaGroup" else message


class DeferringRateLimiter(BaseRateLimiter[Any]):
    """PTB rate limiter that defers user-facing calls made during an update (see module doc)."""

    def __init__(self, max_retries: int = 2, *, limit: bool = True) -> None:
        # One message per 1/30 s rather than PTB's default bucket of 30 per second, which lets a burst
        # of up to 60 through within one second and earns 429s (each pausing every chat).
        self.limiter: BaseRateLimiter[Any] = (AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 30,
                                                             max_retries=max_retries)
                                              if limit else _NoLimit())

    async def initialize(self) -> None:
        await self.limiter.initialize()

    async def shutdown(self) -> None:
        await self.limiter.shutdown()

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: Any) -> Any:
        queue = OUTGOING.get()
        if queue is not None and (endpoint in SENDS or endpoint in OTHERS):
            queue.append(Deferred(callback, args, kwargs, endpoint, dict(data), rate_limit_args))
            return _stand_in(endpoint, data)
        if queue is not None:  # getFile and the like while processing: never paused by a 429 of the replies
            return await callback(*args, **kwargs)
        return await self.limiter.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


class _NoLimit(BaseRateLimiter[Any]):
    """No limit at all: only for a benchmark of our own cost."""

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: Any) -> Any:
        return await callback(*args, **kwargs)


class ReplySender:
    """Sends committed updates' replies: per chat in order, overall within Telegram's limits."""

    def __init__(self, limiter: DeferringRateLimiter) -> None:
        self.limiter = limiter.limiter
        self._chats: dict[Any, list[list[Deferred]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self.sent = 0

    def submit(self, chat: Any, calls: list[Deferred]) -> None:
        if not calls:
            return
        self._idle.clear()
        if chat in self._chats:
            self._chats[chat].append(calls)
            return
        self._chats[chat] = [calls]
        task = asyncio.create_task(self._drain(chat), name=f"replies-{chat}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, chat: Any) -> None:
        try:
            while self._chats[chat]:
                for call in self._chats[chat][0]:
                    await self._send(call)
                self._chats[chat].pop(0)
        finally:
            del self._chats[chat]
            if not self._chats:
                self._idle.set()

    async def _send(self, call: Deferred) -> None:
        try:
            await self.limiter.process_request(call.callback, call.args, call.kwargs, call.endpoint, call.data,
                                               call.rate_limit_args)
            self.sent += 1
        except BadRequest as exc:
            if call.endpoint == "editMessageText" and "not modified" not in str(exc) and call.data.get("chat_id"):
                # too old to edit (or gone): say it anew, as the handler would have
                data = {k: v for k, v in call.data.items() if k in ("chat_id", "text", "reply_markup", "parse_mode")}
                await self._send(Deferred(call.callback, ("sendMessage", data), call.kwargs, "sendMessage", data,
                                          call.rate_limit_args))
            elif "not modified" not in str(exc) and call.endpoint != "answerCallbackQuery":
                log.warning("%s to %s refused: %s", call.endpoint, call.data.get("chat_id"), exc)
        except TelegramError as exc:
            log.warning("%s to %s failed: %s", call.endpoint, call.data.get("chat_id"), exc)
        except Exception:
            log.exception("%s to %s failed", call.endpoint, call.data.get("chat_id"))

    async def idle(self) -> None:
        await self._idle.wait()

    async def stop(self, wait_s: float = 10.0) -> None:
        """Send what is queued (up to ``wait_s``), then give up the rest with a warning."""
        try:
            await asyncio.wait_for(self.idle(), wait_s)
        except TimeoutError:
            log.warning("replies of %d chats not sent before shutdown", len(self._chats))
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
