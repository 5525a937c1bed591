"""/cases for the officer in charge: open cases with their deadlines, and a button per step.

Pressing a step asks for the reason, typed as a reply to the bot's question; the step is recorded
through ``services.cases.move_case`` in the same transaction that marks the update as processed.
Penalty decisions carry amounts and legal review and are recorded in the console or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from inspection.bot.auth import current_officer
from inspection.bot.context import bot_ctx
from inspection.bot.i18n import t
from inspection.domain.cases import REASON_REQUIRED, IllegalTransition, is_resumption
from inspection.domain.enums import CaseSource, CaseState, CaseType
from inspection.domain.errors import DomainError, NotFound
from inspection.domain.labels import label
from inspection.services.cases.actions import move_case
from inspection.services.cases.queries import CaseInfo, case_number_for, get_case, list_cases, today_in
from inspection.services.officers import OfficerView
from inspection.services.processed_updates import AlreadyProcessed

PREFIX = "cases:"
LIST_LIMIT = 30


PENDING_KEY = "cases_pending"  # chat_data: {question message id: step}, JSON, persisted with the chat


@dataclass(frozen=True)
class PendingStep:
    case_id: int
    target: CaseState
    officer_id: int

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "target": self.target.value, "officer_id": self.officer_id}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingStep:
        return cls(case_id=int(data["case_id"]), target=CaseState(data["target"]),
                   officer_id=int(data["officer_id"]))


def _pending(chat_data: Any) -> dict[str, Any]:
    """The chat's questions waiting for a reason (kept in chat_data, so a restart keeps them)."""
    if chat_data is None:
        return {}
    found = chat_data.get(PENDING_KEY)
    return found if isinstance(found, dict) else {}


def prompt_key(prompt: Message | str) -> str:
    """Which question a reply answers: the question's text (it names the case and the step), not
    its message id, which is known only once the reply has left, after the update's commit."""
    text = prompt if isinstance(prompt, str) else (prompt.text or prompt.caption or "")
    return " ".join(text.split())


