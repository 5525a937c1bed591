"""Reading form fields and query parameters: a bad value raises ``InvalidInput`` naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from inspection.domain.errors import InvalidInput


def text(data: Mapping[str, Any], name: str, *, required: bool = False, max_len: int = 200) -> str:
    value = str(data.get(name, "") or "").strip()
    if required and not value:
        raise InvalidInput(f"{name} is required", code="field_required", field=name)
    if len(value) > max_len:
        raise InvalidInput(f"{name} is longer than {max_len} characters", code="field_too_long", field=name,
                           max=max_len)
    return value


def day(data: Mapping[str, Any], name: str) -> date:
    value = text(data, name, required=True, max_len=10)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}: '{value}' is not a date (YYYY-MM-DD)", code="field_date", field=name,
                           value=value) from None


def integer(data: Mapping[str, Any], name: str, *, default: int | None = None, low: int = 0,
            high: int = 1_000_000) -> int | None:
    value = text(data, name, max_len=12)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(f"{name}: '{value}' is not a whole number", code="field_number", field=name,
                           value=value) from None
    if not low <= number <= high:
        raise InvalidInput(f"{name}: {number} is outside {low}..{high}", code="field_range", field=name,
                           low=low, high=high)
    return number


def many(data: Any, name: str) -> list[str]:
    """Every value of a repeated field (checkboxes), or a comma-separated text."""
    values = data.getall(name, []) if hasattr(data, "getall") else data.get(name, [])
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        out += [p.strip() for p in str(v).replace("，", ",").replace("、", ",").split(",") if p.strip()]
    return list(dict.fromkeys(out))


def choices(data: Any, name: str, allowed: set[str]) -> list[str]:
    values = many(data, name)
    bad = [v for v in values if v not in allowed]
    if bad:
        raise InvalidInput(f"{name}: unknown value(s) {', '.join(bad)}", code="field_choice", field=name,
                           value=", ".join(bad))
    return values


def targets(data: Mapping[str, Any], name: str) -> dict[str, int]:
    """``sites_inspected=80, goods_checked=5000``."""
    out: dict[str, int] = {}
    for part in many(data, name):
        key, sep, number = part.partition("=")
        if not sep or not key.strip() or not number.strip().isdigit():
            raise InvalidInput(f"{name}: '{part}' is not like sites_inspected=80", code="field_targets",
                               field=name, value=part)
        out[key.strip()] = int(number.strip())
    return out
