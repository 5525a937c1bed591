"""Coordinators' figures in the bot: ``/summary CAMPAIGN`` (narrative + XLSX + the Word report), ``/progress CAMPAIGN``
(visits done/planned, officers checked in, findings, by team) and ``/bulletin MONTH`` (districts
ranked, month-on-month change, + XLSX). Without an argument, /progress offers the campaigns the
coordinator's agency takes part in and /bulletin the recent months, as buttons.

Only coordinators see them, and for a campaign only coordinators of an agency taking part
(``services.figures.ensure_may_view``). Every figure comes from ``services.figures``; a refusal is
a ``DomainError`` phrased by the app's error handler (``error_<code>`` in reports.toml).
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from inspection.bot.auth import coordinator_only
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.replies import reply
from inspection.clock import CLOCK
from inspection.services.campaigns import list_campaigns
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
CHOICE = "fig:"  # buttons offered by /progress and /bulletin without an argument
CHOICES_SHOWN = 10
RECENT_MONTHS = 6
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
    today = CLOCK.now().astimezone(ZoneInfo(ctx.settings.timezone)).date()
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
    code = _argument(context)
    if code is None:
        await _offer_campaigns(update, context, officer)
        return
    await _show_progress(update, context, officer, code)


async def _show_progress(update: Update, context: Context, officer: OfficerView, code: str) -> None:
    ctx = bot_ctx(context)
    await ensure_may_view(ctx.uow, officer.id, code)
    await reply(update, render_progress(await campaign_progress(ctx.uow, code), officer.locale))


async def _offer_campaigns(update: Update, context: Context, officer: OfficerView) -> None:
    """The campaigns the coordinator's agency takes part in, newest first, as buttons."""
    campaigns = [c for c in await list_campaigns(bot_ctx(context).uow) if officer.agency_code in c.agencies]
    if not campaigns:
        await reply(update, t("choose.no_campaigns", officer.locale))
        return
    buttons = [[Button(f"{c.code} {c.name}"[:60], callback_data=f"{CHOICE}p:{c.code}")]
               for c in campaigns[:CHOICES_SHOWN]]
    await reply(update, t("choose.progress_campaign", officer.locale), reply_markup=Markup(buttons))


@coordinator_only
async def bulletin(update: Update, context: Context, officer: OfficerView) -> None:
    text = _argument(context)
    if text is None:
        today = CLOCK.now().astimezone(bot_ctx(context).settings.tz).date()
        months = recent_months(today, RECENT_MONTHS)
        rows = [[Button(m, callback_data=f"{CHOICE}b:{m}") for m in months[i:i + 3]] for i in range(0, len(months), 3)]
        await reply(update, t("choose.bulletin_month", officer.locale), reply_markup=Markup(rows))
        return
    await _show_bulletin(update, context, officer, text)


async def _show_bulletin(update: Update, context: Context, officer: OfficerView, text: str) -> None:
    locale, ctx = officer.locale, bot_ctx(context)
    month = parse_month(text)
    districts = ctx.settings.reports.districts
    await reply(update, await bulletin_as_text(ctx.uow, month, locale, districts))
    with tempfile.TemporaryDirectory(prefix="bulletin-") as folder:
        path = await write_bulletin(ctx.uow, month, Path(folder) / f"bulletin-{month:%Y-%m}.xlsx", fmt="xlsx",
                                    locale=locale, districts=districts)
        await _send_file(update, path, t("reports.bulletin_caption", locale, month=f"{month:%Y-%m}"))


def recent_months(today: date, count: int) -> list[str]:
    """``count`` months up to ``today``'s, newest first, as YYYY-MM."""
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


@coordinator_only
async def on_choice(update: Update, context: Context, officer: OfficerView) -> None:
    """A button of the choices above: the campaign's progress, or the month's bulletin."""
    query = update.callback_query
    assert query is not None and query.data is not None
    kind, _, value = query.data.removeprefix(CHOICE).partition(":")
    await query.answer()
    if kind == "p":
        await _show_progress(update, context, officer, value)
    elif kind == "b":
        await _show_bulletin(update, context, officer, value)


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("summary", summary))
    application.add_handler(CommandHandler("progress", progress))
    application.add_handler(CommandHandler("bulletin", bulletin))
    application.add_handler(CallbackQueryHandler(on_choice, pattern=f"^{CHOICE}"))
