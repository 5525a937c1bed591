"""A campaign's summary and its downloads (the formats the figures service writes)."""

from __future__ import annotations

import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

from aiohttp import web

from inspection.clock import today as local_today
from inspection.services.accounts.access import ensure_campaign_access
from inspection.services.campaigns import get_campaign
from inspection.services.figures.bulletin import write_bulletin
from inspection.services.figures.documents import REPORT_FORMATS, campaign_summary, write_report
from inspection.services.figures.export import export_findings
from inspection.services.figures.periods import parse_month
from inspection.web.pages.common import locale, settings_of, uow_of, user_of
from inspection.web.render import page

DOWNLOADS = [f for f in ("xlsx", "docx", "html", "csv") if f in REPORT_FORMATS]
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html": "text/html; charset=utf-8", "csv": "application/zip"}


async def reports(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    summary = await campaign_summary(uow_of(request), code)
    campaign = await get_campaign(uow_of(request), code)
    months, month = [], campaign.starts_on.replace(day=1)
    while month <= campaign.ends_on:
        months.append(month.strftime("%Y-%m"))
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return page(request, "reports.html", {"code": code, "formats": DOWNLOADS, "months": months,
                                           "narrative": summary.narrative(locale(request)), "fig": summary.figures})


async def findings_csv(request: web.Request) -> web.Response:
    code = request.match_info["code"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        out = Path(folder) / f"{code}-findings.csv"
        await export_findings(uow_of(request), code, out, fmt="csv", locale=locale(request))
        body = out.read_bytes()
    return web.Response(body=body, headers={"Content-Type": "text/csv; charset=utf-8",
                                            "Content-Disposition": f'attachment; filename="{out.name}"'})


async def bulletin(request: web.Request) -> web.Response:
    """The monthly bulletin by district (county-wide), as a workbook."""
    user_of(request)
    month = parse_month(request.match_info["month"])
    with tempfile.TemporaryDirectory(prefix="bulletin-") as folder:
        out = Path(folder) / f"bulletin-{month:%Y-%m}.xlsx"
        written = await write_bulletin(uow_of(request), month, out, fmt="xlsx", locale=locale(request))
        body = written.read_bytes()
    return web.Response(body=body, headers={"Content-Type": MIME["xlsx"],
                                            "Content-Disposition": f'attachment; filename="{out.name}"'})


async def download(request: web.Request) -> web.Response:
    code, fmt = request.match_info["code"], request.match_info["fmt"]
    await ensure_campaign_access(uow_of(request), user_of(request), code)
    if fmt not in DOWNLOADS:
        raise web.HTTPNotFound()
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        out = Path(folder) / (f"{code}-summary" if fmt == "csv" else f"{code}-summary.{fmt}")
        files = await write_report(uow_of(request), code, out, fmt=fmt, locale=locale(request),
                                   issued_on=local_today(settings_of(request).tz))
        if fmt == "csv":
            body_path = Path(folder) / f"{code}-summary-csv.zip"
            with zipfile.ZipFile(body_path, "w", zipfile.ZIP_DEFLATED) as z:
                for f in files:
                    z.write(f, f.name)
        else:
            body_path = files[0]
        body = body_path.read_bytes()
    return web.Response(body=body, headers={
        "Content-Type": MIME[fmt], "Content-Disposition": f'attachment; filename="{body_path.name}"'})


def register(app: web.Application) -> None:
    app.router.add_get("/campaigns/{code}/reports", reports)
    app.router.add_get("/campaigns/{code}/reports/findings.csv", findings_csv)
    app.router.add_get("/campaigns/{code}/reports/{fmt}", download)
    app.router.add_get(r"/bulletin/{month:\d{4}-\d{2}}.xlsx", bulletin)
