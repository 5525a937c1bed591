"""One update inside a findings report: the officer, the draft, and how to answer them.

``Turn`` gathers what every report handler needs: the officer (through ``auth``), the report
draft from the database (the truth about where the officer is), a unit of work bound to the
update (so each write records the update as processed, exactly once) and ``say`` / ``ask``.
``run`` serialises one officer's updates (an album arrives as several updates at once) and
acknowledges a redelivered update without a second effect.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, ConversationHandler

from inspection.bot import report_steps as steps
from inspection.bot.auth import current_officer
from inspection.bot.context import bot_ctx
from inspection.bot.errors import phrase_error
from inspection.bot.i18n import catalog, t
from inspection.domain.errors import DomainError
from inspection.services.officers import OfficerView
from inspection.services.processed_updates import AlreadyProcessed
from inspection.services.report_drafts import Draft, load_draft, save_draft

END = ConversationHandler.END
DRAFT_USERS = "report.draft_users"
_LOCKS = "report.locks"
# Refusals after which the report cannot go on at that visit.
FINAL_REFUSALS = ("visit_closed", "visit_not_open", "not_in_team", "visit_not_found")


class Turn:
    def __init__(self, update: Update, context: ContextTypes.DEFAULT_TYPE, officer: OfficerView) -> None:
        self.update, self.context, self.officer = update, context, officer
        self.ctx = bot_ctx(context)
        self.locale = officer.locale
        self.key = str(update.effective_user.id) if update.effective_user else ""
        self.uow = self.ctx.uow.for_update(update.update_id)
        self.draft: Draft | None = None
        self._answered = False  # a button press is answered once (Telegram refuses a second answer)

    @property
    def today(self) -> date:
        return datetime.now(self.ctx.settings.tz).date()

    @property
    def step(self) -> object:
        return self.draft["step"] if self.draft is not None else END

    async def acknowledge(self, key: str | None = None) -> None:
        """Answer the pressed button (with a short notice when ``key`` is given)."""
        query = self.update.callback_query
        if query is not None and not self._answered:
            self._answered = True
            try:
                await query.answer(t(key, self.locale) if key else None)
            except BadRequest:  # too old to answer; the message that follows still reaches the user
                pass

    async def retire_buttons(self) -> None:
        """Take the keyboard off the message whose button was pressed, so old buttons do not linger."""
        query = self.update.callback_query
        if query is not None and query.message is not None:
            try:
                await query.edit_message_reply_markup(reply_markup=None)
            except TelegramError:  # too old or already plain: harmless
                pass

    async def say(self, key: str, markup: InlineKeyboardMarkup | None = None, **params: Any) -> None:
        await self.send(t(key, self.locale, **params), markup)

    async def send(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        await self.acknowledge()
        chat = self.update.effective_chat
        assert chat is not None
        await self.context.bot.send_message(chat_id=chat.id, text=text, reply_markup=markup)

    async def ask(self) -> object:
        """Send the current step's question; returns the step (the conversation's next state)."""
        assert self.draft is not None
        text, markup = steps.question(self.draft, self.locale)
        await self.send(text, markup)
        return self.draft["step"]

    async def store(self, draft: Draft | None) -> None:
        """Write (or with ``None`` remove) the draft, recording this update as processed."""
        await save_draft(self.uow, self.key, draft)
        self.draft = draft
        remember(self.context, self.key, draft is not None)

    def forget(self) -> None:
        """The draft was removed by the service's own transaction."""
        self.draft = None
        remember(self.context, self.key, False)

    async def explain(self, exc: DomainError, **extra: Any) -> None:
        """Say why ``exc`` refused, in the report's words when it has them, else the bot's."""
        key = f"report.{exc.code}"
        if key in catalog("zh-CN"):
            await self.say(key, **{"closed_by": "", "status": "", "text": "", "limit": "", **extra, **exc.params})
        else:
            await self.send(phrase_error(exc, self.locale))

    async def refuse(self, exc: DomainError) -> object:
        """Say why a rule refused; end the report when its visit cannot take anything more."""
        if exc.code in FINAL_REFUSALS:
            if self.draft is not None:
                await self.store(None)
            if exc.code in FINAL_REFUSALS[:3]:
                await self.explain(exc)
            else:
                await self.say("report.no_visit")
            return END
        await self.explain(exc)
        return await self.ask() if self.draft is not None else END


def remember(context: ContextTypes.DEFAULT_TYPE, key: str, active: bool) -> None:
    """Keep the in-memory list of officers with a draft (it lets a lost conversation resume)."""
    users: set[str] = context.application.bot_data.setdefault(DRAFT_USERS, set())
    if active:
        users.add(key)
    else:
        users.discard(key)


async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE, *, need_draft: bool = True) -> Turn | None:
    """The turn for this update, or ``None`` after answering (not linked; no report when one is needed)."""
    officer = await current_officer(update, context)
    if officer is None:
        return None
    turn = Turn(update, context, officer)
    turn.draft = await load_draft(turn.ctx.uow, turn.key)
    remember(context, turn.key, turn.draft is not None)
    if turn.draft is None and need_draft:
        await turn.acknowledge("report.stale_button")
        await turn.say("report.no_report")
        return None
    return turn


async def run(turn: Turn, work: Callable[[], Awaitable[object]], *, need_draft: bool = True) -> object:
    """Run ``work`` under the officer's lock, on the draft as it is now (an album's photos arrive
    together); a redelivered update is acknowledged and ignored."""
    locks: dict[str, asyncio.Lock] = turn.context.application.bot_data.setdefault(_LOCKS, {})
    async with locks.setdefault(turn.key, asyncio.Lock()):
        turn.draft = await load_draft(turn.ctx.uow, turn.key)
        if turn.draft is None and need_draft:
            remember(turn.context, turn.key, False)
            await turn.say("report.no_report")
            return END
        try:
            return await work()
        except AlreadyProcessed:
            await turn.acknowledge()
            return turn.step
