"""Reading the periods people type: "2026-04-20:2026-04-26" and months ("2026-04", "2026年4月")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from inspection.domain.errors import InvalidInput

MONTH = re.compile(r"^\s*(\d{4})\s*(?:-|/|\.|年)?\s*(\d{1,2})\s*月?\s*$")


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date (write YYYY-MM-DD)", code="bad_date", text=text) from None


def parse_period(text: str) -> tuple[date, date]:
    """``FROM:TO`` (both days included)."""
    if ":" not in text:
        raise InvalidInput(f"'{text}' is not a period (write FROM:TO, e.g. 2026-04-20:2026-04-26)",
                           code="bad_period", text=text)
    start_text, end_text = text.split(":", 1)
    start, end = parse_day(start_text), parse_day(end_text)
    if end < start:
        raise InvalidInput(f"the period ends ({end}) before it starts ({start})", code="bad_period", text=text)
    return start, end


def parse_month(text: str) -> date:
    """The first day of the month written as 2026-04, 2026/4, 202604 or 2026年4月."""
    m = MONTH.match(text)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise InvalidInput(f"'{text}' is not a month (write YYYY-MM, e.g. 2026-04)", code="bad_month", text=text)
    return date(int(m.group(1)), int(m.group(2)), 1)


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)
