"""Replies leave after the commit, within Telegram's limits, without holding the next update back.

While the inbox worker processes an update, ``OUTGOING`` holds a list: the bot's rate limiter
(``DeferringRateLimiter``) puts every call that talks to a user (send, edit, answer) on that list
and hands the handler a stand-in result (a message with a provisional id; ``True`` for edits and
answers) instead of sending. ``bot.replies`` puts its calls there itself (``defer``), the same
call without PTB's way to the limiter. After the update's transaction committed, ``ReplySender`` sends the
list: a chat's replies in order, all chats through ``TelegramLimits`` (30 messages/s overall,
20/min per group, a 429 waited out and the reply sent again). A rolled-back update's replies are dropped. Calls
whose answer a handler needs (getFile ...) go out at once, past the limiter (a 429 pausing the
replies must not hold an update's processing); calls outside an update go through the limiter.

Durable: a deferred call is kept as a ``Reply`` (the endpoint and its parameters as PTB encodes
them for the Bot API, files included), and the worker writes an update's replies into its inbox row
in the update's transaction (``services.inbox.finish``). Once an update's replies all left, the
sender records it (``mark_replied``, batched); at start-up ``resume`` sends again whatever was
committed but not recorded as sent, so a crash between the commit and the sending loses no reply
(those in flight at the crash may arrive twice).
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import logging
import time
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import IO, Any

from telegram import Bot, InputFile
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from inspection.bot.pace import Pacer, retry_after_s
from inspection.services import inbox

log = logging.getLogger(__name__)

SENDS = {"sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendVenue", "sendAudio", "sendVideo",
         "sendVoice", "sendSticker", "sendAnimation", "sendContact", "sendPoll"}
OTHERS = {"editMessageText", "editMessageReplyMarkup", "editMessageCaption", "answerCallbackQuery",
          "sendChatAction", "deleteMessage", "sendMediaGroup"}
_provisional_ids = itertools.count(2**31)


@dataclass
class Reply:
    """One Bot API call answering an update, as it will be sent: ``params`` are the JSON-encoded
    values PTB sends (strings stay strings), ``files`` the parts of a multipart upload
    (name -> file name, content, MIME type)."""

    endpoint: str
    params: dict[str, str]
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)

    @classmethod
    def encode(cls, endpoint: str, data: dict[str, Any]) -> Reply:
        """From the arguments PTB hands the rate limiter (the same conversion ``Bot._do_post``
        makes). Strings, whole numbers and booleans, most of every reply, are encoded here as PTB
        would (a tenth of the cost); anything else by PTB's own ``RequestParameter``."""
        plain = {k: _plain_json(v) for k, v in data.items()}
        others = [RequestParameter.from_input(k, v) for k, v in data.items() if plain[k] is None]
        if not others:
            return cls(endpoint, plain)  # type: ignore[arg-type]
        request = RequestData(others)
        encoded = request.json_parameters
        files = {name: (str(part[0] or name), _content(part[1]), str(part[2] or "application/octet-stream"))
                 for name, part in request.multipart_data.items()}
        params = {k: text if text is not None else encoded[k] for k, text in plain.items()
                  if text is not None or k in encoded}
        return cls(endpoint, params, files)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"e": self.endpoint, "p": self.params}
        if self.files:
            out["f"] = {k: [fn, base64.b64encode(c).decode("ascii"), m] for k, (fn, c, m) in self.files.items()}
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Reply:
        files = {k: (fn, base64.b64decode(c), m) for k, (fn, c, m) in raw.get("f", {}).items()}
        return cls(raw["e"], dict(raw["p"]), files)


def _plain_json(value: Any) -> str | None:
    """``value`` as PTB's ``RequestParameter.json_value`` gives it, for a str, an int or a bool
    (``None`` for any other type: PTB encodes those)."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    return None


def _content(content: bytes | IO[bytes]) -> bytes:
    return content if isinstance(content, bytes) else content.read()


def dump_replies(replies: list[Reply]) -> str | None:
    """The inbox row's ``replies`` column (``None`` when there is nothing to send)."""
    return json.dumps([r.to_json() for r in replies], ensure_ascii=False, separators=(",", ":")) if replies else None


def load_replies(text: str) -> list[Reply]:
    return [Reply.from_json(r) for r in json.loads(text)]


def _request_data(reply: Reply) -> RequestData:
    """A ``Reply`` as PTB's request layer takes it (string values are sent as they are)."""
    parameters = [RequestParameter(k, v, None) for k, v in reply.params.items()]
    for name, (fn, content, mime) in reply.files.items():
        upload = InputFile(content, filename=fn)
        upload.mimetype = mime  # as the handler's file had it, not guessed again
        parameters.append(RequestParameter(name, None, [upload]))
    return RequestData(parameters)


OUTGOING: ContextVar[list[Reply] | None] = ContextVar("inspection_outgoing", default=None)


