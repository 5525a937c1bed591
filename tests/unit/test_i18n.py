"""Every key of the catalog exists in both languages with the same placeholders."""

from __future__ import annotations

import string

from inspection.bot.i18n import catalog


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_exists_in_chinese_and_english_with_the_same_placeholders() -> None:
    zh, en = catalog("zh-CN"), catalog("en")
    assert set(zh) == set(en), f"only zh: {set(zh) - set(en)}; only en: {set(en) - set(zh)}"
    for key in zh:
        assert _fields(zh[key]) == _fields(en[key]), key
