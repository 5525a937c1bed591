"""Cases: list (own agency; admins all), detail with history and deadline, moves."""

from __future__ import annotations

from aiohttp import web

from inspection.domain.enums import CaseState
from inspection.domain.labels import label
from inspection.services.accounts.access import case_agency_filter, ensure_agency_scope, ensure_may_change
from inspection.services.cases.actions import move_case
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


def register(app: web.Application) -> None:
    app.router.add_get("/cases", cases)
    app.router.add_get("/cases/{number}", case)
    app.router.add_post("/cases/{number}/move", move)
