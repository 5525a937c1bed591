"""One scheduler among replicas: a PostgreSQL advisory lock, held by one process, taken over when it dies."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from inspection.services.leadership import Leadership
from inspection.store.engine import UnitOfWork
from inspection.store.leader import SCHEDULER_LOCK_KEY


class Replica:
    """A Leadership as one ``inspection serve`` runs it, recording when it starts and stops its duties."""

    def __init__(self, uow: UnitOfWork, name: str, events: list[str]) -> None:
        self.name, self.events, self.stop = name, events, asyncio.Event()

        async def acquired() -> None:
            events.append(f"{name} starts")

        async def lost() -> None:
            events.append(f"{name} stops")

        self.leadership = Leadership(uow, on_acquired=acquired, on_lost=lost, retry_s=0.2, check_s=0.2)
        self.task = asyncio.create_task(self.leadership.run(self.stop))

    async def end(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 10)


async def until(check: Callable[[], bool], seconds: float = 30.0) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            raise AssertionError("not within the time allowed")
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def test_exactly_one_replica_holds_the_scheduler_and_another_takes_over_within_30_s_when_it_dies(
        uow: UnitOfWork, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite serves one process, which always holds the scheduler")
    events: list[str] = []
    first = Replica(uow, "first", events)
    await until(lambda: first.leadership.held)
    second = Replica(uow, "second", events)
    await asyncio.sleep(1.0)  # several tries: the lock is taken
    assert not second.leadership.held and events == ["first starts"]

    # The first replica dies: its connection (and with it the lock) goes away.
    async with uow() as s:
        killed = (await s.exec(sa.text(  # type: ignore[call-overload]
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
            "AND ((classid::bigint << 32) | objid::bigint) = :key"), params={"key": SCHEDULER_LOCK_KEY})).all()
    assert len(killed) == 1
    took = await until(lambda: second.leadership.held)
    assert took < 30
    await until(lambda: "first stops" in events)
    assert not first.leadership.held
    assert events.index("second starts") >= 0
    await first.end()
    await second.end()
    assert events[-1] == "second stops"


async def test_on_sqlite_the_one_process_always_holds_the_scheduler(uow: UnitOfWork, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL elects one holder (see the test above)")
    events: list[str] = []
    only = Replica(uow, "only", events)
    await until(lambda: only.leadership.held)
    await only.end()
    assert events == ["only starts", "only stops"]
