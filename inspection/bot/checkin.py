"""Check-in by sharing a location (static or live); outside the radius the officer confirms.

The rules (forwarded or old locations refused, nearest visit, radius) live in
``domain.checkin`` and ``services.checkin``; this module turns a Telegram location into a
``LocationFix`` and phrases the outcome. A live location that moves inside a site's radius checks
in by itself; while outside, its updates are silent (no message every few seconds).
"""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from inspection.bot.auth import linked_officer, officer_only
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.keyboards import (
    CHECKIN_NO,
    CHECKIN_YES,
    checkin_confirmation,
    main_keyboard,
    parse_checkin_confirmation,
)
from inspection.bot.outbox import kick_outbox
from inspection.bot.replies import edit_or_reply, reply
from inspection.clock import CLOCK
from inspection.domain.checkin import CheckinPolicy, LocationFix, LocationRefused
from inspection.services.checkin import CheckinResult, Outcome, check_in, confirm_outside
from inspection.services.officers import OfficerView

Context = ContextTypes.DEFAULT_TYPE


def fix_of(message: Message) -> LocationFix:
    loc = message.location
    assert loc is not None
    forwarded = message.forward_origin is not None or message.venue is not None or message.via_bot is not None
    return LocationFix(lat=loc.latitude, lon=loc.longitude, accuracy_m=loc.horizontal_accuracy,
                       taken_at=message.edit_date or message.date, forwarded=forwarded,
                       live=loc.live_period is not None)


def _policy(context: Context) -> CheckinPolicy:
    s = bot_ctx(context).settings
    return CheckinPolicy(radius_m=s.checkin.radius_m, max_age_s=s.checkin.max_location_age_s)


def _phrase(result: CheckinResult, locale: str, context: Context) -> str:
    tz = bot_ctx(context).settings.tz
    distance = "-" if result.distance_m is None else f"{result.distance_m:.0f}"
    at = result.checked_in_at.astimezone(tz).strftime("%H:%M") if result.checked_in_at else "--:--"
    if result.outcome is Outcome.CHECKED_IN:
        key = "checkin_done_flagged" if result.outside_radius else "checkin_done"
        return t(key, locale, site=result.site_name, distance=distance, time=at)
    if result.outcome is Outcome.ALREADY:
        return t("checkin_already", locale, site=result.site_name, time=at)
    return t("checkin_no_visit", locale)


def _kick_if_recorded(result: CheckinResult, context: Context) -> None:
    """A recorded check-in queued notices for teammates (and coordinators): send them now."""
    if result.outcome is Outcome.CHECKED_IN:
        kick_outbox(context)


@officer_only
async def on_location(update: Update, context: Context, officer: OfficerView) -> None:
    message = update.effective_message
    assert message is not None
    ctx, locale = bot_ctx(context), officer.locale
    fix, now = fix_of(message), CLOCK.now().astimezone(ctx.settings.tz)
    try:
        result = await check_in(ctx.uow, officer.id, fix, policy=_policy(context), day=now.date(), now=now,
                                record_uow=ctx.uow.for_update(update.update_id))
    except LocationRefused as refused:
        problem = str(refused.params.get("problem", "too_old"))
        await reply(update, t(f"checkin_refused_{problem}", locale, max_age=ctx.settings.checkin.max_location_age_s))
        return
    _kick_if_recorded(result, context)
    if result.outcome is Outcome.OUTSIDE_RADIUS:
        assert result.visit_id is not None and result.distance_m is not None
        await reply(update, t("checkin_outside_ask", locale, site=result.site_name, distance=f"{result.distance_m:.0f}",
                              radius=f"{ctx.settings.checkin.radius_m:.0f}"),
                    reply_markup=checkin_confirmation(result.visit_id, fix, locale))
        return
    await reply(update, _phrase(result, locale, context), reply_markup=main_keyboard(locale))


async def on_live_move(update: Update, context: Context) -> None:
    """A live location moved: check in once it is inside a site's radius; otherwise stay quiet."""
    message = update.effective_message
    officer = await linked_officer(update, context)
    if officer is None or message is None or message.location is None:
        return
    ctx = bot_ctx(context)
    now = CLOCK.now().astimezone(ctx.settings.tz)
    try:
        result = await check_in(ctx.uow, officer.id, fix_of(message), policy=_policy(context), day=now.date(),
                                now=now, record_uow=ctx.uow.for_update(update.update_id))
    except LocationRefused:
        return
    _kick_if_recorded(result, context)
    if result.outcome is Outcome.CHECKED_IN:
        await reply(update, _phrase(result, officer.locale, context))


@officer_only
async def on_confirm(update: Update, context: Context, officer: OfficerView) -> None:
    query = update.callback_query
    assert query is not None
    ctx, locale = bot_ctx(context), officer.locale
    if query.data == CHECKIN_NO:
        await edit_or_reply(update, t("checkin_cancelled", locale))
        return
    parsed = parse_checkin_confirmation(query.data or "")
    if parsed is None:
        await reply(update, t("core_stale_button", locale))
        return
    visit_id, fix = parsed
    now = CLOCK.now().astimezone(ctx.settings.tz)
    try:
        result = await confirm_outside(ctx.uow, officer.id, visit_id, fix, policy=_policy(context), day=now.date(),
                                       now=now, record_uow=ctx.uow.for_update(update.update_id))
    except LocationRefused:
        await edit_or_reply(update, t("checkin_confirm_expired", locale))
        return
    _kick_if_recorded(result, context)
    await edit_or_reply(update, _phrase(result, locale, context))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.LOCATION, on_location))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.LOCATION, on_live_move))
    application.add_handler(CallbackQueryHandler(on_confirm, pattern=f"^({CHECKIN_YES}|{CHECKIN_NO}$)"))
