"""Campaign figures against a small world whose every number is counted by hand below.

World: agencies IPO, AMR, DRUG. Raid day 1 (2026-04-20): team A = ipo1, amr1, drug1; team B = ipo2,
amr2 and amr3, who declined. Raid day 2 (2026-04-21): team C = ipo1, amr1.
Visits: v1 supermarket 城关镇 closed 200 goods 30 leaflets (team A, checked in by ipo1); v2 pharmacy 勐董镇 closed 80
goods 10 leaflets, checked in outside the radius by drug1 (A); v3 bookstore 城关镇 checked in by
ipo2, 100 goods (B);
v4 retailer 勐董镇 not reached "店铺关门" (B); v5 stall 岩帅镇 planned (C); v6 cancelled (C).
Findings: f1 耐克 shoes 10 registered 1000 CNY, f2 耐克 shoes 5 confiscated 500 CNY (v1); f3
cold medicine patent passing-off 20 confiscated (v2); f4 pirated books 30 registered, f5 notebooks
patent 2 registered, f6 withdrawn 100 (v3). A case of AMR received and filed on day 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import select

from inspection.services.figures import for_campaign
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Case, TeamMember
from tests import factories as f

DAY1, DAY2 = date(2026, 4, 20), date(2026, 4, 21)


@dataclass
class World:
    campaign: str
    previous: str
    first_raid: int


async def build_world(uow: UnitOfWork, code: str = "IPW2026") -> World:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        drug = await f.agency(s, "drug_administration")
        ipo1, ipo2 = await f.officer(s, ipo), await f.officer(s, ipo)
        amr1, amr2, amr3 = await f.officer(s, amr), await f.officer(s, amr), await f.officer(s, amr)
        drug1 = await f.officer(s, drug)
        old = await f.campaign(s, ipo, [amr], code="IPW2025", name="2025年知识产权宣传周",
                               starts_on=date(2025, 4, 20), ends_on=date(2025, 4, 26))
        old_raid = await f.raid(s, old)
        old_team = await f.team(s, old_raid, [ipo1, amr1])
        await f.visit(s, old_team, await f.site(s, name="旧超市"), status="closed", goods_checked=50)
        c = await f.campaign(s, ipo, [amr, drug], code=code, name="2026年知识产权宣传周",
                             targets={"sites": 4, "goods_checked": 500})
        r1, r2 = await f.raid(s, c, raid_date=DAY1), await f.raid(s, c, raid_date=DAY2)
        team_a = await f.team(s, r1, [ipo1, amr1, drug1])
        team_b = await f.team(s, r1, [ipo2, amr2, amr3])
        team_c = await f.team(s, r2, [ipo1, amr1])
        declined = (await s.exec(select(TeamMember).where(TeamMember.officer_id == amr3.id))).one()
        declined.reply = "declined"
        s1 = await f.site(s, name="汇万家超市", site_type="supermarket", district="城关镇")
        s2 = await f.site(s, name="通文阁文化用品店", site_type="bookstore", district="城关镇")
        s3 = await f.site(s, name="久盛堂药店", site_type="pharmacy", district="勐董镇")
        s4 = await f.site(s, name="百货商店", site_type="retailer", district="勐董镇")
        s5 = await f.site(s, name="农特产品摊位", site_type="market_stall", district="岩帅镇")
        v1 = await f.visit(s, team_a, s1, status="closed", goods_checked=200, leaflets=30,
                           checked_in_by_id=ipo1.id)
        v2 = await f.visit(s, team_a, s3, status="closed", goods_checked=80, leaflets=10,
                           checkin_outside_radius=True, checked_in_by_id=drug1.id)
        v3 = await f.visit(s, team_b, s2, status="checked_in", goods_checked=100, checked_in_by_id=ipo2.id)
        await f.visit(s, team_b, s4, status="not_reached", not_reached_reason="店铺关门")
        await f.visit(s, team_c, s5)
        await f.visit(s, team_c, s1, status="cancelled", goods_checked=999, leaflets=999)
        await f.finding(s, v1, product="运动鞋", brand="耐克", quantity=Decimal(10), action="registered",
                        estimated_value_cny=Decimal(1000), reported_by_id=ipo1.id, category="鞋服")
        await f.finding(s, v1, product="运动鞋", brand="耐克", quantity=Decimal(5), action="confiscated",
                        estimated_value_cny=Decimal(500), reported_by_id=amr1.id, category="鞋服")
        await f.finding(s, v2, product="感冒药", brand="某药业", rights_holder="某药业公司", right_type="patent",
                        suspicion="patent_passing_off", quantity=Decimal(20), unit="盒", action="confiscated",
                        reported_by_id=drug1.id, category="药品")
        await f.finding(s, v3, product="图书", brand="新华", rights_holder="某出版社", right_type="copyright",
                        suspicion="piracy", quantity=Decimal(30), unit="册", action="registered",
                        reported_by_id=ipo2.id, category="图书")
        await f.finding(s, v3, product="笔记本", brand="晨光", rights_holder="晨光文具", right_type="patent",
                        suspicion="patent_infringement", quantity=Decimal(2), unit="本", action="registered",
                        reported_by_id=amr2.id, category="文具")
        await f.finding(s, v3, product="光盘", brand="", quantity=Decimal(100), action="registered",
                        reported_by_id=amr2.id, withdrawn_at=datetime(2026, 4, 20, 3, tzinfo=UTC))
        s.add(Case(number="AMR-2026-1", agency_id=amr.id, case_type="trademark_infringement", campaign_id=c.id,
                   state="filed", received_on=DAY1, filed_on=DAY1))
        await s.commit()
    assert r1.id is not None
    return World(campaign=code, previous="IPW2025", first_raid=r1.id)


async def test_campaign_figures_count_officers_sites_goods_and_suspected_items(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    fig = await for_campaign(uow, w.campaign)
    # team C (day 2) inspected nothing: its members are not deployed; amr3 declined
    assert (fig.agencies, fig.officers_person_times, fig.officers_distinct, fig.teams, fig.raids) == (3, 5, 5, 2, 2)
    assert (fig.sites_planned, fig.sites_inspected, fig.sites_not_reached) == (5, 3, 1)
    assert (fig.goods_checked, fig.leaflets, fig.checkins_outside_radius) == (380, 40, 1)
    assert (fig.suspected_items, fig.suspected_value_cny) == (5, 1500)
    assert fig.suspected_quantities == (("册", 30), ("盒", 20), ("双", 15), ("本", 2))
    assert fig.top_site_names == ["汇万家超市", "通文阁文化用品店", "久盛堂药店"]
    assert fig.inspected_site_types == ["bookstore", "pharmacy", "supermarket"]
    assert [(r.label_zh, r.sites_planned) for r in fig.not_reached_reasons] == [("店铺关门", 1)]


async def test_findings_are_broken_down_by_right_type_suspicion_action_and_category(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    fig = await for_campaign(uow, w.campaign)
    assert {r.key: (r.findings, r.quantities) for r in fig.by_right_type} == {
        "trademark": (2, (("双", 15),)), "patent": (2, (("盒", 20), ("本", 2))), "copyright": (1, (("册", 30),))}
    assert {r.key: r.findings for r in fig.by_suspicion} == {
        "counterfeit_trademark": 2, "patent_passing_off": 1, "piracy": 1, "patent_infringement": 1}
    assert {r.key: (r.label_zh, r.findings, r.value_cny) for r in fig.by_action} == {
        "registered": ("登记保存", 3, 1000), "confiscated": ("没收", 2, 500)}
    assert {r.key: (r.findings, r.quantities) for r in fig.by_unit} == {
        "双": (2, (("双", 15),)), "盒": (1, (("盒", 20),)), "册": (1, (("册", 30),)), "本": (1, (("本", 2),))}
    assert {r.key: r.findings for r in fig.by_category} == {"鞋服": 2, "药品": 1, "图书": 1, "文具": 1}
    assert [(b.brand, b.findings, b.quantities) for b in fig.top_brands][0] == ("耐克", 2, (("双", 15),))


async def test_districts_site_types_and_days_carry_their_own_counts(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    fig = await for_campaign(uow, w.campaign)
    districts = {r.key: (r.sites_planned, r.sites_inspected, r.goods_checked, r.leaflets, r.findings)
                 for r in fig.by_district}
    assert districts == {"城关镇": (2, 2, 300, 30, 4), "勐董镇": (2, 1, 80, 10, 1), "岩帅镇": (1, 0, 0, 0, 0)}
    # places in their natural order: most sites inspected first (not by name or code)
    assert [r.key for r in fig.by_district] == ["城关镇", "勐董镇", "岩帅镇"]
    assert [r.key for r in fig.by_site_type][:3] == ["supermarket", "bookstore", "pharmacy"]
    types = {r.key: (r.sites_planned, r.sites_inspected, r.findings) for r in fig.by_site_type}
    assert types == {"supermarket": (1, 1, 2), "pharmacy": (1, 1, 1), "bookstore": (1, 1, 2),
                     "retailer": (1, 0, 0), "market_stall": (1, 0, 0)}
    assert [(d.day, d.sites_inspected, d.goods_checked, d.findings) for d in fig.daily] == [
        (DAY1, 3, 380, 5), (DAY2, 0, 0, 0)]


async def test_each_agency_counts_its_own_officers_its_teams_sites_and_its_reports(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    fig = await for_campaign(uow, w.campaign)
    agencies = {r.key: (r.officers_person_times, r.officers_distinct, r.sites_planned, r.sites_inspected,
                        r.goods_checked, r.findings) for r in fig.by_agency}
    # an agency's findings are those of the teams it took part in, as in its own report (--agency)
    assert agencies == {"IPO": (2, 2, 5, 3, 380, 5), "AMR": (2, 2, 5, 3, 380, 5), "DRUG": (1, 1, 2, 2, 280, 3)}
    assert fig.agency_names_zh == ["县市场监督管理局", "县知识产权局", "县食品药品监督管理局"]


async def test_an_agency_filter_gives_that_agencys_part_only(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    fig = await for_campaign(uow, w.campaign, agency="DRUG")
    assert (fig.agencies, fig.officers_person_times, fig.officers_distinct) == (1, 1, 1)
    assert (fig.sites_planned, fig.sites_inspected, fig.goods_checked, fig.suspected_items) == (2, 2, 280, 3)
    assert fig.targets == [] and fig.previous is None


async def test_a_period_counts_only_the_raid_days_inside_it(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    fig = await for_campaign(uow, w.campaign, start=DAY2, end=DAY2)
    assert (fig.officers_person_times, fig.sites_planned, fig.sites_inspected, fig.goods_checked) == (0, 1, 0, 0)
    assert fig.suspected_items == 0 and fig.by_right_type == []


async def test_cases_targets_and_the_previous_campaign_of_the_same_kind_are_reported(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    fig = await for_campaign(uow, w.campaign)
    assert (fig.cases.received, fig.cases.filed, fig.cases.closed, fig.cases.on_time_rate) == (1, 1, 0, None)
    assert [c.number for c in fig.case_list] == ["AMR-2026-1"]
    assert {t.figure: (t.target, t.achieved) for t in fig.targets} == {
        "sites_inspected": (4, 3), "goods_checked": (500, 380)}
    assert fig.previous is not None and fig.previous.campaign_code == w.previous
    assert fig.previous.values["goods_checked"] == 50 and fig.previous.values["officers_person_times"] == 2


async def test_a_raid_counts_only_its_own_teams_and_visits(uow: UnitOfWork) -> None:
    w = await build_world(uow)
    fig = await for_campaign(uow, w.campaign, raid_id=w.first_raid)
    assert (fig.raids, fig.teams, fig.officers_person_times, fig.officers_distinct) == (1, 2, 5, 5)
    assert (fig.sites_planned, fig.sites_inspected, fig.goods_checked, fig.suspected_items) == (4, 3, 380, 5)
    assert fig.targets == [] and fig.previous is None
