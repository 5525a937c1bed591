"""Domain errors in the user's words: ``error_<code>`` from the catalog, filled with the error's params."""

from __future__ import annotations

from inspection.bot.i18n import catalog, normalize_locale, t
from inspection.domain.errors import DomainError


def phrase_error(error: DomainError, locale: str) -> str:
    key = f"error_{error.code}"
    if key in catalog(normalize_locale(locale)) or key in catalog("zh-CN"):
        try:
            return t(key, locale, **error.params)
        except (KeyError, IndexError):  # the error lacks a placeholder the text needs
            pass
    return t("core_refused", locale)
