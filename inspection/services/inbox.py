"""The Telegram inbox: updates are stored before we acknowledge them, and processed once.

- ``check_update(payload)``: why a payload is not an update we can take (``None`` when it is).
- ``InboxWriter``: ``await writer.store(payload)`` returns once the update is committed to the
  inbox. Requests that arrive while a commit is running wait for the next one, which takes them
  all in one INSERT and one COMMIT (group commit), so the commit does not cap throughput. Newly
  stored updates are handed to ``on_stored`` after the commit; redeliveries of stored ones to
  ``on_duplicate``.
- ``finish(session, update_id, replies)``: mark an update processed inside the transaction of its
  effect, with the replies that answer it (serialised calls); False when it was processed already
  (another worker): then roll back.
- ``mark_replied(uow, ids)``: those updates' replies all left; ``unsent_replies(uow, since)``:
  committed replies that had not all left when the process stopped (sent again at start-up).
- ``unprocessed(uow, shard)``: what was stored but not processed (resumed at start-up), all of
  it or one shard's.
- ``shard_of(chat_key, count)``: which of ``count`` processes takes a chat's updates (PostgreSQL
  can process in several; a chat always goes to the same one, so its updates stay in order).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.store.engine import UnitOfWork
from inspection.store.joined import AMBIENT
from inspection.store.tables import InboxUpdate

log = logging.getLogger(__name__)

MAX_UPDATE_ID = 2**63 - 1  # a BIGINT; Telegram's ids are far below
BATCH = 500
# The objects an update carries (the first key present); each has a chat, a sender or a user.
_CHAT_HOLDERS = ("chat", "message")


@dataclass(frozen=True)
class StoredUpdate:
    update_id: int
    chat_key: int | None
    payload: dict[str, Any]


def _plain_id(value: Any) -> int | None:
    return value if type(value) is int and -MAX_UPDATE_ID <= value <= MAX_UPDATE_ID else None


def check_update(payload: Any) -> str | None:
    """``None`` for a payload we can store, else why not (answered 400 / skipped with a warning)."""
    if not isinstance(payload, dict):
        return "not a Telegram update"
    update_id = payload.get("update_id")
    if type(update_id) is not int or not 0 <= update_id <= MAX_UPDATE_ID:
        return "update_id is not an integer in range"
    return None


def chat_key(payload: dict[str, Any]) -> int | None:
    """The chat an update belongs to (else its sender): a chat's updates are processed in order."""
    for name, body in payload.items():
        if name == "update_id" or not isinstance(body, dict):
            continue
        for holder in (body, body.get("message")):
            if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
                found = _plain_id(holder["chat"].get("id"))
                if found is not None:
                    return found
        for sender in ("from", "user"):
            if isinstance(body.get(sender), dict):
                found = _plain_id(body[sender].get("id"))
                if found is not None:
                    return found
    return None


MAX_AUTO_PROCESSES = 4  # processing processes by default on PostgreSQL: one per core, at most this many


def processing_processes(settings: Settings) -> int:
    """How many processes process the bot's updates: one on SQLite (its writers take turns for a
    whole update's transaction, so a second process would only wait); on PostgreSQL the
    ``bot_processes`` setting, or one per core up to ``MAX_AUTO_PROCESSES``."""
    if settings.is_sqlite:
        return 1
    return settings.bot_processes or max(1, min(os.cpu_count() or 1, MAX_AUTO_PROCESSES))


def shard_of(chat_key: int | None, count: int) -> int:
    """Which of ``count`` processing processes takes this chat (the same rule as ``_in_shard``)."""
    return abs(chat_key or 0) % count


def _in_shard(shard: tuple[int, int]) -> Any:
    """SQL: the rows ``shard_of`` gives to process ``shard[0]`` of ``shard[1]``."""
    index, count = shard
    return sa.func.abs(sa.func.coalesce(col(InboxUpdate.chat_key), 0)) % count == index


def _insert(dialect: str) -> Any:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(InboxUpdate)


