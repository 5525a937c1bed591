"""Answers to assignments: declines suggest a legal replacement; applying it keeps the team led."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from inspection.clock import ManualClock
from inspection.config import Settings
from inspection.domain.errors import Conflict, Forbidden
from inspection.services.assignments.replies import answer_assignment, apply_replacement
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.publish import publish
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Notification, Officer, Team, TeamMember
from tests import factories as f

DAY = date(2026, 4, 22)


@pytest.fixture(autouse=True)
def on_the_raid_day(install_clock: Callable[[datetime], ManualClock]) -> ManualClock:
    """The service's clock reads the raid day's morning: answers to its assignments still count."""
    return install_clock(datetime(2026, 4, 22, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai")))


async def team_with_spare(uow: UnitOfWork, settings: Settings, *, spare_kind: str = "drug_administration",
                          pharmacy: bool = True) -> tuple[dict[int, TeamMember], Officer, Officer, Team]:
    """One published team (IPO leader, AMR, DRUG) for a pharmacy; a spare officer; a coordinator."""
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        drug = await f.agency(s, "drug_administration")
        await f.officer(s, ipo, role="team_leader", telegram_user_id=801)
        await f.officer(s, amr, telegram_user_id=802)
        await f.officer(s, drug, telegram_user_id=803)
        coordinator = await f.officer(s, amr, role="coordinator", certificate_expires_on=date(2020, 1, 1),
                                      telegram_user_id=899)
        campaign = await f.campaign(s, ipo, [amr, drug])
        await f.site(s, site_type="pharmacy" if pharmacy else "supermarket")
        await s.commit()
    plan = await draft(uow, settings, campaign.code, DAY, DraftOptions(max_teams=1))
    await publish(uow, plan)
    async with uow() as s:
        spare_agency = {"drug_administration": drug, "market_regulation": amr}[spare_kind]
        spare = await f.officer(s, spare_agency, telegram_user_id=804)
        await s.commit()
        members = {m.officer_id: m for m in (await s.exec(select(TeamMember))).all()}
        team = (await s.exec(select(Team))).one()
    return members, spare, coordinator, team


async def member_of(uow: UnitOfWork, members: dict[int, TeamMember], agency_code: str) -> TeamMember:
    async with uow() as s:
        officers = (await s.exec(select(Officer).where(col(Officer.id).in_(list(members))))).all()
    return next(members[o.id] for o in officers if o.id is not None and o.certificate_no.startswith(agency_code))


async def test_a_declining_drug_officer_is_replaced_by_the_spare_drug_officer(uow: UnitOfWork,
                                                                             settings: Settings) -> None:
    members, spare, coordinator, _ = await team_with_spare(uow, settings)
    drug_member = await member_of(uow, members, "DRUG")
    outcome = await answer_assignment(uow, settings, drug_member.id or 0, drug_member.officer_id, accept=False,
                                      reason="sick")
    assert outcome.suggestion_id == spare.id and outcome.coordinators_told == 1
    async with uow() as s:
        notice = (await s.exec(select(Notification).where(Notification.kind == "decline"))).one()
        assert notice.officer_id == coordinator.id and notice.payload["reason"] == "sick"
    done = await apply_replacement(uow, settings, drug_member.id or 0, spare.id or 0, coordinator_id=coordinator.id or 0)
    assert done.team == 1 and not done.leader_changed
    async with uow() as s:
        new = (await s.exec(select(Notification).where(Notification.officer_id == spare.id))).one()
        assert new.kind == "assignment"


async def test_no_replacement_is_suggested_when_only_a_non_drug_officer_is_free(uow: UnitOfWork,
                                                                               settings: Settings) -> None:
    members, spare, _, _ = await team_with_spare(uow, settings, spare_kind="market_regulation")
    drug_id = await member_of(uow, members, "DRUG")
    outcome = await answer_assignment(uow, settings, drug_id.id or 0, drug_id.officer_id, accept=False, reason="leave")
    assert outcome.suggestion_id is None


async def test_when_the_leader_declines_the_replacement_team_gets_a_new_leader(uow: UnitOfWork,
                                                                              settings: Settings) -> None:
    members, spare, coordinator, team = await team_with_spare(uow, settings, spare_kind="market_regulation",
                                                               pharmacy=False)
    leader = members[team.leader_id or 0]
    outcome = await answer_assignment(uow, settings, leader.id or 0, leader.officer_id, accept=False, reason="duty")
    assert outcome.suggestion_id == spare.id
    done = await apply_replacement(uow, settings, leader.id or 0, spare.id or 0, coordinator_id=coordinator.id or 0)
    assert done.leader_changed
    async with uow() as s:
        fresh = await s.get(Team, team.id)
        rows = (await s.exec(select(TeamMember).where(TeamMember.team_id == team.id))).all()
    assert fresh is not None and fresh.leader_id != leader.officer_id
    assert [m.officer_id for m in rows if m.is_leader] == [fresh.leader_id]


async def test_only_the_assigned_officer_answers_and_only_a_campaign_coordinator_replaces(
        uow: UnitOfWork, settings: Settings) -> None:
    members, spare, coordinator, _ = await team_with_spare(uow, settings)
    member = next(iter(members.values()))
    other = next(m for m in members.values() if m.officer_id != member.officer_id)
    with pytest.raises(Forbidden):
        await answer_assignment(uow, settings, member.id or 0, other.officer_id, accept=True)
    with pytest.raises(Conflict):
        await apply_replacement(uow, settings, member.id or 0, spare.id or 0, coordinator_id=coordinator.id or 0)
    await answer_assignment(uow, settings, member.id or 0, member.officer_id, accept=False, reason="leave")
    with pytest.raises(Forbidden):
        await apply_replacement(uow, settings, member.id or 0, spare.id or 0, coordinator_id=other.officer_id)
