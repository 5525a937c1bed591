"""Campaign progress by team, who may see it, and the monthly bulletin by district, on the
hand-counted world of test_figures.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from inspection.domain.errors import Forbidden
from inspection.services.figures import (
    bulletin_as_text,
    campaign_progress,
    ensure_may_view,
    monthly_bulletin,
    write_bulletin,
)
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Campaign
from tests import factories as f
from tests.store.test_figures import DAY1, DAY2, build_world


async def test_progress_counts_visits_done_officers_checked_in_and_findings_by_team(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    p = await campaign_progress(uow, w.campaign)
    assert (p.visits_planned, p.visits_done, p.officers_checked_in, p.findings) == (5, 2, 3, 5)
    assert [(t.raid_date, t.visits_planned, t.visits_done, t.officers_checked_in, t.findings) for t in p.teams] == [
        (DAY1, 2, 2, 2, 3), (DAY1, 2, 0, 1, 2), (DAY2, 1, 0, 0, 0)]
    assert all(t.leader.startswith("执法员") for t in p.teams)


async def _officer(uow: UnitOfWork, agency_code: str | None, role: str) -> int:
    async with uow() as s:
        agency = (await s.exec(select(Agency).where(Agency.code == agency_code))).first() if agency_code else None
        agency = agency or await f.agency(s, "tobacco")
        officer = await f.officer(s, agency, role=role)
        await s.commit()
        assert officer.id is not None
        return officer.id


async def test_only_coordinators_of_a_participating_agency_may_see_a_campaign(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    await ensure_may_view(uow, await _officer(uow, "DRUG", "coordinator"), w.campaign)
    with pytest.raises(Forbidden) as refused:
        await ensure_may_view(uow, await _officer(uow, "AMR", "officer"), w.campaign)
    assert refused.value.code == "not_coordinator"
    with pytest.raises(Forbidden) as outside:
        await ensure_may_view(uow, await _officer(uow, None, "coordinator"), w.campaign)
    assert outside.value.code == "not_participating"


async def _march_raid(uow: UnitOfWork) -> None:
    """One raid on 2026-03-15 in 城关镇: 1 site inspected, 100 goods, 1 suspected item."""
    async with uow() as s:
        campaign = (await s.exec(select(Campaign).where(Campaign.code == "IPW2026"))).one()
        ipo = (await s.exec(select(Agency).where(Agency.code == "IPO"))).one()
        raid = await f.raid(s, campaign, raid_date=date(2026, 3, 15))
        team = await f.team(s, raid, [await f.officer(s, ipo), await f.officer(s, ipo)])
        visit = await f.visit(s, team, await f.site(s, district="城关镇"), status="closed", goods_checked=100)
        await f.finding(s, visit)
        await s.commit()


async def test_the_bulletin_ranks_every_district_and_words_the_change_on_last_month(uow: UnitOfWork) -> None:
    await build_world(uow)
    await _march_raid(uow)
    async with uow() as s:
        await f.site(s, district="单甲乡")  # a registered district nobody inspected this month
        await s.commit()
    b = await monthly_bulletin(uow, date(2026, 4, 1), districts=["勐董镇", "芒卡镇", "城关镇"])
    assert [(r.rank, r.district, r.current.sites_inspected, r.current.findings) for r in b.rows] == [
        (1, "城关镇", 2, 4), (2, "勐董镇", 1, 1), (3, "芒卡镇", 0, 0), (3, "单甲乡", 0, 0), (3, "岩帅镇", 0, 0)]
    text = await bulletin_as_text(uow, date(2026, 4, 1), districts=["勐董镇", "芒卡镇", "城关镇"])
    lines = text.splitlines()
    assert lines[0] == "2026年4月各乡镇执法检查通报"
    assert lines[1] == ("1. 城关镇：检查经营单位2户次（较上月增加1户次），检查商品300件（较上月增加200件），"
                        "涉嫌侵权商品4种（较上月增加3种）")
    assert lines[2] == ("2. 勐董镇：检查经营单位1户次（较上月增加1户次），检查商品80件（较上月增加80件），"
                        "涉嫌侵权商品1种（较上月增加1种）")
    assert lines[3] == "3. 芒卡镇：本月未开展检查" and len(lines) == 6
    assert "上月无检查" not in text and "环比" not in text
    may = await bulletin_as_text(uow, date(2026, 5, 1))
    assert "1. 城关镇：本月未开展检查（上月检查经营单位2户次）" in may.splitlines()
    en = await bulletin_as_text(uow, date(2026, 4, 1), "en")
    assert "1. 城关镇: sites inspected 2 (up 1 on last month), goods checked 300 (up 200 on last month)" in en


async def test_a_month_without_raids_lists_every_district_and_the_xlsx_has_a_title_and_the_ranking(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    await build_world(uow)
    june = (await bulletin_as_text(uow, date(2026, 6, 1))).splitlines()
    assert june == ["2026年6月各乡镇执法检查通报", "1. 勐董镇：本月未开展检查", "1. 城关镇：本月未开展检查",
                    "1. 岩帅镇：本月未开展检查"]
    path = await write_bulletin(uow, date(2026, 4, 1), tmp_path / "b.xlsx", fmt="xlsx")
    ws = load_workbook(path).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "2026年4月各乡镇执法检查通报"
    assert rows[1][:5] == ("排名", "乡镇", "检查经营单位（户次）", "上月检查经营单位", "检查经营单位较上月增减")
    assert rows[2][:5] == (1, "城关镇", 2, 0, 2)
    assert rows[-1][:3] == ("", "合计", 3) or rows[-1][:3] == (None, "合计", 3)
    assert ws.freeze_panes == "C3" and ws.print_title_rows == "$1:$2"
