"""What the ``inspection`` command prints, in one language per run: the catalog's ``cli.toml``.

``main`` sets the run's locale (from the settings) before the parsers are built, so ``--help``,
the output and the error messages all come out in that language. ``table`` pads columns by their
display width, so Chinese text (two columns a character) lines up with Latin text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from inspection.domain.errors import DomainError
from inspection.i18n import DEFAULT_LOCALE, catalog, normalize_locale, t

_run = {"locale": DEFAULT_LOCALE}


def use_locale(locale: str | None) -> str:
    """Set the language of this run; returns it normalised."""
    _run["locale"] = normalize_locale(locale)
    return _run["locale"]


def current_locale() -> str:
    return _run["locale"]


def say(key: str, **params: Any) -> str:
    """The catalog text ``key`` in this run's language."""
    return t(key, _run["locale"], **params)


def error_text(error: DomainError) -> str:
    """A refusal in this run's language: ``error_<code>`` from the catalog, else the generic line
    with the error's code (the English detail only in an English run)."""
    key = f"error_{error.code}"
    loc = _run["locale"]
    if key in catalog(loc) or key in catalog(DEFAULT_LOCALE):
        try:
            return t(key, loc, **{k: _word(v) for k, v in error.params.items()})
        except (KeyError, IndexError):  # the error lacks a placeholder the text needs
            pass
    return say("cli.refused", code=error.code, detail=str(error))


def _word(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return say("cli.list_separator").join(str(v) for v in value)
    return value


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(rows: Iterable[Sequence[Any]], gap: str = "  ") -> list[str]:
    """Rows of cells as lines with every column but the last padded to its widest cell."""
    cells = [[("-" if c is None or c == "" else str(c)) for c in row] for row in rows]
    if not cells:
        return []
    count = max(len(r) for r in cells)
    widths = [max((width(r[i]) for r in cells if i < len(r)), default=0) for i in range(count)]
    return [gap.join(pad(c, widths[i]) if i < len(r) - 1 else c for i, c in enumerate(r)).rstrip() for r in cells]


# argparse's own words (it looks them up through ``argparse._``, gettext-style) -> catalog keys.
ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "expected one argument": "cli.argparse.expected_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
}


def argparse_words(message: str) -> str:
    """argparse's message in this run's language (unknown messages stay as they are)."""
    key = ARGPARSE_WORDS.get(message)
    return say(key) if key else message
