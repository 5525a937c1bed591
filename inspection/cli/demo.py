"""``inspection demo``: a database under the data dir, the sample county and a campaign, what it holds,
then the main job: a raid day planned and published, and the campaign summary written.

Each step is a function of its own so that later steps (plan a raid, compile the summary) can be
added to ``run_demo``; running it again changes nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from inspection.cli.importing import report_line, run_import
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
    p = sub.add_parser("demo", help="create the database, load the sample county and a campaign, show them")
    p.set_defaults(func=demo_cmd)


def _zh(settings: Settings) -> bool:
    return not settings.locale.startswith("en")


async def prepare_database(settings: Settings, out: Out) -> None:
    before, after = await upgrade_database(settings)
    where = settings.database_url.split("@")[-1]
    if before == after:
        out(f"数据库 {where} 已是最新（{after}）" if _zh(settings) else f"database {where} already at {after}")
    else:
        out(f"数据库 {where} 已升级到 {after}" if _zh(settings) else f"database {where} upgraded to {after}")


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
    state = ("新建" if created else "已存在") if _zh(settings) else ("created" if created else "exists")
    out(f"专项行动 {info.code} {info.name}（{info.starts_on} 至 {info.ends_on}，牵头 {info.lead_agency}，"
        f"参与 {'、'.join(info.agencies)}）：{state}" if _zh(settings) else
        f"campaign {info.code} {info.name} ({info.starts_on} to {info.ends_on}, lead {info.lead_agency}, "
        f"with {', '.join(info.agencies)}): {state}")
    return info


def describe_directory(summary: DirectorySummary, locale: str, today: date) -> list[str]:
    """The county in a few lines: people per agency, then sites by type and district."""
    zh = not locale.startswith("en")
    lines = [f"执法单位与人员（证件有效期以 {today} 计）：" if zh else f"Agencies and officers (certificates as of {today}):"]
    for a in summary.agencies:
        lines.append(
            f"  {a.code:5} {a.name}：{a.officers} 人，执法证有效 {a.certificates_valid}、过期 {a.certificates_expired}，"
            f"已绑定 Telegram {a.telegram_linked}、未绑定 {a.telegram_unlinked}" if zh else
            f"  {a.code:5} {a.name}: {a.officers} officers, certificates valid {a.certificates_valid} / expired "
            f"{a.certificates_expired}, Telegram linked {a.telegram_linked} / not yet {a.telegram_unlinked}")
    sep = "、" if zh else ", "
    types = sep.join(f"{label(SiteType(t), locale)} {n}" for t, n in summary.sites_by_type.items())
    districts = sep.join(f"{d or '-'} {n}" for d, n in summary.sites_by_district.items())
    if zh:
        lines += [f"检查对象 {summary.sites} 家，按类型：{types}", f"按乡镇（街道）：{districts}",
                  f"缺少坐标待地理编码：{summary.sites_without_coordinates} 家"]
    else:
        lines += [f"{summary.sites} sites by type: {types}", f"by district: {districts}",
                  f"without coordinates (to geocode): {summary.sites_without_coordinates}"]
    return lines


async def show_directory(settings: Settings, out: Out) -> DirectorySummary:
    today = datetime.now(settings.tz).date()
    async with open_store(settings) as uow:
        summary = await directory_summary(uow, today)
    for line in describe_directory(summary, settings.locale, today):
        out(line)
    return summary


async def plan_sample_raid(settings: Settings, out: Out) -> None:
    """Plan the campaign's first raid day and publish it; a second run finds it published."""
    code, zh = SAMPLE_CAMPAIGN["code"], _zh(settings)
    async with open_store(settings) as uow:
        plan = await draft(uow, settings, code, SAMPLE_RAID_DAY, DraftOptions())
        if not any(t.visits for t in plan.teams):
            out(f"{SAMPLE_RAID_DAY} 的执法检查已发布，不再重复编排" if zh else
                f"the raid of {SAMPLE_RAID_DAY} is already published; not planned again")
            return
        for line in draft_lines(t, plan, settings.locale, settings.tz):
            out(line)
        result = await publish(uow, plan, actor="demo")
    out(f"已发布第 {result.raid_id} 号执法检查：{result.teams} 个检查组，{result.visits} 处检查点，"
        f"待发送任务通知 {result.notices} 条" if zh else
        f"published raid {result.raid_id}: {result.teams} teams, {result.visits} visits, "
        f"{result.notices} assignment notices queued for the bot")


async def write_campaign_summary(settings: Settings, out: Out) -> list[str]:
    """The campaign summary as a workbook and a self-contained HTML page under the data dir."""
    code = SAMPLE_CAMPAIGN["code"]
    written: list[str] = []
    async with open_store(settings) as uow:
        for fmt in ("xlsx", "html"):
            out_path = settings.data_dir / "reports" / default_name(code, fmt)
            written += [str(p) for p in await write_report(uow, code, out_path, fmt=fmt, locale=settings.locale)]
    out(("活动汇总：" if _zh(settings) else "campaign summary: ") + "  ".join(written))
    return written


async def run_demo(settings: Settings, out: Out = print) -> DirectorySummary:
    """Every step of the demo in order; idempotent."""
    await prepare_database(settings, out)
    await load_sample_county(settings, out)
    await ensure_sample_campaign(settings, out)
    summary = await show_directory(settings, out)
    await plan_sample_raid(settings, out)
    await write_campaign_summary(settings, out)
    return summary


async def demo_cmd(args: argparse.Namespace, settings: Settings) -> int:
    await run_demo(settings)
    return 0
