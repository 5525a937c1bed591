"""The CLI's columns line up by display width (Chinese characters take two columns)."""

from __future__ import annotations

from inspection.cli.text import table, width


def test_chinese_characters_take_two_columns_and_latin_one() -> None:
    assert width("城关镇") == 6 and width("abc") == 3 and width("药店 A1") == 7


def test_columns_line_up_when_chinese_and_latin_text_are_mixed() -> None:
    lines = table([["城关镇", "超市", "汇万家超市", "x"], ["East", "pharmacy", "Drugs", "Q"]])
    starts = [[width(line[:line.index(cell)]) for cell in cells]
              for line, cells in zip(lines, [["超市", "汇万家超市", "x"], ["pharmacy", "Drugs", "Q"]], strict=True)]
    assert starts[0] == starts[1]
