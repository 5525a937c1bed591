"""Numbers as officers type them: Arabic, full-width, Chinese, with units and currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection.domain.errors import InvalidInput
from inspection.domain.numbers import parse_count, parse_money, parse_number, parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12), ("１２", 12), ("十二", 12), ("一百零五", 105), ("3.5", Decimal("3.5")),
        ("３．５", Decimal("3.5")), ("三点五", Decimal("3.5")), ("零", 0), ("0", 0), ("十", 10),
        ("二十", 20), ("一百", 100), ("一百一十", 110), ("一千零一十", 1010), ("两千三", 2300),
        ("三百五", 350), ("一万五", 15000), ("一万零五", 10005), ("十万", 100000), ("二〇二六", 2026),
        ("壹佰贰拾叁", 123), ("1,200", 1200), ("１，２００", 1200), ("1.5万", 15000), ("3千", 3000),
        ("3万5千", 35000), ("一亿二千万", 120_000_000), ("廿三", 23), (" 12 ", 12), ("约500", 500),
        ("500左右", 500), ("共十二", 12), ("+7", 7), ("一点二五", Decimal("1.25")), (".5", Decimal("0.5")),
    ],
)
def test_numbers_are_read_in_every_way_officers_write_them(text: str, expected: Decimal | int) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "number_empty"), ("   ", "number_empty"), ("abc", "number_unreadable"), ("-3", "number_negative"),
        ("负五", "number_negative"), ("一二百", "number_unreadable"), ("1.2.3", "number_unreadable"),
        ("12,5", "number_unreadable"), ("万", "number_unreadable"), ("百二", "number_unreadable"),
        ("3.", "number_unreadable"), ("1" + "0" * 13, "number_too_large"), ("十二个半", "number_unreadable"),
    ],
)
def test_what_is_not_a_number_is_refused_with_a_code_the_bot_can_phrase(text: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_number(text)
    assert caught.value.code == code


def test_a_count_must_be_whole() -> None:
    assert parse_count("十二") == 12
    assert parse_count("１２０") == 120
    with pytest.raises(InvalidInput) as caught:
        parse_count("3.5")
    assert caught.value.code == "number_not_whole"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12件", 12, "件"), ("３ 箱", 3, "箱"), ("十二双", 12, "双"), ("5千克", 5, "千克"), ("2.5公斤", Decimal("2.5"), "公斤"),
        ("40", 40, ""), ("12 pcs", 12, "pcs"), ("一百零五本", 105, "本"), ("7 dozen", 7, "dozen"), ("两打", 2, "打"),
    ],
)
def test_a_quantity_keeps_the_unit_typed_after_it(text: str, value: Decimal | int, unit: str) -> None:
    assert parse_quantity(text) == (Decimal(value), unit)


def test_a_quantity_with_more_than_two_decimals_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_quantity("1.234件")
    assert caught.value.code == "number_too_precise"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1200", "1200.00"), ("1200元", "1200.00"), ("￥300", "300.00"), ("¥ 300.5", "300.50"), ("1.2万元", "12000.00"),
        ("三千块", "3000.00"), ("人民币五百元", "500.00"), ("约2000元", "2000.00"), ("RMB 80", "80.00"),
    ],
)
def test_money_is_read_in_yuan_to_the_fen(text: str, amount: str) -> None:
    assert parse_money(text) == Decimal(amount)


def test_money_finer_than_a_fen_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_money("1.005元")


_ZH = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """A straightforward reference writer for 0 <= n < 10**8 (the formal reading, with 零)."""
    if n == 0:
        return "零"

    def below_wan(m: int, leading: bool) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = m // unit % 10
            if d == 0:
                zero = bool(out) or not leading
                continue
            if zero:
                out += "零"
                zero = False
            out += ("" if d == 1 and unit == 10 and not out and leading else _ZH[d]) + name
        return out

    wan, rest = divmod(n, 10**4)
    if not wan:
        return below_wan(rest, True)
    text = below_wan(wan, True) + "万"
    if rest:
        text += ("零" if rest < 1000 else "") + below_wan(rest, False).lstrip("零")
    return text


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_any_integer_written_in_chinese_or_full_width_reads_back_as_itself(n: int) -> None:
    assert parse_number(_chinese(n)) == n
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    assert parse_number(full_width) == n


@given(st.text(max_size=12))
def test_arbitrary_text_either_reads_as_a_non_negative_number_or_raises_invalid_input(text: str) -> None:
    try:
        value = parse_number(text)
    except InvalidInput as exc:
        assert exc.code.startswith("number_")
    else:
        assert value >= 0
