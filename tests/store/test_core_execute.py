"""``store.joined.core_execute``: a Core statement on the session's connection behaves, for the
transaction, as the session's own ``exec`` would (pending changes flushed first, a write counted
for the ambient transaction), on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import col

from inspection.services.bot_state import load_value, read_row, write_row, write_value
from inspection.store.engine import UnitOfWork
from inspection.store.joined import core_execute
from inspection.store.tables import BotState

COUNT = sa.select(sa.func.count()).select_from(BotState).where(col(BotState.namespace) == "t")


async def test_a_joined_block_that_wrote_through_it_and_failed_spoils_the_transaction(uow: UnitOfWork) -> None:
    async with uow.transaction() as tx:
        with pytest.raises(RuntimeError):
            async with uow() as s:
                await core_execute(s, sa.insert(BotState), {"namespace": "t", "key": "a", "data": {"n": 1},
                                                            "updated_at": datetime.now(UTC)})
                raise RuntimeError("refused after the write")
        assert tx.spoiled is not None
    assert await load_value(uow, "t", "a") is None  # left without commit: rolled back


async def test_a_joined_block_that_only_read_through_it_may_fail(uow: UnitOfWork) -> None:
    async with uow.transaction() as tx:
        with pytest.raises(RuntimeError):
            async with uow() as s:
                await core_execute(s, COUNT)
                raise RuntimeError("refused after a lookup")
        assert tx.spoiled is None
        async with uow() as s:
            await write_value(s, "t", "b", {"kept": True})
            await s.commit()
        await tx.session.commit()
    assert await load_value(uow, "t", "b") == {"kept": True}


async def test_pending_orm_changes_are_flushed_before_it_reads(uow: UnitOfWork) -> None:
    async with uow() as s:
        s.add(BotState(namespace="t", key="orm", data=[1, "二"]))
        assert (await core_execute(s, COUNT)).scalar_one() == 1  # the session's own exec would see it too
        await s.commit()
    assert await load_value(uow, "t", "orm") == [1, "二"]


async def test_a_row_read_once_is_updated_and_deleted_in_place(uow: UnitOfWork) -> None:
    async with uow() as s:
        await write_value(s, "t", "k", {"step": 1})
        await s.commit()
    async with uow.transaction() as tx:
        row = await read_row(tx.session, "t", "k")
        assert row is not None and row.data == {"step": 1}
        await write_row(tx.session, "t", "k", {"step": 2, "items": [{"名": "鞋"}]}, row)
        await tx.session.commit()
    assert await load_value(uow, "t", "k") == {"step": 2, "items": [{"名": "鞋"}]}
    async with uow() as s:
        await write_row(s, "t", "k", None, await read_row(s, "t", "k"))
        await s.commit()
    async with uow() as s:
        assert (await core_execute(s, COUNT)).scalar_one() == 0