class InboxWriter:
    """Group commit of incoming updates; see the module docstring."""

    def __init__(self, uow: UnitOfWork, on_stored: Callable[[list[StoredUpdate]], None],
                 on_duplicate: Callable[[list[dict[str, Any]]], None] | None = None) -> None:
        self.uow, self.on_stored, self.on_duplicate = uow, on_stored, on_duplicate
        self._waiting: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self._wake = asyncio.Event()
        self._quiet = asyncio.Event()  # nobody waits for a commit: Telegram has all its answers
        self._quiet.set()
        self._task: asyncio.Task[None] | None = None
        self.committed_once = asyncio.Event()  # set after the first batch stored since the start

    async def quiet(self) -> None:
        """Return when no update is waiting to be stored: the worker lets the acknowledgements
        go first, so Telegram's 200 does not wait behind processing (on SQLite, behind a whole
        update's transaction per update processed meanwhile)."""
        await self._quiet.wait()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="inbox-writer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        for _payload, waiter in self._waiting:
            if not waiter.done():
                waiter.set_exception(ConnectionError("the inbox is closed"))
        self._waiting.clear()
        self._quiet.set()

    async def store(self, payload: dict[str, Any]) -> None:
        """Return once ``payload`` (checked with ``check_update``) is committed to the inbox."""
        if self._task is None:
            raise ConnectionError("the inbox is closed")
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((payload, waiter))
        self._quiet.clear()
        self._wake.set()
        await waiter

    async def store_many(self, payloads: list[dict[str, Any]]) -> None:
        await asyncio.gather(*(self.store(p) for p in payloads))

    async def _run(self) -> None:
        while True:
            if not self._waiting:
                self._quiet.set()
            await self._wake.wait()
            self._wake.clear()
            while self._waiting:
                batch, self._waiting = self._waiting[:BATCH], self._waiting[BATCH:]
                try:
                    stored = await self._commit([p for p, _ in batch])
                except Exception as exc:  # the database is away: nothing is acknowledged
                    log.error("could not store %d updates in the inbox: %s", len(batch), exc)
                    for _, waiter in batch:
                        if not waiter.done():
                            waiter.set_exception(ConnectionError("the inbox could not store the update"))
                    continue
                for _, waiter in batch:
                    if not waiter.done():
                        waiter.set_result(None)
                if stored:
                    self.on_stored(stored)
                if self.on_duplicate is not None and len(stored) < len(batch):
                    new = {row.update_id for row in stored}
                    self.on_duplicate([p for p, _ in batch if p["update_id"] not in new])

    async def _commit(self, payloads: list[dict[str, Any]]) -> list[StoredUpdate]:
        rows: dict[int, StoredUpdate] = {}
        for p in payloads:
            rows.setdefault(p["update_id"], StoredUpdate(p["update_id"], chat_key(p), p))
        now = CLOCK.now()
        values = [{"update_id": r.update_id, "chat_key": r.chat_key, "received_at": now,
                   "payload": json.dumps(r.payload, ensure_ascii=False, separators=(",", ":"))}
                  for r in rows.values()]
        statement = (_insert(self.uow.dialect).values(values).on_conflict_do_nothing()
                     .returning(col(InboxUpdate.update_id)))
        async with self.uow.writing(), self.uow() as s:
            new = set((await (await s.connection()).execute(statement)).scalars())
            await s.commit()
        self.committed_once.set()
        return sorted((r for r in rows.values() if r.update_id in new), key=lambda r: r.update_id)


_FINISH = (sa.update(InboxUpdate)
           .where(col(InboxUpdate.update_id) == sa.bindparam("uid"), col(InboxUpdate.processed_at).is_(None))
           .values(processed_at=sa.bindparam("now"), replies=sa.bindparam("replies")))


async def finish(session: AsyncSession, update_id: int, replies: str | None = None) -> bool:
    """Mark ``update_id`` processed in the open transaction, with the ``replies`` that answer it (to
    be sent after the commit); False if it was processed already."""
    result = await (await session.connection()).execute(
        _FINISH, {"uid": update_id, "now": CLOCK.now(), "replies": replies})
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def mark_replied(uow: UnitOfWork, update_ids: list[int]) -> None:
    """Record that every reply of these updates left (one statement per call)."""
    if not update_ids:
        return
    async with uow.writing(), uow() as s:
        await (await s.connection()).execute(
            sa.update(InboxUpdate).where(col(InboxUpdate.update_id).in_(update_ids)).values(replied_at=CLOCK.now()))
        await s.commit()


