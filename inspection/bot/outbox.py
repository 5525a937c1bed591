"""The one outbox sender: due notifications to Telegram within its limits, retried with back-off.

``OutboxSender(bot, uow, settings, clock)`` runs in the replica that holds the scheduler lock
(``bootstrap``). It claims due rows (``services.notifications.claim_due``), renders each
(``bot.notices``) and sends it, keeping to Telegram's limits itself: at most
``scheduler.overall_per_s`` messages in any second overall and one message per
``per_chat_interval_s`` to a chat (PTB's rate limiter has no per-chat limit). Outcomes:

- sent: ``mark_sent`` (and the delivery log);
- 429 ``retry_after``: the row waits that long (not counted as an attempt) and every send pauses;
- network error, 5xx, timeout, an unexpected error: retried with back-off (30 s, 1 min, 2 min ...);
- 403 (the user blocked the bot), 400, or a notice that no longer applies: failed, not retried.

Due-ness and back-off read the injectable clock; pacing reads the monotonic clock (Telegram counts
real seconds). ``kick()`` sends what was just queued without waiting for the next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import ContextTypes

from inspection.bot.context import after_commit
from inspection.bot.notices import NotToBeSent, Rendered, render
from inspection.bot.pace import Pacer, retry_after_s
from inspection.clock import Clock
from inspection.config import Settings
from inspection.domain.enums import NotificationKind
from inspection.services.assignments.team_news import record_sent_message
from inspection.services.notifications import Outgoing, claim_due, mark_failed, mark_retry, mark_sent

log = logging.getLogger(__name__)
OUTBOX_KEY = "outbox_sender"
MAX_IN_FLIGHT = 8  # requests sent whose rows are not yet marked: what a crash can send twice
RENDER_AHEAD = 32  # notifications rendered ahead of sending
class OutboxSender:
    def __init__(self, bot: Bot, uow: Any, settings: Settings, clock: Clock, *,
                 max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self.bot, self.uow, self.settings, self.clock = bot, uow, settings, clock
        cfg = settings.scheduler
        self.pacer = Pacer(cfg.overall_per_s, cfg.per_chat_interval_s)
        self.poll_s = cfg.outbox_poll_s
        self._slots = asyncio.Semaphore(max_in_flight)
        self._ahead = asyncio.Semaphore(RENDER_AHEAD)
        self._to_mark: list[tuple[int, asyncio.Future[None]]] = []
        self._marking: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sending: set[asyncio.Task[None]] = set()
        self.rate_limited = 0  # 429s received

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if not self.running:
            self._task = asyncio.create_task(self._loop(), name="outbox-sender")

    async def stop(self) -> None:
        """Stop claiming; let the sends in flight finish (their rows are marked)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    async def _marked(self, notification_id: int) -> None:
        """Mark a sent row; rows sent meanwhile are marked in the same transaction (fewer commits)."""
        done = asyncio.get_running_loop().create_future()
        self._to_mark.append((notification_id, done))
        if self._marking is None or self._marking.done():
            self._marking = asyncio.create_task(self._mark_batches())
        await done

    async def _mark_batches(self) -> None:
        while self._to_mark:
            batch, self._to_mark = self._to_mark, []
            try:
                await mark_sent(self.uow, *(i for i, _ in batch), now=self.clock.now())
            except Exception as exc:
                for _, done in batch:
                    done.set_exception(exc)
            else:
                for _, done in batch:
                    done.set_result(None)

    def kick(self) -> None:
        self._wake.set()

    async def _loop(self) -> None:
        while True:
            try:
                claimed = await self.drain()
            except Exception:  # the database may be away for a moment: try again at the next poll
                log.exception("outbox: claiming failed")
                claimed = 0
            if claimed:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_s)

    async def drain(self) -> int:
        """Claim one batch of due rows and send them (paced); returns how many were claimed."""
        notes = await claim_due(self.uow, now=self.clock.now(), tz=self.settings.tz)
        for note in notes:
            await self._ahead.acquire()
            task = asyncio.create_task(self._send_one(note))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)
        return len(notes)  # the next batch is claimed while these are in flight (they are leased)

    async def _deliver(self, note: Outgoing, message: Rendered) -> None:
        if message.edit is not None:  # a message sent before (a decline someone has handled since)
            chat_id, message_id = message.edit
            await self.pacer.slot(chat_id)
            await self.bot.edit_message_text(message.text, chat_id=chat_id, message_id=message_id,
                                             reply_markup=message.markup)
            return
        chat_id = note.telegram_user_id
        await self.pacer.slot(chat_id)
        sent = await self.bot.send_message(chat_id, message.text, reply_markup=message.markup)
        if note.kind == NotificationKind.DECLINE.value:  # edited once another coordinator handles it
            await record_sent_message(self.uow, note.id, sent.chat_id, sent.message_id)
        if message.document is not None:
            content, name, caption = message.document
            await self.pacer.slot(chat_id)
            await self.bot.send_document(chat_id, content, filename=name, caption=caption)

    async def _send_one(self, note: Outgoing) -> None:
        try:
            try:  # rendering reads the database and sends nothing: done ahead, many at a time
                message = await render(note, self.uow, self.settings)
            finally:
                self._ahead.release()
            async with self._slots:  # in flight: from the request leaving to the row marked sent
                await self._deliver(note, message)
                await self._marked(note.id)
        except RetryAfter as exc:
            self.rate_limited += 1
            seconds = retry_after_s(exc)
            self.pacer.pause(seconds)
            await mark_retry(self.uow, note.id, f"429: {exc}", now=self.clock.now(),
                             wait=timedelta(seconds=seconds), counts=False)
        except (Forbidden, BadRequest, InvalidToken, NotToBeSent) as exc:  # trying again cannot mend these
            log.info("notification %s not sent: %s", note.id, exc)
            await mark_failed(self.uow, note.id, f"{type(exc).__name__}: {exc}", now=self.clock.now())
        except Exception as exc:  # NetworkError (5xx, timeouts), other TelegramErrors, our own bugs
            log.warning("notification %s: attempt %d failed: %s", note.id, note.attempts, exc)
            await mark_retry(self.uow, note.id, f"{type(exc).__name__}: {exc}", now=self.clock.now())


def outbox_kick(bot_data: Any) -> Callable[[], None] | None:
    """The ``kick`` of the outbox sender in ``bot_data`` (or of a shard process's way to it), if any."""
    kick = getattr(bot_data.get(OUTBOX_KEY), "kick", None)
    return kick if callable(kick) else None


def kick_outbox(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send what was just queued now rather than at the next poll (no-op where no sender runs), once
    the update that queued it is committed (the rows are not visible to the sender before)."""
    kick = outbox_kick(context.application.bot_data)
    if kick is not None:
        after_commit(kick)
