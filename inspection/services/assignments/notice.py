"""What an assignment notice tells an officer: day, start, meeting point, team, leader, members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from inspection.domain.enums import AssignmentReply
from inspection.domain.errors import NotFound
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Campaign, Officer, Raid, Team, TeamMember


@dataclass(frozen=True)
class NoticeMember:
    name: str
    agency_zh: str
    agency_en: str
    is_leader: bool


@dataclass(frozen=True)
class AssignmentNotice:
    team_member_id: int
    reply: str
    campaign_name: str
    raid_date: date
    starts_at: datetime
    surprise: bool
    meeting_point: str
    team_number: int
    leader_name: str
    members: list[NoticeMember]


async def assignment_notice(uow: UnitOfWork, team_id: int, officer_id: int) -> AssignmentNotice:
    async with uow() as s:
        row = (await s.exec(
            select(TeamMember, Team, Raid, Campaign).join(Team, col(Team.id) == col(TeamMember.team_id))
            .join(Raid, col(Raid.id) == col(Team.raid_id)).join(Campaign, col(Campaign.id) == col(Raid.campaign_id))
            .where(TeamMember.team_id == team_id, TeamMember.officer_id == officer_id)
        )).first()
        if row is None:
            raise NotFound("no such assignment", code="assignment_not_found")
        member, team, raid, campaign = row
        rows = (await s.exec(
            select(TeamMember, Officer, Agency).join(Officer, col(Officer.id) == col(TeamMember.officer_id))
            .join(Agency, col(Agency.id) == col(Officer.agency_id))
            .where(TeamMember.team_id == team_id, col(TeamMember.reply) != AssignmentReply.DECLINED.value)
            .order_by(col(TeamMember.is_leader).desc(), col(Officer.id))
        )).all()
    members = [NoticeMember(o.name, a.name_zh, a.name_en, o.id == team.leader_id) for _, o, a in rows]
    leader = next((m.name for m in members if m.is_leader), "")
    return AssignmentNotice(
        team_member_id=member.id or 0, reply=member.reply, campaign_name=campaign.name, raid_date=raid.raid_date,
        starts_at=raid.starts_at, surprise=raid.surprise, meeting_point=team.meeting_point or raid.meeting_point,
        team_number=team.number, leader_name=leader, members=members,
    )
