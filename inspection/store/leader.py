"""One holder among replicas: a PostgreSQL session advisory lock on a connection of its own.

The lock lives as long as that connection: when the holding process dies, PostgreSQL drops the
connection and the lock with it, and another replica's next ``try_acquire`` wins. SQLite serves one
process, which always holds it.
"""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

# Any fixed 64-bit number; the same in every replica ("inspection scheduler").
SCHEDULER_LOCK_KEY = 0x1A5C_4ED0_0001
CHECK_TIMEOUT_S = 5.0


class AdvisoryLock:
    def __init__(self, url: str | sa.URL, key: int = SCHEDULER_LOCK_KEY) -> None:
        self.url, self.key = url, key
        self.is_postgresql = str(url).startswith("postgresql")
        self._engine: AsyncEngine | None = None
        self._conn: AsyncConnection | None = None
        self.held = False

    async def try_acquire(self) -> bool:
        if self.held:
            return True
        if not self.is_postgresql:
            self.held = True
            return True
        if self._engine is None:  # NullPool: closing the connection really closes it (and the lock)
            self._engine = create_async_engine(self.url, poolclass=NullPool)
        try:
            conn = await self._engine.connect()
        except Exception:
            return False
        try:
            got = (await conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})).scalar()
            await conn.commit()
        except Exception:
            await conn.close()
            return False
        if not got:
            await conn.close()
            return False
        self._conn, self.held = conn, True
        return True

    async def still_held(self) -> bool:
        """Check the dedicated connection; a lost connection means the lock is lost too."""
        if not self.held or not self.is_postgresql:
            return self.held
        assert self._conn is not None
        try:
            await asyncio.wait_for(self._conn.execute(sa.text("SELECT 1")), CHECK_TIMEOUT_S)
            await self._conn.commit()
            return True
        except Exception:
            await self._drop()
            return False

    async def _drop(self) -> None:
        conn, self._conn, self.held = self._conn, None, False
        if conn is not None:
            try:
                await conn.invalidate()
                await conn.close()
            except Exception:  # already broken
                pass

    async def release(self) -> None:
        if self._conn is not None:
            try:
                await self._conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
                await self._conn.commit()
                await self._conn.close()
            except Exception:
                await self._drop()
        self._conn, self.held = None, False
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None
