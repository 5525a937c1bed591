"""Facts about sites that planning and the bot share: opening hours, visit priority."""

from __future__ import annotations

import re

from inspection.domain.errors import InvalidInput

_HOURS = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*[-–—~至到]\s*(\d{1,2})[:：](\d{2})\s*$")
ALL_DAY = (0, 24 * 60)


def parse_opening_hours(text: str) -> tuple[int, int]:
    """Opening hours "08:00-21:00" as minutes after midnight; empty means open all day.

    A closing time past midnight ("18:00-02:00") is read as the same evening until midnight.
    Raises ``InvalidInput`` for text that is not a time range.
    """
    if not text or not text.strip():
        return ALL_DAY
    if text.strip() in {"24h", "24小时", "全天"}:
        return ALL_DAY
    m = _HOURS.match(text)
    if not m:
        raise InvalidInput(f"opening hours '{text}' are not like 08:00-21:00", code="bad_opening_hours", text=text)
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
        raise InvalidInput(f"opening hours '{text}' are not like 08:00-21:00", code="bad_opening_hours", text=text)
    opens, closes = h1 * 60 + m1, h2 * 60 + m2
    if closes <= opens:
        closes = 24 * 60
    return opens, min(closes, 24 * 60)


def visit_priority(risk_level: int, complaints: int, focus: bool) -> int:
    """Priority of a visit, 1..10: risk level weighs most, complaints and campaign focus add to it."""
    return max(1, min(10, 2 * max(1, min(3, risk_level)) + min(complaints, 2) + (2 if focus else 0)))
