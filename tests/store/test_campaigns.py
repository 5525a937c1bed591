"""Campaigns through the service: the lead agency takes part, codes are unique, periods are sane."""

from __future__ import annotations

from datetime import date

import pytest

from inspection.domain.errors import Conflict, InvalidInput, NotFound
from inspection.services.campaigns import create_campaign, get_campaign, list_campaigns
from inspection.store.engine import UnitOfWork
from tests import factories as f


async def _agencies(uow: UnitOfWork) -> None:
    async with uow() as s:
        for kind in ("ip_office", "market_regulation", "drug_administration"):
            await f.agency(s, kind)
        await s.commit()


async def test_a_campaign_lists_its_lead_among_the_participating_agencies(uow: UnitOfWork) -> None:
    await _agencies(uow)
    info = await create_campaign(uow, code="IPW2026", name="2026年知识产权宣传周", starts_on=date(2026, 4, 20),
                                 ends_on=date(2026, 4, 26), lead_agency="IPO", agencies=["AMR", "DRUG"],
                                 kind="ip_week", targets={"sites": 50})
    assert info.lead_agency == "IPO"
    assert info.agencies == ["AMR", "DRUG", "IPO"]
    assert info.targets == {"sites": 50}
    assert [c.code for c in await list_campaigns(uow)] == ["IPW2026"]


async def test_a_second_campaign_with_the_same_code_is_refused(uow: UnitOfWork) -> None:
    await _agencies(uow)
    kw = dict(code="T1", name="雷霆行动", starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 31), lead_agency="AMR",
              agencies=[])
    await create_campaign(uow, **kw)  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        await create_campaign(uow, **kw)  # type: ignore[arg-type]


async def test_unknown_agencies_and_backwards_periods_are_refused(uow: UnitOfWork) -> None:
    await _agencies(uow)
    with pytest.raises(NotFound, match="NOPE"):
        await create_campaign(uow, code="X", name="x", starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 2),
                              lead_agency="IPO", agencies=["NOPE"])
    with pytest.raises(InvalidInput):
        await create_campaign(uow, code="X", name="x", starts_on=date(2026, 5, 2), ends_on=date(2026, 5, 1),
                              lead_agency="IPO", agencies=[])
    with pytest.raises(NotFound):
        await get_campaign(uow, "X")
