"""``/api/v1``: the same services and access rules as the pages; JSON in, JSON out, lists paginated."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from aiohttp import web

from inspection.domain.errors import InvalidInput
from inspection.services.accounts.access import (
    case_agency_filter,
    ensure_agency_scope,
    ensure_campaign_access,
    ensure_may_change,
    ensure_may_create_campaign,
)
from inspection.services.campaigns import create_campaign, get_campaign
from inspection.services.cases.queries import get_case, list_cases, today_in
from inspection.services.directory import list_officers, list_sites
from inspection.services.figures.campaign import for_campaign
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.held import held, hold
from inspection.services.planning.publish import publish
from inspection.services.raidday import campaign_findings, count_findings, day_visits
from inspection.web import forms
from inspection.web.api.openapi import ApiRoute, openapi_handler
from inspection.web.pages.campaigns import visible_campaigns
from inspection.web.pages.common import settings_of, uow_of, user_of

PREFIX = "/api/v1"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def ok(data: Any, status: int = 200) -> web.Response:
    return web.json_response(_plain(data), status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


def _page(request: web.Request) -> tuple[int, int]:
    limit = forms.integer(request.query, "limit", default=50, low=1, high=200)
    offset = forms.integer(request.query, "offset", default=0, low=0, high=10_000_000)
    assert limit is not None and offset is not None
    return limit, offset


def paged(request: web.Request, items: list[Any], total: int | None = None) -> web.Response:
    limit, offset = _page(request)
    window = items[offset:offset + limit] if total is None else items
    return ok({"items": window, "total": len(items) if total is None else total, "limit": limit, "offset": offset})


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidInput("the body is not JSON", code="body_not_json", field="body") from None
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object", code="body_not_json", field="body")
    return body


async def me(request: web.Request) -> web.Response:
    user = user_of(request)
    return ok({**asdict(user), "may_change": user.may_change, "is_admin": user.is_admin})


async def campaigns(request: web.Request) -> web.Response:
    return paged(request, await visible_campaigns(request))


async def campaign_create(request: web.Request) -> web.Response:
    user = user_of(request)
    ensure_may_change(user)
    body = await _json(request)
    agencies = body.get("agencies") or []
    if not isinstance(agencies, list) or not all(isinstance(a, str) for a in agencies):
        raise InvalidInput("agencies must be a list of agency codes", code="field_choice", field="agencies",
                           value=str(agencies)[:100])
    lead = forms.text(body, "lead_agency", required=True, max_len=32)
    ensure_may_create_campaign(user, [lead, *agencies])
    targets = body.get("targets") or {}
    if not isinstance(targets, dict) or not all(isinstance(v, int) for v in targets.values()):
        raise InvalidInput("targets must map names to whole numbers", code="field_targets", field="targets",
                           value=str(targets)[:100])
    created = await create_campaign(
        uow_of(request), code=forms.text(body, "code", required=True, max_len=40),
        name=forms.text(body, "name", required=True), starts_on=forms.day(body, "starts_on"),
        ends_on=forms.day(body, "ends_on"), lead_agency=lead, agencies=agencies,
        kind=forms.text(body, "kind", max_len=40) or "other", targets=targets, actor=f"officer:{user.officer_id}")
    return ok(created, status=201)


async def campaign(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    return ok(await get_campaign(uow_of(request), code))


async def figures(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    return ok(await for_campaign(uow_of(request), code))


async def visits(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    day = forms.day(request.query, "day") if request.query.get("day") else None
    return paged(request, await day_visits(uow_of(request), code, day))


async def findings(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    limit, offset = _page(request)
    rows = await campaign_findings(uow_of(request), code, limit=limit, offset=offset)
    return paged(request, rows, await count_findings(uow_of(request), code))


async def plan(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    body = await _json(request)
    pins = body.get("pins") or {}
    exclusions = body.get("exclusions") or []
    if not isinstance(pins, dict) or not all(str(k).isdigit() and isinstance(v, int) for k, v in pins.items()):
        raise InvalidInput("pins map site ids to team numbers", code="field_choice", field="pins", value=str(pins)[:100])
    if not isinstance(exclusions, list) or not all(isinstance(x, int) for x in exclusions):
        raise InvalidInput("exclusions are site ids", code="field_choice", field="exclusions",
                           value=str(exclusions)[:100])
    options = DraftOptions(
        districts=tuple(forms.many(body, "districts")), site_types=tuple(forms.many(body, "site_types")),
        pins=tuple(sorted((int(k), int(v)) for k, v in pins.items())), exclusions=tuple(sorted(exclusions)),
        surprise=bool(body.get("surprise", False)), max_teams=forms.integer(body, "max_teams", low=1, high=200),
        meeting_point=forms.text(body, "meeting_point", max_len=200))
    d = await draft(uow_of(request), settings_of(request), code, forms.day(body, "day"), options)
    await hold(uow_of(request), d)
    return ok({**json.loads(d.to_json()), "key": d.key}, status=201)


async def plan_publish(request: web.Request) -> web.Response:
    code, key = request.match_info["code"], request.match_info["key"]
    user = user_of(request)
    await ensure_campaign_access(uow_of(request), user, code, change=True)
    d = await held(uow_of(request), key, code)
    return ok(await publish(uow_of(request), d, actor=f"officer:{user.officer_id}", actor_id=user.officer_id))


async def sites(request: web.Request) -> web.Response:
    return paged(request, await list_sites(uow_of(request), district=request.query.get("district") or None,
                                           site_type=request.query.get("site_type") or None))


async def officers(request: web.Request) -> web.Response:
    return paged(request, await list_officers(uow_of(request), today_in(settings_of(request)),
                                              agency=request.query.get("agency") or None))


async def cases(request: web.Request) -> web.Response:
    rows = await list_cases(uow_of(request), settings_of(request), agency=case_agency_filter(user_of(request)),
                            open_only=request.query.get("open") == "1", limit=10_000)
    return paged(request, rows)


async def case(request: web.Request) -> web.Response:
    info = await get_case(uow_of(request), settings_of(request), request.match_info["number"])
    ensure_agency_scope(user_of(request), info.agency)
    return ok(info)


DAY_QUERY = [{"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}}]
CAMPAIGN_BODY = {"type": "object", "required": ["code", "name", "starts_on", "ends_on", "lead_agency"], "properties": {
    "code": {"type": "string", "maxLength": 40}, "name": {"type": "string", "maxLength": 200},
    "starts_on": {"type": "string", "format": "date"}, "ends_on": {"type": "string", "format": "date"},
    "lead_agency": {"type": "string"}, "agencies": {"type": "array", "items": {"type": "string"}},
    "kind": {"type": "string"}, "targets": {"type": "object", "additionalProperties": {"type": "integer"}}}}
PLAN_BODY = {"type": "object", "required": ["day"], "properties": {
    "day": {"type": "string", "format": "date"}, "districts": {"type": "array", "items": {"type": "string"}},
    "site_types": {"type": "array", "items": {"type": "string"}}, "surprise": {"type": "boolean"},
    "max_teams": {"type": "integer", "minimum": 1}, "meeting_point": {"type": "string"},
    "pins": {"type": "object", "additionalProperties": {"type": "integer"}},
    "exclusions": {"type": "array", "items": {"type": "integer"}}}}

ROUTES = [
    ApiRoute("GET", f"{PREFIX}/me", me, "The signed-in user"),
    ApiRoute("GET", f"{PREFIX}/campaigns", campaigns, "Campaigns the user may see", paginated=True),
    ApiRoute("POST", f"{PREFIX}/campaigns", campaign_create, "Create a campaign", body=CAMPAIGN_BODY, changes=True),
    ApiRoute("GET", f"{PREFIX}/campaigns/{{code}}", campaign, "One campaign"),
    ApiRoute("GET", f"{PREFIX}/campaigns/{{code}}/figures", figures, "A campaign's figures"),
    ApiRoute("GET", f"{PREFIX}/campaigns/{{code}}/visits", visits, "Published visits", paginated=True, query=DAY_QUERY),
    ApiRoute("GET", f"{PREFIX}/campaigns/{{code}}/findings", findings, "Suspected items, newest first", paginated=True),
    ApiRoute("POST", f"{PREFIX}/campaigns/{{code}}/plans", plan, "Draft a raid day", body=PLAN_BODY, changes=True),
    ApiRoute("POST", f"{PREFIX}/campaigns/{{code}}/plans/{{key}}/publish", plan_publish, "Publish a draft",
             changes=True),
    ApiRoute("GET", f"{PREFIX}/sites", sites, "Sites", paginated=True, query=[
        {"name": "district", "in": "query", "schema": {"type": "string"}},
        {"name": "site_type", "in": "query", "schema": {"type": "string"}}]),
    ApiRoute("GET", f"{PREFIX}/officers", officers, "Officers", paginated=True,
             query=[{"name": "agency", "in": "query", "schema": {"type": "string"}}]),
    ApiRoute("GET", f"{PREFIX}/cases", cases, "Cases of the user's agency (all for admins)", paginated=True,
             query=[{"name": "open", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}}]),
    ApiRoute("GET", f"{PREFIX}/cases/{{number}}", case, "One case with its history"),
]


def register(app: web.Application) -> None:
    for r in ROUTES:
        app.router.add_route(r.method, r.path, r.handler)
    app.router.add_get(f"{PREFIX}/openapi.json", openapi_handler(ROUTES))

