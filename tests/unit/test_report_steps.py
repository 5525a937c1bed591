"""The report's steps as pure functions: what each answer does to the draft."""

from __future__ import annotations

import pytest

from inspection.bot import report_steps as steps
from inspection.bot.i18n import catalog
from inspection.domain.errors import InvalidInput


def _draft(step: str) -> steps.Draft:
    draft = steps.new_draft(visit_id=1, officer_id=2, site="惠民超市", goods_before=7, locale="zh-CN", step=step)
    draft["item"] = {"product": "运动鞋", "brand": "耐克"}
    return draft


def test_every_step_asks_a_question_in_both_languages() -> None:
    for step in steps.STEPS:
        draft = _draft(step)
        draft["item"] = {"product": "运动鞋", "brand": "耐克", "holder": "", "right": "trademark",
                         "suspicion": "piracy", "quantity": "2", "unit": "件", "value": None, "action": "none"}
        for locale in ("zh-CN", "en"):
            text, _markup = steps.question(draft, locale)
            assert text.strip()


def test_a_button_a_step_does_not_offer_is_not_taken() -> None:
    for step, button in [(steps.PRODUCT, "skip"), (steps.BRAND, "same"), (steps.NOTES, "unknown"),
                         (steps.RIGHT, "no-such-right"), (steps.CATEGORY, "99"), (steps.REVIEW, "add"), (steps.MENU, "save")]:
        with pytest.raises(steps.NeedButtons):
            steps.advance(_draft(step), button=button)


def test_the_holder_can_be_the_brand_and_the_goods_count_can_be_kept() -> None:
    draft = _draft(steps.HOLDER)
    assert steps.advance(draft, button="same") == steps.RIGHT and draft["item"]["holder"] == "耐克"
    draft = _draft(steps.GOODS)
    assert steps.advance(draft, button="keep") == steps.MENU and draft["goods_checked"] == 7


def test_counts_beyond_any_visit_are_refused_before_the_review() -> None:
    with pytest.raises(InvalidInput) as caught:
        steps.advance(_draft(steps.GOODS), text="一亿")
    assert caught.value.code == "count_out_of_range"


def test_every_refusal_code_of_the_report_has_words_in_both_languages() -> None:
    codes = ["count_out_of_range", "field_too_long", "file_empty", "file_too_big", "not_in_team", "number_empty",
             "number_negative", "number_not_whole", "number_too_large", "number_too_precise", "number_unreadable",
             "product_empty", "quantity_not_positive", "visit_closed", "visit_not_open"]
    for locale in ("zh-CN", "en"):
        missing = [c for c in codes if f"report.{c}" not in catalog(locale)]
        assert missing == [], locale


def test_the_saved_item_is_what_the_officer_entered() -> None:
    draft = _draft(steps.PRODUCT)
    for text, button in [("运动鞋", None), (None, "3"), ("耐克", None), (None, "same"), (None, "trademark"),
                         ("假冒商标", None), ("十二双", None), ("1.2万元", None), ("扣押", None), ("货架", None)]:
        draft["step"] = steps.advance(draft, text=text, button=button)
    assert draft["step"] == steps.PHOTOS
    item = steps.finding_input(draft)
    assert item.category == "服装鞋帽"
    assert (item.product, item.rights_holder, item.quantity, item.unit, str(item.estimated_value_cny)) == (
        "运动鞋", "耐克", 12, "双", "12000.00")
    assert (item.right_type.value, item.suspicion.value, item.action.value) == (
        "trademark", "counterfeit_trademark", "seized")


def test_a_quantity_is_shown_in_plain_digits() -> None:
    for typed, shown in [("1.5万件", "15000"), ("2.50箱", "2.5"), ("十二", "12")]:
        draft = _draft(steps.QUANTITY)
        steps.advance(draft, text=typed)
        assert draft["item"]["quantity"] == shown
