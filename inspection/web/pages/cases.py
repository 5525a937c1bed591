"""Cases: list (own agency; admins all), detail with history and deadline, moves."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from aiohttp import web

from inspection.domain.enums import CaseState
from inspection.domain.errors import InvalidInput
from inspection.domain.labels import label
from inspection.services.accounts.access import case_agency_filter, ensure_agency_scope, ensure_may_change
from inspection.services.cases.actions import decide_case, move_case
from inspection.services.cases.queries import get_case, list_cases, today_in
from inspection.web import forms
from inspection.web.pages.common import locale, settings_of, uow_of, user_of
from inspection.web.render import page


async def cases(request: web.Request) -> web.Response:
    user = user_of(request)
    open_only = request.query.get("open") == "1"
    rows = await list_cases(uow_of(request), settings_of(request), agency=case_agency_filter(user),
                            open_only=open_only, limit=500)
    return page(request, "cases.html", {"cases": rows, "today": today_in(settings_of(request)),
                                         "open_only": open_only})


async def case(request: web.Request) -> web.Response:
    info = await get_case(uow_of(request), settings_of(request), request.match_info["number"])
    ensure_agency_scope(user_of(request), info.agency)
    return page(request, "case.html", {"case": info, "today": today_in(settings_of(request)), "moved": ""})


async def move(request: web.Request) -> web.Response:
    user = user_of(request)
    ensure_may_change(user)
    number = request.match_info["number"]
    info = await get_case(uow_of(request), settings_of(request), number)
    ensure_agency_scope(user, info.agency)
    form = await request.post()
    target = forms.text(form, "target", required=True, max_len=20)
    if target not in info.allowed_next:
        forms.choices({"target": target}, "target", set(info.allowed_next))
    on = forms.day(form, "on") if forms.text(form, "on", max_len=10) else None
    moved = await move_case(uow_of(request), settings_of(request), number, target,
                            reason=forms.text(form, "reason", max_len=300), on=on, actor_id=user.officer_id,
                            actor=f"officer:{user.officer_id}")
    return page(request, "case.html", {"case": moved, "today": today_in(settings_of(request)),
                                        "moved": label(CaseState(moved.state), locale(request))})


def _money(data: object, name: str) -> Decimal:
    text = forms.text(data, name, max_len=16) or "0"  # type: ignore[arg-type]
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise InvalidInput(f"{name} is not an amount", code="field_decimal", field=name, value=text) from None
    if value < 0 or value > Decimal("1e10"):
        raise InvalidInput(f"{name} out of range", code="field_range", field=name, low=0, high="10000000000")
    return value


async def decide(request: web.Request) -> web.Response:
    """处理决定: the penalty (the legal-review rule is the service's)."""
    user = user_of(request)
    ensure_may_change(user)
    number = request.match_info["number"]
    info = await get_case(uow_of(request), settings_of(request), number)
    ensure_agency_scope(user, info.agency)
    form = await request.post()
    on = forms.day(form, "on") if forms.text(form, "on", max_len=10) else None
    decided = await decide_case(uow_of(request), settings_of(request), number, fine_cny=_money(form, "fine_cny"),
                                confiscation_cny=_money(form, "confiscation_cny"),
                                goods_confiscated=forms.text(form, "goods_confiscated", max_len=300),
                                reason=forms.text(form, "reason", max_len=300), on=on, actor_id=user.officer_id,
                                actor=f"officer:{user.officer_id}")
    return page(request, "case.html", {"case": decided, "today": today_in(settings_of(request)),
                                        "moved": label(CaseState(decided.state), locale(request))})


def register(app: web.Application) -> None:
    app.router.add_get("/cases", cases)
    app.router.add_get("/cases/{number}", case)
    app.router.add_post("/cases/{number}/move", move)
    app.router.add_post("/cases/{number}/decide", decide)
