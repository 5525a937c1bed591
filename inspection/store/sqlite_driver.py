"""aiosqlite with one trip to its thread per statement instead of four or five.

SQLAlchemy's aiosqlite adapter asks aiosqlite's thread for a cursor, then to execute, then to
fetch the rows, then to close the cursor: each a separate trip (a queue put, the thread waking,
``call_soon_threadsafe``, an event-loop turn, a greenlet switch). ``bench.ingest_cost`` counted
47 trips per processed Telegram update for about 8 statements, and the event loop sat idle for a
third of the processing time waiting for them. Here a statement is ONE trip: the thread opens a
cursor, executes, reads every row, notes description, rowcount and lastrowid, and closes it; the
adapter then serves the rows from memory, as SQLAlchemy's own adapter does after its fetchall.

Same threading as aiosqlite (SQLite still never runs on the event loop, so a busy database does
not stall acknowledgements), same errors (sqlite3's, mapped by SQLAlchemy). It uses aiosqlite's
queue-backed ``Connection._execute`` (present in aiosqlite 0.17-0.22; SQLAlchemy's adapter uses
the same internals, ``_tx`` and ``_conn``) and subclasses SQLAlchemy 2.1's aiosqlite adapter:
pyproject.toml pins both to the versions it was tested with. Server-side cursors and everything else are
SQLAlchemy's unchanged. ``store.engine.make_engine`` passes ``OneTripDBAPI`` as the DBAPI module.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.util.concurrency import await_only


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
    __slots__ = ()

    async def run_statement(self, operation: Any, parameters: Any, many: bool) -> Any:
        connection = self._connection  # aiosqlite.Connection
        async with self._execute_mutex:
            return await connection._execute(_run, connection._conn, operation, parameters, many)

    def cursor(self, server_side: bool = False) -> Any:
        if server_side:
            return super().cursor(server_side=True)
        return OneTripCursor(self)


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy's adapter opens it, wrapped in ``OneTripConnection``."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    import sqlite3

    import aiosqlite

    return OneTripDBAPI(aiosqlite, sqlite3)


__all__ = ["OneTripConnection", "OneTripCursor", "OneTripDBAPI", "one_trip_dbapi"]
