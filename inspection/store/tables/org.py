"""Agencies, officers and the sites they inspect."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspection.store.types import UTCDateTime, utcnow


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_type=sa.String(32), unique=True, index=True)
    name_zh: str = Field(sa_type=sa.String(100))
    name_en: str = Field(default="", sa_type=sa.String(200))
    kind: str = Field(sa_type=sa.String(32), index=True)  # AgencyKind
    district: str = Field(default="", sa_type=sa.String(50))
    active: bool = True


class Officer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    name: str = Field(sa_type=sa.String(50))
    phone: str = Field(default="", sa_type=sa.String(30))
    role: str = Field(default="officer", sa_type=sa.String(20))  # OfficerRole
    certificate_no: str = Field(sa_type=sa.String(40), unique=True, index=True)
    certificate_expires_on: date | None = None
    home_base: str = Field(default="", sa_type=sa.String(200))
    home_lat: float | None = None
    home_lon: float | None = None
    district: str = Field(default="", sa_type=sa.String(50))
    telegram_user_id: int | None = Field(default=None, sa_type=sa.BigInteger, unique=True, index=True)
    telegram_username: str = Field(default="", sa_type=sa.String(64))
    locale: str = Field(default="zh-CN", sa_type=sa.String(8))
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OfficerLeave(SQLModel, table=True):
    """A stretch of days an officer is not available (leave, training, another duty)."""

    __tablename__ = "officer_leave"
    id: int | None = Field(default=None, primary_key=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    starts_on: date
    ends_on: date
    reason: str = Field(default="", sa_type=sa.String(200))


class Site(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.String(200))
    site_type: str = Field(sa_type=sa.String(32), index=True)  # SiteType
    address: str = Field(default="", sa_type=sa.String(300))
    district: str = Field(default="", sa_type=sa.String(50), index=True)
    licence_no: str = Field(sa_type=sa.String(40), unique=True, index=True)  # 统一社会信用代码 / 营业执照号
    lat: float | None = None  # WGS-84
    lon: float | None = None
    geocoded: bool = False
    risk_level: int = Field(default=1, ge=1, le=3)  # 1 low, 2 medium, 3 high
    complaints: int = Field(default=0, ge=0)
    opening_hours: str = Field(default="", sa_type=sa.String(40))  # "08:00-21:00"
    contact: str = Field(default="", sa_type=sa.String(50))
    phone: str = Field(default="", sa_type=sa.String(30))
    active: bool = True


class GeocodeCache(SQLModel, table=True):
    """One answer per (provider, query): an address is asked once, found or not."""

    __tablename__ = "geocode_cache"
    __table_args__ = (sa.UniqueConstraint("provider", "query"),)
    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(sa_type=sa.String(20))
    query: str = Field(sa_type=sa.String(400))
    found: bool
    lat: float | None = None  # WGS-84
    lon: float | None = None
    display_name: str = Field(default="", sa_type=sa.String(400))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
