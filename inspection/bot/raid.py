"""``/raid``: a coordinator schedules a raid day from the phone, all by buttons.

Campaign -> day -> districts -> site types -> surprise or not -> the draft from the planning
service (teams, visits per team, travel, sites left out and why) -> move a site to another team
or exclude it (re-planned with the pin or exclusion) -> publish. Only coordinators of an agency
taking part in the campaign. The wizard's state, draft included, is kept in the database
(``services.bot_state``), so a restart loses nothing; publishing is exactly once per update.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from inspection.bot.auth import coordinator_only
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.bot.outbox import kick_outbox
from inspection.bot.replies import edit_or_reply, reply
from inspection.clock import CLOCK
from inspection.domain.enums import SiteType
from inspection.domain.errors import Forbidden
from inspection.domain.labels import label
from inspection.services.assignments.replies import is_campaign_coordinator
from inspection.services.bot_state import load_value, store_values
from inspection.services.campaigns import get_campaign, list_campaigns
from inspection.services.officers import OfficerView
from inspection.services.planning.drafting import DraftOptions, draft, raid_start
from inspection.services.planning.inputs import site_choices
from inspection.services.planning.model import Draft
from inspection.services.planning.progress import PlanProgress, progress_line, relay
from inspection.services.planning.publish import publish
from inspection.services.planning.text import draft_header, dropped_lines, km

Context = ContextTypes.DEFAULT_TYPE
PREFIX = "rd:"
NAMESPACE = "raid_wizard"
MAX_LISTED = 12


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("raid", start_raid))
    application.add_handler(CallbackQueryHandler(on_step, pattern=f"^{PREFIX}"))


async def _load(context: Context, officer: OfficerView) -> dict[str, Any]:
    return dict(await load_value(bot_ctx(context).uow, NAMESPACE, str(officer.id)) or {})


async def _save(context: Context, officer: OfficerView, state: dict[str, Any] | None) -> None:
    await store_values(bot_ctx(context).uow, NAMESPACE, {str(officer.id): state})


def _rows(buttons: list[Button], per_row: int = 2) -> list[list[Button]]:
    return [buttons[i:i + per_row] for i in range(0, len(buttons), per_row)]


@coordinator_only
async def start_raid(update: Update, context: Context, officer: OfficerView) -> None:
    campaigns = [c for c in await list_campaigns(bot_ctx(context).uow)
                 if c.status == "active" and officer.agency_code in c.agencies]
    await _save(context, officer, None)
    if not campaigns:
        await reply(update, t("planning.raid.no_campaigns", officer.locale))
        return
    buttons = [Button(f"{c.code} {c.name}"[:60], callback_data=f"{PREFIX}c:{c.code}") for c in campaigns]
    await reply(update, t("planning.raid.pick_campaign", officer.locale), reply_markup=Markup(_rows(buttons, 1)))


def _toggles(options: list[str], chosen: list[str], action: str, locale: str, words: dict[str, str]) -> Markup:
    buttons = [Button(("✔ " if o in chosen else "") + words.get(o, o), callback_data=f"{PREFIX}{action}:{i}")
               for i, o in enumerate(options)]
    return Markup(_rows(buttons, 3) + [[Button(t("planning.raid.next", locale), callback_data=f"{PREFIX}n{action}")]])


def _type_words(types: list[str], locale: str) -> dict[str, str]:
    return {x: label(SiteType(x), locale) for x in types if x in SiteType._value2member_map_}


def _draft_view(d: Draft, officer: OfficerView, tz: Any) -> tuple[str, Markup]:
    loc = officer.locale
    lines = draft_header(t, d, loc, tz)
    lines += [t("planning.raid.team_line", loc, number=x.number, leader=x.leader.name, members=len(x.members),
                visits=len(x.visits), km=km(x.travel_m)) for x in d.teams]
    lines += dropped_lines(t, d, loc, MAX_LISTED)
    buttons = [[Button(t("planning.raid.move", loc), callback_data=f"{PREFIX}mv"),
                Button(t("planning.raid.exclude", loc), callback_data=f"{PREFIX}ex")],
               [Button(t("planning.raid.publish", loc), callback_data=f"{PREFIX}pub"),
                Button(t("planning.raid.cancel", loc), callback_data=f"{PREFIX}x")]]
    if not d.teams:
        buttons = [buttons[1][1:]]
    return "\n".join(lines), Markup(buttons)


async def _plan_and_show(update: Update, context: Context, officer: OfficerView, state: dict[str, Any]) -> None:
    ctx = bot_ctx(context)
    await edit_or_reply(update, t("planning.raid.planning", officer.locale))
    options = DraftOptions(districts=tuple(state["districts"]), site_types=tuple(state["site_types"]),
                           pins=tuple((int(a), int(b)) for a, b in state.get("pins", [])),
                           exclusions=tuple(state.get("exclusions", [])), surprise=bool(state["surprise"]))
    plan = await draft(ctx.uow, ctx.settings, state["campaign"], date.fromisoformat(state["day"]), options,
                       now=CLOCK.now(), progress=relay(lambda p: _show_progress(update, officer, p)))
    state["draft"] = plan.to_json()
    await _save(context, officer, state)
    text, markup = _draft_view(plan, officer, ctx.settings.tz)
    await reply(update, text, reply_markup=markup)


async def _show_progress(update: Update, officer: OfficerView, p: PlanProgress) -> None:
    """A long plan's progress in the "planning..." message (edited in place, never a new message)."""
    query = update.callback_query
    if p.phase != "done" and query is not None and isinstance(query.message, Message):
        try:
            await query.message.edit_text(progress_line(t, p, officer.locale))
        except TelegramError:
            pass  # progress is a courtesy: the draft itself follows


