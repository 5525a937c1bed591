"""One transaction for a whole piece of work: ``uow.transaction()`` and the blocks joined to it.

Inside ``async with uow.transaction() as tx:``, every ``async with uow() as s:`` opened by the
same task (and, while ``tx.shared`` is set, by the tasks it gathers) joins that one transaction instead of opening its own: its
``commit()`` only flushes, and the outer block commits everything at once. A joined block that
wrote something and then failed (or left without committing, or rolled back) spoils the whole
transaction: ``tx.spoiled`` is set and the caller must roll back, since half of an effect must
never be committed. Blocks that only read may fail freely (a refusal raised after a lookup).
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session
from sqlmodel.ext.asyncio.session import AsyncSession


class Ambient:
    """The open transaction of ``uow.transaction()``; ``writes`` counts flushes and DML statements."""

    def __init__(self, engine: Any, session: AsyncSession) -> None:
        self.engine, self.session = engine, session
        self.writes = 0
        self.spoiled: str | None = None
        self.closed = False
        self.owner = asyncio.current_task()
        self.shared = False  # other tasks (e.g. PTB's gathered persistence writes) join while set
        session.sync_session.info[_KEY] = self  # counted by the listeners below, registered once

    def joins(self, engine: Any) -> bool:
        """Does a ``uow()`` block opened here join? Jobs started meanwhile run on their own."""
        return (engine is self.engine and not self.closed
                and (self.shared or asyncio.current_task() is self.owner))

    def spoil(self, why: str) -> None:
        self.spoiled = self.spoiled or why


_KEY = "inspection_ambient"


class TrackedSession(Session):
    """The sessions of ``UnitOfWork``: an ambient transaction's writes are counted on them by two
    listeners registered once on this class (registering them per session cost 5 % of the inbox
    worker's processing time)."""


@event.listens_for(TrackedSession, "after_flush")
def _after_flush(session: Session, _flush_context: Any) -> None:
    ambient = session.info.get(_KEY)
    if ambient is not None:
        ambient.writes += 1


@event.listens_for(TrackedSession, "do_orm_execute")
def _on_orm_execute(state: ORMExecuteState) -> None:
    ambient = state.session.info.get(_KEY)
    if ambient is not None and (state.is_insert or state.is_update or state.is_delete):
        ambient.writes += 1


AMBIENT: ContextVar[Ambient | None] = ContextVar("inspection_ambient_transaction", default=None)


async def core_execute(session: Any, statement: Any, params: Any = None) -> Any:
    """A Core statement on the session's own connection, in its transaction: what ``session.exec``
    does for it, without the ORM's handling of every statement (about 40 us a read and 120 us a
    write of SQLite's 60-180 us per statement, measured in an update's transaction). As the
    session would: pending ORM changes are flushed first, and a write counts for the ambient
    transaction (a joined block that wrote and then failed spoils it). No ORM objects come back
    and none in the session are refreshed: for tables the caller's code reads only this way."""
    if session.new or session.dirty or session.deleted:
        await session.flush()
    result = await (await session.connection()).execute(statement, params)
    if statement.is_dml:
        ambient = session.sync_session.info.get(_KEY)
        if ambient is not None:
            ambient.writes += 1
    return result


class JoinedSession:
    """What a joined ``uow()`` block gets: the ambient session, with commit = flush."""

    def __init__(self, ambient: Ambient, on_commit: Any = None) -> None:
        self._ambient, self._on_commit = ambient, on_commit
        self._session = ambient.session
        self.committed_writes = ambient.writes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    async def commit(self) -> None:
        await self._session.flush()
        self.committed_writes = self._ambient.writes
        if self._on_commit is not None:
            self._on_commit(None)

    async def rollback(self) -> None:
        if self.dirty_since_commit():
            self._ambient.spoil("a joined block rolled back its writes")

    def dirty_since_commit(self) -> bool:
        s = self._session
        return bool(s.new or s.dirty or s.deleted) or self._ambient.writes != self.committed_writes

    def leave(self, error: BaseException | None) -> None:
        """End of the block: unsaved writes (an error, or no commit) spoil the whole transaction."""
        if self.dirty_since_commit():
            self._ambient.spoil(f"a joined block left with unsaved writes ({type(error).__name__ if error else 'no commit'})")
