"""The seed's case figures, built through the services and counted back by the database.

"xxx年度,共受理专利侵权纠纷25件,转接去年7件,结案12件(中止2件),其中处理4件,调解2件,撤回6件,
按期结案率达到100%" and "1 trademark case, fines and confiscations 1,875 yuan".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from inspection.config import Settings
from inspection.domain.enums import CaseState
from inspection.domain.errors import InvalidInput
from inspection.services.cases.actions import (
    case_figures,
    decide_case,
    file_case,
    move_case,
)
from inspection.store.engine import UnitOfWork
from tests import factories as f

Y2025 = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
Y2026 = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}


async def _world(uow: UnitOfWork) -> None:
    async with uow() as s:
        await f.agency(s, "ip_office")
        await f.agency(s, "market_regulation")
        await s.commit()


async def _patent(uow: UnitOfWork, settings: Settings, received: date, filed: date | None = None) -> str:
    info = await file_case(uow, settings, agency="IPO", case_type="patent_dispute", source="complaint",
                           received_on=received, filed_on=filed, title="外观设计专利侵权纠纷")
    return info.number


async def _finish(uow: UnitOfWork, settings: Settings, number: str, outcome: CaseState, on: date,
                  closed: date) -> None:
    await move_case(uow, settings, number, CaseState.INVESTIGATING, on=on, actor="cli")
    if outcome is CaseState.DECIDED:
        await decide_case(uow, settings, number, reason="责令停止侵权", on=on, actor="cli")
    elif outcome is CaseState.MEDIATED:
        await move_case(uow, settings, number, CaseState.MEDIATED, reason="双方达成调解协议", on=on, actor="cli")
    else:
        await move_case(uow, settings, number, CaseState.WITHDRAWN, reason="请求人撤回请求", on=on, actor="cli")
    await move_case(uow, settings, number, CaseState.CLOSED, on=closed, actor="cli")


async def _seed_year(uow: UnitOfWork, settings: Settings) -> None:
    """7 patent disputes from 2024 still open on 1 January 2025, 25 received in 2025."""
    carried = [await _patent(uow, settings, date(2024, 11, 4), date(2024, 11, 8)) for _ in range(7)]
    closed_carried = [CaseState.DECIDED, CaseState.DECIDED, CaseState.MEDIATED, CaseState.WITHDRAWN,
                      CaseState.WITHDRAWN]
    for number, outcome in zip(carried, closed_carried, strict=False):
        await _finish(uow, settings, number, outcome, date(2025, 1, 20), date(2025, 1, 27))
    for number in carried[5:]:  # two suspended: the patent's validity is challenged
        await move_case(uow, settings, number, CaseState.SUSPENDED, reason="专利权无效宣告请求", on=date(2025, 1, 10))
    await move_case(uow, settings, carried[5], CaseState.INVESTIGATING, reason="无效宣告审查结束", on=date(2025, 3, 1))

    fresh = [await _patent(uow, settings, date(2025, 3 + i % 3, 2), date(2025, 3 + i % 3, 5)) for i in range(23)]
    for number, outcome in zip(fresh, [CaseState.DECIDED, CaseState.DECIDED, CaseState.MEDIATED,
                                       CaseState.WITHDRAWN, CaseState.WITHDRAWN], strict=False):
        await _finish(uow, settings, number, outcome, date(2025, 5, 20), date(2025, 5, 30))
    for _ in range(2):  # withdrawn by phone before they were ever filed
        number = await _patent(uow, settings, date(2025, 6, 10))
        await move_case(uow, settings, number, CaseState.WITHDRAWN, reason="请求人电话撤回", on=date(2025, 6, 12))
        await move_case(uow, settings, number, CaseState.CLOSED, on=date(2025, 6, 15))


async def test_the_seed_year_of_patent_disputes_gives_back_exactly_its_figures(
    uow: UnitOfWork, settings: Settings
) -> None:
    await _world(uow)
    await _seed_year(uow, settings)
    figures = await case_figures(uow, **Y2025, agency="IPO")
    assert (figures.received, figures.carried_over, figures.closed, figures.suspended) == (25, 7, 12, 2)
    assert (figures.decided, figures.mediated, figures.withdrawn, figures.transferred) == (4, 2, 6, 0)
    assert figures.on_time_rate == 1.0
    assert figures.filed == 23
    assert figures.open_at_end == 20


async def test_cases_open_at_the_end_of_a_year_are_carried_over_into_the_next(
    uow: UnitOfWork, settings: Settings
) -> None:
    await _world(uow)
    await _seed_year(uow, settings)
    next_year = await case_figures(uow, **Y2026)
    assert next_year.carried_over == 20
    assert (next_year.received, next_year.closed, next_year.suspended) == (0, 0, 0)
    assert next_year.on_time_rate is None


async def test_one_trademark_case_with_a_fine_of_1875_yuan_is_counted_with_its_fine(
    uow: UnitOfWork, settings: Settings
) -> None:
    await _world(uow)
    info = await file_case(uow, settings, agency="AMR", case_type="trademark_infringement",
                           received_on=date(2025, 6, 2), filed_on=date(2025, 6, 3), respondent="某某百货商行")
    await move_case(uow, settings, info.number, CaseState.INVESTIGATING, on=date(2025, 6, 5))
    await decide_case(uow, settings, info.number, fine_cny=Decimal("1500"), confiscation_cny=Decimal("375"),
                      goods_confiscated="假冒注册商标运动鞋 25 双", on=date(2025, 7, 1))
    await move_case(uow, settings, info.number, CaseState.CLOSED, on=date(2025, 7, 10))

    figures = await case_figures(uow, **Y2025, case_type="trademark_infringement")
    assert (figures.filed, figures.decided, figures.closed) == (1, 1, 1)
    assert figures.penalties_cny == Decimal("1875.00")
    assert (figures.fines_cny, figures.confiscation_cny) == (Decimal("1500.00"), Decimal("375.00"))
    assert (await case_figures(uow, **Y2025, agency="IPO")).fines_cny == Decimal("0.00")


async def test_a_case_decided_late_lowers_the_on_time_rate(uow: UnitOfWork, settings: Settings) -> None:
    await _world(uow)
    late = await _patent(uow, settings, date(2025, 1, 2), date(2025, 1, 3))  # due 2025-04-03
    await _finish(uow, settings, late, CaseState.DECIDED, date(2025, 4, 10), date(2025, 4, 12))
    prompt = await _patent(uow, settings, date(2025, 1, 2), date(2025, 1, 3))
    await _finish(uow, settings, prompt, CaseState.MEDIATED, date(2025, 2, 10), date(2025, 2, 12))
    figures = await case_figures(uow, **Y2025)
    assert figures.closed == 2 and figures.closed_on_time == 1
    assert figures.on_time_rate == 0.5


async def test_a_period_that_ends_before_it_starts_is_refused(uow: UnitOfWork) -> None:
    with pytest.raises(InvalidInput):
        await case_figures(uow, start=date(2025, 12, 31), end=date(2025, 1, 1))


async def test_a_case_received_in_december_and_closed_in_january_counts_in_both_years_once_each(
    uow: UnitOfWork, settings: Settings
) -> None:
    await _world(uow)
    number = await _patent(uow, settings, date(2025, 12, 15), date(2025, 12, 20))
    await move_case(uow, settings, number, CaseState.SUSPENDED, reason="等待鉴定", on=date(2025, 12, 28))
    await move_case(uow, settings, number, CaseState.INVESTIGATING, reason="鉴定完成", on=date(2026, 1, 8))
    await move_case(uow, settings, number, CaseState.MEDIATED, reason="赔偿 2 万元", on=date(2026, 1, 20))
    await move_case(uow, settings, number, CaseState.CLOSED, on=date(2026, 1, 22))
    last, this = await case_figures(uow, **Y2025), await case_figures(uow, **Y2026)
    assert (last.received, last.filed, last.closed, last.suspended, last.open_at_end) == (1, 1, 0, 1, 1)
    assert (this.received, this.carried_over, this.closed, this.mediated, this.suspended) == (0, 1, 1, 1, 0)
    assert this.on_time_rate == 1.0
