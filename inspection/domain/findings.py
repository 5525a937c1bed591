"""What a suspected item may hold: field lengths, counts, and which typed text can be stored.

Written once here; the report conversation checks each answer with these rules as it is typed,
and ``FindingInput.validated`` checks them again before anything is saved (for every channel).
"""

from __future__ import annotations

import unicodedata

from inspection.domain.errors import InvalidInput

# The longest text each field of a finding keeps (characters, after trimming).
FIELD_LIMITS = {"product": 200, "category": 50, "brand": 100, "rights_holder": 200, "unit": 10, "notes": 4000}
DEFAULT_UNIT = "件"
# Goods checked and leaflets handed out at one visit: beyond this it is a typing slip.
MAX_COUNT = 10_000_000
# How much of a field the review screen repeats (the stored text is never shortened).
REVIEW_SHOWS = 300

# Characters that show nothing: spaces of every kind, zero-width and direction marks, controls.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"})


def unreadable(ch: str) -> bool:
    """NUL, other control characters (but line breaks and tabs) and lone surrogates cannot be stored."""
    category = unicodedata.category(ch)
    return category == "Cs" or (category == "Cc" and ch not in "\n\t\r")


def visible(text: str) -> bool:
    """True when ``text`` shows at least one character (not only spaces or invisible marks)."""
    return any(unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch != "\u3164" for ch in text)


def clean_text(text: str, field: str, *, required: bool = False) -> str:
    """``text`` trimmed, as a finding's ``field`` may keep it; raises ``InvalidInput`` otherwise.

    Codes: ``text_unreadable`` (NUL, control characters, broken characters), ``product_empty`` /
    ``text_invisible`` (nothing visible), ``field_too_long`` (with ``limit``).
    """
    if any(unreadable(ch) for ch in text):
        raise InvalidInput(f"{field} holds characters that cannot be stored", code="text_unreadable", field=field)
    value = text.strip()
    if value and not visible(value):
        raise InvalidInput(f"{field} shows nothing", code="product_empty" if required else "text_invisible",
                           field=field)
    if required and not value:
        raise InvalidInput(f"{field} is empty", code="product_empty", field=field)
    limit = FIELD_LIMITS.get(field)
    if limit is not None and len(value) > limit:
        raise InvalidInput(f"{field} longer than {limit} characters", code="field_too_long", field=field, limit=limit)
    return value


def check_count(value: int, field: str) -> int:
    """A count of goods or leaflets: 0 to ``MAX_COUNT``."""
    if value < 0 or value > MAX_COUNT:
        raise InvalidInput(f"{field} must be between 0 and {MAX_COUNT}", code="count_out_of_range", field=field)
    return value


def shorten(text: str, limit: int = REVIEW_SHOWS) -> str:
    """``text`` as a screen repeats it: at most ``limit`` characters, an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
