"""Officers answer their assignment: accept, or decline with a reason; coordinators replace.

A decline is recorded on the team member and, in the same transaction, every linked coordinator
of a participating agency gets a ``decline`` notification carrying the replacement the planning
rules suggest (same agency kind first; available that day, not on another raid, keeping the team
and its sites legal). Applying it adds the new member (leader again if the leader declined) and
queues their assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.config import Settings
from inspection.domain.enums import AssignmentReply, NotificationKind
from inspection.domain.errors import Conflict, Forbidden, NotFound
from inspection.domain.teams import LeaveDays, OfficerProfile, TeamRules, leader_rank, unavailability
from inspection.planning.teams import suggest_replacement
from inspection.services.audit import audit
from inspection.services.campaigns import participating_agencies
from inspection.services.clock import CLOCK
from inspection.services.officers import COORDINATOR_ROLES
from inspection.services.planning.inputs import busy_officers, jurisdiction, officers_of, profile
from inspection.services.planning.publish import member_notices
from inspection.store.engine import UnitOfWork
from inspection.store.tables import (
    Agency,
    Campaign,
    Notification,
    Officer,
    OfficerLeave,
    Raid,
    Site,
    Team,
    TeamMember,
    Visit,
)
from inspection.store.types import utcnow


@dataclass(frozen=True)
class TeamPlace:
    member: TeamMember
    team: Team
    raid: Raid
    campaign: Campaign


async def _place(s: AsyncSession, team_member_id: int) -> TeamPlace:
    row = (await s.exec(
        select(TeamMember, Team, Raid, Campaign).join(Team, col(Team.id) == col(TeamMember.team_id))
        .join(Raid, col(Raid.id) == col(Team.raid_id)).join(Campaign, col(Campaign.id) == col(Raid.campaign_id))
        .where(TeamMember.id == team_member_id)
    )).first()
    if row is None:
        raise NotFound("this assignment no longer exists", code="assignment_not_found")
    return TeamPlace(*row)


def _refuse_if_over(place: TeamPlace, settings: Settings) -> None:
    """Buttons on an assignment of a raid day that is over answer that it is over."""
    if place.raid.raid_date < CLOCK.now().astimezone(settings.tz).date():
        raise Conflict("the raid day is over", code="assignment_over", day=place.raid.raid_date.isoformat())


async def coordinators_of(s: AsyncSession, campaign_id: int) -> list[Officer]:
    agencies = await participating_agencies(s, campaign_id)
    rows = (await s.exec(select(Officer).where(col(Officer.agency_id).in_(agencies), col(Officer.role).in_(
        sorted(COORDINATOR_ROLES)), col(Officer.active)).order_by(col(Officer.id)))).all()
    return list(rows)


async def is_campaign_coordinator(uow: UnitOfWork, officer_id: int, campaign_id: int) -> bool:
    async with uow() as s:
        return any(o.id == officer_id for o in await coordinators_of(s, campaign_id))


async def _suggest(s: AsyncSession, settings: Settings, place: TeamPlace) -> OfficerProfile | None:
    day: date = place.raid.raid_date
    members = (await s.exec(select(TeamMember).where(TeamMember.team_id == place.team.id))).all()
    staying_ids = [m.officer_id for m in members if m.reply != AssignmentReply.DECLINED.value
                   or m.id == place.member.id]
    pool = await officers_of(s, await participating_agencies(s, place.campaign.id or 0))
    by_id = {o.id: o for o in pool}
    agency_codes = {o.agency_code for o in pool}
    leaves = [LeaveDays(x.officer_id, x.starts_on, x.ends_on) for x in (await s.exec(select(OfficerLeave).where(
        col(OfficerLeave.starts_on) <= day, col(OfficerLeave.ends_on) >= day))).all()]
    busy = await busy_officers(s, day)
    candidates = [o for o in pool if o.id not in busy and o.id not in staying_ids
                  and unavailability(o, day, leaves, agency_codes) is None]
    rules = jurisdiction(settings).campaign_rules(place.campaign.requirements)
    types = (await s.exec(select(Site.site_type).join(Visit, col(Visit.site_id) == col(Site.id))
                          .where(Visit.team_id == place.team.id))).all()
    site_rules = [rules.for_site_type(x) for x in set(types)]
    team = [by_id[i] for i in staying_ids if i in by_id]
    plan = settings.planning
    return suggest_replacement(team, place.member.officer_id, candidates, day,
                               TeamRules(plan.team_size_min, plan.team_size_max, len(agency_codes) > 1),
                               site_rules=site_rules)


@dataclass(frozen=True)
class ReplyOutcome:
    team_member_id: int
    accepted: bool
    suggestion_id: int | None
    suggestion_name: str
    coordinators_told: int


async def answer_assignment(uow: UnitOfWork, settings: Settings, team_member_id: int, officer_id: int, *,
                            accept: bool, reason: str = "") -> ReplyOutcome:
    """Record the officer's answer; a decline queues the coordinators' notice with a suggestion."""
    async with uow() as s:
        place = await _place(s, team_member_id)
        _refuse_if_over(place, settings)
        if place.member.officer_id != officer_id:
            raise Forbidden("this assignment is someone else's", code="not_your_assignment")
        member = place.member
        member.reply = (AssignmentReply.ACCEPTED if accept else AssignmentReply.DECLINED).value
        member.reply_reason = "" if accept else reason[:300]
        member.replied_at = utcnow()
        s.add(member)
        suggestion = None if accept else await _suggest(s, settings, place)
        told = 0
        if not accept:
            decliner = await s.get(Officer, officer_id)
            for coordinator in await coordinators_of(s, place.campaign.id or 0):
                s.add(Notification(
                    officer_id=coordinator.id, kind=NotificationKind.DECLINE.value,
                    dedupe_key=f"decline:{team_member_id}:{coordinator.id}:{member.replied_at.isoformat()}",
                    payload={"team_member_id": team_member_id, "raid_id": place.raid.id, "team": place.team.number,
                             "day": place.raid.raid_date.isoformat(), "officer": decliner.name if decliner else "",
                             "reason": member.reply_reason,
                             "suggestion_id": suggestion.id if suggestion else None,
                             "suggestion": suggestion.name if suggestion else "",
                             "suggestion_agency": suggestion.agency_code if suggestion else ""}))
                told += 1
        audit(s, "assignment.accept" if accept else "assignment.decline", actor=f"officer:{officer_id}",
              actor_id=officer_id, entity="team_member", entity_id=team_member_id, reason=member.reply_reason)
        await s.commit()
    return ReplyOutcome(team_member_id, accept, suggestion.id if suggestion else None,
                        suggestion.name if suggestion else "", told)


@dataclass(frozen=True)
class Replaced:
    team_member_id: int
    officer_name: str
    team: int
    leader_changed: bool


async def apply_replacement(uow: UnitOfWork, settings: Settings, declined_member_id: int, officer_id: int, *,
                            coordinator_id: int) -> Replaced:
    """Put ``officer_id`` on the team in place of the declined member and queue their assignment."""
    async with uow() as s:
        place = await _place(s, declined_member_id)
        _refuse_if_over(place, settings)
        if coordinator_id not in {o.id for o in await coordinators_of(s, place.campaign.id or 0)}:
            raise Forbidden("only a coordinator of this campaign may change its teams", code="not_campaign_coordinator")
        if place.member.reply != AssignmentReply.DECLINED.value:
            raise Conflict("this officer has not declined", code="not_declined")
        if officer_id in await busy_officers(s, place.raid.raid_date):
            raise Conflict("the replacement is already on a raid that day", code="replacement_busy")
        row = (await s.exec(select(Officer, Agency).join(Agency, col(Agency.id) == col(Officer.agency_id))
                            .where(Officer.id == officer_id))).first()
        if row is None:
            raise NotFound("no such officer", code="officer_not_found")
        newcomer = profile(*row)
        new_member = TeamMember(team_id=place.team.id or 0, officer_id=officer_id)
        s.add(new_member)
        leader_changed = place.team.leader_id == place.member.officer_id
        if leader_changed:
            members = (await s.exec(select(Officer, Agency).join(TeamMember, col(TeamMember.officer_id) == col(
                Officer.id)).join(Agency, col(Agency.id) == col(Officer.agency_id)).where(
                TeamMember.team_id == place.team.id, col(TeamMember.reply) != AssignmentReply.DECLINED.value))).all()
            staying = [profile(o, a) for o, a in members] + [newcomer]
            leader = min(staying, key=leader_rank)
            place.team.leader_id = leader.id
            s.add(place.team)
            for m in (await s.exec(select(TeamMember).where(TeamMember.team_id == place.team.id))).all():
                m.is_leader = m.officer_id == leader.id
                s.add(m)
            new_member.is_leader = leader.id == officer_id
        place.member.is_leader = False
        s.add(place.member)
        await s.flush()
        s.add_all(member_notices(place.raid.id or 0, place.team.id or 0, officer_id,
                                 place.raid.release_at if place.raid.surprise else None))
        audit(s, "team.replace", actor=f"officer:{coordinator_id}", actor_id=coordinator_id, entity="team",
              entity_id=place.team.id, declined=place.member.officer_id, replacement=officer_id)
        await s.commit()
        return Replaced(new_member.id or 0, newcomer.name, place.team.number, leader_changed)
