"""Campaigns: list (those the user may see), create, edit."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from inspection.domain.enums import SiteType
from inspection.services.accounts.access import (
    ensure_campaign_access,
    ensure_may_change,
    ensure_may_create_campaign,
    visible_campaign_ids,
)
from inspection.services.campaigns import (
    CampaignInfo,
    campaign_requirements,
    create_campaign,
    get_campaign,
    list_campaigns,
    update_campaign,
)
from inspection.services.directory import directory_summary
from inspection.services.raidday import raid_days
from inspection.web import forms
from inspection.web.pages.common import redirect, uow_of, user_of
from inspection.web.render import page

SITE_TYPES = [s.value for s in SiteType]


async def visible_campaigns(request: web.Request) -> list[CampaignInfo]:
    allowed = await visible_campaign_ids(uow_of(request), user_of(request))
    return [c for c in await list_campaigns(uow_of(request)) if allowed is None or c.id in allowed]


async def index(request: web.Request) -> web.Response:
    raise redirect("/campaigns")


async def campaigns(request: web.Request) -> web.Response:
    rows = await visible_campaigns(request)
    days = {c.code: await raid_days(uow_of(request), c.code) for c in rows}
    return page(request, "campaigns.html", {"campaigns": rows, "days": days})


async def _form_context(request: web.Request, campaign: CampaignInfo | None, values: dict[str, Any],
                        error: str = "") -> dict[str, Any]:
    from inspection.services.cases.queries import today_in
    from inspection.web.pages.common import settings_of

    summary = await directory_summary(uow_of(request), today_in(settings_of(request)))
    return {"campaign": campaign, "v": values, "agencies": summary.agencies, "site_types": SITE_TYPES,
            "districts_known": sorted(summary.sites_by_district), "error": error}


def _values_of(c: CampaignInfo, req: dict[str, Any]) -> dict[str, Any]:
    return {"code": c.code, "name": c.name, "kind": c.kind, "starts_on": c.starts_on.isoformat(),
            "ends_on": c.ends_on.isoformat(), "lead_agency": c.lead_agency, "agencies": c.agencies,
            "districts": ", ".join(req.get("districts") or []), "site_types": req.get("scope_site_types") or [],
            "focus": req.get("focus_site_types") or [],
            "targets": ", ".join(f"{k}={v}" for k, v in c.targets.items())}


async def new_form(request: web.Request) -> web.Response:
    ensure_may_change(user_of(request))
    user = user_of(request)
    values = {"lead_agency": user.agency_code, "agencies": [user.agency_code], "site_types": [], "focus": []}
    return page(request, "campaign_form.html", await _form_context(request, None, values))


async def create(request: web.Request) -> web.Response:
    user = user_of(request)
    form = await request.post()
    agencies = forms.many(form, "agencies")
    lead = forms.text(form, "lead_agency", required=True, max_len=32)
    ensure_may_create_campaign(user, [lead, *agencies])
    code = forms.text(form, "code", required=True, max_len=40)
    forms.choices(form, "site_types", set(SITE_TYPES))
    forms.choices(form, "focus", set(SITE_TYPES))
    forms.day(form, "starts_on"), forms.day(form, "ends_on")
    await create_campaign(
        uow_of(request), code=code, name=forms.text(form, "name", required=True),
        starts_on=forms.day(form, "starts_on"), ends_on=forms.day(form, "ends_on"), lead_agency=lead,
        agencies=agencies, kind=forms.text(form, "kind", max_len=40) or "other",
        targets=forms.targets(form, "targets"), actor=f"officer:{user.officer_id}",
    )
    await _save_scope(request, code, form)
    raise redirect(f"/campaigns?saved={code}")


async def _save_scope(request: web.Request, code: str, form: Any) -> None:
    c = await get_campaign(uow_of(request), code)
    await update_campaign(
        uow_of(request), code, name=forms.text(form, "name", required=True) or c.name,
        starts_on=forms.day(form, "starts_on"), ends_on=forms.day(form, "ends_on"),
        agencies=forms.many(form, "agencies"), targets=forms.targets(form, "targets"),
        districts=forms.many(form, "districts"), site_types=forms.choices(form, "site_types", set(SITE_TYPES)),
        focus_site_types=forms.choices(form, "focus", set(SITE_TYPES)), actor_id=user_of(request).officer_id)


async def edit_form(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    c = await get_campaign(uow_of(request), code)
    values = _values_of(c, await campaign_requirements(uow_of(request), code))
    return page(request, "campaign_form.html", await _form_context(request, c, values))


async def edit(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    form = await request.post()
    forms.choices(form, "site_types", set(SITE_TYPES))
    await _save_scope(request, code, form)
    raise redirect(f"/campaigns?saved={code}")


def register(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_get("/campaigns", campaigns)
    app.router.add_get("/campaigns/new", new_form)
    app.router.add_post("/campaigns/new", create)
    app.router.add_get("/campaigns/{code}/edit", edit_form)
    app.router.add_post("/campaigns/{code}/edit", edit)