def defer(endpoint: str, params: dict[str, Any]) -> bool:
    """While an update is processed, queue this call as one of its replies and say True; else False
    (the caller then sends it through PTB). The same ``Reply`` as PTB's method would queue through
    ``DeferringRateLimiter``, without PTB's way there (its method's defaults, its request objects,
    and a stand-in ``Message`` built from JSON): a fifth of the processing of a typical update."""
    queue = OUTGOING.get()
    if queue is None:
        return False
    queue.append(Reply.encode(endpoint, {k: v for k, v in params.items() if v is not None}))
    return True


def _stand_in(endpoint: str, data: dict[str, Any]) -> Any:
    if endpoint not in SENDS and endpoint != "sendMediaGroup":
        return True
    chat_id = str(data.get("chat_id", ""))
    chat = {"id": int(chat_id) if chat_id.lstrip("-").isdigit() else 0, "type": "private"}
    message = {"message_id": next(_provisional_ids), "date": int(time.time()), "chat": chat}
    if isinstance(data.get("text"), str):
        message["text"] = data["text"]
    return [message] if endpoint == "sendMediaGroup" else message


class TelegramLimits(BaseRateLimiter[Any]):
    """Every call to a chat within Telegram's limits: one per 1/``per_s`` s overall (the setting
    ``scheduler.overall_per_s``, 30 by default, which the outbox sender keeps to too), 2 % slower
    (Telegram counts on arrival, we on departure), and one per 3 s to a group (20 a minute), first
    come first served (``bot.pace.Pacer``). A 429 pauses every call for its ``retry_after``; then
    they go on one by one, spaced again. Calls without a chat (answering a button) are not spaced
    but wait out a pause. A call refused with 429 is tried again up to ``max_retries`` times, then
    raises.

    Not PTB's ``AIORateLimiter``: it paces each call, then makes it wait out a pause, so the calls
    that took their turns during a pause all left together when it ended (``bench.ingest``: 31
    ``sendMessage`` in 60 ms, refused again, and so on); and PTB's default bucket lets 60 through
    in one second after a quiet one."""

    def __init__(self, max_retries: int = 2, per_s: float = 30.0) -> None:
        self.max_retries = max_retries
        self.pacer = Pacer(per_s, 0.0, group_interval=60 / 20)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: Any) -> Any:
        chat = _chat_of(data.get("chat_id"))
        for attempt in itertools.count():
            if chat is None:
                await self.pacer.paused()
            else:
                await self.pacer.slot(chat)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.pacer.pause(0.1 + retry_after_s(exc))
                if attempt >= (rate_limit_args or self.max_retries):
                    raise
                log.info("%s refused with 429; every call waits %.1f s", endpoint, retry_after_s(exc))
        raise AssertionError("unreachable")


def _chat_of(chat_id: Any) -> int | None:
    if chat_id is None:
        return None
    try:
        return int(chat_id)
    except (TypeError, ValueError):  # a channel's @username
        return -1


class DeferringRateLimiter(BaseRateLimiter[Any]):
    """PTB rate limiter that defers user-facing calls made during an update (see module doc)."""

    def __init__(self, max_retries: int = 2, *, limit: bool = True, per_s: float = 30.0) -> None:
        # per_s: the setting the outbox sender keeps to as well (scheduler.overall_per_s)
        self.limiter: BaseRateLimiter[Any] = TelegramLimits(max_retries, per_s) if limit else _NoLimit()

    async def initialize(self) -> None:
        await self.limiter.initialize()

    async def shutdown(self) -> None:
        await self.limiter.shutdown()

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: Any) -> Any:
        queue = OUTGOING.get()
        if queue is not None and (endpoint in SENDS or endpoint in OTHERS):
            queue.append(Reply.encode(endpoint, data))
            return _stand_in(endpoint, data)
        if queue is not None:  # getFile and the like while processing: never paused by a 429 of the replies
            return await callback(*args, **kwargs)
        return await self.limiter.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


class _NoLimit(TelegramLimits):
    """No limit at all: only for a benchmark of our own cost."""

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: Any) -> Any:
        return await callback(*args, **kwargs)


