"""Async engine and the unit of work. SQLite (aiosqlite, WAL, foreign keys) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.store.joined import AMBIENT, Ambient, JoinedSession, TrackedSession
from inspection.store.sqlite_driver import one_trip_dbapi


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
        if url.startswith("sqlite+aiosqlite"):
            kwargs.setdefault("module", one_trip_dbapi())  # one trip to aiosqlite's thread per statement
        engine = create_async_engine(url, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    # Last in, first out: a burst reuses the connections that were just busy, whose asyncpg
    # statement caches already hold the hot statements. First in, first out spread every update
    # over all ten, and each one prepared each statement again (a round trip and ~3 ms of CPU):
    # bench.ingest's 200 after a (re)start reached a p99 of 169-233 ms in 3 of 8 runs.
    kwargs.setdefault("pool_use_lifo", True)
    return create_async_engine(url, **kwargs)


_write_locks: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()


class AlreadyProcessed(Exception):
    """This Telegram update's effect is already committed: acknowledge it and do nothing."""


class UnitOfWork:
    """One transaction: ``async with uow() as tx: ...; await tx.commit()``.

    Leaving the block without ``commit()`` rolls back, so a failure writes nothing.
    ``uow.for_update(update_id)`` gives a unit of work whose first commit also records the
    Telegram update as processed, in the same transaction; if it was recorded before, that commit
    raises ``AlreadyProcessed`` and writes nothing.
    """

    def __init__(self, engine: AsyncEngine, *, update_id: int | None = None) -> None:
        self.engine = engine
        self.update_id = update_id
        self._marked = False
        self._sessions = async_sessionmaker(engine, class_=AsyncSession, sync_session_class=TrackedSession,
                                           expire_on_commit=False)

    def for_update(self, update_id: int) -> UnitOfWork:
        return UnitOfWork(self.engine, update_id=update_id)

    @property
    def update_recorded(self) -> bool:
        """True once a commit of this unit of work has recorded its update."""
        return self._marked

    def _mark(self, sync_session: Any) -> None:
        from inspection.store.tables import ProcessedUpdate

        if self.update_id is None or self._marked:
            return
        if sync_session.get(ProcessedUpdate, self.update_id) is not None:
            raise AlreadyProcessed(self.update_id)
        sync_session.add(ProcessedUpdate(update_id=self.update_id))

    def _committed(self, sync_session: Any) -> None:
        if self.update_id is not None:
            self._marked = True

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def warm_up(self) -> None:
        """Open the connection pool before traffic arrives (PostgreSQL; SQLite has nothing to open).
        A new asyncpg connection costs tens of milliseconds (a server process, the driver's type
        set-up); without this the first burst after a restart waits for ten of them at once."""
        if self.dialect == "sqlite":
            return
        size = getattr(self.engine.pool, "size", lambda: 5)()
        async with contextlib.AsyncExitStack() as stack:
            connections = await asyncio.gather(*(stack.enter_async_context(self.engine.connect())
                                                 for _ in range(size)))
            await asyncio.gather(*(c.exec_driver_sql("SELECT 1") for c in connections))

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """On SQLite, take this process's turn to write (one writer at a time, first come first
        served, instead of SQLite's busy-wait back-off that can starve a writer); no-op elsewhere."""
        if self.dialect != "sqlite":
            yield
            return
        lock = _write_locks.setdefault(self.engine.sync_engine, asyncio.Lock())
        async with lock:
            yield

    @asynccontextmanager
    async def transaction(self, *, durable: bool = True) -> AsyncIterator[Ambient]:
        """One transaction for everything the current task does with this engine (see
        ``store.joined``). Commit with ``await tx.session.commit()`` unless ``tx.spoiled``;
        leaving without commit rolls back. On SQLite it takes the write lock at once
        (BEGIN IMMEDIATE), so a read followed by a write never meets a newer snapshot.
        ``durable=False`` lets PostgreSQL answer the commit before its WAL is on disk: only for
        work that is redone if the server itself crashes (the inbox worker's: its processed mark
        is lost together with its effect, and the update is processed again)."""
        async with self.writing(), self._sessions() as session:
            ambient = Ambient(self.engine, session)
            token = AMBIENT.set(ambient)
            try:
                if self.dialect == "sqlite":
                    await (await session.connection()).exec_driver_sql("BEGIN IMMEDIATE")
                elif not durable:
                    await (await session.connection()).exec_driver_sql("SET LOCAL synchronous_commit = off")
                yield ambient
            finally:
                ambient.closed = True
                AMBIENT.reset(token)
                if session.in_transaction():
                    await session.rollback()

    @asynccontextmanager
    async def _joined(self, ambient: Ambient) -> AsyncIterator[AsyncSession]:
        joined = JoinedSession(ambient, self._committed if self.update_id is not None else None)
        try:
            yield joined  # type: ignore[misc]
        except BaseException as exc:
            joined.leave(exc)
            raise
        joined.leave(None)

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[AsyncSession]:
        ambient = AMBIENT.get()
        if ambient is not None and ambient.joins(self.engine):
            async with self._joined(ambient) as joined:
                yield joined
            return
        async with self._sessions() as session:
            if self.update_id is not None:
                event.listen(session.sync_session, "before_commit", self._mark)
                event.listen(session.sync_session, "after_commit", self._committed)
            try:
                yield session
            except IntegrityError as exc:
                await session.rollback()
                if self.update_id is not None and not self._marked and "processed_update" in str(exc):
                    # another copy of the service committed the same update a moment earlier
                    raise AlreadyProcessed(self.update_id) from exc
                raise
            except BaseException:
                await session.rollback()
                raise


__all__ = ["AlreadyProcessed", "AsyncSession", "UnitOfWork", "make_engine"]
