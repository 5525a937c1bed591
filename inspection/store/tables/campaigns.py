"""Campaigns, their raid days, teams, team members and visits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspection.store.types import JSONType, UTCDateTime, utcnow


class Campaign(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_type=sa.String(40), unique=True, index=True)
    name: str = Field(sa_type=sa.String(200))
    kind: str = Field(default="other", sa_type=sa.String(40), index=True)  # thunder, skynet, ip_week, fair...
    starts_on: date
    ends_on: date
    lead_agency_id: int = Field(foreign_key="agency.id")
    targets: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    requirements: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    status: str = Field(default="draft", sa_type=sa.String(20))  # CampaignStatus
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CampaignAgency(SQLModel, table=True):
    """An agency taking part in a campaign."""

    __tablename__ = "campaign_agency"
    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", primary_key=True)


class Raid(SQLModel, table=True):
    """One day's joint operation of a campaign."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    raid_date: date = Field(index=True)
    title: str = Field(default="", sa_type=sa.String(200))
    districts: list[str] = Field(default_factory=list, sa_type=JSONType)
    meeting_point: str = Field(default="", sa_type=sa.String(200))
    meeting_lat: float | None = None
    meeting_lon: float | None = None
    starts_at: datetime = Field(sa_type=UTCDateTime)
    surprise: bool = False
    release_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="draft", sa_type=sa.String(20))  # RaidStatus
    plan_key: str | None = Field(default=None, sa_type=sa.String(64), unique=True)  # hash of the published draft
    travel_m: int = 0
    created_by_id: int | None = Field(default=None, foreign_key="officer.id")
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    raid_id: int = Field(foreign_key="raid.id", index=True)
    number: int = 1
    name: str = Field(default="", sa_type=sa.String(100))
    leader_id: int | None = Field(default=None, foreign_key="officer.id")
    meeting_point: str = Field(default="", sa_type=sa.String(200))
    meeting_lat: float | None = None
    meeting_lon: float | None = None
    travel_m: int = 0


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    __table_args__ = (sa.UniqueConstraint("team_id", "officer_id"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    is_leader: bool = False
    reply: str = Field(default="pending", sa_type=sa.String(20))  # AssignmentReply
    reply_reason: str = Field(default="", sa_type=sa.String(300))
    replied_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Visit(SQLModel, table=True):
    """One team at one site on a raid day."""

    __table_args__ = (sa.UniqueConstraint("raid_id", "site_id"),)
    id: int | None = Field(default=None, primary_key=True)
    raid_id: int = Field(foreign_key="raid.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    site_id: int = Field(foreign_key="site.id", index=True)
    planned_order: int = 0
    eta: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="planned", sa_type=sa.String(20), index=True)  # VisitStatus
    checked_in_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    checked_in_by_id: int | None = Field(default=None, foreign_key="officer.id")
    checkin_lat: float | None = None
    checkin_lon: float | None = None
    checkin_accuracy_m: float | None = None
    checkin_distance_m: float | None = None
    checkin_outside_radius: bool = False
    goods_checked: int = 0
    leaflets: int = 0
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by_id: int | None = Field(default=None, foreign_key="officer.id")
    not_reached_reason: str = Field(default="", sa_type=sa.String(300))
