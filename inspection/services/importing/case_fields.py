"""The cells of a case register row (``import cases``): parsers that need no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from inspection.domain import cases as rules
from inspection.domain.enums import CaseSource, CaseState, CaseType
from inspection.domain.errors import InvalidInput
from inspection.domain.numbers import parse_money
from inspection.services.importing import fields as f

OUTCOMES = {s.value for s in rules.OUTCOMES}


def parse_money_cell(text: str) -> Decimal:
    if not f.normalize(text):
        return Decimal(0)
    try:
        value = parse_money(text)
    except InvalidInput:
        raise f.FieldError("bad_money", value=text) from None
    if value < 0:
        raise f.FieldError("bad_money", value=text)
    return value


def _outcome(text: str) -> str:
    if not f.normalize(text):
        return ""
    state = f.parse_choice(CaseState, text)
    if state.value not in OUTCOMES:
        raise f.FieldError("bad_choice", value=text, choices="、".join(sorted(OUTCOMES)))
    return state.value


def _required_date(text: str) -> date:
    day = f.parse_date(text)
    if day is None:
        raise f.FieldError("required")
    return day


def _missing() -> Any:
    raise f.FieldError("required")


CASE_FIELDS: dict[str, Any] = {
    "number": lambda s: f.parse_code(s, 60),
    "agency": lambda s: f.parse_text(s, 100, required=True),
    "case_type": lambda s: f.parse_choice(CaseType, s).value if f.normalize(s) else _missing(),
    "source": lambda s: f.parse_choice(CaseSource, s).value if f.normalize(s) else CaseSource.INSPECTION.value,
    "received_on": _required_date,
    "filed_on": f.parse_date,
    "title": lambda s: f.parse_text(s, 200),
    "respondent": lambda s: f.parse_text(s, 200),
    "campaign": lambda s: f.parse_text(s, 200),
    "officer": lambda s: f.parse_text(s, 40),
    "outcome": _outcome,
    "outcome_on": f.parse_date,
    "fine_cny": parse_money_cell,
    "confiscation_cny": parse_money_cell,
    "closed_on": f.parse_date,
}
