"""The bot's view of the message catalog; the catalog itself is ``inspection.i18n`` (the CLI uses it too)."""

from inspection.i18n import DEFAULT_LOCALE, MESSAGES_DIR, catalog, normalize_locale, t

__all__ = ["DEFAULT_LOCALE", "MESSAGES_DIR", "catalog", "normalize_locale", "t"]