@coordinator_only
async def on_step(update: Update, context: Context, officer: OfficerView) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    action, _, arg = query.data.removeprefix(PREFIX).partition(":")
    ctx, loc = bot_ctx(context), officer.locale
    state = await _load(context, officer)
    if action != "c" and not state:
        await edit_or_reply(update, t("planning.raid.expired", loc))
        return
    if action == "c":
        campaign = await get_campaign(ctx.uow, arg)
        if not await is_campaign_coordinator(ctx.uow, officer.id, campaign.id):
            raise Forbidden("not a coordinator of this campaign", code="not_campaign_coordinator")
        now = CLOCK.now()
        first = max(campaign.starts_on, now.astimezone(ctx.settings.tz).date())
        if raid_start(ctx.settings, first) <= now:  # today's raid has started: plan from tomorrow
            first += timedelta(days=1)
        days = [first + timedelta(days=i) for i in range(7) if first + timedelta(days=i) <= campaign.ends_on]
        await _save(context, officer, {"campaign": campaign.code, "districts": [], "site_types": []})
        buttons = [Button(d.isoformat(), callback_data=f"{PREFIX}d:{d.isoformat()}") for d in days]
        await edit_or_reply(update, t("planning.raid.pick_day", loc, campaign=campaign.name),
                            reply_markup=Markup(_rows(buttons, 3)))
    elif action == "d":
        async with ctx.uow() as s:
            state["district_options"], state["type_options"] = await site_choices(s)
        state["day"] = arg
        await _save(context, officer, state)
        await edit_or_reply(update, t("planning.raid.pick_districts", loc),
                            reply_markup=_toggles(state["district_options"], [], "td", loc, {}))
    elif action in ("td", "tt"):
        key, options = ("districts", "district_options") if action == "td" else ("site_types", "type_options")
        value = state[options][int(arg)]
        chosen = state[key]
        chosen.remove(value) if value in chosen else chosen.append(value)
        await _save(context, officer, state)
        words = _type_words(state["type_options"], loc) if action == "tt" else {}
        await query.answer()
        await query.edit_message_reply_markup(_toggles(state[options], chosen, action, loc, words))
    elif action == "ntd":
        await edit_or_reply(update, t("planning.raid.pick_types", loc), reply_markup=_toggles(
            state["type_options"], state["site_types"], "tt", loc, _type_words(state["type_options"], loc)))
    elif action == "ntt":
        await edit_or_reply(update, t("planning.raid.pick_surprise", loc), reply_markup=Markup([[
            Button(t("planning.raid.yes", loc), callback_data=f"{PREFIX}s:1"),
            Button(t("planning.raid.no", loc), callback_data=f"{PREFIX}s:0")]]))
    elif action == "s":
        state["surprise"] = arg == "1"
        await _plan_and_show(update, context, officer, state)
    else:
        await _adjust(update, context, officer, state, action, arg)


