"""Is the store reachable? (``/healthz``)."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from inspection.store.engine import UnitOfWork

log = logging.getLogger(__name__)


async def database_ok(uow: UnitOfWork) -> bool:
    try:
        async with uow() as s:
            await s.exec(sa.select(1))  # type: ignore[call-overload]
        return True
    except Exception as exc:  # any failure means "not healthy"; the reason goes to the log
        log.warning("database health check failed: %s", exc)
        return False
