"""The narrative says zeros the way a careful writer would and never invents a number."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from inspection.reports.model import CampaignFigures, CaseCounts, GroupRow, Scope
from inspection.reports.narrative import narrative_en, narrative_zh


def figures(**kw: object) -> CampaignFigures:
    base = CampaignFigures(
        scope=Scope(campaign_code="T", campaign_name="雷霆行动", start=None, end=None),
        agencies=2, agency_names_zh=["县知识产权局", "县市场监督管理局"], agency_names_en=["IP office", "AMR"],
        officers_person_times=6, officers_distinct=6, teams=2, raids=1, sites_planned=5, sites_inspected=4,
        sites_not_reached=1, goods_checked=120, suspected_items=0, suspected_quantities=(),
        suspected_value_cny=Decimal(0), leaflets=0, checkins_outside_radius=0,
        top_site_names=["甲超市", "乙超市"], inspected_site_types=["supermarket"],
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_a_campaign_without_any_inspection_says_so_instead_of_printing_zeros() -> None:
    fig = figures(officers_person_times=0, officers_distinct=0, agencies=0, sites_inspected=0, goods_checked=0)
    assert narrative_zh(fig) == "雷霆行动期间，尚未开展执法检查。"
    assert narrative_en(fig) == "During 雷霆行动, no inspection has been carried out yet."


def test_no_suspected_goods_is_said_in_words() -> None:
    text = narrative_zh(figures())
    assert text == ("雷霆行动期间，2家执法单位出动执法人员6名，共在甲超市、乙超市等4家超市检查各类商品120件，"
                    "未发现涉嫌侵权商品。")
    assert "No suspected infringing goods were found." in narrative_en(figures())


def test_officers_sent_on_several_raids_are_counted_in_person_times() -> None:
    fig = figures(officers_person_times=9, officers_distinct=6)
    assert "出动执法人员9人次" in narrative_zh(fig)
    assert "made 9 officer deployments (6 officers)" in narrative_en(fig)


def test_when_every_inspected_site_is_named_the_count_is_a_total_not_an_example() -> None:
    fig = figures(sites_inspected=2)
    assert "共在甲超市、乙超市2家超市检查各类商品120件" in narrative_zh(fig)
    assert "namely 甲超市 and 乙超市" in narrative_en(fig)


def test_leaflets_and_cases_are_added_only_when_there_are_some() -> None:
    cases = CaseCounts(received=3, filed=2, closed=2, on_time_rate=0.5, fines_cny=Decimal("1000.50"),
                       confiscation_cny=Decimal("500"))
    fig = figures(leaflets=200, cases=cases, suspected_items=1, by_right_type=[
        GroupRow(key="trademark", label_zh="商标", label_en="trademark", findings=1)],
        by_action=[GroupRow(key="none", label_zh="未采取措施", label_en="no action", findings=1)])
    zh = narrative_zh(fig)
    assert zh.endswith("发现涉嫌侵犯商标的商品1种。执法人员向经营者发放宣传材料200份。"
                       "受理案件3件，立案2件，结案2件，按期结案率达到50%，罚没金额1500.50元。")
    en = narrative_en(fig)
    assert "The officers handed out 200 leaflets to the traders." in en
    assert en.endswith("3 cases received, 2 filed and 2 closed (50% on time). "
                       "Fines and confiscations totalled CNY 1500.50.")


def test_a_single_agency_is_named_and_a_period_is_dated() -> None:
    fig = figures(agencies=1, agency_names_zh=["县知识产权局"], agency_names_en=["County IP Office"],
                  scope=Scope(campaign_code="T", campaign_name="雷霆行动", start=date(2026, 5, 1),
                              end=date(2026, 5, 3)))
    assert narrative_zh(fig).startswith("2026年5月1日至5月3日，在雷霆行动中，县知识产权局出动执法人员6名")
    assert narrative_en(fig).startswith("From 1 May 2026 to 3 May 2026, in 雷霆行动, County IP Office deployed 6 officers")


def test_no_zero_count_is_ever_written_out() -> None:
    fig = figures(goods_checked=0, leaflets=0)
    zh = narrative_zh(fig)
    assert not re.search(r"(?<!\d)0[家名件种份户]", zh)
    assert "检查各类商品" not in zh


def test_money_from_ten_thousand_yuan_is_written_in_wan_and_the_rate_is_reached() -> None:
    cases = CaseCounts(closed=3, on_time_rate=1.0, fines_cny=Decimal("25000"), confiscation_cny=Decimal("2000"))
    zh = narrative_zh(figures(cases=cases))
    assert "按期结案率达到100%" in zh and "罚没金额2.7万元" in zh


def test_the_year_is_written_once_when_the_campaign_name_has_it() -> None:
    fig = figures(scope=Scope(campaign_code="T", campaign_name="2026年知识产权宣传周", start=date(2026, 4, 20),
                              end=date(2026, 4, 21)))
    zh = narrative_zh(fig)
    assert zh.startswith("4月20日至4月21日，在2026年知识产权宣传周中") and zh.count("2026年") == 1


def test_retail_businesses_are_named_so_only_when_every_site_is_one_else_counted_by_type() -> None:
    retail = narrative_zh(figures(inspected_site_types=["retailer"]))
    assert "4家商品流通企业" in retail
    mixed = figures(inspected_site_types=["pharmacy", "supermarket"], by_site_type=[
        GroupRow(key="supermarket", label_zh="超市", label_en="supermarket", sites_inspected=3),
        GroupRow(key="pharmacy", label_zh="药店", label_en="pharmacy", sites_inspected=1)])
    text = narrative_zh(mixed)
    assert "4家经营单位（其中超市3家、药店1家）" in text and "商品流通企业" not in text


def test_english_sentences_are_separated_by_a_space_and_the_value_is_called_value() -> None:
    fig = figures(leaflets=5, suspected_items=2, suspected_value_cny=Decimal(12000), by_right_type=[
        GroupRow(key="trademark", label_zh="商标", label_en="trademark", findings=2)])
    en = narrative_en(fig)
    assert not re.search(r"\.[A-Z0-9]", en)
    assert "(value CNY 12000)" in en
    assert "货值合计1.2万元" in narrative_zh(fig) and "估值" not in narrative_zh(fig)
