"""The schema: migrations, the head check, column types that behave alike on both back ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import select

from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import DatabaseNotAtHead, ensure_at_head, head_revision
from inspection.store.tables import Agency, AuditEvent, BotState, Officer


async def test_a_migrated_database_is_at_head(uow: UnitOfWork) -> None:
    await ensure_at_head(uow.engine)


async def test_an_empty_database_is_refused_with_the_command_that_fixes_it(tmp_path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}")
    with pytest.raises(DatabaseNotAtHead, match="inspection db upgrade"):
        await ensure_at_head(engine)
    await engine.dispose()


def test_migrations_have_a_single_head() -> None:
    assert head_revision()


async def test_times_come_back_aware_in_utc_and_json_round_trips(uow: UnitOfWork) -> None:
    shanghai = timezone(timedelta(hours=8))
    at = datetime(2026, 4, 26, 9, 30, tzinfo=shanghai)
    async with uow() as s:
        agency = Agency(code="IPO", name_zh="县知识产权局", kind="ip_office")
        s.add(agency)
        await s.flush()
        s.add(Officer(agency_id=agency.id, name="张伟", certificate_no="A001", certificate_expires_on=date(2027, 1, 1)))
        s.add(AuditEvent(action="test", at=at, data={"数量": 3, "items": ["a"]}))
        s.add(BotState(namespace="conv", key="report:1", data={"state": 2}))
        await s.commit()
    async with uow() as s:
        event = (await s.exec(select(AuditEvent))).one()
        assert event.at == at and event.at.tzinfo is not None
        assert event.at.astimezone(UTC).hour == 1
        assert event.data == {"数量": 3, "items": ["a"]}


async def test_foreign_keys_are_enforced(uow: UnitOfWork) -> None:
    async with uow() as s:
        s.add(Officer(agency_id=999, name="无名", certificate_no="X"))
        with pytest.raises(sa.exc.IntegrityError):
            await s.commit()


async def test_a_naive_datetime_is_refused(uow: UnitOfWork) -> None:
    async with uow() as s:
        s.add(AuditEvent(action="test", at=datetime(2026, 1, 1)))
        with pytest.raises(sa.exc.StatementError, match="naive datetime"):
            await s.commit()


async def test_money_keeps_its_cents(uow: UnitOfWork) -> None:
    from inspection.store.tables import Case

    async with uow() as s:
        agency = Agency(code="AMR", name_zh="县市场监督管理局", kind="market_regulation")
        s.add(agency)
        await s.flush()
        s.add(Case(number="2026-1", agency_id=agency.id, case_type="trademark_infringement",
                   received_on=date(2026, 3, 1), fine_cny=Decimal("1875.50")))
        await s.commit()
    async with uow() as s:
        case = (await s.exec(select(Case))).one()
        assert Decimal(case.fine_cny) == Decimal("1875.50")


async def test_an_update_is_recorded_with_its_effect_and_a_redelivery_writes_nothing(uow: UnitOfWork) -> None:
    from inspection.store.engine import AlreadyProcessed
    from inspection.store.tables import ProcessedUpdate

    first = uow.for_update(1001)
    async with first() as s:
        s.add(Agency(code="IPO", name_zh="县知识产权局", kind="ip_office"))
        await s.commit()
    assert first.update_recorded
    again = uow.for_update(1001)
    with pytest.raises(AlreadyProcessed):
        async with again() as s:
            s.add(Agency(code="AMR", name_zh="县市场监督管理局", kind="market_regulation"))
            await s.commit()
    async with uow() as s:
        assert [a.code for a in (await s.exec(select(Agency))).all()] == ["IPO"]
        assert [p.update_id for p in (await s.exec(select(ProcessedUpdate))).all()] == [1001]


async def test_two_copies_racing_on_one_update_end_in_already_processed_not_a_crash(
    uow: UnitOfWork, backend: str
) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite has one writer: the second copy waits for the first instead of racing")
    from inspection.store.engine import AlreadyProcessed
    from inspection.store.tables import ProcessedUpdate

    racing = uow.for_update(2002)
    with pytest.raises(AlreadyProcessed):
        async with racing() as s:
            s.add(Agency(code="IPO", name_zh="县知识产权局", kind="ip_office"))
            await s.flush()
            # the other copy commits the same update after our check would have passed
            async with uow() as other:
                other.add(ProcessedUpdate(update_id=2002))
                await other.commit()
            await s.commit()
    assert not racing.update_recorded
    async with uow() as s:
        assert (await s.exec(select(Agency))).all() == []
