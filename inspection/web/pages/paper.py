"""Enter a paper report for a visit: goods checked, a suspected item, leaflets, close the visit.

It drives ``services.findings`` (record_finding, set_goods_checked, close_visit), the functions
the bot's report conversation calls today; the report author is the team member who wrote the
paper form, chosen from the team. When the report conversation becomes a service
(``services.report``), this page should drive that instead.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from aiohttp import web

from inspection.domain.enums import Action, RightType, Suspicion
from inspection.domain.errors import InvalidInput
from inspection.services.accounts.access import ensure_campaign_access
from inspection.services.findings import FindingInput, close_visit, record_finding, set_goods_checked
from inspection.services.raidday import day_visits, visit_team
from inspection.web import forms
from inspection.web.pages.common import uow_of, user_of
from inspection.web.render import page

OPEN = ("planned", "checked_in")


def _quantity(data: object, name: str) -> Decimal:
    text = forms.text(data, name, required=True, max_len=14)  # type: ignore[arg-type]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{name} is not a number", code="field_decimal", field=name, value=text) from None
    if value <= 0:
        raise InvalidInput(f"{name} must be more than zero", code="field_range", field=name, low=1, high="∞")
    return value


async def paper_form(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    visits = [v for v in await day_visits(uow_of(request), code) if v.status in OPEN]
    chosen = forms.integer(request.query, "visit", low=1, high=2**31) if request.query.get("visit") else None
    team = await visit_team(uow_of(request), chosen) if chosen else None
    if team is not None and team.campaign_code != code:
        raise web.HTTPNotFound()
    return page(request, "paper.html", {"code": code, "visits": visits, "team": team, "saved": None,
                                         "rights": [r.value for r in RightType],
                                         "suspicions": [s.value for s in Suspicion],
                                         "actions": [a.value for a in Action]})


async def paper_submit(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    form = await request.post()
    visit_id = forms.integer(form, "visit", low=1, high=2**31)
    if visit_id is None:
        raise InvalidInput("choose a visit", code="field_required", field="visit")
    team = await visit_team(uow_of(request), visit_id)
    if team.campaign_code != code:
        raise web.HTTPNotFound()
    author = forms.integer(form, "author", low=1, high=2**31)
    if author not in {m[0] for m in team.members}:
        raise InvalidInput("the author must be on the team", code="field_choice", field="author", value=str(author))
    goods = forms.integer(form, "goods_checked", low=0, high=1_000_000)
    saved = None
    if forms.text(form, "product"):
        item = FindingInput(
            product=forms.text(form, "product", required=True), brand=forms.text(form, "brand", max_len=100),
            right_type=RightType(forms.choices(form, "right_type", {r.value for r in RightType})[0]),
            suspicion=Suspicion(forms.choices(form, "suspicion", {s.value for s in Suspicion})[0]),
            quantity=_quantity(form, "quantity"), unit=forms.text(form, "unit", max_len=10) or "件",
            action=Action(forms.choices(form, "action", {a.value for a in Action})[0]),
            notes=forms.text(form, "notes", max_len=4000))
        saved = await record_finding(uow_of(request), visit_id=visit_id, officer_id=author, item=item,
                                     goods_checked=goods)
    elif goods is not None:
        await set_goods_checked(uow_of(request), visit_id=visit_id, officer_id=author, count=goods)
    if form.get("close") == "on":
        await close_visit(uow_of(request), visit_id=visit_id, officer_id=author,
                          leaflets=forms.integer(form, "leaflets", default=0, low=0, high=1_000_000) or 0)
    visits = [v for v in await day_visits(uow_of(request), code) if v.status in OPEN]
    return page(request, "paper.html", {"code": code, "visits": visits, "team": await visit_team(uow_of(request), visit_id),
                                         "saved": saved or True, "rights": [r.value for r in RightType],
                                         "suspicions": [s.value for s in Suspicion],
                                         "actions": [a.value for a in Action]})


def register(app: web.Application) -> None:
    app.router.add_get("/campaigns/{code}/paper", paper_form)
    app.router.add_post("/campaigns/{code}/paper", paper_submit)
