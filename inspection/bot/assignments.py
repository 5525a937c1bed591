"""Assignments through the bot: the outbox sender, Accept / Cannot attend, and replacements.

- The sender is a repeating job (and runs at once after anything queues notices): it claims due
  notifications (``services.notifications``), phrases each in the officer's language, sends it
  and marks it sent, or failed with the error (a 429 waits ``retry_after``; a blocked bot stops).
- An officer answers an assignment with a button; "Cannot attend" asks for a reason (buttons),
  records it and tells the coordinators at once, with the replacement planning suggests and a
  button that applies it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from inspection.bot.auth import officer_only
from inspection.bot.context import after_commit, bot_ctx
from inspection.bot.i18n import t
from inspection.bot.replies import edit_or_reply
from inspection.domain.enums import AssignmentReply, NotificationKind
from inspection.services.assignments.notice import assignment_notice
from inspection.services.assignments.replies import answer_assignment, apply_replacement
from inspection.services.notifications import Outgoing, claim_due, mark_failed, mark_sent
from inspection.services.officers import OfficerView

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
PREFIX = "asg:"
OUTBOX_INTERVAL_S = 10.0
REASONS = ("leave", "sick", "duty", "other")
Markup = InlineKeyboardMarkup | None


class NotToBeSent(Exception):
    """The notification no longer applies (e.g. the officer declined): record why, do not retry."""


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CallbackQueryHandler(on_button, pattern=f"^{PREFIX}"))
    if application.job_queue is not None:
        application.job_queue.run_repeating(drain_outbox, interval=OUTBOX_INTERVAL_S, first=0.2, name="outbox")


def kick_outbox(context: Context) -> None:
    """Send what is queued now rather than at the next tick."""
    job_queue = context.application.job_queue
    if job_queue is not None:  # once the update that queued it is committed
        after_commit(lambda: job_queue.run_once(drain_outbox, 0, name="outbox-now"))


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


async def render(context: Context, note: Outgoing) -> tuple[str, Markup]:
    """The words and buttons of a notification, by kind."""
    ctx = bot_ctx(context)
    if note.kind == NotificationKind.ASSIGNMENT.value:
        return await _assignment(ctx.uow, note, ctx.settings)
    if note.kind == NotificationKind.DECLINE.value:
        return _decline(note)
    if note.kind == NotificationKind.TARGETS_RELEASED.value:
        notice = await assignment_notice(ctx.uow, int(note.payload["team_id"]), note.officer_id)
        if notice.reply == AssignmentReply.DECLINED.value:
            raise NotToBeSent("the officer declined this assignment")
        return t("planning.notice.released", note.locale, campaign=notice.campaign_name,
                 team=notice.team_number), None
    if note.kind == NotificationKind.CASE_DUE.value:
        from inspection.bot.cases import reminder_text

        return reminder_text(note.payload, note.locale), None
    if "text" in note.payload:
        return str(note.payload["text"]), None
    raise ValueError(f"no wording for notifications of kind {note.kind!r}")


async def drain_outbox(context: Context) -> None:
    ctx = bot_ctx(context)
    lock = ctx.extra.setdefault("outbox_lock", asyncio.Lock())
    async with lock:
        for note in await claim_due(ctx.uow):
            try:
                text, markup = await render(context, note)
                await context.bot.send_message(note.telegram_user_id, text, reply_markup=markup)
            except RetryAfter as exc:
                wait = exc.retry_after
                await mark_failed(ctx.uow, note.id, str(exc), retry_after_s=float(
                    wait.total_seconds() if hasattr(wait, "total_seconds") else wait))
            except (Forbidden, NotToBeSent) as exc:  # blocked the bot, or no longer applies: do not retry
                await mark_failed(ctx.uow, note.id, str(exc), retry=False)
            except (TelegramError, ValueError, LookupError) as exc:
                log.warning("notification %s not sent: %s", note.id, exc)
                await mark_failed(ctx.uow, note.id, str(exc) or type(exc).__name__)
            else:
                await mark_sent(ctx.uow, note.id)


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
        await query.answer()
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows))
        await context.bot.send_message(officer.telegram_user_id or 0, t("planning.decline.ask_reason", loc))
    elif action == "why" and args[1] in REASONS:
        await answer_assignment(uow, ctx.settings, int(args[0]), officer.id, accept=False, reason=args[1])
        await _append(update, t("planning.notice.declined", loc, reason=t(f"planning.reason.{args[1]}", loc)))
        kick_outbox(context)
    elif action == "swap":
        done = await apply_replacement(uow, ctx.settings, int(args[0]), int(args[1]), coordinator_id=officer.id)
        text = t("planning.replaced", loc, name=done.officer_name, team=done.team)
        if done.leader_changed:
            text += "\n" + t("planning.leader_changed", loc)
        await _append(update, text)
        kick_outbox(context)
    else:
        await query.answer()


async def _append(update: Update, line: str) -> None:
    """Keep the original message, drop its buttons, add the outcome below it."""
    query = update.callback_query
    message = query.message if query is not None else None
    original = message.text or "" if isinstance(message, Message) else ""
    await edit_or_reply(update, f"{original}\n\n{line}" if original else line)