class ReplySender:
    """Sends committed updates' replies: per chat in order, overall within Telegram's limits, and
    records which updates' replies all left (see the module doc)."""

    MARK_EVERY_S = 0.25
    MAX_BACKOFF_S = 60.0
    RESEND_WITHIN = timedelta(hours=24)  # as long as Telegram itself keeps an update

    def __init__(self, limiter: DeferringRateLimiter, bot: Bot, uow: Any) -> None:
        self.limiter, self.bot, self.uow = limiter.limiter, bot, uow
        self._chats: dict[Any, list[tuple[int | None, list[Reply]]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._replied: list[int] = []
        self._pending: set[int] = set()  # updates whose replies are queued or not yet recorded as sent
        self._marker: asyncio.Task[None] | None = None
        self.sent = 0

    async def resume(self, shard: tuple[int, int] | None = None) -> int:
        """Send again the replies committed before the last stop that had not all left (all, or
        those of a shard whose process stopped; what is queued here already is not sent twice)."""
        rows = [row for row in await inbox.unsent_replies(self.uow, self.RESEND_WITHIN, shard)
                if row.update_id not in self._pending]
        for row in rows:
            try:
                replies = load_replies(row.replies)
            except (ValueError, KeyError, TypeError) as exc:
                log.error("replies of update %s cannot be read and are dropped: %s", row.update_id, exc)
                self._replied.append(row.update_id)
                continue
            self.submit(row.chat_key, replies, row.update_id)
        if rows:
            log.info("sending again the replies of %d updates committed before the last stop", len(rows))
        return len(rows)

    def submit(self, chat: Any, calls: list[Reply], update_id: int | None = None) -> None:
        """Send ``calls`` after the chat's earlier ones; ``update_id``: record it once they all left."""
        if not calls:
            return
        if update_id is not None:
            self._pending.add(update_id)
        self._idle.clear()
        if chat in self._chats:
            self._chats[chat].append((update_id, calls))
            return
        self._chats[chat] = [(update_id, calls)]
        task = asyncio.create_task(self._drain(chat), name=f"replies-{chat}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, chat: Any) -> None:
        try:
            while self._chats[chat]:
                update_id, calls = self._chats[chat][0]
                for call in calls:
                    await self._send(call)
                self._chats[chat].pop(0)
                if update_id is not None:
                    self._replied.append(update_id)
                    if self._marker is None or self._marker.done():
                        self._marker = asyncio.create_task(self._mark_soon(), name="replies-marker")
        finally:
            del self._chats[chat]
            if not self._chats:
                self._idle.set()

    async def _mark_soon(self) -> None:
        """Record sent replies in batches: one statement per ``MARK_EVERY_S``, not one per update."""
        while self._replied:
            await asyncio.sleep(self.MARK_EVERY_S)
            await self._flush_marks()

    async def _flush_marks(self) -> None:
        ids, self._replied = self._replied, []
        if not ids:
            return
        try:
            await inbox.mark_replied(self.uow, ids)
        except Exception as exc:  # the database is away: they would only be sent again at a restart
            log.warning("could not record %d updates' replies as sent: %s", len(ids), exc)
            self._replied[:0] = ids
            await asyncio.sleep(1.0)
            return
        self._pending.difference_update(ids)

    async def _post(self, reply: Reply) -> Any:
        return await self.bot.request.post(url=f"{self.bot.base_url}/{reply.endpoint}",
                                           request_data=_request_data(reply))

    async def _send(self, call: Reply) -> None:
        backoff = 0.5
        while True:
            try:
                await self.limiter.process_request(self._post, (call,), {}, call.endpoint, call.params, None)
                self.sent += 1
                return
            except RetryAfter:  # every call is paused for its retry_after (TelegramLimits): then again
                continue
            except BadRequest as exc:
                await self._refused(call, exc)
                return
            except NetworkError as exc:  # Telegram or the network is away (5xx, timeouts): try again
                log.warning("%s to %s failed (%s); trying again in %.1f s", call.endpoint,
                            call.params.get("chat_id"), exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.MAX_BACKOFF_S)
            except TelegramError as exc:  # blocked by the user, chat gone ...: nobody to tell
                log.warning("%s to %s failed: %s", call.endpoint, call.params.get("chat_id"), exc)
                return
            except Exception:
                log.exception("%s to %s failed", call.endpoint, call.params.get("chat_id"))
                return

    async def _refused(self, call: Reply, exc: BadRequest) -> None:
        if call.endpoint == "editMessageText" and "not modified" not in str(exc) and call.params.get("chat_id"):
            # too old to edit (or gone): say it anew, as the handler would have
            keep = ("chat_id", "text", "reply_markup", "parse_mode")
            await self._send(Reply("sendMessage", {k: v for k, v in call.params.items() if k in keep}))
        elif "not modified" not in str(exc) and call.endpoint != "answerCallbackQuery":
            log.warning("%s to %s refused: %s", call.endpoint, call.params.get("chat_id"), exc)

    async def idle(self) -> None:
        """Every submitted reply left (and those this call finds unrecorded are recorded as sent)."""
        await self._idle.wait()
        await self._flush_marks()

    async def stop(self, wait_s: float = 10.0) -> None:
        """Send what is queued (up to ``wait_s``), then leave the rest to the next start."""
        try:
            await asyncio.wait_for(self._idle.wait(), wait_s)
        except TimeoutError:
            log.warning("replies of %d chats not sent before shutdown; they are sent at the next start",
                        len(self._chats))
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._marker is not None:
            self._marker.cancel()
            await asyncio.gather(self._marker, return_exceptions=True)
        await self._flush_marks()
