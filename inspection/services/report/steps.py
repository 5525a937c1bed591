"""The steps of a findings report: the question each step asks and how an answer moves it on.

Pure functions over the report draft (plain JSON kept in the database): no database, no channel.
``advance`` reads one answer (typed text or a picked option) and returns the next step, or one of
the ``EFFECTS`` that ``conversation`` carries out. Bad input raises ``InvalidInput`` whose code
names a catalog message (``report.<code>``); ``NeedChoice`` asks the officer to pick an option.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from inspection.domain.enums import Action, GoodsCategory, RightType, Suspicion
from inspection.domain.errors import InvalidInput
from inspection.domain.findings import DEFAULT_UNIT, FIELD_LIMITS, check_count, clean_text, shorten
from inspection.domain.labels import category_code, category_label, label, parse_enum
from inspection.domain.numbers import parse_count, parse_money, parse_quantity
from inspection.services.report.findings import FindingInput
from inspection.services.report.talk import Option, Phrase, Question

Draft = dict[str, Any]

GOODS, MENU, LEAFLETS, UNDO = "goods", "menu", "leaflets", "undo"
PRODUCT, CATEGORY, BRAND, HOLDER, RIGHT = "product", "category", "brand", "holder", "right"
SUSPICION = "suspicion"
QUANTITY, VALUE, ACTION, NOTES, PHOTOS, REVIEW = "quantity", "value", "action", "notes", "photos", "review"
ITEM_STEPS = (PRODUCT, CATEGORY, BRAND, HOLDER, RIGHT, SUSPICION, QUANTITY, VALUE, ACTION, NOTES, PHOTOS, REVIEW)
STEPS = (GOODS, MENU, *ITEM_STEPS, LEAFLETS, UNDO)

SAVE, EXIT, CLOSE, DROP, WITHDRAW, KEEP = "save", "exit", "close", "drop", "withdraw", "keep"
EFFECTS = (SAVE, EXIT, CLOSE, DROP, WITHDRAW, KEEP)

# The finding field each free-text step fills (its limit is the field's, in ``domain.findings``).
_FIELDS = {PRODUCT: "product", CATEGORY: "category", BRAND: "brand", HOLDER: "rights_holder", NOTES: "notes"}
# Words the count questions name, read after the number: "120件", "30份".
_COUNT_UNITS = {GOODS: ("件", "个", "items", "item", "pcs", "pieces"),
                LEAFLETS: ("份", "张", "本", "leaflets", "copies")}
_CHOICES: dict[str, type[StrEnum]] = {RIGHT: RightType, SUSPICION: Suspicion, ACTION: Action}
_NEXT = dict(zip(ITEM_STEPS, ITEM_STEPS[1:], strict=False))
# The options each free-text step offers besides typing.
_TEXT_OPTIONS = {PRODUCT: (), BRAND: ("unknown",), HOLDER: ("same", "unknown"), NOTES: ("skip",)}


class NeedChoice(Exception):
    """The step expects one of its options (or an option's name); the answer was neither."""


def new_draft(*, visit_id: int, site: str, goods_before: int, step: str = GOODS) -> Draft:
    return {"visit_id": visit_id, "site": site, "goods_before": goods_before, "goods_checked": None,
            "step": step, "item": {}, "photos": [], "last_groups": [], "last_finding_id": None}


def _phrase(key: str, **params: Any) -> Phrase:
    return Phrase(f"report.{key}", params)


def _word(text: str) -> Phrase:
    """A word that is already in the officer's language (an enum's label, a category)."""
    return Phrase("report.word", {"word": text})


def _options(*pairs: tuple[str, Phrase]) -> tuple[Option, ...]:
    return tuple(Option(value, text) for value, text in pairs)


def _review(draft: Draft, locale: str) -> Phrase:
    """The item as the officer entered it; long fields are shortened on screen, never in the record."""
    item = draft["item"]
    value = item.get("value")
    return _phrase(
        "review", product=shorten(item.get(PRODUCT, "")),
        category=shorten(category_label(item.get(CATEGORY, ""), locale)) or "-",
        brand=shorten(item.get(BRAND) or "-"), holder=shorten(item.get(HOLDER) or "-"),
        right=label(RightType(item[RIGHT]), locale), suspicion=label(Suspicion(item[SUSPICION]), locale),
        quantity=item[QUANTITY], unit=item["unit"],
        value=value if value is not None else _phrase("value_unknown"), action=label(Action(item[ACTION]), locale),
        notes=shorten(item.get(NOTES) or "-"), photos=len(draft["photos"]),
    )


def question(draft: Draft, locale: str, *, findings: int = 0, mine: int = 0) -> Question:
    """What the current step asks, with its options. ``findings``/``mine``: items at the visit (menu)."""
    step = draft["step"]
    if step == GOODS:
        keep = int(draft.get("goods_before") or 0)
        options = _options(("keep", _phrase("btn_keep", count=keep))) if keep else ()
        return Question(step, _phrase("ask_goods"), options)
    if step == MENU:
        options = _options(("add", _phrase("btn_add")), ("done", _phrase("btn_done")), ("exit", _phrase("btn_exit")))
        return Question(step, _phrase("menu", site=draft["site"], findings=findings, mine=mine), options,
                        typing=False, per_row=1)
    if step in _CHOICES:
        options = tuple(Option(m.value, _word(label(m, locale))) for m in _CHOICES[step])
        return Question(step, _phrase(f"ask_{step}"), options, photos=True)
    if step == CATEGORY:
        options = tuple(Option(c.value, _word(label(c, locale))) for c in GoodsCategory)
        return Question(step, _phrase("ask_category"), options, photos=True, per_row=3)
    if step == BRAND:
        return Question(step, _phrase("ask_brand"), _options(("unknown", _phrase("btn_unknown"))), photos=True)
    if step == HOLDER:
        same = (("same", _phrase("btn_same_as_brand")),) if draft["item"].get(BRAND) else ()
        return Question(step, _phrase("ask_holder"), _options(*same, ("unknown", _phrase("btn_unknown"))), photos=True)
    if step in (VALUE, NOTES):
        return Question(step, _phrase(f"ask_{step}"), _options(("skip", _phrase("btn_skip"))), photos=True)
    if step == PHOTOS:
        return Question(step, _phrase("ask_photos"), _options(("next", _phrase("btn_photos_done"))), typing=False,
                        photos=True)
    if step == REVIEW:
        options = _options(("save", _phrase("btn_save")), ("redo", _phrase("btn_redo")), ("drop", _phrase("btn_drop")))
        return Question(step, _review(draft, locale), options, typing=False, photos=True, per_row=1)
    if step == UNDO:
        undo = draft["undo"]
        options = _options(("yes", _phrase("btn_withdraw")), ("no", _phrase("btn_keep_item")))
        return Question(step, _phrase("ask_undo", label=undo["label"], product=shorten(undo["product"], 60)), options,
                        typing=False)
    return Question(step, _phrase(f"ask_{step}"), photos=step in ITEM_STEPS)  # product, quantity, leaflets


def _count(step: str, text: str) -> int:
    return check_count(parse_count(text, _COUNT_UNITS[step]), "count")


def _text(step: str, text: str) -> str:
    return clean_text(text, _FIELDS[step], required=step == PRODUCT)


def _choose(enum: type[StrEnum], text: str | None, value: str | None) -> StrEnum:
    try:
        return enum(value) if value is not None else parse_enum(enum, text or "")
    except ValueError:
        raise NeedChoice from None


def advance(draft: Draft, *, text: str | None = None, choice: str | None = None) -> str:
    """Apply one answer to ``draft`` (in place) and return the next step or an effect."""
    step, item = draft["step"], draft["item"]
    if step == GOODS:
        if choice == "keep" and draft.get("goods_before"):
            draft["goods_checked"] = int(draft["goods_before"])
        elif text is not None:
            draft["goods_checked"] = _count(step, text)
        else:
            raise NeedChoice
        return MENU
    if step == MENU:
        if choice == "add":
            draft["item"], draft["photos"] = {}, []
            return PRODUCT
        if choice in ("done", "exit"):
            return LEAFLETS if choice == "done" else EXIT
        raise NeedChoice
    if step == LEAFLETS:
        if text is None:
            raise NeedChoice
        draft["leaflets"] = _count(step, text)
        return CLOSE
    if step == UNDO:
        if choice in ("yes", "no"):
            return WITHDRAW if choice == "yes" else KEEP
        raise NeedChoice
    if step in _CHOICES:
        if choice is None and text is None:
            raise NeedChoice
        item[step] = _choose(_CHOICES[step], text, choice).value
        return _NEXT[step]
    if step == CATEGORY:
        if text is not None:
            item[step] = category_code(_text(step, text))
        elif choice in GoodsCategory._value2member_map_:
            item[step] = choice
        else:
            raise NeedChoice
        return BRAND
    if step in _TEXT_OPTIONS:
        if text is not None:
            item[step] = _text(step, text)
        elif choice in _TEXT_OPTIONS[step]:
            item[step] = item.get(BRAND, "") if choice == "same" else ""
        else:
            raise NeedChoice
        return _NEXT[step]
    if step == QUANTITY:
        if text is None:
            raise NeedChoice
        quantity, unit = parse_quantity(text)
        if quantity <= 0:
            raise InvalidInput("quantity not positive", code="quantity_not_positive")
        whole = quantity == quantity.to_integral_value()
        item[QUANTITY] = str(int(quantity)) if whole else format(quantity.normalize(), "f")
        item["unit"] = clean_text(unit, "unit") if unit and len(unit) <= FIELD_LIMITS["unit"] else DEFAULT_UNIT
        return VALUE
    if step == VALUE:
        if choice == "skip":
            item[VALUE] = None
        elif text is not None:
            item[VALUE] = str(parse_money(text))
        else:
            raise NeedChoice
        return ACTION
    if step == PHOTOS and choice == "next":
        return REVIEW
    if step == REVIEW and choice in ("save", "redo", "drop"):
        if choice == "redo":
            draft["item"] = {}
            return PRODUCT
        return SAVE if choice == "save" else DROP
    raise NeedChoice


def finding_input(draft: Draft) -> FindingInput:
    """The draft's item as the service takes it."""
    item = draft["item"]
    value = item.get(VALUE)
    return FindingInput(
        product=item.get(PRODUCT, ""), category=item.get(CATEGORY, ""), brand=item.get(BRAND, ""),
        rights_holder=item.get(HOLDER, ""), right_type=RightType(item[RIGHT]), suspicion=Suspicion(item[SUSPICION]),
        quantity=Decimal(item[QUANTITY]), unit=item.get("unit") or DEFAULT_UNIT,
        estimated_value_cny=Decimal(value) if value is not None else None, action=Action(item[ACTION]),
        notes=item.get(NOTES, ""),
    )


def item_in_progress(draft: Draft) -> bool:
    return draft["step"] in ITEM_STEPS and bool(draft["item"] or draft["photos"])
