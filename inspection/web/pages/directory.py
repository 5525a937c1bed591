"""Agencies and officers (certificate validity, Telegram linked, invite), sites, spreadsheet upload."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from aiohttp import web

from inspection.domain.errors import InvalidInput
from inspection.services.accounts.access import ensure_agency_scope, ensure_may_change
from inspection.services.cases.queries import today_in
from inspection.services.directory import directory_summary, list_officers, list_sites
from inspection.services.importing.columns import ImportKind
from inspection.services.importing.messages import describe
from inspection.services.importing.service import ImportRejected, import_file
from inspection.services.officers import officer_by_certificate
from inspection.services.onboarding import create_invite
from inspection.web.pages.common import locale, settings_of, uow_of, user_of
from inspection.web.render import page

UPLOAD_SUFFIXES = {".xlsx", ".csv", ".txt"}


async def directory(request: web.Request) -> web.Response:
    today = today_in(settings_of(request))
    summary = await directory_summary(uow_of(request), today)
    officers = await list_officers(uow_of(request), today)
    return page(request, "directory.html", {"summary": summary, "officers": officers, "invite": None})


async def sites(request: web.Request) -> web.Response:
    district = request.query.get("district") or None
    rows = await list_sites(uow_of(request), district=district)
    return page(request, "sites.html", {"sites": rows, "district": district or ""})


async def invite(request: web.Request) -> web.Response:
    user = user_of(request)
    ensure_may_change(user)
    cert = request.match_info["certificate_no"]
    officer = await officer_by_certificate(uow_of(request), cert)
    ensure_agency_scope(user, officer.agency_code)
    settings = settings_of(request)
    created = await create_invite(uow_of(request), cert, ttl_hours=settings.invite_ttl_hours,
                                  actor=f"officer:{user.officer_id}")
    today = today_in(settings)
    return page(request, "directory.html", {
        "summary": await directory_summary(uow_of(request), today),
        "officers": await list_officers(uow_of(request), today),
        "invite": created, "invite_link": created.deep_link(settings.telegram_bot_username)})


async def upload_form(request: web.Request) -> web.Response:
    ensure_may_change(user_of(request))
    return page(request, "upload.html", {"kinds": [k.value for k in ImportKind], "result": None, "rejected": None})


async def upload(request: web.Request) -> web.Response:
    user = user_of(request)
    ensure_may_change(user)
    form = await request.post()
    kind_text = str(form.get("kind", ""))
    if kind_text not in {k.value for k in ImportKind}:
        raise InvalidInput("unknown kind", code="field_choice", field="kind", value=kind_text)
    field = form.get("file")
    if not isinstance(field, web.FileField) or not field.filename:
        raise InvalidInput("no file", code="field_required", field="file")
    suffix = Path(field.filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput("not a spreadsheet", code="field_choice", field="file", value=field.filename)
    context: dict[str, Any] = {"kinds": [k.value for k in ImportKind], "result": None, "rejected": None, "kind": kind_text}
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = Path(folder) / Path(field.filename).name
        path.write_bytes(field.file.read())
        try:
            context["result"] = await import_file(uow_of(request), ImportKind(kind_text), path,
                                                  actor=f"officer:{user.officer_id}")
        except ImportRejected as exc:
            loc = locale(request)
            context["rejected"] = {"file": exc.file, "count": len(exc.errors),
                                   "rows": [(e.row, e.column, describe(e, loc)) for e in exc.errors]}
            return page(request, "upload.html", context, status=422)
    return page(request, "upload.html", context)


def register(app: web.Application) -> None:
    app.router.add_get("/directory", directory)
    app.router.add_get("/sites", sites)
    app.router.add_post("/officers/{certificate_no}/invite", invite)
    app.router.add_get("/directory/upload", upload_form)
    app.router.add_post("/directory/upload", upload)
