"""Reading the files officials send: encodings, title rows, blank rows, wrong file types."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspection.domain.errors import InvalidInput
from inspection.services.importing import ImportKind, ImportRejected, check_file
from inspection.services.importing.readers import decode_csv

ROWS = "单位代码,单位名称,单位类别\nIPO,云溪县知识产权局,知识产权局\n\nAMR,云溪县市场监督管理局,市场监管\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_every_encoding_excel_writes_gives_the_same_rows(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(ROWS.encode(encoding))
    rows = check_file(ImportKind.AGENCIES, path)
    assert [(r.row, r.values["code"], r.values["kind"]) for r in rows] == [
        (2, "IPO", "ip_office"), (4, "AMR", "market_regulation")]  # the blank row 3 is skipped, not renumbered


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ROWS.replace(",", "\t").encode("utf-16"))
    assert [r.values["name_zh"] for r in check_file(ImportKind.AGENCIES, path)] == ["云溪县知识产权局", "云溪县市场监督管理局"]


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_excel_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("云溪县联合执法单位名单,,\n2026年4月,,\n" + ROWS.replace("市场监管", "火星局"), encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        check_file(ImportKind.AGENCIES, path)
    assert [(e.row, e.column, e.code) for e in rejected.value.errors] == [(6, "单位类别", "bad_choice")]


def test_files_that_are_not_spreadsheets_are_refused_with_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "a.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InvalidInput, match="save the file as .xlsx or CSV"):
        check_file(ImportKind.SITES, old)
    broken = tmp_path / "a.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InvalidInput, match="cannot open a.xlsx"):
        check_file(ImportKind.SITES, broken)
    with pytest.raises(InvalidInput, match="no such file"):
        check_file(ImportKind.SITES, tmp_path / "missing.csv")
    headless = tmp_path / "b.csv"
    headless.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no header row"):
        check_file(ImportKind.SITES, headless)
    officers = tmp_path / "officers.csv"
    officers.write_text("姓名,所属单位,执法证号\n王建国,IPO,41172601001\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="经营者名称, 类型, 地址.*right file"):
        check_file(ImportKind.SITES, officers)


def test_bytes_that_are_neither_utf8_nor_gbk_are_refused() -> None:
    with pytest.raises(InvalidInput, match="neither UTF-8 nor GBK"):
        decode_csv(bytes([0x81, 0x30, 0x81]) * 3 + b"\xff\xff")
