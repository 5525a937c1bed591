"""Coordinators' figures in the bot: ``/summary CAMPAIGN`` (narrative + XLSX + the Word report), ``/progress CAMPAIGN``
(visits done/planned, officers checked in, findings, by team) and ``/bulletin MONTH`` (districts
ranked, month-on-month change, + XLSX).

Only coordinators see them, and for a campaign only coordinators of an agency taking part
(``services.figures.ensure_may_view``). Every figure comes from ``services.figures``; a refusal is
a ``DomainError`` phrased by the app's error handler (``error_<code>`` in reports.toml).
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CommandHandler, ContextTypes

from inspection.bot.auth import coordinator_only
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.replies import reply
from inspection.services.figures import (
    CampaignProgress,
    TeamProgress,
    bulletin_as_text,
    campaign_progress,
    campaign_summary,
    default_name,
    ensure_may_view,
    parse_month,
    write_bulletin,
    write_report,
)
from inspection.services.officers import OfficerView

Context = ContextTypes.DEFAULT_TYPE
TEAMS_SHOWN = 30
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _argument(context: Context) -> str | None:
    args = context.args or []
    return " ".join(args).strip() or None


async def _send_file(update: Update, path: Path, caption: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    content = await asyncio.to_thread(path.read_bytes)
    await chat.send_document(content, filename=path.name, caption=caption)


async def _typing(update: Update) -> None:
    if update.effective_chat is not None:
        await update.effective_chat.send_action(ChatAction.UPLOAD_DOCUMENT)


@coordinator_only
async def summary(update: Update, context: Context, officer: OfficerView) -> None:
    code, locale, ctx = _argument(context), officer.locale, bot_ctx(context)
    if code is None:
        await reply(update, t("reports.usage_summary", locale))
        return
    await ensure_may_view(ctx.uow, officer.id, code)
    await _typing(update)
    result = await campaign_summary(ctx.uow, code)
    await reply(update, result.narrative(locale))
    name = result.figures.scope.campaign_name
    today = datetime.now(ZoneInfo(ctx.settings.timezone)).date()
    with tempfile.TemporaryDirectory(prefix="summary-") as folder:
        path = Path(folder) / f"{default_name(code, 'xlsx')}"
        await write_report(ctx.uow, code, path, fmt="xlsx", locale=locale, summary=result)
        await _send_file(update, path, t("reports.summary_caption", locale, name=name))
        docx = Path(folder) / f"{default_name(code, 'docx')}"
        await write_report(ctx.uow, code, docx, fmt="docx", locale=locale, summary=result, issued_on=today)
        await _send_file(update, docx, t("reports.summary_docx_caption", locale, name=name))


def _team_line(team: TeamProgress, locale: str) -> str:
    name = team.team or t("reports.team_number", locale, number=team.number)
    return t("reports.progress_team", locale, date=team.raid_date.isoformat(), team=name, leader=team.leader or "-",
             done=team.visits_done, planned=team.visits_planned, officers=team.officers_checked_in,
             findings=team.findings)


def render_progress(p: CampaignProgress, locale: str) -> str:
    if not p.teams:
        return t("reports.progress_none", locale, name=p.campaign_name)
    lines = [t("reports.progress_header", locale, name=p.campaign_name, done=p.visits_done, planned=p.visits_planned,
               officers=p.officers_checked_in, findings=p.findings)]
    lines += [_team_line(team, locale) for team in p.teams[-TEAMS_SHOWN:]]
    if len(p.teams) > TEAMS_SHOWN:
        lines.append(t("reports.progress_more", locale, count=len(p.teams) - TEAMS_SHOWN))
    return "\n".join(lines)


@coordinator_only
async def progress(update: Update, context: Context, officer: OfficerView) -> None:
    code, locale, ctx = _argument(context), officer.locale, bot_ctx(context)
    if code is None:
        await reply(update, t("reports.usage_progress", locale))
        return
    await ensure_may_view(ctx.uow, officer.id, code)
    await reply(update, render_progress(await campaign_progress(ctx.uow, code), locale))


@coordinator_only
async def bulletin(update: Update, context: Context, officer: OfficerView) -> None:
    text, locale, ctx = _argument(context), officer.locale, bot_ctx(context)
    if text is None:
        await reply(update, t("reports.usage_bulletin", locale))
        return
    month = parse_month(text)
    districts = ctx.settings.reports.districts
    await reply(update, await bulletin_as_text(ctx.uow, month, locale, districts))
    with tempfile.TemporaryDirectory(prefix="bulletin-") as folder:
        path = await write_bulletin(ctx.uow, month, Path(folder) / f"bulletin-{month:%Y-%m}.xlsx", fmt="xlsx",
                                    locale=locale, districts=districts)
        await _send_file(update, path, t("reports.bulletin_caption", locale, month=f"{month:%Y-%m}"))


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("summary", summary))
    application.add_handler(CommandHandler("progress", progress))
    application.add_handler(CommandHandler("bulletin", bulletin))
