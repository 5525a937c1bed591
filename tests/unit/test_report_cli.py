"""The report, export and bulletin commands, run as `inspection ...` would run them."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from inspection.cli.main import main
from inspection.store.engine import UnitOfWork, make_engine
from tests.store.test_figures import build_world


def _world(database_url: str) -> None:
    async def build() -> None:
        engine = make_engine(database_url)
        try:
            await build_world(UnitOfWork(engine))
        finally:
            await engine.dispose()

    asyncio.run(build())


@pytest.fixture
def world(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", database_url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    _world(database_url)
    return tmp_path


def test_report_prints_the_text_summary_and_json_on_stdout(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "IPW2026"]) == 0
    out = capsys.readouterr().out
    assert "3家执法单位出动执法人员5名" in out and "检查商品（件）：380" in out
    assert main(["report", "IPW2026", "--format", "json", "--period", "2026-04-21:2026-04-21"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["sites_planned"], data["officers_person_times"], data["period"]["from"]) == (1, 0, "2026-04-21")


def test_report_writes_an_xlsx_under_the_data_dir_by_default(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "IPW2026", "--format", "xlsx", "--agency", "DRUG"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == world / "data" / "reports" / "IPW2026-summary.xlsx"
    values = {r[0]: r[1] for r in load_workbook(path)["汇总"].iter_rows(min_row=5, values_only=True)}
    assert values["检查商品（件）"] == 280


def test_export_findings_and_bulletin_write_their_files(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = world / "f.xlsx"
    assert main(["export", "findings", "IPW2026", "--format", "xlsx", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出 5 条检查发现：{out}"
    assert main(["bulletin", "2026年4月"]) == 0
    assert capsys.readouterr().out.startswith("2026年4月各乡镇执法检查通报\n1. 城关镇")


def test_bad_input_is_refused_with_a_message_and_exit_code_2(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "NOPE"]) == 2
    assert "未找到代码为 NOPE 的专项行动" in capsys.readouterr().err  # in the run's language
    assert main(["report", "IPW2026", "--period", "2026-04-26:2026-04-20"]) == 2
    assert "期间不对：写成 起始:截止，截止日期不早于起始日期" in capsys.readouterr().err  # the rule, in Chinese
    assert main(["bulletin", "April"]) == 2
    assert "“April”不是有效的月份" in capsys.readouterr().err  # in the run's language


def test_report_writes_the_formal_word_report(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "IPW2026", "--format", "docx"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == world / "data" / "reports" / "IPW2026-summary.docx"
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "关于2026年知识产权宣传周联合执法工作情况的报告" and texts[1] == "县知识产权局"
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", texts[2])
    assert any(t.startswith("2026年知识产权宣传周期间，3家执法单位出动执法人员5名") for t in texts)
    # Chinese runs name an east-Asian font (python-docx's font.name alone leaves Chinese in the default one)
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs for r in p.runs}
    assert {"仿宋", "宋体"} <= fonts
    summary = doc.tables[0]
    rows = {summary.cell(i, 0).text: summary.cell(i, 1).text for i in range(len(summary.rows))}
    assert rows["出动执法人员（人次）"] == "5" and rows["检查商品（件）"] == "380"
    footer = doc.sections[0].footer.paragraphs[0]._element.xml
    assert "PAGE" in footer  # page numbers


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


def test_report_export_and_bulletin_help_and_output_are_chinese_in_a_chinese_run(
        world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    helps = "".join(_help(capsys, *argv) for argv in (["report"], ["export", "findings"], ["bulletin"]))
    assert "专项行动汇总" not in helps  # the group's line is shown by `inspection --help`
    assert "只统计该单位（单位代码）" in helps and "表头和标签的语言" in helps and "月份，如 2026-04" in helps
    assert not any(w in helps for w in ("campaign code", "file to write", "language of", "show this help"))
    assert main(["report", "IPW2026", "--agency", "NOPE"]) == 2
    err = capsys.readouterr().err
    assert "未找到代码为 NOPE 的执法单位" in err and "无法完成" not in err and "no agency" not in err


def test_report_export_and_bulletin_speak_english_in_an_english_run(
        world: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECTION_LOCALE", "en")
    helps = "".join(_help(capsys, *argv) for argv in (["report"], ["export", "findings"], ["bulletin"]))
    assert "only this agency's part" in helps and "language of headers and labels" in helps
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in helps.replace("2026年4月", "")), helps
    out = world / "f.csv"
    assert main(["export", "findings", "IPW2026", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"5 findings written to {out}"
    assert main(["report", "IPW2026", "--period", "2026-04-26:2026-04-20"]) == 2
    assert "Not a period: write FROM:TO" in capsys.readouterr().err
    assert main(["bulletin", "April"]) == 2
    assert "\"April\" is not a month" in capsys.readouterr().err
    assert main(["report", "IPW2026"]) == 0
    assert "[Summary]" in capsys.readouterr().out
    assert main(["bulletin", "2026-04"]) == 0
    assert capsys.readouterr().out.startswith("District bulletin, April 2026")
