"""Is the store reachable? (``/healthz``)."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from inspection.store.engine import UnitOfWork
from inspection.store.migrate import current_revision, head_revision

log = logging.getLogger(__name__)


async def database_ok(uow: UnitOfWork) -> bool:
    try:
        async with uow() as s:
            await s.exec(sa.select(1))  # type: ignore[call-overload]
        return True
    except Exception as exc:  # any failure means "not healthy"; the reason goes to the log
        log.warning("database health check failed: %s", exc)
        return False


async def migrations_at_head(uow: UnitOfWork) -> bool:
    """Is the schema at the newest migration this code knows?"""
    try:
        return await current_revision(uow.engine) == head_revision()
    except Exception as exc:
        log.warning("migration check failed: %s", exc)
        return False
