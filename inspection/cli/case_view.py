"""How ``inspection cases`` shows a case: lists, one case, and refusals naming states in the run's words."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from inspection.cli.text import current_locale, say, table
from inspection.domain.enums import CaseSource, CaseState, CaseType
from inspection.domain.errors import DomainError
from inspection.domain.labels import label
from inspection.services.cases import queries as q

Command = Callable[..., Awaitable[int]]
STATE_PARAMS = ("current", "target", "state")


def in_words(command: Command) -> Command:
    """A case refusal names states by the run's words (调查中 / investigating), not by their codes."""
    @functools.wraps(command)
    async def run(*args: Any, **kwargs: Any) -> int:
        try:
            return await command(*args, **kwargs)
        except DomainError as exc:
            for key in STATE_PARAMS:
                if key in exc.params:
                    exc.params[key] = word(CaseState, str(exc.params[key]))
            if "allowed" in exc.params:
                codes = [c.strip() for c in str(exc.params["allowed"]).split(",")]
                words = [word(CaseState, c) for c in codes if c in {s.value for s in CaseState}]
                exc.params["allowed"] = say("cli.list_separator").join(words) or say("cli.cases.none_allowed")
            raise
    return run


def word(enum: Any, code: str | None) -> str:
    """A stored code (state, type, source) as the run's word; an unknown code as it is."""
    if not code:
        return "-"
    try:
        return label(enum(code), current_locale())
    except (ValueError, KeyError):
        return code


def due(c: q.CaseInfo, today: date) -> str:
    left = c.days_left(today)
    if c.due_on is None:
        return "-"
    if c.clock_running and left is not None:
        return say("cli.cases.due_left", due=c.due_on, left=f"{left:+d}")
    return str(c.due_on)


def print_list(rows: list[q.CaseInfo], today: date) -> None:
    header = [say(f"cli.cases.col_{k}") for k in ("number", "state", "type", "due", "officer", "title")]
    body = [[c.number, word(CaseState, c.state), word(CaseType, c.case_type), due(c, today),
             c.officer_in_charge, c.title] for c in rows]
    for line in table([header, *body]):
        print(line)



def review(c: q.CaseInfo) -> str | None:
    if not c.legal_review_by:
        return None
    key = "cli.cases.review_approved" if c.legal_review_approved else "cli.cases.review_refused"
    return say(key, reviewer=c.legal_review_by, amount=c.legal_review_cny)


def print_case(c: q.CaseInfo) -> None:
    print(say("cli.cases.show_head", number=c.number, state=word(CaseState, c.state),
              case_type=word(CaseType, c.case_type), agency=c.agency, source=word(CaseSource, c.source)))
    yes_no = {True: say("cli.cases.yes"), False: say("cli.cases.no"), None: None}
    fields = (("title", c.title), ("respondent", c.respondent), ("campaign", c.campaign),
              ("officer", c.officer_in_charge), ("received", c.received_on), ("filed", c.filed_on),
              ("due", c.due_on), ("suspended_days", c.suspended_days or None),
              ("outcome", c.outcome and say("cli.cases.outcome_on", outcome=word(CaseState, c.outcome),
                                             day=c.outcome_on)),
              ("closed", c.closed_on), ("on_time", yes_no[c.closed_on_time] if c.closed_on else None),
              ("fine", c.fine_cny or None), ("confiscation", c.confiscation_cny or None),
              ("goods", c.goods_confiscated), ("mediation", c.mediation_agreement),
              ("withdrawal", c.withdrawal_reason), ("transferred", c.transferred_to),
              ("findings", say("cli.list_separator").join(map(str, c.finding_ids))), ("review", review(c)),
              ("next", say("cli.list_separator").join(word(CaseState, s) for s in c.allowed_next) or "-"))
    shown = [[say(f"cli.cases.f_{key}"), value] for key, value in fields if value not in (None, "")]
    for line in table(shown):
        print("  " + line)
    print("  " + say("cli.cases.history"))
    events = [[e.on_date, f"{word(CaseState, e.from_state)} -> {word(CaseState, e.to_state)}", e.actor, e.reason]
              for e in c.events]
    for line in table(events):
        print("    " + line)

