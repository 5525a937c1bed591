"""Drafting a raid day from the store: teams, routes, and every site or officer left out with why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from inspection.config import Settings
from inspection.domain.errors import InvalidInput, NotFound
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.model import Draft
from inspection.store.engine import UnitOfWork
from inspection.store.tables import OfficerLeave
from tests import factories as f

DAY = date(2026, 4, 22)


@dataclass
class World:
    campaign: str
    supermarkets: list[int]
    pharmacy: int
    tobacco_shop: int
    nowhere: int
    drug_officer: int
    expired_officer: int


async def world(uow: UnitOfWork) -> World:
    async with uow() as s:
        ipo, amr, drug = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation"), \
            await f.agency(s, "drug_administration")
        await f.officer(s, ipo, role="team_leader")
        await f.officer(s, ipo)
        await f.officer(s, amr)
        await f.officer(s, amr)
        drug_officer = await f.officer(s, drug)
        expired = await f.officer(s, amr, certificate_expires_on=date(2026, 3, 31))
        campaign = await f.campaign(s, ipo, [amr, drug])
        # An hour each, to start by 10:00: a team manages two, so both teams are needed.
        shops = [await f.site(s, district="城关镇", opening_hours="08:00-11:00") for _ in range(4)]
        pharmacy = await f.site(s, site_type="pharmacy", name="百姓大药房")
        tobacco = await f.site(s, site_type="tobacco_shop", name="红塔烟酒店")
        nowhere = await f.site(s, lat=None, lon=None, name="无坐标商店", district="勐库镇")
        await s.commit()
    return World(campaign.code, [x.id for x in shops], pharmacy.id, tobacco.id, nowhere.id, drug_officer.id,
                 expired.id)


def site_ids(plan: Draft) -> set[int]:
    return {v.site_id for t in plan.teams for v in t.visits}


def reasons(plan: Draft) -> dict[int, str]:
    return {x.id: x.code for x in plan.dropped_sites}


async def test_a_draft_forms_legal_teams_and_routes_every_site_they_may_take(uow: UnitOfWork,
                                                                            settings: Settings) -> None:
    w = await world(uow)
    plan = await draft(uow, settings, w.campaign, DAY)
    assert len(plan.teams) == 2
    assert site_ids(plan) == {*w.supermarkets, w.pharmacy}
    pharmacy_team = next(t for t in plan.teams if w.pharmacy in {v.site_id for v in t.visits})
    assert w.drug_officer in {m.officer_id for m in pharmacy_team.members}
    for team in plan.teams:
        assert len({m.agency_code for m in team.members}) >= 2
        assert [v.order for v in team.visits] == list(range(1, len(team.visits) + 1))
        assert all(v.eta >= plan.starts_at for v in team.visits)
        assert team.leader.is_leader
    assert plan.travel_m == sum(t.travel_m for t in plan.teams) > 0


async def test_the_draft_lists_the_tobacco_shop_and_the_unplaced_site_with_reasons(uow: UnitOfWork,
                                                                                   settings: Settings) -> None:
    w = await world(uow)
    plan = await draft(uow, settings, w.campaign, DAY)
    assert reasons(plan) == {w.tobacco_shop: "no_officer_of_kind", w.nowhere: "no_coordinates"}
    tobacco = next(x for x in plan.dropped_sites if x.id == w.tobacco_shop)
    assert tobacco.params == {"kinds": ["tobacco"]}
    assert {x.id: x.code for x in plan.left_out} == {w.expired_officer: "certificate_expired"}


async def test_a_drug_officer_on_leave_leaves_the_pharmacy_without_a_team(uow: UnitOfWork,
                                                                          settings: Settings) -> None:
    w = await world(uow)
    async with uow() as s:
        s.add(OfficerLeave(officer_id=w.drug_officer, starts_on=DAY, ends_on=DAY, reason="培训"))
        await s.commit()
    plan = await draft(uow, settings, w.campaign, DAY)
    assert reasons(plan)[w.pharmacy] == "no_officer_of_kind"
    assert {x.id: x.code for x in plan.left_out}[w.drug_officer] == "on_leave"


async def test_districts_site_types_and_exclusions_narrow_the_draft(uow: UnitOfWork, settings: Settings) -> None:
    w = await world(uow)
    options = DraftOptions(districts=("城关镇",), site_types=("supermarket",), exclusions=(w.supermarkets[0],))
    plan = await draft(uow, settings, w.campaign, DAY, options)
    assert site_ids(plan) == set(w.supermarkets[1:])
    assert reasons(plan) == {w.supermarkets[0]: "excluded"}


async def test_a_pinned_site_goes_to_its_team_and_an_illegal_pin_is_refused(uow: UnitOfWork,
                                                                            settings: Settings) -> None:
    w = await world(uow)
    plan = await draft(uow, settings, w.campaign, DAY)
    other = next(t.number for t in plan.teams if w.supermarkets[0] not in {v.site_id for v in t.visits})
    pinned = await draft(uow, settings, w.campaign, DAY, DraftOptions(pins=((w.supermarkets[0], other),)))
    assert w.supermarkets[0] in {v.site_id for t in pinned.teams if t.number == other for v in t.visits}
    no_drug = next(t.number for t in plan.teams if w.drug_officer not in {m.officer_id for m in t.members})
    with pytest.raises(InvalidInput) as refused:
        await draft(uow, settings, w.campaign, DAY, DraftOptions(pins=((w.pharmacy, no_drug),)))
    assert refused.value.code == "bad_pin"


async def test_a_surprise_draft_is_released_at_the_start_of_the_raid(uow: UnitOfWork, settings: Settings) -> None:
    w = await world(uow)
    plan = await draft(uow, settings, w.campaign, DAY, DraftOptions(surprise=True))
    assert plan.surprise and plan.release_at == plan.starts_at
    assert plan.starts_at.isoformat() == "2026-04-22T00:30:00+00:00"  # 08:30 in Asia/Shanghai


async def test_a_draft_survives_its_json_round_trip_with_the_same_key(uow: UnitOfWork, settings: Settings) -> None:
    w = await world(uow)
    plan = await draft(uow, settings, w.campaign, DAY, DraftOptions(meeting_point="县政府广场@23.0,101.0"))
    again = Draft.from_json(plan.to_json())
    assert again.key == plan.key and again == plan
    assert {t.meeting_point for t in plan.teams} == {"县政府广场"}


async def test_a_day_outside_the_campaign_and_an_unknown_campaign_are_refused(uow: UnitOfWork,
                                                                              settings: Settings) -> None:
    w = await world(uow)
    with pytest.raises(InvalidInput) as outside:
        await draft(uow, settings, w.campaign, date(2026, 6, 1))
    assert outside.value.code == "day_outside_campaign"
    with pytest.raises(NotFound):
        await draft(uow, settings, "NOPE", DAY)
