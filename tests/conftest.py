"""Shared fixtures: real databases (SQLite file and PostgreSQL), settings, a unit of work.

``uow`` runs each test on both back ends. PostgreSQL is 127.0.0.1:5432 (trust auth) unless
``INSPECTION_TEST_PG_URL`` says otherwise; every pytest process gets a database of its own
(created from scratch, migrated once, truncated before each test, dropped at the end), so
parallel runs do not disturb each other. Without a reachable server the PostgreSQL half is
skipped locally, and fails under CI (``CI=true``), where it must run.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

import inspection.store.tables  # noqa: F401
from inspection import clock as clock_module
from inspection.clock import ManualClock
from inspection.config import Settings, load_settings
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade

PG_ADMIN_URL = os.environ.get("INSPECTION_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
BACKENDS = [b for b in os.environ.get("INSPECTION_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def _run(coro_fn, *args):  # type: ignore[no-untyped-def]
    """Run a coroutine to completion on a loop of its own, even from inside a running loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn(*args))).result()


async def _pg_admin(sql: str) -> None:
    engine = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_size=1)
    try:
        async with engine.connect() as conn:
            await conn.execute(sa.text(sql))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test copies it (faster than migrating per test)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    name = f"inspection_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        _run(_pg_admin, f'CREATE DATABASE "{name}"')
    except Exception as exc:  # server down or unreachable
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI and unreachable at {PG_ADMIN_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}: {exc}")
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    upgrade(url)
    yield url
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _truncate_pg(url: str) -> None:
    engine = make_engine(url, pool_size=1)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    try:
        async with engine.begin() as conn:
            await conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database on ``backend``."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "inspection.sqlite3"
        shutil.copy(template, path)
        return f"sqlite+aiosqlite:///{path}"
    url = request.getfixturevalue("pg_database_url")
    await _truncate_pg(url)
    return str(url)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return load_settings(database_url=database_url, data_dir=tmp_path / "data")


@pytest.fixture
async def uow(database_url: str) -> AsyncIterator[UnitOfWork]:
    engine = make_engine(database_url)
    yield UnitOfWork(engine)
    await engine.dispose()


@pytest.fixture
def install_clock() -> Iterator[Callable[[datetime], ManualClock]]:
    """``install_clock(when)`` makes a ``ManualClock`` at ``when`` the process's clock for this test."""
    previous = clock_module.install(clock_module.SYSTEM_CLOCK)

    def install(when: datetime) -> ManualClock:
        manual = ManualClock(when)
        clock_module.install(manual)
        return manual

    yield install
    clock_module.install(previous)
