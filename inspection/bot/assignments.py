"""Assignments through the bot: the outbox sender, Accept / Cannot attend, and replacements.

- The notices are sent by the one outbox sender (``bot.outbox``); ``_assignment`` and ``_decline``
  phrase theirs (``bot.notices`` calls them). A button answered kicks the sender.
- An officer answers an assignment with a button; "Cannot attend" asks for a reason (buttons),
  records it and tells the coordinators at once, with the replacement planning suggests and a
  button that applies it.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from inspection.bot.auth import officer_only
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.outbox import kick_outbox
from inspection.bot.replies import edit_or_reply
from inspection.domain.enums import NotificationKind
from inspection.services.assignments.notice import assignment_notice
from inspection.services.assignments.replies import ReplacementRefused, answer_assignment, apply_replacement
from inspection.services.notifications import Outgoing
from inspection.services.officers import OfficerView
from inspection.services.planning.text import problem_text

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
PREFIX = "asg:"
REASONS = ("leave", "sick", "duty", "other")
Markup = InlineKeyboardMarkup | None


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CallbackQueryHandler(on_button, pattern=f"^{PREFIX}"))


async def _assignment(ctx_uow: Any, note: Outgoing, settings: Any) -> tuple[str, Markup]:
    notice = await assignment_notice(ctx_uow, int(note.payload["team_id"]), note.officer_id)
    loc = note.locale
    members = ("、" if loc.startswith("zh") else ", ").join(
        f"{m.name}（{m.agency_en if loc == 'en' and m.agency_en else m.agency_zh}）" for m in notice.members)
    text = t("planning.notice.assignment", loc, campaign=notice.campaign_name, day=notice.raid_date.isoformat(),
             time=notice.starts_at.astimezone(settings.tz).strftime("%H:%M"), meeting=notice.meeting_point or "-",
             team=notice.team_number, leader=notice.leader_name, members=members)
    if notice.surprise:
        text += "\n" + t("planning.notice.surprise", loc)
    tm = notice.team_member_id
    markup = InlineKeyboardMarkup([[
        InlineKeyboardButton(t("planning.button.accept", loc), callback_data=f"{PREFIX}ok:{tm}"),
        InlineKeyboardButton(t("planning.button.decline", loc), callback_data=f"{PREFIX}no:{tm}"),
    ]])
    return text, markup


def _decline(note: Outgoing) -> tuple[str, Markup]:
    p, loc = note.payload, note.locale
    reason = t(f"planning.reason.{p['reason']}", loc) if p["reason"] in REASONS else p["reason"]
    text = t("planning.notice.decline", loc, officer=p["officer"], day=p["day"], team=p["team"], reason=reason)
    if not p.get("suggestion_id"):
        return text + "\n" + t("planning.notice.no_suggestion", loc), None
    text += "\n" + t("planning.notice.suggest", loc, name=p["suggestion"], agency=p["suggestion_agency"])
    button = InlineKeyboardButton(t("planning.button.apply", loc, name=p["suggestion"]),
                                  callback_data=f"{PREFIX}swap:{p['team_member_id']}:{p['suggestion_id']}")
    return text, InlineKeyboardMarkup([[button]])


def _team_changed(note: Outgoing) -> tuple[str, Markup]:
    p, loc = note.payload, note.locale
    text = t("planning.notice.team_changed", loc, day=p["day"], team=p["team"], left=p["left"], joined=p["joined"])
    if p.get("leader"):
        text += "\n" + t("planning.notice.team_changed_leader", loc, leader=p["leader"])
    return text, None


def _decline_handled(note: Outgoing) -> tuple[str, Markup]:
    p = note.payload
    original, _ = _decline(Outgoing(note.id, NotificationKind.DECLINE.value, dict(p["decline"]), note.officer_id,
                                    note.telegram_user_id, note.locale, note.attempts))
    return original + "\n\n" + t("planning.notice.decline_handled", note.locale, by=p["by"], name=p["replacement"],
                                  team=p["decline"].get("team", "")), None


@officer_only
async def on_button(update: Update, context: Context, officer: OfficerView) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    action, *args = query.data.removeprefix(PREFIX).split(":")
    ctx, loc = bot_ctx(context), officer.locale
    uow = ctx.uow.for_update(update.update_id)
    if action == "ok":
        await answer_assignment(uow, ctx.settings, int(args[0]), officer.id, accept=True)
        await _append(update, t("planning.notice.accepted", loc))
    elif action == "no":
        rows = [[InlineKeyboardButton(t(f"planning.reason.{r}", loc), callback_data=f"{PREFIX}why:{args[0]}:{r}")]
                for r in REASONS]
        await _append(update, t("planning.decline.ask_reason", loc), InlineKeyboardMarkup(rows))
    elif action == "why" and args[1] in REASONS:
        await answer_assignment(uow, ctx.settings, int(args[0]), officer.id, accept=False, reason=args[1])
        await _append(update, t("planning.notice.declined", loc, reason=t(f"planning.reason.{args[1]}", loc)))
        kick_outbox(context)
    elif action == "swap":
        try:
            done = await apply_replacement(uow, ctx.settings, int(args[0]), int(args[1]), coordinator_id=officer.id)
        except ReplacementRefused as refused:
            reasons = t("planning.rule_separator", loc).join(problem_text(t, p.code, dict(p.params), loc)
                                                              for p in refused.problems)
            await _append(update, t("planning.replacement_refused", loc, name=refused.params["name"], reasons=reasons))
            return
        text = t("planning.replaced", loc, name=done.officer_name, team=done.team)
        if done.leader_changed:
            text += "\n" + t("planning.leader_changed", loc)
        await _append(update, text)
        kick_outbox(context)
    else:
        await query.answer()


async def _append(update: Update, line: str, markup: Markup = None) -> None:
    """Keep the original message, replace its buttons (none by default), add ``line`` below it."""
    query = update.callback_query
    message = query.message if query is not None else None
    original = message.text or "" if isinstance(message, Message) else ""
    await edit_or_reply(update, f"{original}\n\n{line}" if original else line, reply_markup=markup)
