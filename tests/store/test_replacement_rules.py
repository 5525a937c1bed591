"""A replacement is checked like a planned member; teammates and the other coordinators are told."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.domain.errors import Forbidden
from inspection.services.assignments.replies import (
    ReplacementRefused,
    answer_assignment,
    apply_replacement,
    record_sent_message,
)
from inspection.services.notifications import claim_due, mark_sent
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Notification, Officer, Team, TeamMember
from tests import factories as f
from tests.store.test_planning_replies import member_of, on_the_raid_day, team_with_spare  # noqa: F401 (autouse clock)


async def declined_drug_member(uow: UnitOfWork, settings: Settings) -> tuple[TeamMember, Officer, Officer, Team]:
    members, spare, coordinator, team = await team_with_spare(uow, settings)
    drug_member = await member_of(uow, members, "DRUG")
    await answer_assignment(uow, settings, drug_member.id or 0, drug_member.officer_id, accept=False, reason="sick")
    return drug_member, spare, coordinator, team


async def refusal(uow: UnitOfWork, settings: Settings, declined: TeamMember, officer_id: int,
                  coordinator: Officer) -> ReplacementRefused:
    with pytest.raises(ReplacementRefused) as refused:
        await apply_replacement(uow, settings, declined.id or 0, officer_id, coordinator_id=coordinator.id or 0)
    async with uow() as s:
        joined = (await s.exec(select(TeamMember).where(TeamMember.officer_id == officer_id))).all()
    assert joined == [], "a refused replacement is not put on the team"
    return refused.value


async def test_an_officer_of_an_agency_outside_the_campaign_cannot_replace(uow: UnitOfWork,
                                                                          settings: Settings) -> None:
    declined, _, coordinator, _ = await declined_drug_member(uow, settings)
    async with uow() as s:
        tobacco = await f.agency(s, "tobacco")
        outsider = await f.officer(s, tobacco, role="team_leader")
        await s.commit()
    refused = await refusal(uow, settings, declined, outsider.id or 0, coordinator)
    assert [p.code for p in refused.problems] == ["agency_not_participating"]
    assert refused.params["name"] == outsider.name


async def test_a_deactivated_officer_or_one_with_an_expired_certificate_cannot_replace(
        uow: UnitOfWork, settings: Settings) -> None:
    declined, _, coordinator, _ = await declined_drug_member(uow, settings)
    async with uow() as s:
        drug = (await s.exec(select(Agency).where(Agency.kind == "drug_administration"))).one()
        gone = await f.officer(s, drug, active=False)
        expired = await f.officer(s, drug, certificate_expires_on=date(2026, 4, 1))
        await s.commit()
    assert [p.code for p in (await refusal(uow, settings, declined, gone.id or 0, coordinator)).problems] == [
        "officer_inactive"]
    assert [p.code for p in (await refusal(uow, settings, declined, expired.id or 0, coordinator)).problems] == [
        "certificate_expired"]


async def test_a_replacement_that_leaves_the_pharmacy_without_a_drug_officer_names_that_rule(
        uow: UnitOfWork, settings: Settings) -> None:
    declined, _, coordinator, _ = await declined_drug_member(uow, settings)
    async with uow() as s:
        amr = (await s.exec(select(Agency).where(Agency.kind == "market_regulation"))).one()
        other = await f.officer(s, amr)
        await s.commit()
    refused = await refusal(uow, settings, declined, other.id or 0, coordinator)
    assert [(p.code, p.params) for p in refused.problems] == [("missing_agency", {"kinds": ["drug_administration"]})]


async def test_a_coordinator_outside_the_campaign_cannot_change_its_team(uow: UnitOfWork,
                                                                         settings: Settings) -> None:
    declined, spare, _, _ = await declined_drug_member(uow, settings)
    async with uow() as s:
        outsider = await f.officer(s, await f.agency(s, "tobacco"), role="coordinator")
        await s.commit()
    with pytest.raises(Forbidden):
        await apply_replacement(uow, settings, declined.id or 0, spare.id or 0, coordinator_id=outsider.id or 0)


async def test_teammates_are_told_who_left_and_who_joined(uow: UnitOfWork, settings: Settings) -> None:
    declined, spare, coordinator, team = await declined_drug_member(uow, settings)
    await apply_replacement(uow, settings, declined.id or 0, spare.id or 0, coordinator_id=coordinator.id or 0)
    async with uow() as s:
        staying = (await s.exec(select(TeamMember).where(TeamMember.team_id == team.id,
                                                         col(TeamMember.reply) != "declined"))).all()
        told = (await s.exec(select(Notification).where(Notification.kind == "team_changed"))).all()
    teammates = {m.officer_id for m in staying} - {spare.id}
    assert {n.officer_id for n in told} == teammates and len(told) == 2
    assert all(n.payload["joined"] == spare.name and n.payload["team"] == team.number for n in told)


async def test_the_other_coordinators_copies_of_the_decline_are_edited_to_say_who_handled_it(
        uow: UnitOfWork, settings: Settings) -> None:
    members, spare, coordinator, _ = await team_with_spare(uow, settings)
    async with uow() as s:
        amr = (await s.exec(select(Agency).where(Agency.kind == "market_regulation"))).one()
        second = await f.officer(s, amr, role="coordinator", name="第二协调员", telegram_user_id=898)
        await s.commit()
    drug_member = await member_of(uow, members, "DRUG")
    await answer_assignment(uow, settings, drug_member.id or 0, drug_member.officer_id, accept=False, reason="sick")
    for note in await claim_due(uow, now=CLOCK.now(), tz=settings.tz):
        if note.kind == "decline":  # what the bot's sender does once Telegram answered
            await record_sent_message(uow, note.id, note.telegram_user_id, 5000 + note.officer_id)
        await mark_sent(uow, note.id, now=CLOCK.now())
    await apply_replacement(uow, settings, drug_member.id or 0, spare.id or 0, coordinator_id=coordinator.id or 0)
    async with uow() as s:
        edits = (await s.exec(select(Notification).where(Notification.kind == "decline_handled"))).all()
    assert [(n.officer_id, n.payload["message_id"]) for n in edits] == [(second.id, 5000 + (second.id or 0))]
    assert edits[0].payload["by"] == coordinator.name and edits[0].payload["replacement"] == spare.name
