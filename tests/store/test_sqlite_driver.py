"""SQLite through ``store.sqlite_driver``: one trip to aiosqlite's thread per statement, same results."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from inspection.store.engine import make_engine
from inspection.store.sqlite_driver import OneTripConnection, OneTripCursor


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
    seen: list[str] = []
    async with engine.connect() as c:
        raw = (await c.get_raw_connection()).driver_connection
        await raw.create_function("where_am_i", 0, lambda: seen.append(threading.current_thread().name) or 1)
        assert (await c.exec_driver_sql("SELECT where_am_i()")).scalar() == 1
    assert seen and seen[0] != threading.main_thread().name


async def test_a_slow_statement_does_not_stall_the_event_loop(engine) -> None:  # type: ignore[no-untyped-def]
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    ticker = asyncio.create_task(tick())
    try:
        async with engine.connect() as c:
            # a recursive count that keeps SQLite busy for a while in aiosqlite's thread
            await c.exec_driver_sql(
                "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3000000) "
                "SELECT count(*) FROM r")
    finally:
        ticker.cancel()
    assert ticks >= 5, "the event loop did not run while SQLite worked"


async def test_a_streamed_result_still_uses_aiosqlites_own_server_side_cursor(engine) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as c:
        await c.exec_driver_sql("INSERT INTO t (name, n) " + " UNION ALL ".join(f"SELECT 's{i}', {i}" for i in range(300)))
    async with engine.connect() as c:
        result = await c.stream(sa.text("SELECT n FROM t ORDER BY n"))
        seen = [row.n async for row in result]
    assert seen == list(range(300))
