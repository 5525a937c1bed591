"""A campaign's raid days as the console shows them: visits with their state and check-ins,
findings with their photos, and which campaign a photo belongs to (for the access check)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import col, select

from inspection.domain.errors import NotFound
from inspection.services.planning.inputs import load_campaign
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Campaign, Evidence, Finding, Raid, Site, Team, Visit


@dataclass(frozen=True)
class VisitRow:
    id: int
    raid_date: date
    team_number: int
    order: int
    site_id: int
    site_name: str
    site_type: str
    district: str
    lat: float | None
    lon: float | None
    status: str
    eta: datetime | None
    checked_in_at: datetime | None
    outside_radius: bool
    meeting_lat: float | None
    meeting_lon: float | None


@dataclass(frozen=True)
class FindingRow:
    id: int
    visit_id: int
    raid_date: date
    site_name: str
    team_number: int
    product: str
    category: str  # a GoodsCategory code, or a category typed in words
    brand: str
    right_type: str
    suspicion: str
    quantity: Decimal
    unit: str
    created_at: datetime
    photo_ids: tuple[int, ...]


async def raid_days(uow: UnitOfWork, code: str) -> list[date]:
    async with uow() as s:
        campaign = await load_campaign(s, code)
        rows = (await s.exec(select(col(Raid.raid_date)).where(Raid.campaign_id == campaign.id)
                             .distinct().order_by(col(Raid.raid_date)))).all()
    return list(rows)


async def day_visits(uow: UnitOfWork, code: str, day: date | None = None) -> list[VisitRow]:
    """The published visits of campaign ``code`` (of ``day`` when given), by day, team and order."""
    query = (
        select(Visit, Raid, Team, Site)  # type: ignore[call-overload]
        .join(Raid, col(Raid.id) == Visit.raid_id).join(Team, col(Team.id) == Visit.team_id)
        .join(Site, col(Site.id) == Visit.site_id).join(Campaign, col(Campaign.id) == Raid.campaign_id)
        .where(Campaign.code == code)
        .order_by(col(Raid.raid_date), col(Team.number), col(Visit.planned_order))
    )
    if day is not None:
        query = query.where(Raid.raid_date == day)
    async with uow() as s:
        await load_campaign(s, code)
        rows = (await s.exec(query)).all()
    return [VisitRow(id=v.id or 0, raid_date=r.raid_date, team_number=t.number, order=v.planned_order,
                     site_id=x.id or 0, site_name=x.name, site_type=x.site_type, district=x.district, lat=x.lat,
                     lon=x.lon, status=v.status, eta=v.eta, checked_in_at=v.checked_in_at,
                     outside_radius=v.checkin_outside_radius, meeting_lat=t.meeting_lat, meeting_lon=t.meeting_lon)
            for v, r, t, x in rows]


async def campaign_findings(uow: UnitOfWork, code: str, *, day: date | None = None, limit: int = 200,
                            offset: int = 0) -> list[FindingRow]:
    """Suspected items of campaign ``code`` (not withdrawn), newest first, with their photos' ids."""
    query = (
        select(Finding, col(Raid.raid_date), col(Site.name), col(Team.number))
        .join(Visit, col(Visit.id) == Finding.visit_id).join(Raid, col(Raid.id) == Visit.raid_id)
        .join(Team, col(Team.id) == Visit.team_id).join(Site, col(Site.id) == Visit.site_id)
        .join(Campaign, col(Campaign.id) == Raid.campaign_id)
        .where(Campaign.code == code, col(Finding.withdrawn_at).is_(None))
        .order_by(col(Finding.created_at).desc(), col(Finding.id).desc()).limit(limit).offset(offset)
    )
    if day is not None:
        query = query.where(Raid.raid_date == day)
    async with uow() as s:
        await load_campaign(s, code)
        rows = (await s.exec(query)).all()
        ids = [f.id for f, *_ in rows]
        photos: dict[int, list[int]] = {}
        if ids:
            for fid, eid in (await s.exec(select(Evidence.finding_id, Evidence.id)
                                          .where(col(Evidence.finding_id).in_(ids)).order_by(col(Evidence.id)))).all():
                photos.setdefault(fid or 0, []).append(eid or 0)
    return [FindingRow(id=f.id or 0, visit_id=f.visit_id, raid_date=d, site_name=name, team_number=n,
                       product=f.product, category=f.category, brand=f.brand, right_type=f.right_type, suspicion=f.suspicion,
                       quantity=f.quantity, unit=f.unit, created_at=f.created_at,
                       photo_ids=tuple(photos.get(f.id or 0, [])))
            for f, d, name, n in rows]


