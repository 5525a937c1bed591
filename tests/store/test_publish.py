"""Publishing a draft stores the raid, teams, members and visits once, and queues the assignments."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from inspection.config import Settings
from inspection.domain.errors import Conflict, InvalidInput
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.publish import publish
from inspection.store.engine import UnitOfWork
from inspection.store.tables import AuditEvent, Notification, Raid, Team, TeamMember, Visit
from tests import factories as f

DAY = date(2026, 4, 22)


async def small_world(uow: UnitOfWork) -> str:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        for agency in (ipo, ipo, amr, amr):
            await f.officer(s, agency)
        campaign = await f.campaign(s, ipo, [amr])
        for _ in range(4):  # an hour each, all to start by 10:00: one team can do two of them
            await f.site(s, opening_hours="08:00-11:00")
        await s.commit()
    return campaign.code


async def test_publishing_stores_raid_teams_members_visits_and_notices_held_until_release(
        uow: UnitOfWork, settings: Settings) -> None:
    code = await small_world(uow)
    plan = await draft(uow, settings, code, DAY, DraftOptions(surprise=True))
    result = await publish(uow, plan, actor="cli")
    assert result.created and result.teams == 2 and result.visits == 4
    assert result.notices == 0 and len(result.unreachable) == 4  # nobody has linked Telegram yet
    async with uow() as s:
        raid = await s.get(Raid, result.raid_id)
        assert raid is not None
        assert (raid.status, raid.plan_key, raid.surprise) == ("published", plan.key, True)
        assert raid.release_at == plan.starts_at == raid.starts_at
        teams = (await s.exec(select(Team).where(Team.raid_id == raid.id).order_by(col(Team.number)))).all()
        assert [t.number for t in teams] == [1, 2]
        members = (await s.exec(select(TeamMember))).all()
        assert len(members) == 4 and sum(m.is_leader for m in members) == 2
        visits = (await s.exec(select(Visit).order_by(col(Visit.team_id), col(Visit.planned_order)))).all()
        planned = {(t.number, v.order): v for t in plan.teams for v in t.visits}
        by_team = {t.id: t.number for t in teams}
        for visit in visits:
            expected = planned[(by_team[visit.team_id], visit.planned_order)]
            assert visit.site_id == expected.site_id and visit.eta == expected.eta
        notices = (await s.exec(select(Notification))).all()
        assignments = [n for n in notices if n.kind == "assignment"]
        assert sorted(n.officer_id for n in assignments if n.officer_id) == sorted(m.officer_id for m in members)
        assert {n.status for n in notices} == {"pending"}
        released = [n for n in notices if n.kind == "targets_released"]
        assert len(released) == 4 and {n.not_before for n in released} == {raid.release_at}
        assert (await s.exec(select(AuditEvent).where(AuditEvent.action == "raid.publish"))).one()


async def test_publishing_the_same_draft_twice_does_nothing_the_second_time(uow: UnitOfWork,
                                                                           settings: Settings) -> None:
    code = await small_world(uow)
    plan = await draft(uow, settings, code, DAY)
    first = await publish(uow, plan)
    second = await publish(uow, plan)
    assert second.raid_id == first.raid_id and not second.created and second.notices == 0
    async with uow() as s:
        assert len((await s.exec(select(Raid))).all()) == 1
        assert len((await s.exec(select(Notification))).all()) == 4


async def test_officers_and_sites_already_on_a_published_raid_are_not_planned_again_that_day(
        uow: UnitOfWork, settings: Settings) -> None:
    code = await small_world(uow)
    plan = await draft(uow, settings, code, DAY)
    await publish(uow, plan)
    again = await draft(uow, settings, code, DAY)
    assert again.teams == []
    assert {x.code for x in again.left_out} == {"already_on_raid"}
    assert {x.code for x in again.dropped_sites} == {"already_planned"}
    with pytest.raises(InvalidInput, match="nothing to publish"):
        await publish(uow, again)
    async with uow() as s:
        assert len((await s.exec(select(Raid))).all()) == 1


async def test_a_second_draft_made_before_the_first_was_published_is_refused_naming_the_officers(
        uow: UnitOfWork, settings: Settings) -> None:
    code = await small_world(uow)
    plan = await draft(uow, settings, code, DAY)
    other = await draft(uow, settings, code, DAY, DraftOptions(meeting_point="城关镇市场监管所@23.01,101.01"))
    await publish(uow, plan)
    with pytest.raises(Conflict) as refused:
        await publish(uow, other)
    assert refused.value.code == "officers_busy"
    assert "执法员" in str(refused.value)


async def test_publishing_names_the_members_no_notice_can_reach_and_counts_only_those_reached(
        uow: UnitOfWork, settings: Settings) -> None:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        await f.officer(s, ipo, telegram_user_id=7001)
        await f.officer(s, amr, telegram_user_id=7002)
        unlinked = await f.officer(s, amr, name="李未绑", certificate_no="AMR-77777")
        campaign = await f.campaign(s, ipo, [amr])
        await f.site(s)
        await s.commit()
    plan = await draft(uow, settings, campaign.code, DAY, DraftOptions(max_teams=1))
    assert unlinked.id in {m.officer_id for t in plan.teams for m in t.members}
    result = await publish(uow, plan, actor="cli")
    assert result.notices == 2
    assert [(u.name, u.certificate_no) for u in result.unreachable] == [("李未绑", "AMR-77777")]
