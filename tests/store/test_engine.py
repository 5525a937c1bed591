"""The engine and unit of work: the connection pool is open before traffic arrives."""

from __future__ import annotations

from inspection.store.engine import UnitOfWork, make_engine


async def test_warm_up_opens_the_whole_pool_on_postgresql_and_nothing_on_sqlite(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        uow = UnitOfWork(engine)
        await uow.warm_up()
        pool = engine.pool
        if uow.dialect == "sqlite":
            assert pool.checkedin() == 0 and pool.checkedout() == 0  # type: ignore[attr-defined]
        else:
            assert pool.checkedin() == pool.size() == 10  # type: ignore[attr-defined]
            async with engine.connect() as c:  # a warm connection is handed out, none opened
                await c.exec_driver_sql("SELECT 1")
                assert pool.checkedout() == 1 and pool.checkedin() == 9  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
