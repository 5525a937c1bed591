"""Check-in notices, queued in the check-in's own transaction: teammates learn that a teammate
checked in; a check-in outside the radius tells the campaign's coordinators at once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.enums import NotificationKind
from inspection.services.notices.recipients import campaign_coordinators, teammates
from inspection.services.notifications import queue
from inspection.store.tables import Officer, Raid, Site, Team, Visit


async def checkin_notices(s: AsyncSession, visit: Visit, officer_id: int, *, now: datetime) -> int:
    assert visit.id is not None
    site, team, raid = (await s.get(Site, visit.site_id), await s.get(Team, visit.team_id),
                        await s.get(Raid, visit.raid_id))
    officer = await s.get(Officer, officer_id)
    if site is None or team is None or raid is None or officer is None:
        return 0
    payload = {"visit_id": visit.id, "raid_id": raid.id, "team": team.number, "site": site.name,
               "officer": officer.name, "at": now.isoformat(), "distance_m": visit.checkin_distance_m}
    count = 0
    for mate in await teammates(s, team.id or 0, besides=officer_id):
        count += await queue(s, mate, NotificationKind.TEAMMATE_CHECKIN.value, payload,
                             dedupe_key=f"checkin:{visit.id}:{mate}")
    if visit.checkin_outside_radius:
        for coordinator in await campaign_coordinators(s, raid.campaign_id):
            count += await queue(s, coordinator, NotificationKind.CHECKIN_OUTSIDE.value, payload,
                                 dedupe_key=f"checkin_outside:{visit.id}:{coordinator}")
    return count