async def _adjust(update: Update, context: Context, officer: OfficerView, state: dict[str, Any], action: str,
                  arg: str) -> None:
    ctx, loc = bot_ctx(context), officer.locale
    plan = Draft.from_json(state["draft"]) if state.get("draft") else None
    if plan is None:
        await edit_or_reply(update, t("planning.raid.expired", loc))
        return
    teams = {x.number: x for x in plan.teams}
    if action in ("mv", "ex"):
        buttons = [Button(t("planning.raid.team_button", loc, number=n), callback_data=f"{PREFIX}{action}t:{n}")
                   for n in teams]
        await edit_or_reply(update, t("planning.raid.pick_team", loc), reply_markup=Markup(_rows(buttons, 5)))
    elif action in ("mvt", "ext"):
        team = teams.get(int(arg))
        if team is None or not team.visits:
            await edit_or_reply(update, t("planning.raid.no_sites_in_team", loc))
            return
        nxt = "mvs" if action == "mvt" else "exs"
        buttons = [Button(f"{v.order}. {v.name}"[:60], callback_data=f"{PREFIX}{nxt}:{v.site_id}") for v in team.visits]
        await edit_or_reply(update, t("planning.raid.pick_site", loc), reply_markup=Markup(_rows(buttons, 1)))
    elif action == "mvs":
        state["moving"] = int(arg)
        await _save(context, officer, state)
        buttons = [Button(t("planning.raid.team_button", loc, number=n), callback_data=f"{PREFIX}mvto:{n}")
                   for n in teams]
        await edit_or_reply(update, t("planning.raid.pick_target", loc), reply_markup=Markup(_rows(buttons, 5)))
    elif action == "mvto" and "moving" in state:
        site = state.pop("moving")
        state["pins"] = [p for p in state.get("pins", []) if p[0] != site] + [[site, plan.formed_number(int(arg))]]
        await _plan_and_show(update, context, officer, state)
    elif action == "exs":
        state["exclusions"] = sorted(set(state.get("exclusions", [])) | {int(arg)})
        state["pins"] = [p for p in state.get("pins", []) if p[0] != int(arg)]
        await _plan_and_show(update, context, officer, state)
    elif action == "pub":
        result = await publish(ctx.uow.for_update(update.update_id), plan, actor=f"officer:{officer.id}",
                               actor_id=officer.id, now=CLOCK.now(), tz=ctx.settings.tz)
        await _save(context, officer, None)
        key = "planning.raid.published" if result.created else "planning.raid.already_published"
        lines = [t(key, loc, raid=result.raid_id, teams=result.teams, visits=result.visits, notices=result.notices)]
        if result.unreachable:
            lines.append(t("planning.raid.unreachable", loc, names=t("planning.list_separator", loc).join(
                t("planning.raid.unreachable_name", loc, name=u.name, certificate_no=u.certificate_no)
                for u in result.unreachable)))
        await edit_or_reply(update, "\n".join(lines))
        kick_outbox(context)
    elif action == "x":
        await _save(context, officer, None)
        await edit_or_reply(update, t("planning.raid.cancelled", loc))
