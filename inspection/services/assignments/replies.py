"""Officers answer their assignment: accept, or decline with a reason; coordinators replace.

A decline is recorded on the team member and, in the same transaction, every linked coordinator
of a participating agency gets a ``decline`` notification carrying the replacement the planning
rules suggest (same agency kind first; available that day, not on another raid, keeping the team
and its sites legal). Applying it (any officer, not only the suggested one) is checked by the same
rules, adds the new member (leader again if the leader declined), queues their assignment, tells
the teammates and edits the other coordinators' copies of the decline (``team_news``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.domain.enums import AssignmentReply, NotificationKind
from inspection.domain.errors import Conflict, Forbidden, NotFound
from inspection.domain.jurisdiction import SiteRule
from inspection.domain.teams import LeaveDays, OfficerProfile, Problem, TeamRules, leader_rank, unavailability
from inspection.planning.teams import suggest_replacement, team_change_problems
from inspection.services.assignments.team_news import close_other_copies, record_sent_message, teammates_told
from inspection.services.audit import audit
from inspection.services.campaigns import participating_agencies
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

__all__ = ["ReplacementRefused", "ReplyOutcome", "Replaced", "answer_assignment", "apply_replacement",
           "coordinators_of", "is_campaign_coordinator", "record_sent_message"]


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


@dataclass(frozen=True)
class TeamWorld:
    """What the planning rules need to judge a change to one team on its raid day."""

    day: date
    staying: list[OfficerProfile]  # members who have not declined (the declined one excluded)
    leaves: list[LeaveDays]
    agencies: set[str]  # codes of the participating agencies
    busy: dict[int, int]
    rules: TeamRules
    site_rules: list[SiteRule]


async def _team_world(s: AsyncSession, settings: Settings, place: TeamPlace) -> TeamWorld:
    day: date = place.raid.raid_date
    rows = (await s.exec(
        select(Officer, Agency).join(TeamMember, col(TeamMember.officer_id) == col(Officer.id))
        .join(Agency, col(Agency.id) == col(Officer.agency_id))
        .where(TeamMember.team_id == place.team.id, col(TeamMember.reply) != AssignmentReply.DECLINED.value,
               TeamMember.id != place.member.id)
    )).all()
    taking_part = await participating_agencies(s, place.campaign.id or 0)
    agencies = set((await s.exec(select(Agency.code).where(col(Agency.id).in_(taking_part), col(Agency.active)))).all())
    leaves = [LeaveDays(x.officer_id, x.starts_on, x.ends_on, x.reason) for x in (await s.exec(
        select(OfficerLeave).where(col(OfficerLeave.starts_on) <= day, col(OfficerLeave.ends_on) >= day))).all()]
    rules = jurisdiction(settings).campaign_rules(place.campaign.requirements)
    types = (await s.exec(select(Site.site_type).join(Visit, col(Visit.site_id) == col(Site.id))
                          .where(Visit.team_id == place.team.id))).all()
    plan = settings.planning
    return TeamWorld(day, [profile(o, a) for o, a in rows], leaves, agencies, await busy_officers(s, day),
                     TeamRules(plan.team_size_min, plan.team_size_max, len(agencies) > 1),
                     [rules.for_site_type(x) for x in sorted(set(types))])


async def _suggest(s: AsyncSession, settings: Settings, place: TeamPlace) -> OfficerProfile | None:
    world = await _team_world(s, settings, place)
    pool = await officers_of(s, await participating_agencies(s, place.campaign.id or 0))
    leaving = next((o for o in pool if o.id == place.member.officer_id), None)
    team = [*world.staying, *([leaving] if leaving else [])]
    taken = {o.id for o in team}
    candidates = [o for o in pool if o.id not in world.busy and o.id not in taken
                  and unavailability(o, world.day, world.leaves, world.agencies) is None]
    return suggest_replacement(team, place.member.officer_id, candidates, world.day, world.rules,
                               site_rules=world.site_rules)


class ReplacementRefused(Conflict):
    """The officer may not take the declined member's place: ``problems`` says which rules, for ``name``."""

    code = "replacement_refused"

    def __init__(self, name: str, problems: list[Problem]) -> None:
        super().__init__(f"{name} cannot join this team: {', '.join(p.code for p in problems)}", name=name)
        self.problems = problems


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
        member.replied_at = CLOCK.now()
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
    """Put ``officer_id`` on the team in place of the declined member and queue their assignment.

    Checked like a planned member (planning's rules: available that day, and the team still legal
    for its sites) and only by a coordinator of the campaign; the teammates and the other
    coordinators who got the decline are told in the same transaction."""
    async with uow() as s:
        place = await _place(s, declined_member_id)
        _refuse_if_over(place, settings)
        coordinators = {o.id: o for o in await coordinators_of(s, place.campaign.id or 0)}
        if coordinator_id not in coordinators:
            raise Forbidden("only a coordinator of this campaign may change its teams", code="not_campaign_coordinator")
        if place.member.reply != AssignmentReply.DECLINED.value:
            raise Conflict("this officer has not declined", code="not_declined")
        row = (await s.exec(select(Officer, Agency).join(Agency, col(Agency.id) == col(Officer.agency_id))
                            .where(Officer.id == officer_id))).first()
        if row is None:
            raise NotFound("no such officer", code="officer_not_found")
        newcomer = profile(*row)
        world = await _team_world(s, settings, place)
        leader_changed = place.team.leader_id == place.member.officer_id
        problem = unavailability(newcomer, world.day, world.leaves, world.agencies)
        problems = [problem] if problem else team_change_problems(
            world.staying, newcomer, None if leader_changed else place.team.leader_id, world.day, world.rules,
            site_rules=world.site_rules)
        if problems:
            raise ReplacementRefused(newcomer.name, problems)
        if officer_id in world.busy:
            raise Conflict("the replacement is already on a raid that day", code="replacement_busy")
        new_member = TeamMember(team_id=place.team.id or 0, officer_id=officer_id)
        s.add(new_member)
        leader = next(m for m in world.staying if m.id == place.team.leader_id) if not leader_changed else min(
            [*world.staying, newcomer], key=leader_rank)
        if leader_changed:
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
        leaving = await s.get(Officer, place.member.officer_id)
        s.add_all(teammates_told([m.id for m in world.staying], declined_member_id=declined_member_id,
                                 raid_id=place.raid.id or 0, team=place.team.number,
                                 day=place.raid.raid_date.isoformat(), left=leaving.name if leaving else "",
                                 joined=newcomer.name, leader=leader.name if leader_changed else ""))
        await close_other_copies(s, declined_member_id, handled_by_id=coordinator_id,
                                 handled_by=coordinators[coordinator_id].name, replacement=newcomer.name, now=CLOCK.now())
        audit(s, "team.replace", actor=f"officer:{coordinator_id}", actor_id=coordinator_id, entity="team",
              entity_id=place.team.id, declined=place.member.officer_id, replacement=officer_id)
        await s.commit()
        return Replaced(new_member.id or 0, newcomer.name, place.team.number, leader_changed)
