"""``inspection demo``: a database under the data dir, the sample county and a campaign, what it holds,
then the main job: a raid day planned and published, and the campaign summary written.

Each step is a function of its own so that later steps (plan a raid, compile the summary) can be
added to ``run_demo``; running it again changes nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from inspection.cli.importing import report_line, run_import
from inspection.clock import CLOCK
from inspection.config import CONFIG_DIR, Settings
from inspection.domain.enums import SiteType
from inspection.domain.errors import NotFound
from inspection.domain.labels import label
from inspection.i18n import t
from inspection.services.campaigns import CampaignInfo, create_campaign, get_campaign
from inspection.services.directory import DirectorySummary, directory_summary
from inspection.services.figures import default_name, write_report
from inspection.services.importing import ImportKind, ImportReport
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.publish import publish
from inspection.services.planning.text import draft_lines
from inspection.services.runtime import open_store, upgrade_database

SAMPLE_DIR = CONFIG_DIR / "sample"
SAMPLE_FILES = ((ImportKind.AGENCIES, "agencies.csv"), (ImportKind.OFFICERS, "officers.csv"),
                (ImportKind.SITES, "sites.xlsx"))
SAMPLE_CAMPAIGN: dict[str, Any] = {
    "code": "IPW2026", "name": "2026年知识产权宣传周联合执法", "kind": "ip_week",
    "starts_on": date(2026, 4, 20), "ends_on": date(2026, 4, 26), "lead_agency": "IPO",
    "agencies": ["AMR", "DRUG", "QTS", "TOB", "CUL"],
    "targets": {"sites_inspected": 80, "officers_person_times": 120, "goods_checked": 5000},
}

SAMPLE_RAID_DAY = date(2026, 4, 20)

Out = Callable[[str], None]


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help=t("cli.help.demo"))
    p.set_defaults(func=demo_cmd)


async def prepare_database(settings: Settings, out: Out) -> None:
    before, after = await upgrade_database(settings)
    where = settings.database_url.split("@")[-1]
    key = "cli.demo.db_current" if before == after else "cli.demo.db_upgraded"
    out(t(key, settings.locale, where=where, revision=after))


async def load_sample_county(settings: Settings, out: Out) -> list[ImportReport]:
    reports = []
    for kind, name in SAMPLE_FILES:
        report = await run_import(settings, kind, SAMPLE_DIR / name, actor="demo")
        out(report_line(report, settings.locale))
        reports.append(report)
    return reports


async def ensure_sample_campaign(settings: Settings, out: Out) -> CampaignInfo:
    async with open_store(settings) as uow:
        try:
            info = await get_campaign(uow, SAMPLE_CAMPAIGN["code"])
            created = False
        except NotFound:
            info = await create_campaign(uow, actor="demo", **SAMPLE_CAMPAIGN)
            created = True
    loc = settings.locale
    out(t("cli.demo.campaign", loc, code=info.code, name=info.name, starts_on=info.starts_on, ends_on=info.ends_on,
          lead=info.lead_agency, agencies=t("cli.list_separator", loc).join(info.agencies),
          state=t("cli.demo.created" if created else "cli.demo.exists", loc)))
    return info


def describe_directory(summary: DirectorySummary, locale: str, first: date, last: date | None = None) -> list[str]:
    """The county in a few lines: people per agency (certificates valid from ``first`` through
    ``last``, e.g. the campaign's days), then sites by type and district."""
    if last is None or last == first:
        lines = [t("cli.demo.agencies_on", locale, day=first)]
    else:
        lines = [t("cli.demo.agencies_during", locale, first=first, last=last)]
    for a in summary.agencies:
        lines.append(t("cli.demo.agency", locale, code=a.code, name=a.name, officers=a.officers,
                       valid=a.certificates_valid, expired=a.certificates_expired, linked=a.telegram_linked,
                       unlinked=a.telegram_unlinked))
    sep = t("cli.list_separator", locale)
    types = sep.join(f"{label(SiteType(x), locale)} {n}" for x, n in summary.sites_by_type.items())
    districts = sep.join(f"{d or '-'} {n}" for d, n in summary.sites_by_district.items())
    return lines + [t("cli.demo.sites", locale, count=summary.sites, types=types),
                    t("cli.demo.districts", locale, districts=districts),
                    t("cli.demo.to_geocode", locale, count=summary.sites_without_coordinates)]


async def show_directory(settings: Settings, out: Out, campaign: CampaignInfo | None = None) -> DirectorySummary:
    """The overview; certificates are counted over the campaign's days (today without a campaign)."""
    first = campaign.starts_on if campaign else CLOCK.now().astimezone(settings.tz).date()
    last = campaign.ends_on if campaign else first
    async with open_store(settings) as uow:
        summary = await directory_summary(uow, last)
    for line in describe_directory(summary, settings.locale, first, last):
        out(line)
    return summary


async def plan_sample_raid(settings: Settings, out: Out) -> None:
    """Plan the campaign's first raid day and publish it; a second run finds it published."""
    code, loc = SAMPLE_CAMPAIGN["code"], settings.locale
    async with open_store(settings) as uow:
        plan = await draft(uow, settings, code, SAMPLE_RAID_DAY, DraftOptions())
        if not any(x.visits for x in plan.teams):
            out(t("cli.demo.already_published", loc, day=SAMPLE_RAID_DAY))
            return
        for line in draft_lines(t, plan, loc, settings.tz):
            out(line)
        result = await publish(uow, plan, actor="demo")
    out(t("cli.demo.published", loc, raid=result.raid_id, teams=result.teams, visits=result.visits,
          notices=result.notices))
    if result.unreachable:
        out(t("cli.demo.unreachable", loc, count=len(result.unreachable),
              names=t("cli.list_separator", loc).join(u.name for u in result.unreachable)))


async def write_campaign_summary(settings: Settings, out: Out) -> list[str]:
    """The campaign summary as a workbook and a self-contained HTML page under the data dir."""
    code = SAMPLE_CAMPAIGN["code"]
    written: list[str] = []
    async with open_store(settings) as uow:
        for fmt in ("xlsx", "html"):
            out_path = settings.data_dir / "reports" / default_name(code, fmt)
            written += [str(p) for p in await write_report(uow, code, out_path, fmt=fmt, locale=settings.locale)]
    out(t("cli.demo.summary", settings.locale, files="  ".join(written)))
    return written


async def run_demo(settings: Settings, out: Out = print) -> DirectorySummary:
    """Every step of the demo in order; idempotent."""
    await prepare_database(settings, out)
    await load_sample_county(settings, out)
    info = await ensure_sample_campaign(settings, out)
    summary = await show_directory(settings, out, info)
    await plan_sample_raid(settings, out)
    await write_campaign_summary(settings, out)
    return summary


async def demo_cmd(args: argparse.Namespace, settings: Settings) -> int:
    await run_demo(settings)
    return 0