async def count_findings(uow: UnitOfWork, code: str) -> int:
    async with uow() as s:
        conn = await s.connection()
        q = (sa.select(sa.func.count()).select_from(Finding).join(Visit, col(Visit.id) == Finding.visit_id)
             .join(Raid, col(Raid.id) == Visit.raid_id).join(Campaign, col(Campaign.id) == Raid.campaign_id)
             .where(col(Campaign.code) == code, col(Finding.withdrawn_at).is_(None)))
        return int((await conn.execute(q)).scalar_one())


@dataclass(frozen=True)
class PhotoFile:
    campaign_code: str
    path: Path
    mime_type: str


async def photo_file(uow: UnitOfWork, evidence_dir: Path, evidence_id: int) -> PhotoFile:
    """Where photo ``evidence_id`` is and the campaign it belongs to (check access before serving it)."""
    query = (
        select(Evidence, Campaign.code)
        .join(Finding, col(Finding.id) == Evidence.finding_id, isouter=True)
        .join(Visit, col(Visit.id) == sa.func.coalesce(Evidence.visit_id, Finding.visit_id))
        .join(Raid, col(Raid.id) == Visit.raid_id).join(Campaign, col(Campaign.id) == Raid.campaign_id)
        .where(Evidence.id == evidence_id)
    )
    async with uow() as s:
        row = (await s.exec(query)).first()
    if row is None:
        raise NotFound(f"no photo {evidence_id}", code="photo_not_found")
    evidence, code = row
    path = _inside(evidence_dir, evidence.file_path)
    if path is None:
        raise NotFound(f"no photo {evidence_id}", code="photo_not_found")
    return PhotoFile(code, path, evidence.mime_type)


def _inside(root_dir: Path, relative: str) -> Path | None:
    """``root_dir / relative`` when it stays under ``root_dir`` (no ``..`` escapes), else None."""
    root = Path(os.path.abspath(root_dir))
    path = Path(os.path.normpath(root / relative))
    return path if root in path.parents else None


@dataclass(frozen=True)
class VisitTeam:
    visit_id: int
    campaign_code: str
    site_name: str
    raid_date: date
    status: str
    members: list[tuple[int, str, bool]]  # officer id, name, is leader


async def visit_team(uow: UnitOfWork, visit_id: int) -> VisitTeam:
    """A visit with its campaign and the members of the team that has it (for a paper report)."""
    from inspection.store.tables import Officer, TeamMember

    async with uow() as s:
        row = (await s.exec(select(Visit, Raid, Campaign, Site)  # type: ignore[call-overload]
                            .join(Raid, col(Raid.id) == Visit.raid_id)
                            .join(Campaign, col(Campaign.id) == Raid.campaign_id)
                            .join(Site, col(Site.id) == Visit.site_id).where(Visit.id == visit_id))).first()
        if row is None:
            raise NotFound(f"no visit {visit_id}", code="visit_not_found", visit=visit_id)
        visit, raid, campaign, site = row
        members = (await s.exec(select(col(Officer.id), col(Officer.name), col(TeamMember.is_leader))
                                .join(TeamMember, col(TeamMember.officer_id) == Officer.id)
                                .where(TeamMember.team_id == visit.team_id)
                                .order_by(col(TeamMember.is_leader).desc(), col(Officer.name)))).all()
    return VisitTeam(visit_id, campaign.code, site.name, raid.raid_date, visit.status,
                     [(int(i or 0), n, bool(lead)) for i, n, lead in members])
