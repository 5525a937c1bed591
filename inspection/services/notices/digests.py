"""Summaries sent to coordinators: a campaign's when its period ends, the monthly bulletin.

The rows carry only what to compile (campaign code, month); the sender compiles the narrative and
the workbook with ``services.figures`` when it sends, as ``/summary`` and ``/bulletin`` do.
"""

from __future__ import annotations

from datetime import date, datetime

from inspection.config import Settings
from inspection.domain.enums import CampaignStatus, NotificationKind
from inspection.services.notices.recipients import all_coordinators, campaign_coordinators
from inspection.services.notifications import queue
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Campaign


async def queue_campaign_close(uow: UnitOfWork, settings: Settings, campaign_id: int, *, now: datetime) -> int:
    """The campaign summary to the coordinators of every participating agency, once its last day is over.
    A campaign still in draft was never run: nothing is summarised."""
    async with uow() as s:
        campaign = await s.get(Campaign, campaign_id)
        if (campaign is None or campaign.status == CampaignStatus.DRAFT.value
                or campaign.ends_on >= now.astimezone(settings.tz).date()):
            return 0
        count = 0
        for officer_id in await campaign_coordinators(s, campaign_id):
            count += await queue(s, officer_id, NotificationKind.CAMPAIGN_SUMMARY.value,
                                 {"campaign": campaign.code, "campaign_id": campaign_id},
                                 dedupe_key=f"campaign_close:{campaign_id}:{officer_id}")
        await s.commit()
    return count


async def queue_monthly_bulletin(uow: UnitOfWork, settings: Settings, month: date, *, now: datetime) -> int:
    """The bulletin of ``month`` (its first day) to every coordinator, once the month is over."""
    first = month.replace(day=1)
    today = now.astimezone(settings.tz).date()
    if (first.year, first.month) >= (today.year, today.month):
        return 0
    async with uow() as s:
        count = 0
        for officer_id in await all_coordinators(s):
            count += await queue(s, officer_id, NotificationKind.BULLETIN.value, {"month": first.isoformat()},
                                 dedupe_key=f"bulletin:{first:%Y-%m}:{officer_id}")
        await s.commit()
    return count
