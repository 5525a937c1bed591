"""What the store holds about people and places: agencies with their officers, sites by type and
district, counted in SQL. Used by ``inspection demo`` and the list commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.teams import certificate_valid_on
from inspection.services.planning.inputs import NOT_VISITED, profile
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Officer, Site


@dataclass(frozen=True)
class AgencyHeadcount:
    code: str
    name: str
    kind: str
    officers: int
    certificates_valid: int  # no expiry date, or expiring today or later
    certificates_expired: int
    telegram_linked: int
    telegram_unlinked: int


@dataclass(frozen=True)
class DirectorySummary:
    agencies: list[AgencyHeadcount]
    sites: int
    sites_by_type: dict[str, int]
    sites_by_district: dict[str, int]
    sites_without_coordinates: int  # sites to visit (not online shops) that need geocoding

    @property
    def officers(self) -> int:
        return sum(a.officers for a in self.agencies)


@dataclass(frozen=True)
class OfficerListing:
    name: str
    agency_code: str
    role: str
    certificate_no: str
    certificate_expires_on: date | None
    certificate_valid: bool
    phone: str
    district: str
    telegram_linked: bool


@dataclass(frozen=True)
class SiteListing:
    name: str
    site_type: str
    district: str
    address: str
    licence_no: str
    lat: float | None
    lon: float | None
    risk_level: int
    opening_hours: str


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


async def _site_counts(
    session: AsyncSession, column: Any, where: sa.ColumnElement[bool]
) -> dict[str, int]:
    conn = await session.connection()
    rows = await conn.execute(
        sa.select(column, sa.func.count()).where(where).group_by(column).order_by(sa.func.count().desc(), column)
    )
    return {str(key): int(n) for key, n in rows.all()}


async def directory_summary(uow: UnitOfWork, today: date) -> DirectorySummary:
    """Active officers per agency (certificates valid on ``today``, Telegram linked) and active sites."""
    expires = col(Officer.certificate_expires_on)
    linked = col(Officer.telegram_user_id).is_not(None)
    active_officer = sa.and_(col(Officer.id).is_not(None), col(Officer.active).is_(True))
    per_agency = (
        sa.select(
            col(Agency.code), col(Agency.name_zh), col(Agency.kind),
            _count(active_officer),
            _count(sa.and_(active_officer, sa.or_(expires.is_(None), expires >= today))),
            _count(sa.and_(active_officer, expires < today)),
            _count(sa.and_(active_officer, linked)),
            _count(sa.and_(active_officer, ~linked)),
        )
        .select_from(Agency)
        .outerjoin(Officer, col(Officer.agency_id) == col(Agency.id))
        .group_by(col(Agency.id), col(Agency.code), col(Agency.name_zh), col(Agency.kind))
        .order_by(Agency.code)
    )
    active_site = col(Site.active).is_(True)
    async with uow() as s:
        conn = await s.connection()
        agencies = [AgencyHeadcount(*row) for row in (await conn.execute(per_agency)).all()]
        by_type = await _site_counts(s, col(Site.site_type), active_site)
        by_district = await _site_counts(s, col(Site.district), active_site)
        no_coordinates = (await conn.execute(
            sa.select(sa.func.count()).where(active_site, col(Site.lat).is_(None),
                                             col(Site.site_type).not_in(NOT_VISITED)))).scalar_one()
    return DirectorySummary(agencies=agencies, sites=sum(by_type.values()), sites_by_type=by_type,
                            sites_by_district=by_district, sites_without_coordinates=no_coordinates)


async def list_officers(uow: UnitOfWork, today: date, *, agency: str | None = None) -> list[OfficerListing]:
    """Active officers by agency and name; ``agency`` is a code."""
    query = (
        select(Officer, Agency).join(Agency, col(Agency.id) == col(Officer.agency_id))
        .where(col(Officer.active).is_(True)).order_by(Agency.code, Officer.name)
    )
    if agency:
        query = query.where(Agency.code == agency.upper())
    async with uow() as s:
        rows = (await s.exec(query)).all()
    return [
        OfficerListing(
            name=o.name, agency_code=a.code, role=o.role, certificate_no=o.certificate_no,
            certificate_expires_on=o.certificate_expires_on,
            certificate_valid=certificate_valid_on(profile(o, a), today),
            phone=o.phone, district=o.district, telegram_linked=o.telegram_user_id is not None,
        )
        for o, a in rows
    ]


async def list_sites(
    uow: UnitOfWork, *, district: str | None = None, site_type: str | None = None
) -> list[SiteListing]:
    """Active sites by district and name, optionally of one district or type (a SiteType value)."""
    query = select(Site).where(col(Site.active).is_(True)).order_by(Site.district, Site.name)
    if district:
        query = query.where(Site.district == district)
    if site_type:
        query = query.where(Site.site_type == site_type)
    async with uow() as s:
        sites = (await s.exec(query)).all()
    return [
        SiteListing(name=x.name, site_type=x.site_type, district=x.district, address=x.address,
                    licence_no=x.licence_no, lat=x.lat, lon=x.lon, risk_level=x.risk_level,
                    opening_hours=x.opening_hours)
        for x in sites
    ]


async def site_coordinates(uow: UnitOfWork, site_ids: list[int]) -> dict[int, tuple[float, float]]:
    """Latitude and longitude of the given sites that have them."""
    if not site_ids:
        return {}
    async with uow() as s:
        rows = (await s.exec(select(Site.id, Site.lat, Site.lon).where(col(Site.id).in_(site_ids)))).all()
    return {i: (lat, lon) for i, lat, lon in rows if i is not None and lat is not None and lon is not None}
