"""Plan a raid day: options -> draft (teams, ordered visits, ETAs, sites left out and why) ->
pin / exclude / re-plan -> publish exactly the draft shown. Drafts are held in memory by key."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from inspection.clock import today as local_today
from inspection.domain.enums import SiteType
from inspection.i18n import t as translate
from inspection.services.accounts.access import ensure_campaign_access
from inspection.services.campaigns import campaign_requirements, get_campaign
from inspection.services.planning.drafting import Draft, DraftOptions, draft
from inspection.services.planning.held import held, hold
from inspection.services.planning.publish import publish
from inspection.services.planning.text import officer_reason, short_of_kind_lines, site_reason
from inspection.web import forms
from inspection.web.pages.common import locale, settings_of, uow_of, user_of
from inspection.web.render import page
from inspection.web.svgmap import Point, Route, render_map

SITE_TYPES = {s.value for s in SiteType}


def draft_map(d: Draft, tile_url: str = "") -> str:
    points, routes, meetings = [], [], []
    for team in d.teams:
        if team.meeting_lat is not None and team.meeting_lon is not None:
            meetings.append(Point(team.meeting_lat, team.meeting_lon, team.meeting_point, team.number))
        stops: list[tuple[float, float]] = []
        if team.meeting_lat is not None and team.meeting_lon is not None:
            stops.append((team.meeting_lat, team.meeting_lon))
        for v in team.visits:
            lat, lon = d_coords(d, v.site_id)
            if lat is not None and lon is not None:
                points.append(Point(lat, lon, f"{team.number}-{v.order} {v.name}", team.number))
                stops.append((lat, lon))
        routes.append(Route(team.number, stops))
    return render_map(points, routes, meetings, title=f"{d.campaign_code} {d.day}", tile_url=tile_url)


def d_coords(d: Draft, site_id: int) -> tuple[float | None, float | None]:
    coords: dict[int, tuple[float, float]] = getattr(d, "_coords", {})
    return coords.get(site_id, (None, None))


async def _with_coords(request: web.Request, d: Draft) -> Draft:
    from inspection.services.directory import site_coordinates

    ids = [v.site_id for t in d.teams for v in t.visits]
    object.__setattr__(d, "_coords", await site_coordinates(uow_of(request), ids))
    return d


def _context(request: web.Request, code: str, d: Draft | None, values: dict[str, Any]) -> dict[str, Any]:
    loc = locale(request)
    ctx: dict[str, Any] = {"code": code, "d": d, "v": values, "site_types": sorted(SITE_TYPES)}
    if d is not None:
        ctx["site_reasons"] = [(x, site_reason(translate, x, loc)) for x in d.dropped_sites]
        ctx["short_of_kind"] = [x.strip() for x in short_of_kind_lines(translate, d, loc)]
        ctx["officer_reasons"] = [(x, officer_reason(translate, x, loc)) for x in d.left_out]
        ctx["pins"] = d.shown_pins()
        ctx["map_svg"] = draft_map(d, settings_of(request).map_tile_url)
        ctx["km"] = f"{d.travel_m / 1000:.1f}"
    return ctx


async def plan_form(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    c = await get_campaign(uow_of(request), code)
    req = await campaign_requirements(uow_of(request), code)
    today = local_today(settings_of(request).tz)
    day = today if c.starts_on <= today <= c.ends_on else c.starts_on
    values = {"day": day.isoformat(), "districts": ", ".join(req.get("districts") or []),
              "site_types": req.get("scope_site_types") or [], "surprise": False, "max_teams": "", "meeting": ""}
    return page(request, "plan.html", _context(request, code, None, values))


async def plan_draft(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    form = await request.post()
    options = DraftOptions(
        districts=tuple(forms.many(form, "districts")), site_types=tuple(forms.choices(form, "site_types", SITE_TYPES)),
        surprise=form.get("surprise") == "on", max_teams=forms.integer(form, "max_teams", low=1, high=200),
        meeting_point=forms.text(form, "meeting", max_len=200))
    day = forms.day(form, "day")
    return await _show(request, code, day, options, form)


async def _show(request: web.Request, code: str, day: date, options: DraftOptions, form: Any) -> web.Response:
    d = await draft(uow_of(request), settings_of(request), code, day, options)
    await _with_coords(request, d)
    await hold(uow_of(request), d)
    values = {"day": day.isoformat(), "districts": ", ".join(options.districts), "site_types": list(options.site_types),
              "surprise": options.surprise, "max_teams": options.max_teams or "", "meeting": options.meeting_point}
    return page(request, "plan.html", _context(request, code, d, values))


async def replan(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    form = await request.post()
    old = await held(uow_of(request), forms.text(form, "key", required=True, max_len=64), code)
    pins = dict(old.options.pins)
    exclusions = set(old.options.exclusions)
    for name, value in form.items():
        if name.startswith("pin_") and str(value).strip():
            site = int(name[4:]) if name[4:].isdigit() else 0
            team = forms.integer(form, name, low=1, high=200)
            if site and team:
                pins[site] = old.formed_number(team)  # the number the user saw -> the formation's
        elif name.startswith("exclude_") and name[8:].isdigit():
            exclusions.add(int(name[8:]))
            pins.pop(int(name[8:]), None)
    options = DraftOptions(districts=old.options.districts, site_types=old.options.site_types,
                           pins=tuple(sorted(pins.items())), exclusions=tuple(sorted(exclusions)),
                           surprise=old.options.surprise, max_teams=old.options.max_teams,
                           meeting_point=old.options.meeting_point)
    return await _show(request, code, old.day, options, form)


async def publish_draft(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    user = user_of(request)
    await ensure_campaign_access(uow_of(request), user, code, change=True)
    form = await request.post()
    d = await held(uow_of(request), forms.text(form, "key", required=True, max_len=64), code)
    done = await publish(uow_of(request), d, actor=f"officer:{user.officer_id}", actor_id=user.officer_id)
    return page(request, "published.html", {"code": code, "done": done, "d": d})


def register(app: web.Application) -> None:
    app.router.add_get("/campaigns/{code}/plan", plan_form)
    app.router.add_post("/campaigns/{code}/plan", plan_draft)
    app.router.add_post("/campaigns/{code}/plan/replan", replan)
    app.router.add_post("/campaigns/{code}/plan/publish", publish_draft)