class _ReplyToPrompt(filters.MessageFilter):
    """A reply to one of our questions; other replies are left to the other handlers."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        super().__init__(name="cases_reason_reply")
        self.application = application

    def filter(self, message: Message) -> bool:
        reply = message.reply_to_message
        if reply is None:
            return False
        return prompt_key(reply) in _pending(self.application.chat_data.get(message.chat_id))


def _state(state: str | CaseState, locale: str) -> str:
    return label(CaseState(state), locale)


def due_text(case: CaseInfo, today: date, locale: str) -> str:
    if case.outcome and case.outcome_on is not None and case.closed_on is None:
        return t("cases.awaiting_close", locale, outcome=_state(case.outcome, locale),
                 date=case.outcome_on.isoformat())
    if case.closed_on is not None:
        return t("cases.closed_on", locale, date=case.closed_on.isoformat())
    days = case.days_left(today)
    if case.due_on is None or days is None:
        return t("cases.no_deadline", locale)
    if case.suspended_since is not None:
        return t("cases.due_paused", locale, date=case.due_on.isoformat())
    if days < 0:
        return t("cases.overdue", locale, days=-days, date=case.due_on.isoformat())
    if days == 0:
        return t("cases.due_today", locale, date=case.due_on.isoformat())
    return t("cases.due_in", locale, days=days, date=case.due_on.isoformat())


def reminder_text(payload: dict[str, Any], locale: str) -> str:
    """The words of a ``case_due`` notification queued by ``services.cases.reminders``."""
    days = int(payload["days_left"])
    names = {"number": payload["number"], "title": payload.get("title") or "-", "date": payload["due_on"]}
    if days < 0:
        return t("cases.reminder_overdue", locale, days=-days, **names)
    if days == 0:
        return t("cases.reminder_today", locale, **names)
    return t("cases.reminder_due", locale, days=days, **names)


def _list_view(cases: list[CaseInfo], today: date, locale: str) -> tuple[str, InlineKeyboardMarkup | None]:
    if not cases:
        return t("cases.none", locale), None
    lines = [t("cases.header", locale, count=len(cases))]
    for c in cases:
        title = c.title or c.respondent or t("cases.untitled", locale)
        lines.append(t("cases.line", locale, number=c.number, title=title, state=_state(c.state, locale),
                       due=due_text(c, today, locale)))
    lines.append(t("cases.pick_hint", locale))
    rows = [[InlineKeyboardButton(c.number, callback_data=f"{PREFIX}open:{c.id}")] for c in cases]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _step_label(case: CaseInfo, target: CaseState, locale: str) -> str:
    if is_resumption(CaseState(case.state), target):
        return t("cases.btn_resume", locale)
    return _state(target, locale)


def _detail_view(case: CaseInfo, today: date, locale: str) -> tuple[str, InlineKeyboardMarkup]:
    text = t("cases.detail", locale, number=case.number, case_type=label(CaseType(case.case_type), locale),
             source=label(CaseSource(case.source), locale), respondent=case.respondent or "-",
             state=_state(case.state, locale), received=case.received_on.isoformat(),
             filed=case.filed_on.isoformat() if case.filed_on else "-", due=due_text(case, today, locale))
    steps = [CaseState(s) for s in case.allowed_next if s != CaseState.DECIDED.value]
    notes = [t("cases.choose_step", locale) if steps else t("cases.no_steps", locale)]
    if CaseState.DECIDED.value in case.allowed_next:
        notes.append(t("cases.decide_elsewhere", locale))
    rows = [[InlineKeyboardButton(_step_label(case, s, locale), callback_data=f"{PREFIX}to:{case.id}:{s.value}")]
            for s in steps]
    rows.append([InlineKeyboardButton(t("cases.btn_back", locale), callback_data=f"{PREFIX}list")])
    return text + "\n\n" + "\n".join(notes), InlineKeyboardMarkup(rows)


def _refusal(exc: DomainError, locale: str) -> str:
    if isinstance(exc, IllegalTransition):
        allowed = "、".join(_state(s, locale) for s in str(exc.params.get("allowed", "")).split(", ")
                           if s in {m.value for m in CaseState}) or "-"
        return t("cases.refused_transition", locale, current=_state(exc.params["current"], locale),
                 target=_state(exc.params["target"], locale), allowed=allowed)
    if exc.code == "case_reason_required":
        return t("cases.refused_reason", locale, target=_state(exc.params["target"], locale))
    if exc.code == "case_date_order":
        return t("cases.refused_date", locale)
    return t("cases.refused_other", locale)


class CaseHandlers:
    async def show_list(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        officer = await current_officer(update, context)
        if officer is None or update.effective_message is None:
            return
        ctx = bot_ctx(context)
        cases = await list_cases(ctx.uow, ctx.settings, officer_id=officer.id, open_only=True, limit=LIST_LIMIT)
        text, markup = _list_view(cases, today_in(ctx.settings), officer.locale)
        await update.effective_message.reply_text(text, reply_markup=markup)

    async def _own_case(self, update: Update, context: ContextTypes.DEFAULT_TYPE, case_id: int,
                        officer: OfficerView) -> CaseInfo | None:
        ctx = bot_ctx(context)
        try:
            case = await get_case(ctx.uow, ctx.settings, await case_number_for(ctx.uow, case_id))
        except NotFound:
            await self._say(update, t("cases.stale", officer.locale))
            return None
        if case.officer_in_charge_id != officer.id:
            await self._say(update, t("cases.not_yours", officer.locale))
            return None
        return case

    @staticmethod
    async def _say(update: Update, text: str, markup: Any = None) -> Message | None:
        chat = update.effective_chat
        if chat is None:
            return None
        return await chat.send_message(text, reply_markup=markup)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or query.data is None:
            return
        await query.answer()
        officer = await current_officer(update, context)
        if officer is None:
            return
        ctx, locale = bot_ctx(context), officer.locale
        parts = query.data.removeprefix(PREFIX).split(":")
        today = today_in(ctx.settings)
        try:
            if parts[0] == "list":
                cases = await list_cases(ctx.uow, ctx.settings, officer_id=officer.id, open_only=True,
                                         limit=LIST_LIMIT)
                text, markup = _list_view(cases, today, locale)
                await query.edit_message_text(text, reply_markup=markup)
            elif parts[0] == "open":
                case = await self._own_case(update, context, int(parts[1]), officer)
                if case is not None:
                    text, markup = _detail_view(case, today, locale)
                    await query.edit_message_text(text, reply_markup=markup)
            elif parts[0] in ("to", "skip"):
                await self._step(update, context, officer, int(parts[1]), CaseState(parts[2]),
                                 record_now=parts[0] == "skip")
            else:
                await self._say(update, t("cases.stale", locale))
        except (IndexError, ValueError):
            await self._say(update, t("cases.stale", locale))

    async def _step(self, update: Update, context: ContextTypes.DEFAULT_TYPE, officer: OfficerView, case_id: int,
                    target: CaseState, *, record_now: bool) -> None:
        case = await self._own_case(update, context, case_id, officer)
        if case is None:
            return
        step = PendingStep(case_id=case_id, target=target, officer_id=officer.id)
        if record_now:
            await self._record(update, context, officer, step, "")
            return
        locale = officer.locale
        names = {"number": case.number, "from_state": _state(case.state, locale),
                 "to_state": _step_label(case, target, locale)}
        if target in REASON_REQUIRED:
            markup: Any = ForceReply(input_field_placeholder=t("cases.reason_placeholder", locale))
            question = t("cases.ask_reason", locale, **names)
        else:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(
                t("cases.btn_no_reason", locale), callback_data=f"{PREFIX}skip:{case_id}:{target.value}")]])
            question = t("cases.ask_reason_optional", locale, **names)
        prompt = await self._say(update, question, markup)
        if prompt is not None and context.chat_data is not None:  # committed with this update
            context.chat_data[PENDING_KEY] = {**_pending(context.chat_data), prompt_key(question): step.to_json()}

    async def on_reason(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.reply_to_message is None:
            return
        key = prompt_key(message.reply_to_message)
        data = _pending(context.chat_data).get(key)
        officer = await current_officer(update, context)
        if officer is None or data is None:
            return
        step = PendingStep.from_json(data)
        if step.officer_id != officer.id:
            await message.reply_text(t("cases.not_yours", officer.locale))
            return
        if await self._record(update, context, officer, step, message.text or "") and context.chat_data is not None:
            context.chat_data[PENDING_KEY] = {k: v for k, v in _pending(context.chat_data).items() if k != key}

    async def _record(self, update: Update, context: ContextTypes.DEFAULT_TYPE, officer: OfficerView,
                      step: PendingStep,
                      reason: str) -> bool:
        ctx, locale = bot_ctx(context), officer.locale
        try:
            number = await case_number_for(ctx.uow, step.case_id)
            case = await move_case(ctx.uow.for_update(update.update_id), ctx.settings, number, step.target,
                                   reason=reason, actor_id=officer.id)
        except AlreadyProcessed:
            return True
        except DomainError as exc:
            await self._say(update, _refusal(exc, locale))
            return False
        text = t("cases.moved", locale, number=case.number, state=_state(case.state, locale),
                 due=due_text(case, today_in(ctx.settings), locale))
        if case.closed_on_time is not None:
            text += "\n" + t("cases.closed_on_time" if case.closed_on_time else "cases.closed_late", locale)
        await self._say(update, text)
        return True


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    handlers = CaseHandlers()
    application.add_handler(CommandHandler("cases", handlers.show_list))
    application.add_handler(CallbackQueryHandler(handlers.on_button, pattern=f"^{PREFIX}"))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & _ReplyToPrompt(application),
                                           handlers.on_reason))
