"""The message catalog: every text the bot and the CLI show, in zh-CN (default) and en.

Catalogs live in ``inspection/resources/messages/<locale>/<area>.toml`` as flat ``key = "text"`` pairs with
``{name}`` placeholders; each area of the bot keeps its own file. A key missing in a locale falls
back to zh-CN; a key missing everywhere is a bug and raises ``KeyError`` (tests catch it).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from inspection.config import CONFIG_DIR, LOCALES

DEFAULT_LOCALE = "zh-CN"
MESSAGES_DIR = CONFIG_DIR / "messages"


@cache
def catalog(locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    folder = MESSAGES_DIR / locale
    for path in sorted(Path(folder).glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for key, value in data.items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice ({path.name})")
            merged[key] = str(value)
    return merged


def normalize_locale(locale: str | None) -> str:
    if not locale:
        return DEFAULT_LOCALE
    if locale.lower().startswith("en"):
        return "en"
    if locale.lower().startswith("zh"):
        return "zh-CN"
    return locale if locale in LOCALES else DEFAULT_LOCALE


def t(key: str, locale: str | None = None, **params: Any) -> str:
    """The text for ``key`` in ``locale``, with ``{placeholders}`` filled from ``params``."""
    loc = normalize_locale(locale)
    text = catalog(loc).get(key)
    if text is None:
        text = catalog(DEFAULT_LOCALE)[key]
    return text.format(**params) if params else text
