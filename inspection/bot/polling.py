"""Long polling that confirms an offset to Telegram only after the updates are in the inbox.

Telegram forgets an update once a later ``getUpdates`` asks for an offset past it. PTB's own
updater asks for that offset as soon as it has queued the updates in memory, so a crash loses
them. ``InboxPoller`` fetches raw updates, stores them with ``InboxWriter.store_many`` (committed)
and only then moves the offset on. An update that is not one (``check_update``) is skipped with a
warning and still confirmed (the offset moves past it), so it cannot block the stream; a batch in
which no update carries a usable number cannot be confirmed, so the poller waits before asking
again instead of spinning. Redeliveries are stored once.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from typing import Any

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from inspection.bot.pace import retry_after_s
from inspection.services.inbox import InboxWriter, check_update

log = logging.getLogger(__name__)


class InboxPoller:
    UNREADABLE_PAUSE_S = 5.0

    def __init__(self, bot: Bot, writer: InboxWriter, *, timeout: int = 10, limit: int = 100) -> None:
        self.bot, self.writer, self.timeout, self.limit = bot, writer, timeout, limit
        self.offset: int | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.bot.delete_webhook()
        self._task = asyncio.create_task(self._run(), name="inbox-poller")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        backoff = 0.5
        while True:
            try:
                await self.poll_once()
                backoff = 0.5
            except asyncio.CancelledError:
                raise
            except RetryAfter as exc:
                await asyncio.sleep(retry_after_s(exc))
            except (InvalidToken, Conflict) as exc:
                log.error("polling stopped: %s", exc)
                return
            except (NetworkError, TelegramError, ConnectionError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.1f s", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
            except Exception:
                log.exception("polling failed; retrying in %.1f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def poll_once(self) -> int:
        """One getUpdates; returns how many updates were stored. Raises if storing failed."""
        params: dict[str, Any] = {"timeout": self.timeout, "limit": self.limit, "allowed_updates": Update.ALL_TYPES}
        if self.offset is not None:
            params["offset"] = self.offset
        with warnings.catch_warnings():  # we want the raw JSON, which Bot.get_updates does not give
            warnings.simplefilter("ignore", PTBUserWarning)
            raw = await self.bot.do_api_request("getUpdates", api_kwargs=params, read_timeout=self.timeout + 5)
        batch = raw if isinstance(raw, list) else []
        good, last = [], None
        for payload in batch:
            problem = check_update(payload)
            if problem is not None:
                log.warning("skipped an update from getUpdates: %s", problem)
                continue
            good.append(payload)
            last = max(last or 0, payload["update_id"])
        if good:
            await self.writer.store_many(good)  # committed before the next offset confirms them
        if last is not None:
            self.offset = last + 1
        elif batch:  # nothing in it says how far to confirm: do not ask again at once
            log.error("getUpdates returned %d updates without a usable update_id; waiting before asking again",
                      len(batch))
            await asyncio.sleep(self.UNREADABLE_PAUSE_S)
        return len(good)