@dataclass(frozen=True)
class UnsentReplies:
    update_id: int
    chat_key: int | None
    replies: str


async def unsent_replies(uow: UnitOfWork, since: timedelta,
                        shard: tuple[int, int] | None = None) -> list[UnsentReplies]:
    """Replies committed with their update (processed no longer than ``since`` ago) that had not all
    left when the process stopped, in update order (all, or ``shard``'s); older ones are marked
    replied and dropped."""
    cutoff = CLOCK.now() - since
    pending = [col(InboxUpdate.replies).is_not(None), col(InboxUpdate.replied_at).is_(None),
               col(InboxUpdate.processed_at).is_not(None)]
    if shard is not None and shard[1] > 1:
        pending.append(_in_shard(shard))
    async with uow() as s:
        rows = (await s.exec(select(InboxUpdate.update_id, InboxUpdate.chat_key, InboxUpdate.replies,
                                    InboxUpdate.processed_at).where(*pending)
                             .order_by(col(InboxUpdate.update_id)))).all()
    stale = [r[0] for r in rows if r[3] is not None and r[3] < cutoff]
    if stale:
        log.warning("%d updates' replies are older than %s and are not sent any more", len(stale), since)
        await mark_replied(uow, stale)
    return [UnsentReplies(r[0], r[1], r[2]) for r in rows if r[3] is not None and r[3] >= cutoff and r[2]]


async def unprocessed(uow: UnitOfWork, shard: tuple[int, int] | None = None) -> list[StoredUpdate]:
    """Stored, not processed, in update order: all, or those of ``shard`` (index, count)."""
    where = [col(InboxUpdate.processed_at).is_(None)]
    if shard is not None and shard[1] > 1:
        where.append(_in_shard(shard))
    async with uow() as s:
        rows = await s.exec(select(InboxUpdate).where(*where).order_by(col(InboxUpdate.update_id)))
        out = []
        for row in rows:
            try:
                payload = json.loads(row.payload)
            except (ValueError, RecursionError):
                payload = {"update_id": row.update_id}
            out.append(StoredUpdate(row.update_id, row.chat_key, payload))
        return out


@dataclass(frozen=True)
class Backlog:
    """Updates stored and acknowledged but not processed yet, and how long the oldest has waited."""

    waiting: int
    oldest_s: float | None


async def backlog(uow: UnitOfWork) -> Backlog:
    async with uow() as s:
        waiting, oldest = (await s.exec(select(sa.func.count(), sa.func.min(InboxUpdate.received_at))
                                        .where(col(InboxUpdate.processed_at).is_(None)))).one()
    if not waiting or oldest is None:
        return Backlog(0, None)
    return Backlog(int(waiting), round(max(0.0, (CLOCK.now() - oldest).total_seconds()), 1))


async def is_processed(uow: UnitOfWork, update_id: int) -> bool:
    async with uow() as s:
        row = await s.get(InboxUpdate, update_id)
        return row is not None and row.processed_at is not None


async def forget_processed_before(uow: UnitOfWork, days: int = 30) -> int:
    """Drop processed updates older than ``days`` (Telegram redelivers for 24 h at most)."""
    cutoff = CLOCK.now() - timedelta(days=days)
    async with uow() as s:
        result = await s.exec(delete(InboxUpdate).where(col(InboxUpdate.processed_at) < cutoff))  # type: ignore[call-overload]
        await s.commit()
        return int(result.rowcount or 0)


def transaction_stamp() -> tuple[int, int] | None:
    """Identifies the open update transaction and how much it wrote so far (``None`` outside one):
    a value read under the same stamp is still what the database holds for this transaction."""
    ambient = AMBIENT.get()
    return None if ambient is None else (id(ambient), ambient.writes)
