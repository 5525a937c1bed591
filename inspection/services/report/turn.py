"""One answer being worked out: the officer, his draft, what to say, and how refusals are told."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.config import Settings
from inspection.domain.errors import DomainError, NotFound
from inspection.domain.findings import shorten, unreadable
from inspection.services.bot_state import IS_KEY, StateRow, state_row
from inspection.services.report.drafts import UNREAD, Draft, Unread, draft_of, draft_params, read_draft_row
from inspection.services.report.talk import Phrase
from inspection.store.joined import core_execute
from inspection.store.tables import BotState, Officer

# How much of a refused answer is quoted back.
ECHO_SHOWS = 60
# Refusals after which the report cannot go on at that visit (the draft is dropped).
FINAL_REFUSALS = ("visit_closed", "visit_not_open", "not_in_team", "visit_not_found")
# Refusal codes the report phrases itself (``report.<code>``); any other is ``report.refused``.
PHRASED = ("count_out_of_range", "field_too_long", "file_empty", "file_too_big", "finding_not_found", "not_in_team",
           "number_empty", "number_negative", "number_not_whole", "number_too_large", "number_too_precise",
           "number_unreadable", "product_empty", "quantity_not_positive", "text_invisible", "text_unreadable",
           "visit_closed", "visit_not_open")
# The officer's state and his draft (SQLite's lock and read in one statement), built once.
_OFFICER_AND_DRAFT = (sa.select(col(Officer.active), col(Officer.locale), col(BotState.id), col(BotState.data))
                      .select_from(Officer).outerjoin(BotState, IS_KEY)
                      .where(col(Officer.id) == bindparam("officer_id")))


@dataclass
class Turn:
    session: AsyncSession
    officer_id: int
    locale: str
    draft: Draft | None
    now: datetime
    settings: Settings
    said: list[Phrase] = field(default_factory=list)
    ask: bool = False
    stale: bool = False
    notified: bool = False
    entered_by: int | None = None  # who typed the answers for the officer (a paper form), if not himself
    visit_id: int | None = None  # the visit a paper report is for (else the officer's current one)
    draft_row: StateRow | None | Unread = UNREAD  # the draft's row as read in this transaction

    def say(self, key: str, **params: Any) -> None:
        self.said.append(Phrase(f"report.{key}", params))

    def explain(self, exc: DomainError) -> None:
        params = {k: printable(v) for k, v in exc.params.items()}
        if exc.code in PHRASED:
            self.say(exc.code, **{"closed_by": "", "status": "", "text": "", "limit": "", **params})
        else:
            self.say("refused", code=exc.code)

    async def lock(self, *, read_draft: bool = False) -> None:
        """Hold the officer's row until commit: his answers are taken one at a time. With
        ``read_draft``, his draft is read too, after the lock (it guards the draft); else what was
        read of the draft before no longer counts (a rollback came between)."""
        self.draft_row = UNREAD
        if read_draft and _one_snapshot(self.session):
            # SQLite: the lock is a plain read there (writers take turns), and a transaction reads
            # one snapshot whatever its statements, so the officer and the draft are one statement.
            params = {"officer_id": self.officer_id, **draft_params(self.officer_id, self.entered_by)}
            found = (await core_execute(self.session, _OFFICER_AND_DRAFT, params)).first()
            active, locale = (found[0], found[1]) if found is not None else (False, "")
            row = state_row(found[2], found[3]) if found is not None else None
        else:
            # PostgreSQL: a statement waiting for the lock would still see the draft as it was
            # before the holder committed; read the draft by a statement of its own once locked.
            officer = await self.session.get(Officer, self.officer_id, with_for_update=True, populate_existing=True)
            active, locale = (officer.active, officer.locale) if officer is not None else (False, "")
            row = await read_draft_row(self.session, self.officer_id, self.entered_by) \
                if read_draft and officer is not None else None
        if not active:
            raise NotFound(f"no active officer {self.officer_id}", code="officer_not_found")
        self.locale = locale
        if read_draft:
            self.draft_row, self.draft = row, draft_of(row)


def _one_snapshot(session: AsyncSession) -> bool:
    bind = session.bind
    return bind is not None and bind.dialect.name == "sqlite"


def printable(value: Any) -> Any:
    """Echoed text as a message can carry it: short, without NUL or broken characters."""
    if not isinstance(value, str):
        return value
    return "".join("\ufffd" if unreadable(ch) else ch for ch in shorten(value, ECHO_SHOWS))



async def refuse(turn: Turn, exc: DomainError) -> None:
    """Say why a rule refused; end the report when its visit cannot take anything more."""
    if exc.code not in FINAL_REFUSALS:
        turn.explain(exc)
        turn.ask = turn.draft is not None
        return
    turn.draft, turn.ask = None, False
    if exc.code == "visit_not_found":
        turn.say("no_visit")
    else:
        turn.explain(exc)
