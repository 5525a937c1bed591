"""The steps of a findings report: the question each step asks and how an answer moves it on.

Pure functions over the report draft (plain JSON kept in the database): no Telegram calls, no
database. ``advance`` reads one answer (typed text or a pressed button) and returns the next step,
or one of the ``EFFECTS`` that ``bot.report`` carries out through the services. Bad input raises
``InvalidInput`` whose code names a catalog message (``report.<code>``); ``NeedButtons`` asks the
officer to use the buttons.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from inspection.bot.i18n import t
from inspection.domain.enums import Action, RightType, Suspicion
from inspection.domain.errors import InvalidInput
from inspection.domain.labels import label, parse_enum
from inspection.domain.numbers import parse_count, parse_money, parse_quantity
from inspection.services.findings import MAX_COUNT, FindingInput

Draft = dict[str, Any]
PREFIX = "rep"

GOODS, MENU, LEAFLETS = "goods", "menu", "leaflets"
PRODUCT, CATEGORY, BRAND, HOLDER, RIGHT = "product", "category", "brand", "holder", "right"
SUSPICION = "suspicion"
QUANTITY, VALUE, ACTION, NOTES, PHOTOS, REVIEW = "quantity", "value", "action", "notes", "photos", "review"
ITEM_STEPS = (PRODUCT, CATEGORY, BRAND, HOLDER, RIGHT, SUSPICION, QUANTITY, VALUE, ACTION, NOTES, PHOTOS, REVIEW)
STEPS = (GOODS, MENU, *ITEM_STEPS, LEAFLETS)

SAVE, EXIT, CLOSE, DROP = "effect:save", "effect:exit", "effect:close", "effect:drop"
EFFECTS = (SAVE, EXIT, CLOSE, DROP)

_LIMITS = {PRODUCT: 200, CATEGORY: 50, BRAND: 100, HOLDER: 200, NOTES: 4000}
# Goods categories offered as buttons (stored in Chinese, the figures group by them); any other is typed.
CATEGORIES = (("食品", "food"), ("酒类", "liquor"), ("日用品", "household goods"), ("服装鞋帽", "clothing and shoes"),
              ("药品", "medicines"), ("化妆品", "cosmetics"), ("图书音像", "books and media"),
              ("电子产品", "electronics"), ("其他", "other"))
_CHOICES: dict[str, type[StrEnum]] = {RIGHT: RightType, SUSPICION: Suspicion, ACTION: Action}
_NEXT = dict(zip(ITEM_STEPS, ITEM_STEPS[1:], strict=False))
# The buttons each free-text step offers besides typing.
_TEXT_BUTTONS = {PRODUCT: (), BRAND: ("unknown",), HOLDER: ("same", "unknown"), NOTES: ("skip",)}


class NeedButtons(Exception):
    """The step expects a button (or an option's name); the answer was neither."""


def new_draft(*, visit_id: int, officer_id: int, site: str, goods_before: int, locale: str,
              step: str = GOODS) -> Draft:
    return {"visit_id": visit_id, "officer_id": officer_id, "site": site, "goods_before": goods_before,
            "goods_checked": None, "locale": locale, "step": step, "item": {}, "photos": [], "saved": [],
            "last_finding_id": None, "last_media_group": ""}


def button_data(step: str, value: str) -> str:
    return f"{PREFIX}:{step}:{value}"


def parse_button(data: str) -> tuple[str, str] | None:
    """``rep:<step>:<value>`` -> (step, value); anything else -> None."""
    parts = data.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    return parts[1], parts[2]


def _keyboard(step: str, options: list[tuple[str, str]], per_row: int = 2) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text, callback_data=button_data(step, value)) for text, value in options]
    return InlineKeyboardMarkup([buttons[i:i + per_row] for i in range(0, len(buttons), per_row)])


def _review_text(draft: Draft, locale: str) -> str:
    item = draft["item"]
    value = item.get("value")
    return t(
        "report.review", locale, product=item.get("product", ""), category=item.get(CATEGORY) or "-", brand=item.get("brand") or "-",
        holder=item.get("holder") or "-", right=label(RightType(item["right"]), locale),
        suspicion=label(Suspicion(item["suspicion"]), locale), quantity=item["quantity"], unit=item["unit"],
        value=value if value is not None else t("report.value_unknown", locale),
        action=label(Action(item["action"]), locale), notes=item.get("notes") or "-", photos=len(draft["photos"]),
    )


