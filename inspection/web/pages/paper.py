"""Enter a paper report for a visit: goods checked, suspected items, leaflets, close the visit.

The form is a channel of the field report: ``web.paper_entry`` plays it through the same report
conversation service the bot uses (``services.report.answer``), as the team member who wrote the
paper form (chosen from the team), with the console user who typed it recorded as ``entered_by``.
Every field is checked by the service as the bot's answers are.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from inspection.clock import CLOCK
from inspection.domain.enums import Action, GoodsCategory, RightType, Suspicion
from inspection.domain.errors import InvalidInput
from inspection.services.accounts.access import ensure_campaign_access
from inspection.services.raidday import day_visits, visit_team
from inspection.web import forms
from inspection.web.pages.common import locale, settings_of, uow_of, user_of
from inspection.web.paper_entry import PaperItem, PaperReport, enter
from inspection.web.render import page

OPEN = ("planned", "checked_in")
MAX_ITEMS = 20
# The fields of one suspected item; a form may carry several items (the fields repeat, in order).
ITEM_FIELDS = ("product", "category", "brand", "holder", "right_type", "suspicion", "quantity", "unit", "value",
               "action", "notes")
CHOICES = {"category": {c.value for c in GoodsCategory}, "right_type": {r.value for r in RightType},
           "suspicion": {s.value for s in Suspicion}, "action": {a.value for a in Action}}


async def _context(request: web.Request, code: str, visit_id: int | None, **extra: Any) -> dict[str, Any]:
    visits = [v for v in await day_visits(uow_of(request), code) if v.status in OPEN]
    team = await visit_team(uow_of(request), visit_id) if visit_id else None
    if team is not None and team.campaign_code != code:
        raise web.HTTPNotFound()
    return {"code": code, "visits": visits, "team": team, "said": [], "ok": True, "entered": None,
            "rights": [r.value for r in RightType], "suspicions": [s.value for s in Suspicion],
            "actions": [a.value for a in Action], "categories": [c.value for c in GoodsCategory], **extra}


async def paper_form(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code, change=True)
    chosen = forms.integer(request.query, "visit", low=1, high=2**31) if request.query.get("visit") else None
    return page(request, "paper.html", await _context(request, code, chosen))


def _items(form: Any) -> list[PaperItem]:
    """The items written on the form: rows whose goods name is empty are not items. A choice that
    is not one of the form's options is refused here, naming the field (the form offers only those)."""
    columns = {name: [str(v) for v in form.getall(name, [])] for name in ITEM_FIELDS}
    rows = len(columns["product"])
    if rows > MAX_ITEMS:
        raise InvalidInput("too many items on one form", code="field_range", field="product", low=1, high=MAX_ITEMS)
    items = []
    for n in range(rows):
        row = {name: values[n].strip() if n < len(values) else "" for name, values in columns.items()}
        if not row["product"]:
            continue
        for name, allowed in CHOICES.items():
            if not row[name]:
                raise InvalidInput(f"{name} is required", code="field_required", field=name)
            if row[name] not in allowed:
                raise InvalidInput(f"{name} is not an option", code="field_choice", field=name, value=row[name])
        photos = [(part.file.read(), part.content_type) for part in form.getall(f"photos_{n + 1}", [])
                  if getattr(part, "filename", "")]
        items.append(PaperItem(**row, photos=photos))
    return items


async def paper_submit(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    user = user_of(request)
    await ensure_campaign_access(uow_of(request), user, code, change=True)
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
    report = PaperReport(visit_id=visit_id, author_id=author, items=_items(form),
                         goods_checked=forms.integer(form, "goods_checked", low=0, high=1_000_000),
                         close=form.get("close") == "on",
                         leaflets=forms.integer(form, "leaflets", default=0, low=0, high=1_000_000) or 0)
    entry = await enter(uow_of(request), report, entered_by=user.officer_id, now=CLOCK.now(),
                        settings=settings_of(request), locale=locale(request))
    context = await _context(request, code, visit_id, said=entry.said, ok=entry.ok, entered=report)
    return page(request, "paper.html", context, status=200 if entry.ok else 400)


def register(app: web.Application) -> None:
    app.router.add_get("/campaigns/{code}/paper", paper_form)
    app.router.add_post("/campaigns/{code}/paper", paper_submit)
