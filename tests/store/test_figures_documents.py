"""Report documents of the hand-counted world (see test_figures.py), opened back and checked."""

from __future__ import annotations

import base64
import csv
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from inspection.domain.errors import InvalidInput, NotFound
from inspection.reports.definitions import definition_lines
from inspection.reports.jsonout import REQUIRED_KEYS
from inspection.services.figures import export_findings, write_report
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Finding
from tests.store.test_figures import build_world


async def test_the_xlsx_summary_has_every_sheet_with_the_counted_figures(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    [path] = await write_report(uow, w.campaign, tmp_path / "r.xlsx", fmt="xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[:4] == ["汇总", "按执法单位", "按乡镇", "按场所类型"]
    assert {"案件", "涉嫌侵权商品", "按权利类型", "目标完成"} <= set(wb.sheetnames)
    summary = wb["汇总"]
    assert summary["A1"].value == "2026年知识产权宣传周"
    assert "出动执法人员5名" in str(summary["A2"].value)
    values = {r[0]: r[1] for r in summary.iter_rows(min_row=5, values_only=True)}
    assert values["出动执法人员（人次）"] == 5 and values["执法人员（名）"] == 5
    assert values["检查经营单位（户次）"] == 3 and values["检查商品（件）"] == 380
    assert values["涉嫌侵权商品（种）"] == 5 and values["发放宣传材料（份）"] == 40
    assert values["涉嫌侵权商品数量"] == "30册、20盒、15双、2本"
    districts = {r[0]: r[1:] for r in wb["按乡镇"].iter_rows(min_row=3, values_only=True)}
    assert districts["城关镇"] == (2, 2, 300, 4, "30册、15双、2本", 30)
    assert districts["合计"] == (5, 3, 380, 5, "30册、20盒、15双、2本", 40)
    agencies = {r[0]: r[1:3] for r in wb["按执法单位"].iter_rows(min_row=3, values_only=True)}
    assert agencies == {"县市场监督管理局": (2, 2), "县知识产权局": (2, 2), "县食品药品监督管理局": (1, 1),
                        "合计": (5, 5)}
    findings = list(wb["涉嫌侵权商品"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == 5 and findings[0][6] == "运动鞋" and findings[0][10] == "商标"
    assert findings[0][0] == "F-1"
    assert [r[0] for r in wb["案件"].iter_rows(min_row=3, values_only=True)] == ["AMR-2026-1", "合计"]


async def test_a_summary_workbook_that_cannot_list_every_finding_says_so(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    [path] = await write_report(uow, w.campaign, tmp_path / "r.xlsx", fmt="xlsx", findings_limit=2)
    rows = list(load_workbook(path)["涉嫌侵权商品"].iter_rows(min_row=2, values_only=True))
    assert len([r for r in rows if str(r[0]).startswith("F-")]) == 2
    assert "本表仅列出前2条（共5条）" in str(rows[-1][0])


async def test_the_html_report_carries_the_narrative_figures_and_three_embedded_charts(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    w = await build_world(uow)
    [path] = await write_report(uow, w.campaign, tmp_path / "r.html", fmt="html")
    html = path.read_text(encoding="utf-8")
    assert "3家执法单位出动执法人员5名" in html
    assert re.search(r"检查商品（件）</td><td class=\"n\">380</td>", html)
    assert re.search(r"<td>城关镇</td><td class=\"n\">2</td><td class=\"n\">2</td><td class=\"n\">300</td>", html)
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 3 and all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert "http" not in html.replace("http-equiv", "")  # self-contained: nothing fetched from elsewhere


async def test_the_json_report_keeps_the_promised_keys_and_numbers(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    [path] = await write_report(uow, w.campaign, tmp_path / "r.json", fmt="json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(REQUIRED_KEYS) <= set(data)
    assert (data["agencies"], data["officers_person_times"], data["officers_distinct"], data["teams"]) == (3, 5, 5, 2)
    assert (data["sites_planned"], data["sites_inspected"], data["goods_checked"]) == (5, 3, 380)
    assert (data["suspected_items"], data["leaflets"]) == (5, 40)
    assert data["suspected_quantities"] == {"双": 15, "盒": 20, "册": 30, "本": 2}
    assert {r["key"]: r["findings"] for r in data["by_action"]} == {"registered": 3, "confiscated": 2}
    assert set(data["cases"]) >= {"received", "carried_over", "filed", "closed", "suspended", "decided",
                                  "mediated", "withdrawn", "on_time_rate"}
    assert data["cases"]["filed"] == 1 and data["fines_cny"] == 0
    assert data["narrative_zh"].startswith("2026年知识产权宣传周期间") and data["narrative_en"].startswith("During")


async def test_csv_writes_one_file_per_table(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    paths = await write_report(uow, w.campaign, tmp_path / "csv", fmt="csv", locale="en")
    assert {p.name for p in paths} >= {"summary.csv", "by_agency.csv", "by_district.csv", "by_site_type.csv",
                                       "by_right_type.csv", "cases.csv", "daily.csv"}
    with (tmp_path / "csv" / "by_right_type.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Name", "Suspected items (kinds)", "Quantities of suspected items", "Value (CNY)"]
    assert ["trademark", "2", "15 双", "1500"] in rows
    assert rows[-1] == ["Total", "5", "30 册, 20 盒, 15 双, 2 本", "1500"]


async def test_a_period_and_an_agency_narrow_the_text_report(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    [path] = await write_report(uow, w.campaign, tmp_path / "r.txt", fmt="text", agency="DRUG", locale="en")
    text = path.read_text(encoding="utf-8")
    assert "County Drug Administration deployed 1 officer, who inspected 2" in text
    assert "Goods checked: 280" in text


async def test_unknown_campaigns_agencies_and_formats_are_refused_clearly(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    with pytest.raises(NotFound, match="no campaign with code NOPE"):
        await write_report(uow, "NOPE", tmp_path / "x.json", fmt="json")
    with pytest.raises(NotFound, match="no agency with code XX"):
        await write_report(uow, w.campaign, tmp_path / "x.json", fmt="json", agency="XX")
    with pytest.raises(InvalidInput, match="unknown report format 'pdf'"):
        await write_report(uow, w.campaign, tmp_path / "x.pdf", fmt="pdf")


async def test_the_workbook_looks_finished_and_carries_the_definitions(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    [path] = await write_report(uow, w.campaign, tmp_path / "r.xlsx", fmt="xlsx")
    wb = load_workbook(path)
    assert wb["说明"]["A1"].value == "说明" and wb["说明"]["A2"].value == definition_lines("zh-CN")[0]
    ws = wb["按乡镇"]
    assert ws["A1"].value == "2026年知识产权宣传周 按乡镇"
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:G5" and ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws["A6"].value == "合计" and ws["A6"].font.b
    assert ws["B3"].number_format == "#,##0"
    # widths from the content, Chinese characters counted double
    assert ws.column_dimensions["F"].width >= len("30册、15双、2本") * 2 - 4
    cases = wb["案件"]
    assert cases["G3"].number_format == "#,##0.00" and cases["E3"].number_format == "yyyy-mm-dd"
    assert cases["E3"].is_date
    summary = {r[0].value: r[1] for r in wb["汇总"].iter_rows(min_row=5)}
    assert summary["按期结案率"].value == "—" and summary["罚没金额（元）"].number_format == "#,##0.00"


async def test_formula_like_text_is_written_as_text_in_csv_and_xlsx(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await build_world(uow)
    async with uow() as s:
        for finding in (await s.exec(select(Finding))).all():
            finding.notes, finding.brand = '=HYPERLINK("http://evil","x")', "+1-2"
            s.add(finding)
        await s.commit()
    result = await export_findings(uow, w.campaign, tmp_path / "f.csv", fmt="csv")
    with result.path.open(encoding="utf-8-sig") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells and "'+1-2" in cells
    for path in (
        (await export_findings(uow, w.campaign, tmp_path / "f.xlsx", fmt="xlsx")).path,
        (await write_report(uow, w.campaign, tmp_path / "r.xlsx", fmt="xlsx"))[0],
    ):
        wb = load_workbook(path)
        typed = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert typed == []
        texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        assert '=HYPERLINK("http://evil","x")' in texts and "+1-2" in texts
