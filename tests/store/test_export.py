"""The findings export: every counted finding once, with its photos, split over sheets when needed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from inspection.domain.errors import InvalidInput
from inspection.services.figures import export_findings
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Evidence, Finding
from tests.store.test_figures import build_world


async def _photos(uow: UnitOfWork) -> None:
    async with uow() as s:
        first = (await s.exec(select(Finding).order_by(Finding.id))).first()  # type: ignore[arg-type]
        assert first is not None
        for n in (1, 2):
            s.add(Evidence(finding_id=first.id, file_path=f"evidence/2026/04/f{first.id}-{n}.jpg", sha256=f"{n:064d}"))
        await s.commit()


async def test_the_csv_export_lists_each_counted_finding_with_its_photos(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    await _photos(uow)
    result = await export_findings(uow, w.campaign, tmp_path / "f.csv", fmt="csv")
    with result.path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert result.rows == 5 and len(rows) == 5
    assert [r["商品"] for r in rows] == ["运动鞋", "运动鞋", "感冒药", "图书", "笔记本"]  # the withdrawn 光盘 is not
    first = rows[0]
    assert (first["经营单位"], first["乡镇"], first["场所类型"], first["权利类型"], first["处理措施"]) == (
        "汇万家超市", "城关镇", "超市", "商标", "登记保存")
    assert first["编号"].startswith("F-")  # the number the bot showed ("saved as F-1")
    number = first["编号"].removeprefix("F-")
    assert first["照片"].split(" ") == [f"evidence/2026/04/f{number}-1.jpg", f"evidence/2026/04/f{number}-2.jpg"]
    assert rows[2]["数量"] == "20" and rows[2]["计量单位"] == "盒" and rows[2]["货值（元）"] == ""
    assert "备注" in rows[0]


async def test_an_xlsx_export_too_long_for_one_sheet_is_split_and_says_so(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    result = await export_findings(uow, w.campaign, tmp_path / "f.xlsx", fmt="xlsx", max_rows=3, locale="en")
    wb = load_workbook(result.path, read_only=True)
    assert (result.rows, result.sheets) == (5, 3)
    assert wb.sheetnames == ["Findings", "Findings 2", "Findings 3", "Notes"]
    counts = [len(list(wb[n].iter_rows(min_row=2, values_only=True))) for n in wb.sheetnames[:3]]
    assert counts == [2, 2, 1]
    ids = [r[0] for n in wb.sheetnames[:3] for r in wb[n].iter_rows(min_row=2, values_only=True)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    note = next(wb["Notes"].iter_rows(values_only=True))[0]
    assert "5 findings do not fit in one sheet (at most 2 rows each)" in str(note)


async def test_an_export_that_fits_in_one_sheet_has_no_note(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    result = await export_findings(uow, w.campaign, tmp_path / "f.xlsx", fmt="xlsx")
    assert load_workbook(result.path, read_only=True).sheetnames == ["涉嫌侵权商品"]
    assert result.sheets == 1


async def test_an_unknown_export_format_is_refused(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    with pytest.raises(InvalidInput, match="unknown export format 'pdf'"):
        await export_findings(uow, w.campaign, tmp_path / "f.pdf", fmt="pdf")
