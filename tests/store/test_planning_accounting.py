"""Every site and every officer of a draft is accounted for, in words that name real teams and rules."""

from __future__ import annotations

from datetime import date

from inspection.config import Settings
from inspection.i18n import t
from inspection.services.directory import directory_summary
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.text import left_out_lines, officer_reason
from inspection.store.engine import UnitOfWork
from tests import factories as f

DAY = date(2026, 4, 22)


async def test_an_online_shop_is_listed_as_having_no_physical_address(uow: UnitOfWork, settings: Settings) -> None:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        await f.officer(s, ipo)
        await f.officer(s, amr)
        campaign = await f.campaign(s, ipo, [amr])
        shop = await f.site(s)
        online = await f.site(s, site_type="online_shop", name="云溪特产网店", lat=None, lon=None, address="")
        await s.commit()
    plan = await draft(uow, settings, campaign.code, DAY)
    assert {v.site_id for team in plan.teams for v in team.visits} == {shop.id}
    assert [(x.id, x.code) for x in plan.dropped_sites] == [(online.id, "no_physical_address")]
    assert "网店" in "\n".join(left_out_lines(t, plan, "zh-CN"))


async def test_the_count_of_sites_to_geocode_leaves_out_online_shops(uow: UnitOfWork) -> None:
    async with uow() as s:
        await f.site(s, lat=None, lon=None)
        await f.site(s, site_type="online_shop", lat=None, lon=None)
        await s.commit()
    assert (await directory_summary(uow, DAY)).sites_without_coordinates == 1


async def test_officers_not_needed_are_not_told_about_teams_the_plan_does_not_have(uow: UnitOfWork,
                                                                                    settings: Settings) -> None:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        for _ in range(3):
            await f.officer(s, ipo)
            await f.officer(s, amr)
        campaign = await f.campaign(s, ipo, [amr])
        await f.site(s)
        await s.commit()
    plan = await draft(uow, settings, campaign.code, DAY)
    numbers = {team.number for team in plan.teams}
    idle = [x for x in plan.left_out if x.code == "not_needed"]
    assert len(plan.teams) == 1 and idle
    for locale in ("zh-CN", "en"):
        for issue in idle:
            reason = officer_reason(t, issue, locale)
            for n in range(1, 10):
                if n not in numbers:
                    assert f"第{n}组" not in reason and f"team {n}" not in reason.lower()


async def test_a_pharmacy_left_out_for_time_names_the_only_teams_that_may_take_it(uow: UnitOfWork,
                                                                                   settings: Settings) -> None:
    # One drug-administration officer, so one team of two may enter a pharmacy; five pharmacies that
    # close at 09:45 (half an hour each, the day starts 08:30) cannot all be its; the supermarkets any
    # team may take, and a supermarket left out for time says only that.
    async with uow() as s:
        ipo, amr, drug = (await f.agency(s, "ip_office"), await f.agency(s, "market_regulation"),
                          await f.agency(s, "drug_administration"))
        await f.officer(s, ipo, role="team_leader")
        await f.officer(s, ipo)
        await f.officer(s, amr)
        await f.officer(s, drug)
        campaign = await f.campaign(s, ipo, [amr, drug])
        pharmacies = [(await f.site(s, site_type="pharmacy", name=f"百姓大药房{n}号店", opening_hours="08:00-09:45")).id
                      for n in range(5)]
        shops = [(await f.site(s, opening_hours="08:00-10:00")).id for _ in range(4)]
        await s.commit()
    plan = await draft(uow, settings, campaign.code, DAY)
    assert len(plan.teams) == 2
    reasons = {x.id: x for x in plan.dropped_sites}
    left = [reasons[k] for k in pharmacies if k in reasons]
    assert 0 < len(left) < len(pharmacies)
    assert {(x.code, x.params["teams"], tuple(x.params["kinds"])) for x in left} == {
        ("no_time_for_kind", 1, ("drug_administration",))}
    assert {reasons[k].code for k in shops if k in reasons} <= {"no_time"}
    lines = {loc: "\n".join(left_out_lines(t, plan, loc)) for loc in ("zh-CN", "en")}
    assert "只有 1 个检查组（药品监督管理局），已排满" in lines["zh-CN"]
    assert "only 1 of the day's teams may inspect it: " in lines["en"]
    assert "当天时间排不下（优先级较低）" in lines["zh-CN"]  # a supermarket: any team may
    assert f"其中 {len(left)} 处只有含药品监督管理局人员的检查组可以检查，这些组已排满" in lines["zh-CN"]
    assert f"{len(left)} of them need a team with a drug administration officer" in lines["en"]


async def test_a_bookshop_left_out_for_time_names_either_agency_that_may_inspect_it(uow: UnitOfWork,
                                                                                   settings: Settings) -> None:
    # A bookshop needs a culture or a copyright officer: two of the three teams have one.
    async with uow() as s:
        ipo, amr, cul, cop = (await f.agency(s, "ip_office"), await f.agency(s, "market_regulation"),
                              await f.agency(s, "culture"), await f.agency(s, "copyright"))
        for agency in (ipo, amr, ipo):
            await f.officer(s, agency, role="team_leader")
        for agency in (cul, cop, amr):
            await f.officer(s, agency)
        campaign = await f.campaign(s, ipo, [amr, cul, cop])
        shops = [(await f.site(s, site_type="bookstore", name=f"新华书店{n}号店", opening_hours="08:00-09:45")).id
                 for n in range(8)]
        await f.site(s)
        await s.commit()
    plan = await draft(uow, settings, campaign.code, DAY, DraftOptions(max_teams=3))
    assert len(plan.teams) == 3
    left = [x for x in plan.dropped_sites if x.id in shops]
    assert left and {(x.code, x.params["teams"], tuple(x.params["kinds"]), tuple(x.params["one_of"]))
                     for x in left} == {("no_time_for_kind", 2, (), ("copyright", "culture"))}
    zh, en = ("\n".join(left_out_lines(t, plan, loc)) for loc in ("zh-CN", "en"))
    assert f"其中 {len(left)} 处只有含版权局或文化市场综合执法人员的检查组可以检查" in zh
    assert "只有 2 个检查组（版权局或文化市场综合执法），已排满" in zh
    assert "need a team with a copyright office or culture market enforcement officer" in en
