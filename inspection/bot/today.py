"""``/today`` (or the keyboard button): the officer's raids today, team, meeting point, visits in order.

Times are shown in ``settings.timezone``. Visits of a surprise raid read "targets released at
HH:MM" until the raid's release time (``domain.embargo`` decides, ``services.assignments`` hides).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from inspection.bot.auth import officer_only
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.keyboards import TODAY_DATA, main_keyboard, today_button_texts
from inspection.bot.replies import reply
from inspection.clock import CLOCK
from inspection.domain.enums import VisitStatus
from inspection.services.assignments.queries import Assignment, Member, VisitLine, assignments_on
from inspection.services.officers import OfficerView

Context = ContextTypes.DEFAULT_TYPE
MESSAGE_LIMIT = 4000
STATUS_KEYS = {
    VisitStatus.CHECKED_IN.value: "today_visit_checked_in",
    VisitStatus.CLOSED.value: "today_visit_closed",
    VisitStatus.NOT_REACHED.value: "today_visit_not_reached",
}


def _hm(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M") if moment is not None else "--:--"


def _member(m: Member, locale: str) -> str:
    return t("today_member", locale, name=m.name, agency=m.agency_en if locale == "en" else m.agency_zh)


def _visit(v: VisitLine, number: int, locale: str, tz: ZoneInfo) -> str:
    line = t("today_visit", locale, n=number, eta=_hm(v.eta, tz), site=v.site_name, address=v.site_address or "-")
    key = STATUS_KEYS.get(v.status)
    if key:
        line += " " + t(key, locale, time=_hm(v.checked_in_at, tz))
    return line


def render_assignment(a: Assignment, locale: str, tz: ZoneInfo) -> str:
    lines = [t("today_raid_titled" if a.raid_title else "today_raid", locale, date=a.raid_date.isoformat(),
               campaign=a.campaign_name, title=a.raid_title)]
    lines.append(t("today_meeting", locale, time=_hm(a.starts_at, tz), place=a.meeting_point or "-"))
    leader = _member(a.leader, locale) if a.leader else "-"
    lines.append(t("today_team_named" if a.team_name else "today_team", locale, number=a.team_number,
                   name=a.team_name, leader=leader))
    others = [_member(m, locale) for m in a.members if not m.is_leader]
    if others:
        lines.append(t("today_members", locale, members=t("list_separator", locale).join(others)))
    if a.targets_hidden:
        if a.release_at is not None:
            lines.append(t("today_targets_released_at", locale, time=_hm(a.release_at, tz), count=len(a.visits)))
        else:
            lines.append(t("today_targets_hidden", locale, count=len(a.visits)))
    elif a.visits:
        lines.append(t("today_visits", locale))
        lines.extend(_visit(v, i, locale, tz) for i, v in enumerate(a.visits, 1))
    else:
        lines.append(t("today_no_visits", locale))
    return "\n".join(lines)


@officer_only
async def on_today(update: Update, context: Context, officer: OfficerView) -> None:
    ctx = bot_ctx(context)
    tz = ctx.settings.tz
    now = CLOCK.now().astimezone(tz)
    assignments = await assignments_on(ctx.uow, officer.id, now.date(), now)
    locale = officer.locale
    if not assignments:
        await reply(update, t("today_nothing", locale, date=now.date().isoformat()), reply_markup=main_keyboard(locale))
        return
    chunks: list[str] = []
    for a in assignments:
        text = render_assignment(a, locale, tz)
        chunks.extend(text[i:i + MESSAGE_LIMIT] for i in range(0, len(text), MESSAGE_LIMIT))
    for chunk in chunks[:-1]:
        await reply(update, chunk)
    await reply(update, chunks[-1], reply_markup=main_keyboard(locale))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(CommandHandler("today", on_today))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.Text(list(today_button_texts())),
                                           on_today))
    application.add_handler(CallbackQueryHandler(on_today, pattern=f"^{TODAY_DATA}$"))