def question(draft: Draft, locale: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """What the current step asks, with its buttons."""
    step = draft["step"]
    if step == GOODS:
        keep = draft.get("goods_before") or 0
        markup = _keyboard(GOODS, [(t("report.btn_keep", locale, count=keep), "keep")]) if keep else None
        return t("report.ask_goods", locale), markup
    if step == MENU:
        options = [(t("report.btn_add", locale), "add"), (t("report.btn_done", locale), "done"),
                   (t("report.btn_exit", locale), "exit")]
        return t("report.menu", locale, site=draft["site"], saved=len(draft["saved"])), _keyboard(MENU, options, 1)
    if step in _CHOICES:
        enum = _CHOICES[step]
        return t(f"report.ask_{step}", locale), _keyboard(step, [(label(m, locale), m.value) for m in enum])
    if step == CATEGORY:
        options = [(en if locale == "en" else zh, str(i)) for i, (zh, en) in enumerate(CATEGORIES)]
        return t("report.ask_category", locale), _keyboard(CATEGORY, options, 3)
    if step == BRAND:
        return t("report.ask_brand", locale), _keyboard(BRAND, [(t("report.btn_unknown", locale), "unknown")])
    if step == HOLDER:
        options = [(t("report.btn_unknown", locale), "unknown")]
        if draft["item"].get("brand"):
            options.insert(0, (t("report.btn_same_as_brand", locale), "same"))
        return t("report.ask_holder", locale), _keyboard(HOLDER, options)
    if step in (VALUE, NOTES):
        return t(f"report.ask_{step}", locale), _keyboard(step, [(t("report.btn_skip", locale), "skip")])
    if step == PHOTOS:
        return t("report.ask_photos", locale), _keyboard(PHOTOS, [(t("report.btn_photos_done", locale), "next")])
    if step == REVIEW:
        options = [(t("report.btn_save", locale), "save"), (t("report.btn_redo", locale), "redo"),
                   (t("report.btn_drop", locale), "drop")]
        return _review_text(draft, locale), _keyboard(REVIEW, options, 1)
    return t(f"report.ask_{step}", locale), None  # product, quantity, leaflets


def _count(text: str) -> int:
    value = parse_count(text)
    if value > MAX_COUNT:
        raise InvalidInput("count out of range", code="count_out_of_range", field="count")
    return value


def _text(step: str, text: str) -> str:
    value = text.strip()
    limit = _LIMITS.get(step)
    if limit is not None and len(value) > limit:
        raise InvalidInput(f"{step} too long", code="field_too_long", field=step, limit=limit)
    if step == PRODUCT and not value:
        raise InvalidInput("empty product", code="product_empty")
    return value


def advance(draft: Draft, *, text: str | None = None, button: str | None = None) -> str:
    """Apply one answer to ``draft`` (in place) and return the next step or an effect."""
    step, item = draft["step"], draft["item"]
    if step == GOODS:
        if button == "keep":
            draft["goods_checked"] = int(draft.get("goods_before") or 0)
            return MENU
        if text is None:
            raise NeedButtons(step)
        draft["goods_checked"] = _count(text)
        return MENU
    if step == MENU:
        if button == "add":
            draft["item"], draft["photos"] = {}, []
            return PRODUCT
        if button in ("done", "exit"):
            return LEAFLETS if button == "done" else EXIT
        raise NeedButtons(step)
    if step == LEAFLETS:
        if text is None:
            raise NeedButtons(step)
        draft["leaflets"] = _count(text)
        return CLOSE
    if step in _CHOICES:
        if button is None and text is None:
            raise NeedButtons(step)
        try:
            chosen = _CHOICES[step](button) if button is not None else parse_enum(_CHOICES[step], text or "")
        except ValueError:
            raise NeedButtons(step) from None
        item[step] = chosen.value
        return _NEXT[step]
    if step == CATEGORY:
        if text is not None:
            item[step] = _text(step, text)
        elif button is not None and button.isdigit() and int(button) < len(CATEGORIES):
            item[step] = CATEGORIES[int(button)][0]
        else:
            raise NeedButtons(step)
        return BRAND
    if step in _TEXT_BUTTONS:
        if text is not None:
            item[step] = _text(step, text)
        elif button in _TEXT_BUTTONS[step]:
            item[step] = item.get(BRAND, "") if button == "same" else ""
        else:
            raise NeedButtons(step)
        return _NEXT[step]
    if step == QUANTITY:
        if text is None:
            raise NeedButtons(step)
        quantity, unit = parse_quantity(text)
        if quantity <= 0:
            raise InvalidInput("quantity not positive", code="quantity_not_positive")
        whole = quantity == quantity.to_integral_value()
        item["quantity"] = str(int(quantity)) if whole else format(quantity.normalize(), "f")
        item["unit"] = unit[:10] or "件"
        return VALUE
    if step == VALUE:
        if button == "skip":
            item["value"] = None
        elif text is not None:
            item["value"] = str(parse_money(text))
        else:
            raise NeedButtons(step)
        return ACTION
    if step == PHOTOS:
        if button == "next":
            return REVIEW
        raise NeedButtons(step)
    if step == REVIEW:
        if button == "save":
            return SAVE
        if button == "redo":
            draft["item"] = {}
            return PRODUCT
        if button == "drop":
            return DROP
        raise NeedButtons(step)
    raise NeedButtons(step)


def finding_input(draft: Draft) -> FindingInput:
    """The draft's item as the service takes it."""
    item = draft["item"]
    value = item.get("value")
    return FindingInput(
        product=item.get(PRODUCT, ""), category=item.get(CATEGORY, ""), brand=item.get(BRAND, ""), rights_holder=item.get(HOLDER, ""),
        right_type=RightType(item[RIGHT]), suspicion=Suspicion(item[SUSPICION]),
        quantity=Decimal(item[QUANTITY]), unit=item.get("unit") or "件",
        estimated_value_cny=Decimal(value) if value is not None else None, action=Action(item[ACTION]),
        notes=item.get(NOTES, ""),
    )


def item_in_progress(draft: Draft) -> bool:
    return draft["step"] in ITEM_STEPS and bool(draft["item"] or draft["photos"])
