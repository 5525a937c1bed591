"""The Word report of a campaign with many cases lists the first rows of each table and says where the rest are."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from docx import Document

from inspection.reports.docx import DOCX_MAX_ROWS, word_report
from inspection.reports.model import CaseCounts, CaseRow
from tests.unit.test_narrative import figures


def test_a_long_case_list_is_cut_in_the_word_report_with_its_total_and_a_note(tmp_path: Path) -> None:
    cases = [CaseRow(number=f"AMR-{i}", agency="AMR", case_type="trademark_infringement", state="closed",
                     received_on=date(2026, 4, 1), closed_on=date(2026, 4, 30), fine_cny=Decimal(1000),
                     confiscation_cny=Decimal(0)) for i in range(45)]
    fig = figures(case_list=cases, cases=CaseCounts(received=45, closed=45, decided=45, fines_cny=Decimal(45000)))
    path = word_report(fig, tmp_path / "r.docx", narrative="……", issuer="县市场监督管理局", issued_on=date(2026, 5, 6))
    doc = Document(str(path))
    [table] = [t for t in doc.tables if t.cell(0, 0).text == "案号"]
    assert len(table.rows) == 1 + DOCX_MAX_ROWS + 1
    assert [c.text for c in table.rows[-1].cells][0] == "合计" and table.rows[-1].cells[-1].text == "45,000"
    assert any(p.text == f"本表列出前{DOCX_MAX_ROWS}行（共45行），完整内容见统计汇总表。" for p in doc.paragraphs)
    assert [p.text for p in doc.paragraphs][1:3] == ["县市场监督管理局", "2026年5月6日"]
