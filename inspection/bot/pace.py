"""Telegram's limits, kept by the sender: ``Pacer`` spaces calls overall and per chat, ``pause``
stops them all for a 429's ``retry_after`` (``retry_after_s``). Used by the outbox sender
(``bot.outbox``) and the replies' limiter (``bot.outgoing.TelegramLimits``). Pacing reads the
monotonic clock: Telegram counts real seconds."""

from __future__ import annotations

import asyncio
import time
import warnings
from datetime import timedelta

from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

SAFETY = 1.02  # keep a little under the limits: Telegram counts on arrival, we on departure


def retry_after_s(exc: RetryAfter) -> float:
    """How long Telegram asks every call to wait (PTB gives seconds or a timedelta, and warns
    that it will change to the latter)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class Pacer:
    """Sends spaced evenly under ``per_s`` a second overall, and ``chat_interval`` seconds apart per
    chat (``group_interval`` for groups, whose ids are negative, if given). In turn, first come
    first served; after ``pause`` every send waits, then they go on one by one, spaced again."""

    def __init__(self, per_s: float, chat_interval: float, group_interval: float | None = None) -> None:
        self.spacing = SAFETY / per_s
        self.chat_interval = chat_interval * SAFETY
        self.group_interval = self.chat_interval if group_interval is None else group_interval * SAFETY
        self._next = 0.0
        self._chat_next: dict[int, float] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    async def paused(self) -> None:
        """Wait out a pause (for a call that takes no turn)."""
        while True:  # a pause may be lengthened meanwhile
            wait = self._paused_until - time.monotonic()
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    async def slot(self, chat_id: int) -> None:
        async with self._lock:
            while True:
                now = time.monotonic()
                wait = max(self._paused_until, self._next, self._chat_next.get(chat_id, 0.0)) - now
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self._next = now + self.spacing
            self._chat_next[chat_id] = now + (self.group_interval if chat_id < 0 else self.chat_interval)
            if len(self._chat_next) > 10_000:  # forget chats long past their interval
                self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
