"""Keyboards the core bot shows: the main reply keyboard, language choice, check-in confirmation."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from inspection.bot.i18n import t
from inspection.config import LOCALES
from inspection.domain.checkin import LocationFix

TODAY_DATA = "today"
LANG_PREFIX = "lang:"
CHECKIN_YES, CHECKIN_NO = "checkin:yes:", "checkin:no"
LANGUAGE_NAMES = {"zh-CN": "中文", "en": "English"}


def main_keyboard(locale: str) -> ReplyKeyboardMarkup:
    """Always at hand: today's assignments, and sharing the location to check in."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(t("kb_today", locale)), KeyboardButton(t("kb_checkin", locale), request_location=True)]],
        resize_keyboard=True, is_persistent=True,
    )


def today_button_texts() -> set[str]:
    return {t("kb_today", locale) for locale in LOCALES}


def today_inline(locale: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("kb_today", locale), callback_data=TODAY_DATA)]])


def language_choice() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(LANGUAGE_NAMES[loc], callback_data=LANG_PREFIX + loc)
                                  for loc in LOCALES]])


def checkin_confirmation(visit_id: int, fix: LocationFix, locale: str) -> InlineKeyboardMarkup:
    """Yes/No for a check-in outside the radius; the fix rides along in the button (<= 64 bytes)."""
    acc = "" if fix.accuracy_m is None else str(int(round(fix.accuracy_m)))
    data = f"{CHECKIN_YES}{visit_id}:{fix.lat:.6f}:{fix.lon:.6f}:{acc}:{int(fix.taken_at.timestamp())}"
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("checkin_btn_anyway", locale), callback_data=data),
                                  InlineKeyboardButton(t("checkin_btn_cancel", locale), callback_data=CHECKIN_NO)]])


def parse_checkin_confirmation(data: str) -> tuple[int, LocationFix] | None:
    """The visit and fix of a confirmation button; None when the data is not one."""
    if not data.startswith(CHECKIN_YES):
        return None
    try:
        visit, lat, lon, acc, ts = data[len(CHECKIN_YES):].split(":")
        fix = LocationFix(lat=float(lat), lon=float(lon), accuracy_m=float(acc) if acc else None,
                          taken_at=datetime.fromtimestamp(int(ts), UTC))
        return int(visit), fix
    except ValueError:
        return None
