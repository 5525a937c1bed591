"""Cells as officials write them: dates, types, risk levels, hours, licence numbers, headers."""

from __future__ import annotations

from datetime import date

import pytest

from inspection.domain.enums import AgencyKind, OfficerRole, SiteType
from inspection.services.importing import fields as f
from inspection.services.importing.columns import ImportKind, looks_like_header, match_header
from inspection.services.importing.messages import describe
from inspection.services.importing.rows import RowError


@pytest.mark.parametrize("text", ["2027-06-30", "2027/6/30", "2027年6月30日", "2027.06.30", "20270630",
                                  "２０２７-０６-３０", "2027 年 6 月 30 日", "2027-06-30 00:00:00"])
def test_dates_are_read_in_every_way_officials_write_them(text: str) -> None:
    assert f.parse_date(text) == date(2027, 6, 30)


def test_a_long_term_certificate_has_no_expiry_and_nonsense_is_refused() -> None:
    assert f.parse_date("长期有效") is None
    assert f.parse_date("") is None
    for bad in ("2027-02-30", "明年", "30/6/2027"):
        with pytest.raises(f.FieldError) as err:
            f.parse_date(bad)
        assert err.value.code == "bad_date"


def test_types_are_read_from_chinese_words_aliases_and_names_that_contain_them() -> None:
    assert f.parse_choice(SiteType, "药店") is SiteType.PHARMACY
    assert f.parse_choice(SiteType, "超市") is SiteType.SUPERMARKET
    assert f.parse_choice(SiteType, "大药房") is SiteType.PHARMACY
    assert f.parse_choice(SiteType, "market_stall") is SiteType.MARKET_STALL
    assert f.parse_choice(AgencyKind, "县文化市场综合执法大队") is AgencyKind.CULTURE
    assert f.parse_choice(OfficerRole, "法制审核") is OfficerRole.REVIEWER
    with pytest.raises(f.FieldError) as err:
        f.parse_choice(SiteType, "火星基地")
    assert err.value.code == "bad_choice" and "药店" in err.value.params["choices"]


def test_risk_levels_hours_and_phones_are_normalised() -> None:
    assert [f.parse_risk(x) for x in ("低", "中", "高", "2", "", "High")] == [1, 2, 3, 2, 1, 3]
    assert f.parse_opening_hours("8:00～21:30") == "08:00-21:30"
    assert f.parse_opening_hours("8:00至22:00") == "08:00-22:00"
    assert f.parse_opening_hours("24小时") == "00:00-24:00"
    with pytest.raises(f.FieldError):
        f.parse_opening_hours("21:00-08:00")
    assert f.parse_phone("0394-6612345") == "0394-6612345"
    with pytest.raises(f.FieldError):
        f.parse_phone("打电话")


def test_a_unified_social_credit_code_must_carry_its_check_character() -> None:
    body = "91411726MA44X7H0B"
    good = body + f.credit_code_check_char(body)
    assert f.parse_licence_no(good.lower()) == good
    wrong = body + ("0" if good[-1] != "0" else "1")
    with pytest.raises(f.FieldError) as err:
        f.parse_licence_no(wrong)
    assert err.value.code == "bad_credit_code"
    assert f.parse_licence_no("411726600123456") == "411726600123456"  # an old 15-digit registration number


def test_a_known_published_credit_code_passes() -> None:
    # 91350100M000100Y43, the example code widely quoted with GB 32100-2015.
    assert f.credit_code_check_char("91350100M000100Y4") == "3"


def test_telegram_cells_take_an_id_or_a_username() -> None:
    assert f.parse_telegram("123456789") == (123456789, "")
    assert f.parse_telegram("@wang_jianguo") == (None, "wang_jianguo")
    assert f.parse_telegram("") == (None, "")
    with pytest.raises(f.FieldError):
        f.parse_telegram("王建国")


def test_headers_are_matched_in_chinese_or_english_with_full_width_brackets_and_stars() -> None:
    header = ["序号", "*经营者名称", "类型", "地址", "所属乡镇（街道）", "统一社会信用代码", "备注"]
    positions, missing = match_header(ImportKind.SITES, header)
    assert positions == {"name": 1, "site_type": 2, "address": 3, "district": 4, "licence_no": 5}
    assert missing == []
    positions, missing = match_header(ImportKind.OFFICERS, ["Name", "Agency", "Phone"])
    assert missing == ["执法证号"]
    assert not looks_like_header(ImportKind.SITES, ["云溪县市场主体检查对象名录（2026年）"])


def test_an_error_names_its_row_and_column_in_the_coordinators_language() -> None:
    error = RowError(7, "执法证有效期", "bad_date", {"value": "明年"})
    assert describe(error, "zh-CN") == "第 7 行，“执法证有效期”列：“明年”不是日期（可写 2027-06-30、2027/6/30 或 2027年6月30日）"
    assert describe(error, "en").startswith("row 7, column '执法证有效期': '明年' is not a date")


def test_numbers_excel_turned_into_scientific_notation_are_refused_with_the_reason() -> None:
    for parse in (f.parse_telegram, f.parse_licence_no, f.parse_phone):
        with pytest.raises(f.FieldError) as err:
            parse("4.11726E+14")
        assert err.value.code == "scientific_notation"
    message = describe(RowError(4, "执法证号", "scientific_notation", {"value": "4.11726E+14"}), "zh-CN")
    assert "科学计数法" in message and "第 4 行" in message


def test_tab_and_semicolon_separated_exports_are_told_apart_from_commas() -> None:
    from inspection.services.importing.readers import guess_delimiter

    assert guess_delimiter("姓名,所属单位,执法证号\n王建国,IPO,1") == ","
    assert guess_delimiter("姓名\t所属单位\t执法证号\n王建国\tIPO\t1") == "\t"
    assert guess_delimiter("姓名;所属单位;执法证号\n王建国;IPO;1") == ";"
    assert guess_delimiter("名录") == ","


def test_counts_are_read_like_any_number_an_official_types_and_a_fraction_is_refused() -> None:
    assert [f.parse_int(x, 0, 100000, 0) for x in ("12", "１２", "十二", "1,200", "3.0", "")] == [12, 12, 12, 1200, 3, 0]
    for bad in ("3.5", "many", "-1"):
        with pytest.raises(f.FieldError) as err:
            f.parse_int(bad, 0, 100000, 0)
        assert err.value.code == "bad_number"
    with pytest.raises(f.FieldError) as err:
        f.parse_int("200000", 0, 100000, 0)
    assert err.value.code == "out_of_range"
