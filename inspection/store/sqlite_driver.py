"""aiosqlite with one trip to its thread per statement instead of four or five, and none in a write
transaction.

SQLAlchemy's aiosqlite adapter asks aiosqlite's thread for a cursor, then to execute, then to
fetch the rows, then to close the cursor: each a separate trip (a queue put, the thread waking,
``call_soon_threadsafe``, an event-loop turn, a greenlet switch). ``bench.ingest_cost`` counted
47 trips per processed Telegram update for about 8 statements, and the event loop sat idle for a
third of the processing time waiting for them. Here a statement is ONE trip: the thread opens a
cursor, executes, reads every row, notes description, rowcount and lastrowid, and closes it; the
adapter then serves the rows from memory, as SQLAlchemy's own adapter does after its fetchall.

Inside a write transaction (``UnitOfWork.transaction``: BEGIN IMMEDIATE), no trip at all. Once the
connection holds SQLite's write lock, none of its statements can wait for another connection (WAL:
readers never block the writer), so they run on the event loop's thread, and so do its COMMIT and
ROLLBACK: a trip costs about 0.12 ms of two thread switches, a point query on the loop 0.03 ms, and
the inbox worker's transaction is 6-8 statements per update (``bench.ingest_cost``: about a quarter
of the processing time). BEGIN IMMEDIATE itself is first tried on the loop with SQLite's busy
timeout at 0; if another connection holds the lock (the CLI, a write outside
``UnitOfWork.writing``), it is waited for in aiosqlite's thread as before, so the loop never waits
for a lock. A COMMIT that runs WAL's automatic checkpoint writes pages and syncs the disk on the
loop (measured 1-6 ms, 1 in about 800 commits); a long transaction lets the loop take a turn every
``YIELD_EVERY_S``. A query that is slow inside such a transaction (a /summary asked of the bot)
holds the loop for its length, as it holds the write lock the acknowledgements wait for anyway.
Everything outside such a transaction (reads, the console's and the CLI's reports) still goes to
aiosqlite's thread, so a slow statement there does not stall acknowledgements. The connection is
opened with ``check_same_thread=False`` for this; only one of the two threads uses it at a time.
Errors are sqlite3's, mapped by SQLAlchemy as before.

It uses aiosqlite's queue-backed ``Connection._execute`` (present in aiosqlite 0.17-0.22; SQLAlchemy's adapter uses
the same internals, ``_tx`` and ``_conn``) and subclasses SQLAlchemy 2.1's aiosqlite adapter:
pyproject.toml pins both to the versions it was tested with. Server-side cursors and everything else are
SQLAlchemy's unchanged. ``store.engine.make_engine`` passes ``OneTripDBAPI`` as the DBAPI module.
"""

from __future__ import annotations

import asyncio
import collections
import sqlite3
import time
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.util.concurrency import await_only

YIELD_EVERY_S = 0.02  # a write transaction on the loop's thread lets other tasks run this often


def _run(conn: Any, operation: str, parameters: Any, many: bool) -> tuple[Any, list[Any], int, int | None]:
    """In aiosqlite's thread: the whole statement, cursor opened and closed."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _busy_timeout_ms(conn: Any) -> int:
    return int(conn.execute("PRAGMA busy_timeout").fetchone()[0])


def _try_lock(conn: Any, timeout_ms: int) -> bool:
    """BEGIN IMMEDIATE on the loop's thread if the write lock is free at once (no busy wait);
    ``timeout_ms``: the connection's busy timeout, restored after."""
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        return True
    except sqlite3.OperationalError:  # locked by another connection: wait for it in the thread
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")


class OneTripCursor:
    """The DBAPI cursor SQLAlchemy sees: results buffered after one trip to the thread."""

    server_side = False
    arraysize = 1

    def __init__(self, adapt_connection: OneTripConnection) -> None:
        self._adapt_connection = adapt_connection
        self._rows: collections.deque[Any] = collections.deque()
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    def _execute(self, operation: Any, parameters: Any, many: bool) -> None:
        adapt = self._adapt_connection
        try:
            self.description, rows, self.rowcount, self.lastrowid = await_only(adapt.run_statement(
                operation, parameters, many))
        except Exception as error:
            adapt._handle_exception(error)
        self._rows = collections.deque(rows)

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._execute(operation, parameters, False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._execute(operation, seq_of_parameters, True)

    async def _async_soft_close(self) -> None:
        """Nothing is open in the thread between statements."""

    def close(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: Any) -> None:
        """Not used by SQLite."""

    def nextset(self) -> None:
        return None

    def __iter__(self) -> Iterator[Any]:
        while self._rows:
            yield self._rows.popleft()

    def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        rows = self._rows
        return [rows.popleft() for _ in range(min(size or self.arraysize, len(rows)))]

    def fetchall(self) -> Sequence[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    def __enter__(self) -> OneTripCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_busy_ms", "_locked", "_yielded")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._locked = False  # inside BEGIN IMMEDIATE: this connection holds SQLite's write lock
        self._yielded = 0.0
        self._busy_ms: int | None = None  # the busy timeout the connection was opened with

    async def run_statement(self, operation: Any, parameters: Any, many: bool) -> Any:
        connection = self._connection  # aiosqlite.Connection
        if self._locked:
            # Holding the write lock, no statement can wait for another connection: run it here,
            # without the two thread switches (about 0.12 ms) a trip to aiosqlite's thread costs.
            # Let the event loop take a turn now and then in a long transaction.
            now = time.monotonic()
            if now - self._yielded > YIELD_EVERY_S:
                self._yielded = now
                await asyncio.sleep(0)
            return _run(connection._conn, operation, parameters, many)
        if operation == "BEGIN IMMEDIATE":
            if self._busy_ms is None:
                self._busy_ms = _busy_timeout_ms(connection._conn)
            if _try_lock(connection._conn, self._busy_ms):
                self._locked, self._yielded = True, time.monotonic()
                return None, [], -1, None
        async with self._execute_mutex:
            result = await connection._execute(_run, connection._conn, operation, parameters, many)
        if operation == "BEGIN IMMEDIATE":  # waited for the lock in the thread (another writer had it)
            self._locked, self._yielded = True, time.monotonic()
        return result

    def commit(self) -> None:
        if not self._locked:
            super().commit()
            return
        self._locked = False
        try:  # WAL with synchronous=NORMAL: no wait for the disk (but see CHECKPOINT_PAGES)
            self._connection._conn.commit()
        except Exception as error:
            self._handle_exception(error)

    def rollback(self) -> None:
        if not self._locked:
            super().rollback()
            return
        self._locked = False
        try:
            self._connection._conn.rollback()
        except Exception as error:
            self._handle_exception(error)

    def close(self) -> None:
        self._locked = False
        super().close()

    def cursor(self, server_side: bool = False) -> Any:
        if server_side:
            return super().cursor(server_side=True)
        return OneTripCursor(self)


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy's adapter opens it, wrapped in ``OneTripConnection``."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        kw.setdefault("check_same_thread", False)  # statements in a write transaction run on the loop's thread
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    import sqlite3

    import aiosqlite

    return OneTripDBAPI(aiosqlite, sqlite3)


__all__ = ["OneTripConnection", "OneTripCursor", "OneTripDBAPI", "one_trip_dbapi"]
