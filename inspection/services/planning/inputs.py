"""What planning needs from the store for a campaign and day, as domain objects."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.config import Settings
from inspection.domain.enums import RaidStatus, SiteType
from inspection.domain.errors import NotFound
from inspection.domain.jurisdiction import Jurisdiction
from inspection.domain.teams import LeaveDays, OfficerProfile
from inspection.store.tables import (
    Agency,
    Campaign,
    CampaignAgency,
    Officer,
    OfficerLeave,
    Raid,
    Site,
    Team,
    TeamMember,
    Visit,
)

NOT_VISITED = {SiteType.ONLINE_SHOP.value}  # no physical address: listed in a draft, never routed


@cache
def _jurisdiction(path: Path, mtime: float) -> Jurisdiction:
    with path.open("rb") as fh:
        return Jurisdiction.from_mapping(tomllib.load(fh))


def jurisdiction(settings: Settings) -> Jurisdiction:
    path = settings.config_path(settings.planning.jurisdiction_file)
    if not path.exists():
        raise NotFound(f"jurisdiction table {path} not found", code="jurisdiction_missing", path=str(path))
    return _jurisdiction(path, path.stat().st_mtime)


@dataclass
class PlanningInputs:
    campaign: Campaign
    agencies: list[str]
    officers: list[OfficerProfile]
    leaves: list[LeaveDays]
    busy: dict[int, int]  # officer id -> raid id already published that day
    sites: list[Site]
    planned: dict[int, int]  # site id -> raid id already visiting it that day


def profile(officer: Officer, agency: Agency) -> OfficerProfile:
    assert officer.id is not None
    return OfficerProfile(
        id=officer.id, name=officer.name, agency_code=agency.code, agency_kind=agency.kind, role=officer.role,
        certificate_no=officer.certificate_no, certificate_expires_on=officer.certificate_expires_on,
        active=officer.active, district=officer.district, home_base=officer.home_base,
        home_lat=officer.home_lat, home_lon=officer.home_lon,
    )


async def load_campaign(session: AsyncSession, code: str) -> Campaign:
    campaign = (await session.exec(select(Campaign).where(Campaign.code == code))).first()
    if campaign is None:
        raise NotFound(f"no campaign with code {code}", code="campaign_not_found", campaign=code)
    return campaign


async def officers_of(session: AsyncSession, agency_ids: list[int]) -> list[OfficerProfile]:
    rows = (await session.exec(
        select(Officer, Agency).join(Agency, col(Agency.id) == col(Officer.agency_id))
        .where(col(Officer.agency_id).in_(agency_ids)).order_by(col(Officer.id))
    )).all()
    return [profile(o, a) for o, a in rows]


async def busy_officers(session: AsyncSession, day: date) -> dict[int, int]:
    rows = (await session.exec(
        select(TeamMember.officer_id, Raid.id)
        .join(Team, col(Team.id) == col(TeamMember.team_id)).join(Raid, col(Raid.id) == col(Team.raid_id))
        .where(Raid.raid_date == day, Raid.status == RaidStatus.PUBLISHED.value,
               col(TeamMember.reply) != "declined")
    )).all()
    return {officer_id: raid_id for officer_id, raid_id in rows if raid_id is not None}


async def load_inputs(session: AsyncSession, code: str, day: date, *, districts: tuple[str, ...] = (),
                      site_types: tuple[str, ...] = ()) -> PlanningInputs:
    campaign = await load_campaign(session, code)
    agency_rows = (await session.exec(
        select(Agency).join(CampaignAgency, col(CampaignAgency.agency_id) == col(Agency.id))
        .where(CampaignAgency.campaign_id == campaign.id, col(Agency.active))
    )).all()
    agency_ids = [a.id for a in agency_rows if a.id is not None]
    officers = await officers_of(session, agency_ids)
    leave_rows = (await session.exec(
        select(OfficerLeave).where(col(OfficerLeave.starts_on) <= day, col(OfficerLeave.ends_on) >= day)
    )).all()
    leaves = [LeaveDays(x.officer_id, x.starts_on, x.ends_on, x.reason) for x in leave_rows]
    query: Any = select(Site).where(col(Site.active))  # online shops too: the draft lists them as not visited
    if districts:
        query = query.where(col(Site.district).in_(districts))
    if site_types:
        query = query.where(col(Site.site_type).in_(site_types))
    sites = list((await session.exec(query.order_by(col(Site.id)))).all())
    planned = dict((await session.exec(
        select(Visit.site_id, Visit.raid_id).join(Raid, col(Raid.id) == col(Visit.raid_id))
        .where(Raid.raid_date == day, Raid.status == RaidStatus.PUBLISHED.value)
    )).all())
    return PlanningInputs(campaign, [a.code for a in agency_rows], officers, leaves, await busy_officers(session, day),
                          sites, planned)


async def resolve_sites(session: AsyncSession, refs: list[str]) -> dict[str, int]:
    """Site ids for references given as ids or licence numbers; unknown ones raise ``NotFound``."""
    found: dict[str, int] = {}
    for ref in refs:
        query = select(Site).where(Site.licence_no == ref.strip())
        site = (await session.exec(query)).first()
        if site is None and ref.strip().isdigit():
            site = await session.get(Site, int(ref))
        if site is None or site.id is None:
            raise NotFound(f"no site with id or licence number {ref}", code="site_not_found", site=ref)
        found[ref] = site.id
    return found


async def site_choices(session: AsyncSession) -> tuple[list[str], list[str]]:
    """Districts and site types of the active sites a raid can visit, sorted."""
    rows = (await session.exec(select(Site.district, Site.site_type).where(
        col(Site.active), col(Site.site_type).not_in(NOT_VISITED)).distinct())).all()
    return sorted({d for d, _ in rows if d}), sorted({t for _, t in rows})
