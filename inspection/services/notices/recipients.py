"""Who is told: the members of a raid's teams, a campaign's coordinators, every coordinator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.enums import COORDINATOR_ROLES, AssignmentReply
from inspection.store.tables import CampaignAgency, Officer, Team, TeamMember


@dataclass(frozen=True)
class Seat:
    officer_id: int
    team_id: int
    is_leader: bool


async def raid_members(s: AsyncSession, raid_id: int) -> list[Seat]:
    """Every member of the raid's teams who has not declined."""
    rows = (await s.exec(select(TeamMember).join(Team, col(Team.id) == col(TeamMember.team_id))
                         .where(Team.raid_id == raid_id, col(TeamMember.reply) != AssignmentReply.DECLINED.value)
                         .order_by(col(TeamMember.id)))).all()
    return [Seat(m.officer_id, m.team_id, m.is_leader) for m in rows]


async def teammates(s: AsyncSession, team_id: int, *, besides: int) -> list[int]:
    rows = (await s.exec(select(TeamMember.officer_id).where(
        TeamMember.team_id == team_id, col(TeamMember.reply) != AssignmentReply.DECLINED.value,
        TeamMember.officer_id != besides).order_by(col(TeamMember.officer_id)))).all()
    return list(rows)


async def campaign_coordinators(s: AsyncSession, campaign_id: int) -> list[int]:
    """Active coordinators of every agency taking part in the campaign."""
    agencies = select(CampaignAgency.agency_id).where(CampaignAgency.campaign_id == campaign_id)
    rows = (await s.exec(select(Officer.id).where(col(Officer.agency_id).in_(agencies),
                                                  col(Officer.role).in_(sorted(COORDINATOR_ROLES)),
                                                  col(Officer.active)).order_by(col(Officer.id)))).all()
    return [int(r) for r in rows if r is not None]


async def all_coordinators(s: AsyncSession) -> list[int]:
    rows = (await s.exec(select(Officer.id).where(col(Officer.role).in_(sorted(COORDINATOR_ROLES)),
                                                  col(Officer.active)).order_by(col(Officer.id)))).all()
    return [int(r) for r in rows if r is not None]
