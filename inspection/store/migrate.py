"""Alembic, driven from code: upgrade to head, and refuse to run on a database that is not at head."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseNotAtHead(Exception):
    """The schema is older (or newer) than this code expects."""


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads {heads}: merge them")
    return heads[0]


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to ``revision``. Synchronous: alembic's env runs its own event loop,
    so when called from inside a running loop the work goes to a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        command.upgrade(alembic_config(url), revision)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(command.upgrade, alembic_config(url), revision).result()


async def upgrade_async(url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, url, revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())


async def ensure_at_head(engine: AsyncEngine) -> None:
    """Raise ``DatabaseNotAtHead`` with the command that fixes it unless the schema is current."""
    current = await current_revision(engine)
    head = head_revision()
    if current != head:
        state = "empty (no tables yet)" if current is None else f"at revision {current}"
        raise DatabaseNotAtHead(
            f"the database is {state} but this version needs {head}: run `inspection db upgrade` first"
        )
