"""Campaigns: create, look up, list. A campaign has a lead agency and participating agencies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.enums import CampaignStatus
from inspection.domain.errors import Conflict, InvalidInput, NotFound
from inspection.services.audit import audit
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Campaign, CampaignAgency


async def participating_agencies(session: AsyncSession, campaign_id: int) -> list[int]:
    """The ids of the agencies taking part in a campaign (the lead agency is one of them): the one
    rule for whose coordinators plan, see and change it, in the bot, the CLI and the console."""
    query = select(CampaignAgency.agency_id).where(CampaignAgency.campaign_id == campaign_id)
    return list((await session.exec(query.order_by(col(CampaignAgency.agency_id)))).all())


async def campaigns_of_agency(session: AsyncSession, agency_id: int) -> set[int]:
    """The ids of the campaigns an agency takes part in (the same relation, read the other way)."""
    query = select(CampaignAgency.campaign_id).where(CampaignAgency.agency_id == agency_id)
    return set((await session.exec(query)).all())


@dataclass(frozen=True)
class CampaignInfo:
    id: int
    code: str
    name: str
    kind: str
    starts_on: date
    ends_on: date
    lead_agency: str
    agencies: list[str]
    status: str
    targets: dict[str, Any] = field(default_factory=dict)


async def _agency_ids(session: AsyncSession, codes: list[str]) -> dict[str, int]:
    rows = (await session.exec(select(Agency).where(col(Agency.code).in_(codes)))).all()
    found = {a.code: a.id for a in rows if a.id is not None}
    missing = [c for c in codes if c not in found]
    if missing:
        raise NotFound(f"unknown agency code(s): {', '.join(missing)}", code="agency_not_found", codes=missing)
    return found


async def create_campaign(
    uow: UnitOfWork,
    *,
    code: str,
    name: str,
    starts_on: date,
    ends_on: date,
    lead_agency: str,
    agencies: list[str],
    kind: str = "other",
    targets: dict[str, Any] | None = None,
    requirements: dict[str, Any] | None = None,
    actor: str = "",
) -> CampaignInfo:
    """Create a campaign; the lead agency always takes part. Raises on a duplicate code."""
    if ends_on < starts_on:
        raise InvalidInput(f"campaign ends ({ends_on}) before it starts ({starts_on})", code="bad_period")
    codes = list(dict.fromkeys([lead_agency, *agencies]))
    async with uow() as s:
        if (await s.exec(select(Campaign).where(Campaign.code == code))).first():
            raise Conflict(f"campaign {code} already exists", code="campaign_exists", campaign=code)
        ids = await _agency_ids(s, codes)
        campaign = Campaign(
            code=code, name=name, kind=kind, starts_on=starts_on, ends_on=ends_on, lead_agency_id=ids[lead_agency],
            targets=targets or {}, requirements=requirements or {}, status=CampaignStatus.ACTIVE.value,
        )
        s.add(campaign)
        await s.flush()
        assert campaign.id is not None
        for c in codes:
            s.add(CampaignAgency(campaign_id=campaign.id, agency_id=ids[c]))
        audit(s, "campaign.create", actor=actor, entity="campaign", entity_id=campaign.id, code=code)
        await s.commit()
    return await get_campaign(uow, code)


async def get_campaign(uow: UnitOfWork, code: str) -> CampaignInfo:
    async with uow() as s:
        campaign = (await s.exec(select(Campaign).where(Campaign.code == code))).first()
        if campaign is None or campaign.id is None:
            raise NotFound(f"no campaign with code {code}", code="campaign_not_found", campaign=code)
        lead = await s.get(Agency, campaign.lead_agency_id)
        rows = (
            await s.exec(
                select(Agency.code)
                .join(CampaignAgency, col(CampaignAgency.agency_id) == col(Agency.id))
                .where(CampaignAgency.campaign_id == campaign.id)
                .order_by(Agency.code)
            )
        ).all()
        return CampaignInfo(
            id=campaign.id, code=campaign.code, name=campaign.name, kind=campaign.kind,
            starts_on=campaign.starts_on, ends_on=campaign.ends_on, lead_agency=lead.code if lead else "",
            agencies=list(rows), status=campaign.status, targets=dict(campaign.targets or {}),
        )


async def list_campaigns(uow: UnitOfWork) -> list[CampaignInfo]:
    async with uow() as s:
        codes = (await s.exec(select(Campaign.code).order_by(col(Campaign.starts_on).desc()))).all()
    return [await get_campaign(uow, c) for c in codes]


async def update_campaign(
    uow: UnitOfWork, code: str, *, name: str, starts_on: date, ends_on: date, agencies: list[str],
    targets: dict[str, Any], districts: list[str], site_types: list[str], focus_site_types: list[str],
    actor_id: int | None = None,
) -> CampaignInfo:
    """Change a campaign's name, period, agencies (the lead agency stays), targets and scope
    (``requirements``: ``districts``, ``scope_site_types``, ``focus_site_types``)."""
    if ends_on < starts_on:
        raise InvalidInput(f"campaign ends ({ends_on}) before it starts ({starts_on})", code="bad_period",
                           field="ends_on")
    async with uow() as s:
        campaign = (await s.exec(select(Campaign).where(Campaign.code == code))).first()
        if campaign is None or campaign.id is None:
            raise NotFound(f"no campaign with code {code}", code="campaign_not_found", campaign=code)
        lead = await s.get(Agency, campaign.lead_agency_id)
        codes = [c for c in dict.fromkeys([lead.code if lead else "", *agencies]) if c]
        ids = await _agency_ids(s, codes)
        campaign.name, campaign.starts_on, campaign.ends_on = name, starts_on, ends_on
        campaign.targets = dict(targets)
        campaign.requirements = {**(campaign.requirements or {}), "districts": districts,
                                 "scope_site_types": site_types, "focus_site_types": focus_site_types}
        s.add(campaign)
        current = (await s.exec(select(CampaignAgency).where(CampaignAgency.campaign_id == campaign.id))).all()
        for row in current:
            if row.agency_id not in ids.values():
                await s.delete(row)
        have = {row.agency_id for row in current}
        for agency_id in ids.values():
            if agency_id not in have:
                s.add(CampaignAgency(campaign_id=campaign.id, agency_id=agency_id))
        audit(s, "campaign.update", actor_id=actor_id, entity="campaign", entity_id=campaign.id, code=code)
        await s.commit()
    return await get_campaign(uow, code)


async def campaign_requirements(uow: UnitOfWork, code: str) -> dict[str, Any]:
    async with uow() as s:
        campaign = (await s.exec(select(Campaign).where(Campaign.code == code))).first()
        if campaign is None:
            raise NotFound(f"no campaign with code {code}", code="campaign_not_found", campaign=code)
        return dict(campaign.requirements or {})
