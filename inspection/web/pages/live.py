"""Live progress of a campaign's raid day, refreshed by server-sent events; findings with photos."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

from aiohttp import web

from inspection.clock import CLOCK
from inspection.domain.labels import category_label
from inspection.services.accounts.access import ensure_campaign_access
from inspection.services.cases.queries import today_in
from inspection.services.figures.progress import campaign_progress
from inspection.services.raidday import campaign_findings, day_visits, photo_file, raid_days
from inspection.web import forms
from inspection.web.pages.common import settings_of, uow_of, user_of
from inspection.web.render import locale_of, page
from inspection.web.svgmap import Point, Route, render_map

POLL_SECONDS = 2.0


async def _day(request: web.Request, code: str) -> date:
    if request.query.get("day"):
        return forms.day(request.query, "day")
    days = await raid_days(uow_of(request), code)
    today = today_in(settings_of(request))
    return today if today in days or not days else days[-1]


async def snapshot(request: web.Request, code: str, day: date) -> dict[str, Any]:
    tz = settings_of(request).tz
    visits = await day_visits(uow_of(request), code, day)
    findings = await campaign_findings(uow_of(request), code, day=day, limit=50)
    progress = await campaign_progress(uow_of(request), code)
    return {
        "day": day.isoformat(), "updated": CLOCK.now().astimezone(tz).strftime("%H:%M:%S"),
        "done": sum(1 for v in visits if v.status == "closed"), "planned": len(visits),
        "checked_in": progress.officers_checked_in,
        "visits": [{"team": v.team_number, "order": v.order, "site": v.site_name, "status": v.status,
                    "eta": v.eta.astimezone(tz).strftime("%H:%M") if v.eta else "",
                    "checked_in": v.checked_in_at.astimezone(tz).strftime("%H:%M") if v.checked_in_at else "",
                    "flagged": v.outside_radius} for v in visits],
        "findings": [{"id": f.id, "site": f.site_name, "team": f.team_number, "product": f.product,
                      "category": category_label(f.category, locale_of(request)), "brand": f.brand, "quantity": f"{f.quantity.normalize():f} {f.unit}",
                      "at": f.created_at.astimezone(tz).strftime("%H:%M"), "photos": list(f.photo_ids)}
                     for f in findings],
    }


def visits_map(request: web.Request, code: str, rows: list[Any]) -> str:
    points = [Point(v.lat, v.lon, f"{v.team_number}-{v.order} {v.site_name}", v.team_number, v.status)
              for v in rows if v.lat is not None and v.lon is not None]
    routes: dict[int, list[tuple[float, float]]] = {}
    meetings: dict[int, Point] = {}
    for v in rows:
        if v.meeting_lat is not None and v.meeting_lon is not None and v.team_number not in meetings:
            meetings[v.team_number] = Point(v.meeting_lat, v.meeting_lon, "", v.team_number)
            routes.setdefault(v.team_number, []).append((v.meeting_lat, v.meeting_lon))
        if v.lat is not None and v.lon is not None:
            routes.setdefault(v.team_number, []).append((v.lat, v.lon))
    return render_map(points, [Route(n, s) for n, s in routes.items()], list(meetings.values()), title=code,
                      tile_url=settings_of(request).map_tile_url)


async def live(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    day = await _day(request, code)
    rows = await day_visits(uow_of(request), code, day)
    return page(request, "live.html", {"code": code, "day": day, "days": await raid_days(uow_of(request), code),
                                        "snap": await snapshot(request, code, day),
                                        "map_svg": visits_map(request, code, rows)})


async def events(request: web.Request) -> web.StreamResponse:
    """``text/event-stream``: a ``progress`` event whenever the day's picture changes."""
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    day = await _day(request, code)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                                           "X-Accel-Buffering": "no"})
    await response.prepare(request)
    last = ""
    try:
        while True:
            data = json.dumps(await snapshot(request, code, day), ensure_ascii=False)
            if data != last:
                await response.write(f"event: progress\ndata: {data}\n\n".encode())
                last = data
            else:
                await response.write(b": keep-alive\n\n")
            await asyncio.sleep(POLL_SECONDS)
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response


async def findings(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    rows = await campaign_findings(uow_of(request), code, limit=500)
    return page(request, "findings.html", {"code": code, "findings": rows})


async def photo(request: web.Request) -> web.StreamResponse:
    """A finding's photo, only for users who may see its campaign."""
    evidence_id = int(request.match_info["evidence_id"])
    found = await photo_file(uow_of(request), settings_of(request).evidence_dir, evidence_id)
    await ensure_campaign_access(uow_of(request), user_of(request), found.campaign_code)
    if not found.path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(found.path, headers={"Content-Type": found.mime_type, "Cache-Control": "private"})


def register(app: web.Application) -> None:
    app.router.add_get("/campaigns/{code}/live", live)
    app.router.add_get("/campaigns/{code}/live/events", events)
    app.router.add_get("/campaigns/{code}/findings", findings)
    app.router.add_get(r"/photos/{evidence_id:\d+}", photo)
