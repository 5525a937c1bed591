"""Which replica runs the scheduler and the outbox sender: the holder of one advisory lock.

``Leadership.run(stop)`` tries to take the lock every ``retry_s`` seconds; once held it checks the
lock's connection every ``check_s`` seconds. It calls ``on_acquired`` when this process becomes the
holder and ``on_lost`` when it stops being one (connection lost, or shutting down). With the
defaults a replica takes over within ~5 s of the holder's death (well within 30 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from inspection.store.engine import UnitOfWork
from inspection.store.leader import SCHEDULER_LOCK_KEY, AdvisoryLock

log = logging.getLogger(__name__)
Hook = Callable[[], Awaitable[None]]


class Leadership:
    def __init__(self, uow: UnitOfWork, *, on_acquired: Hook, on_lost: Hook, retry_s: float = 5.0,
                 check_s: float = 5.0, key: int = SCHEDULER_LOCK_KEY) -> None:
        self._lock = AdvisoryLock(uow.engine.url, key)
        self._on_acquired, self._on_lost = on_acquired, on_lost
        self.retry_s, self.check_s = retry_s, check_s

    @property
    def held(self) -> bool:
        return self._lock.held

    async def step(self) -> None:
        """One round: take the lock if free, or check the one held."""
        if not self._lock.held:
            if await self._lock.try_acquire():
                log.info("this process holds the scheduler lock: scheduler and outbox sender start")
                await self._on_acquired()
        elif not await self._lock.still_held():
            log.warning("scheduler lock lost: scheduler and outbox sender stop")
            await self._on_lost()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    await self.step()
                except Exception:  # e.g. the database away while starting the scheduler: try again
                    log.exception("scheduler leadership: a round failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.check_s if self._lock.held else self.retry_s)
        finally:
            await self.close()

    async def close(self) -> None:
        """Stop the duties if held and let the lock go."""
        if self._lock.held:
            await self._on_lost()
        await self._lock.release()
