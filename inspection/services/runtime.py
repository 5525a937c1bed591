"""Opening the store for a process: engine, schema check, unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from inspection.config import Settings
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import (
    DatabaseNotAtHead,
    current_revision,
    ensure_at_head,
    head_revision,
    upgrade_async,
)

__all__ = ["DatabaseNotAtHead", "open_store", "upgrade_database", "database_status"]


@asynccontextmanager
async def open_store(settings: Settings, *, check_schema: bool = True) -> AsyncIterator[UnitOfWork]:
    """A unit-of-work factory on the configured database; refuses a schema that is not at head."""
    engine = make_engine(settings.database_url)
    try:
        if check_schema:
            await ensure_at_head(engine)
        yield UnitOfWork(engine)
    finally:
        await engine.dispose()


async def upgrade_database(settings: Settings) -> tuple[str | None, str]:
    """Apply every migration; returns (revision before, revision after)."""
    engine = make_engine(settings.database_url)
    try:
        before = await current_revision(engine)
    finally:
        await engine.dispose()
    await upgrade_async(settings.database_url)
    return before, head_revision()


async def database_status(settings: Settings) -> tuple[str | None, str]:
    engine = make_engine(settings.database_url)
    try:
        return await current_revision(engine), head_revision()
    finally:
        await engine.dispose()
