"""What an officer is assigned to on a day: raids, team, members, visits (``/today`` and check-in).

Only published raids count, and only teams the officer has not declined. Surprise raids keep
their sites hidden until release (``domain.embargo``); hidden visits are not check-in targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.embargo import targets_hidden
from inspection.domain.enums import AssignmentReply, RaidStatus, VisitStatus
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Campaign, Officer, Raid, Site, Team, TeamMember, Visit

ACTIVE_RAID_STATES = (RaidStatus.PUBLISHED.value, RaidStatus.DONE.value)
SHOWN_VISIT_STATES = (VisitStatus.PLANNED.value, VisitStatus.CHECKED_IN.value, VisitStatus.CLOSED.value,
                      VisitStatus.NOT_REACHED.value)


@dataclass(frozen=True)
class Member:
    name: str
    agency_zh: str
    agency_en: str
    is_leader: bool
    phone: str


@dataclass(frozen=True)
class VisitLine:
    visit_id: int
    order: int
    eta: datetime | None
    status: str
    site_name: str  # empty while the targets are hidden
    site_address: str
    site_lat: float | None
    site_lon: float | None
    checked_in_at: datetime | None


@dataclass(frozen=True)
class Assignment:
    raid_id: int
    raid_title: str  # empty when it is the campaign's name
    campaign_name: str
    raid_date: date
    starts_at: datetime
    meeting_point: str
    team_id: int
    team_number: int
    team_name: str  # empty unless the team has a name of its own (not "第4组")
    members: list[Member]
    visits: list[VisitLine]
    targets_hidden: bool
    release_at: datetime | None

    @property
    def leader(self) -> Member | None:
        return next((m for m in self.members if m.is_leader), None)


def own_name(name: str, *defaults: str) -> str:
    """A raid title or team name worth showing: empty when it only repeats a default (the campaign's
    name, "第4组", "Team 4" or "4"), which the reader sees already."""
    name = (name or "").strip()
    return "" if name in defaults else name


def team_defaults(number: int) -> tuple[str, ...]:
    return f"第{number}组", f"Team {number}", str(number)


async def assignments_on(uow: UnitOfWork, officer_id: int, day: date, now: datetime) -> list[Assignment]:
    """The officer's raids on ``day`` in start order, each with team and visits in planned order."""
    async with uow() as s:
        rows = (await s.exec(_TEAMS, params={"officer_id": officer_id, "day": day})).all()
        return [await _assignment(s, team, raid, campaign, now) for team, raid, campaign in rows]


# The statements of every /today and check-in, built once (parameters bound at each execution).
_TEAMS = (
    select(Team, Raid, Campaign)
    .join(TeamMember, col(TeamMember.team_id) == Team.id)
    .join(Raid, col(Raid.id) == Team.raid_id)
    .join(Campaign, col(Campaign.id) == Raid.campaign_id)
    .where(col(TeamMember.officer_id) == bindparam("officer_id"), col(Raid.raid_date) == bindparam("day"),
           col(Raid.status).in_(ACTIVE_RAID_STATES), TeamMember.reply != AssignmentReply.DECLINED.value)
    .order_by(col(Raid.starts_at), col(Team.number))
)
_MEMBERS = (
    select(TeamMember, Officer, Agency)
    .join(Officer, col(Officer.id) == TeamMember.officer_id)
    .join(Agency, col(Agency.id) == Officer.agency_id)
    .where(col(TeamMember.team_id) == bindparam("team_id"), TeamMember.reply != AssignmentReply.DECLINED.value)
    .order_by(col(TeamMember.is_leader).desc(), col(TeamMember.id))
)
_VISITS = (
    select(Visit, Site).join(Site, col(Site.id) == Visit.site_id)
    .where(col(Visit.team_id) == bindparam("team_id"), col(Visit.status).in_(SHOWN_VISIT_STATES))
    .order_by(col(Visit.planned_order), col(Visit.id))
)
_DAYS_VISITS = (
    select(Visit, Site, Team, Raid)
    .join(Team, col(Team.id) == Visit.team_id)
    .join(TeamMember, col(TeamMember.team_id) == Team.id)
    .join(Raid, col(Raid.id) == Team.raid_id)
    .join(Campaign, col(Campaign.id) == Raid.campaign_id)
    .join(Site, col(Site.id) == Visit.site_id)
    .where(col(TeamMember.officer_id) == bindparam("officer_id"), col(Raid.raid_date) == bindparam("day"),
           col(Raid.status).in_(ACTIVE_RAID_STATES), TeamMember.reply != AssignmentReply.DECLINED.value,
           col(Visit.status).in_(SHOWN_VISIT_STATES))
    .order_by(col(Raid.starts_at), col(Team.number), col(Team.id), col(Visit.planned_order), col(Visit.id))
)


async def _assignment(s: AsyncSession, team: Team, raid: Raid, campaign: Campaign, now: datetime) -> Assignment:
    assert team.id is not None and raid.id is not None
    members = [Member(name=o.name, agency_zh=a.name_zh, agency_en=a.name_en or a.name_zh,
                      is_leader=tm.is_leader or team.leader_id == o.id, phone=o.phone)
               for tm, o, a in (await s.exec(_MEMBERS, params={"team_id": team.id})).all()]
    hidden = targets_hidden(raid.surprise, raid.release_at, now)
    visits = [_line(v, site, hidden) for v, site in (await s.exec(_VISITS, params={"team_id": team.id})).all()]
    return Assignment(
        raid_id=raid.id, raid_title=own_name(raid.title, campaign.name), campaign_name=campaign.name,
        raid_date=raid.raid_date, starts_at=raid.starts_at, meeting_point=team.meeting_point or raid.meeting_point,
        team_id=team.id, team_number=team.number, team_name=own_name(team.name, *team_defaults(team.number)),
        members=members, visits=visits,
        targets_hidden=hidden, release_at=raid.release_at,
    )


def _line(v: Visit, site: Site, hidden: bool) -> VisitLine:
    assert v.id is not None
    return VisitLine(
        visit_id=v.id, order=v.planned_order, eta=v.eta, status=v.status,
        site_name="" if hidden else site.name, site_address="" if hidden else site.address,
        site_lat=None if hidden else site.lat, site_lon=None if hidden else site.lon,
        checked_in_at=v.checked_in_at,
    )


async def visits_on(uow: UnitOfWork, officer_id: int, day: date, now: datetime,
                    held: list[object] | None = None) -> list[VisitLine]:
    """The visits of ``assignments_on`` (same raids, teams and order), in one statement, without
    the rest of the assignment. ``held`` gets each visit's site, team and raid: while the caller
    holds them, the same transaction finds them without reading them again."""
    async with uow() as s:
        rows = (await s.exec(_DAYS_VISITS, params={"officer_id": officer_id, "day": day})).all()
        if held is not None:
            held.extend(o for _, site, team, raid in rows for o in (site, team, raid))
        return [_line(v, site, targets_hidden(raid.surprise, raid.release_at, now)) for v, site, _, raid in rows]
