"""The report's steps as pure functions: what each answer does to the draft, and what each step asks."""

from __future__ import annotations

import pytest

from inspection.domain.enums import GoodsCategory
from inspection.domain.errors import InvalidInput
from inspection.domain.labels import LABELS, category_code, category_label
from inspection.i18n import catalog, t
from inspection.services.report import phrase, steps
from inspection.services.report.turn import PHRASED


def _draft(step: str) -> steps.Draft:
    draft = steps.new_draft(visit_id=1, site="惠民超市", goods_before=7, step=step)
    draft["item"] = {"product": "运动鞋", "brand": "耐克"}
    draft["undo"] = {"finding_id": 3, "label": "F-3", "product": "运动鞋", "back": None}
    return draft


def test_every_step_asks_a_question_in_both_languages() -> None:
    for step in steps.STEPS:
        draft = _draft(step)
        draft["item"] = {"product": "运动鞋", "brand": "耐克", "holder": "", "right": "trademark",
                         "suspicion": "piracy", "quantity": "2", "unit": "件", "value": None, "action": "none"}
        for locale in ("zh-CN", "en"):
            question = steps.question(draft, locale)
            assert phrase(t, question.text, locale).strip()
            assert all(phrase(t, option.text, locale).strip() for option in question.options)


def test_an_option_a_step_does_not_offer_is_not_taken() -> None:
    for step, choice in [(steps.PRODUCT, "skip"), (steps.BRAND, "same"), (steps.NOTES, "unknown"),
                         (steps.RIGHT, "no-such-right"), (steps.CATEGORY, "99"), (steps.REVIEW, "add"),
                         (steps.MENU, "save"), (steps.UNDO, "save")]:
        with pytest.raises(steps.NeedChoice):
            steps.advance(_draft(step), choice=choice)


def test_the_holder_can_be_the_brand_and_the_goods_count_can_be_kept() -> None:
    draft = _draft(steps.HOLDER)
    assert steps.advance(draft, choice="same") == steps.RIGHT and draft["item"]["holder"] == "耐克"
    draft = _draft(steps.GOODS)
    assert steps.advance(draft, choice="keep") == steps.MENU and draft["goods_checked"] == 7


def test_counts_beyond_any_visit_are_refused_before_the_review() -> None:
    with pytest.raises(InvalidInput) as caught:
        steps.advance(_draft(steps.GOODS), text="一亿")
    assert caught.value.code == "count_out_of_range"


def test_every_refusal_code_of_the_report_has_words_in_both_languages() -> None:
    for locale in ("zh-CN", "en"):
        missing = [c for c in PHRASED if f"report.{c}" not in catalog(locale)]
        assert missing == [], locale


def test_the_saved_item_is_what_the_officer_entered() -> None:
    draft = _draft(steps.PRODUCT)
    for text, choice in [("运动鞋", None), (None, "clothing"), ("耐克", None), (None, "same"), (None, "trademark"),
                         ("假冒商标", None), ("十二双", None), ("1.2万元", None), ("扣押", None), ("货架", None)]:
        draft["step"] = steps.advance(draft, text=text, choice=choice)
    assert draft["step"] == steps.PHOTOS
    item = steps.finding_input(draft)
    assert item.category == "clothing"
    assert (item.product, item.rights_holder, item.quantity, item.unit, str(item.estimated_value_cny)) == (
        "运动鞋", "耐克", 12, "双", "12000.00")
    assert (item.right_type.value, item.suspicion.value, item.action.value) == (
        "trademark", "counterfeit_trademark", "seized")


def test_a_quantity_is_shown_in_plain_digits() -> None:
    for typed, shown in [("1.5万件", "15000"), ("2.50箱", "2.5"), ("十二", "12"), ("24盒", "24")]:
        draft = _draft(steps.QUANTITY)
        steps.advance(draft, text=typed)
        assert draft["item"]["quantity"] == shown


def test_goods_categories_store_a_code_and_have_words_in_both_languages() -> None:
    for category in GoodsCategory:
        zh, en = LABELS[GoodsCategory][category.value]
        assert category_label(category.value, "zh-CN") == zh and category_label(category.value, "en") == en
        assert en.isascii() and not zh.isascii()  # the English label is English
    assert [category_code(word) for word in ("other", "其他", "Other", "香烟", "tobacco products")] == [
        "other", "other", "other", "tobacco", "tobacco"]
    assert category_code(" 文具 ") == "文具" and category_label("文具", "en") == "文具"  # typed ones are kept as typed


def test_the_english_other_button_stores_the_code_not_chinese_words() -> None:
    draft = _draft(steps.CATEGORY)
    options = {phrase(t, o.text, "en"): o.value for o in steps.question(draft, "en").options}
    assert options["other"] == "other" and options["tobacco products"] == "tobacco"
    steps.advance(draft, choice=options["other"])
    assert draft["item"]["category"] == "other"
