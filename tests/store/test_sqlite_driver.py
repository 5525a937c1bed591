"""SQLite through ``store.sqlite_driver``: one trip to aiosqlite's thread per statement, same results."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.sqlite_driver import YIELD_EVERY_S, OneTripConnection, OneTripCursor


class Ticker:
    """Counts event-loop turns (every ``every`` seconds) while it is entered."""

    def __init__(self, every: float = 0.005) -> None:
        self.every, self.ticks = every, 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            self.ticks += 1

    async def __aenter__(self) -> Ticker:
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def _where_am_i(connection) -> list[str]:  # type: ignore[no-untyped-def]
    """Registers ``where_am_i()``: each call notes the name of the thread SQLite ran it in."""
    seen: list[str] = []
    raw = (await connection.get_raw_connection()).driver_connection
    await raw.create_function("where_am_i", 0, lambda: seen.append(threading.current_thread().name) or 1)
    return seen


@pytest.fixture
async def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.sqlite3'}")
    async with engine.begin() as c:
        await c.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, n INTEGER)")
    yield engine
    await engine.dispose()


async def test_the_engine_uses_one_trip_connections_and_keeps_the_pragmas(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as c:
        raw = await c.get_raw_connection()
        assert isinstance(raw.dbapi_connection, OneTripConnection)
        assert isinstance(raw.dbapi_connection.cursor(), OneTripCursor)
        assert (await c.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
        assert (await c.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1


async def test_rows_rowcount_lastrowid_and_executemany(engine) -> None:  # type: ignore[no-untyped-def]
    t = sa.table("t", sa.column("id"), sa.column("name"), sa.column("n"))
    async with engine.begin() as c:
        inserted = await c.execute(t.insert().values(name="甲", n=1))
        assert inserted.lastrowid == 1
        many = await c.execute(t.insert(), [{"name": f"n{i}", "n": i} for i in range(2, 52)])
        assert many.rowcount == 50
        updated = await c.execute(t.update().where(t.c.n > 40).values(n=0))
        assert updated.rowcount == 11
        rows = (await c.execute(sa.select(t.c.name, t.c.n).order_by(t.c.id))).all()
        assert len(rows) == 51 and tuple(rows[0]) == ("甲", 1) and rows[-1].n == 0
        # partial fetches are served from the buffered rows
        result = await c.execute(sa.select(t.c.id).order_by(t.c.id))
        assert result.fetchone() == (1,)
        assert [r.id for r in result.fetchmany(3)] == [2, 3, 4]
        assert len(result.fetchall()) == 47
        returning = await c.execute(t.insert().values(name="乙", n=7).returning(t.c.id, t.c.name))
        assert tuple(returning.one()) == (52, "乙")
        assert (await c.execute(sa.select(sa.func.count()).select_from(t))).scalar() == 52


async def test_errors_are_sqlites_and_the_connection_goes_on(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as c:
        await c.exec_driver_sql("INSERT INTO t (name, n) VALUES ('a', 1)")
    async with engine.connect() as c:
        with pytest.raises(IntegrityError):
            await c.exec_driver_sql("INSERT INTO t (name, n) VALUES ('a', 2)")
        await c.rollback()
        with pytest.raises(OperationalError, match="no such table"):
            await c.exec_driver_sql("SELECT * FROM missing")
        await c.rollback()
        assert (await c.exec_driver_sql("SELECT n FROM t WHERE name = 'a'")).scalar() == 1


async def test_statements_run_off_the_event_loop_thread(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as c:
        seen = await _where_am_i(c)
        assert (await c.exec_driver_sql("SELECT where_am_i()")).scalar() == 1
    assert seen and seen[0] != threading.main_thread().name


async def test_a_slow_statement_does_not_stall_the_event_loop(engine) -> None:  # type: ignore[no-untyped-def]
    async with Ticker() as ticker, engine.connect() as c:
        # a recursive count that keeps SQLite busy for a while in aiosqlite's thread
        await c.exec_driver_sql(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3000000) "
            "SELECT count(*) FROM r")
    assert ticker.ticks >= 5, "the event loop did not run while SQLite worked"


async def test_a_streamed_result_still_uses_aiosqlites_own_server_side_cursor(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as c:
        await c.exec_driver_sql("INSERT INTO t (name, n) " + " UNION ALL ".join(f"SELECT 's{i}', {i}" for i in range(300)))
    async with engine.connect() as c:
        result = await c.stream(sa.text("SELECT n FROM t ORDER BY n"))
        seen = [row.n async for row in result]
    assert seen == list(range(300))


# Inside ``UnitOfWork.transaction()`` (BEGIN IMMEDIATE) the connection holds SQLite's write lock:
# its statements cannot wait for another connection, so they run on the event loop's thread.


async def test_a_write_transaction_runs_on_the_loop_thread_and_commits(engine) -> None:  # type: ignore[no-untyped-def]
    uow = UnitOfWork(engine)
    async with uow.transaction() as tx:
        c = await tx.session.connection()
        seen = await _where_am_i(c)
        await c.exec_driver_sql("SELECT where_am_i()")
        await c.exec_driver_sql("INSERT INTO t (name, n) VALUES ('kept', 1)")
        await tx.session.commit()
    assert seen == [threading.main_thread().name]
    async with engine.connect() as c:  # the same connection, back in the pool: aiosqlite's thread again
        await c.exec_driver_sql("SELECT where_am_i()")
    assert len(seen) == 2 and seen[-1] != threading.main_thread().name
    async with uow.transaction() as tx:
        await (await tx.session.connection()).exec_driver_sql("INSERT INTO t (name, n) VALUES ('dropped', 2)")
        # left without commit: rolled back
    async with engine.connect() as c:
        assert [r[0] for r in await c.exec_driver_sql("SELECT name FROM t")] == ["kept"]
        assert (await c.exec_driver_sql("PRAGMA busy_timeout")).scalar() == 30000


async def test_errors_in_a_write_transaction_are_sqlites(engine) -> None:  # type: ignore[no-untyped-def]
    uow = UnitOfWork(engine)
    async with uow.transaction() as tx:
        c = await tx.session.connection()
        await c.exec_driver_sql("INSERT INTO t (name, n) VALUES ('a', 1)")
        with pytest.raises(IntegrityError):
            await c.exec_driver_sql("INSERT INTO t (name, n) VALUES ('a', 2)")
    async with uow.transaction() as tx:  # the connection goes on; the failed transaction left nothing
        c = await tx.session.connection()
        assert (await c.exec_driver_sql("SELECT count(*) FROM t")).scalar() == 0
        with pytest.raises(OperationalError, match="no such table"):
            await c.exec_driver_sql("SELECT * FROM missing")


async def test_waiting_for_another_writer_happens_off_the_loop(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = sqlite3.connect(tmp_path / "driver.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process (the CLI, say) is writing
    async def write() -> None:
        async with UnitOfWork(engine).transaction() as tx:
            c = await tx.session.connection()
            await c.exec_driver_sql("INSERT INTO t (name, n) VALUES ('after', 1)")
            await tx.session.commit()

    try:
        async with Ticker() as ticker:
            writer = asyncio.create_task(write())
            await asyncio.sleep(0.2)
            assert not writer.done() and ticker.ticks >= 10, "the event loop stalled while the writer waited"
            other.execute("COMMIT")
            await asyncio.wait_for(writer, 5)
    finally:
        other.close()
    async with engine.connect() as c:
        assert (await c.exec_driver_sql("SELECT name FROM t")).scalar() == "after"
        assert (await c.exec_driver_sql("PRAGMA busy_timeout")).scalar() == 30000


async def test_a_long_write_transaction_lets_the_loop_take_turns(engine) -> None:  # type: ignore[no-untyped-def]
    async with UnitOfWork(engine).transaction() as tx:
        c = await tx.session.connection()
        async with Ticker(every=0) as ticker:
            before = ticker.ticks
            started = time.monotonic()
            i = 0
            while time.monotonic() - started < 5 * YIELD_EVERY_S:
                await c.exec_driver_sql("INSERT INTO t (name, n) VALUES (?, ?)", (f"n{i}", i))
                i += 1
            after = ticker.ticks
        await tx.session.commit()
    assert after - before >= 3, "a long write transaction kept the event loop to itself"
