"""``inspection cases`` and ``import cases`` speak one language per run: output, help and refusals
(issue 13 item 15). ``--json`` keeps its codes whatever the language."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from inspection.cli.main import main
from inspection.store.engine import UnitOfWork
from tests import factories as f

REGISTER = ("案号,办案单位,案件类型,受理日期,立案日期\n"
            "AMR-2026-1,AMR,商标侵权,2026-04-20,2026-04-21\n")
ENGLISH_WORDS = ("recorded", "is now", "due within", "received 1", "no case numbered", "cannot move", "legal review",
                 "history:", "cases, most urgent first", "show this help")


@pytest.fixture
async def cli_env(uow: UnitOfWork, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", database_url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    async with uow() as s:
        amr = await f.agency(s, "market_regulation")
        await f.officer(s, amr, name="王海", certificate_no="AMR-LEAD")
        await s.commit()
    register = tmp_path / "台账.csv"
    register.write_text(REGISTER, encoding="utf-8")
    return register


async def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = await asyncio.to_thread(main, list(argv))
    out, err = capsys.readouterr()
    return code, out + err


async def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit):
        await asyncio.to_thread(main, [*argv, "--help"])
    return capsys.readouterr().out


async def test_a_chinese_run_of_the_case_commands_prints_only_chinese(
        cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    said = [await _run(capsys, "import", "cases", str(cli_env)),
            await _run(capsys, "cases", "file", "--agency", "AMR", "--type", "other", "--received", "2026-04-22"),
            await _run(capsys, "cases", "move", "AMR-2026-0002", "调查中"),
            await _run(capsys, "cases", "move", "AMR-2026-0002", "closed"),
            await _run(capsys, "cases", "show", "AMR-2026-1"),
            await _run(capsys, "cases", "list"),
            await _run(capsys, "cases", "due", "--within", "2周"),
            await _run(capsys, "cases", "figures", "--from", "2026-01-01", "--to", "2026-12-31"),
            await _run(capsys, "cases", "show", "AMR-1999-9"),
            await _run(capsys, "cases", "decide", "AMR-2026-1", "--fine", "很多")]
    codes, text = [c for c, _ in said], "\n".join(o for _, o in said)
    assert codes == [0, 0, 2, 2, 0, 0, 0, 0, 2, 2]
    assert "新增 1" in text and "已登记案件 AMR-2026-0002（受理）" in text
    assert "案件不能从“受理”转为“调查中”；可转入：立案、撤回、移送" in text
    assert "案件 AMR-2026-1　【立案】　商标侵权" in text and "办理记录：" in text
    assert "未找到案号为 AMR-1999-9 的案件" in text and "“很多”不是金额" in text
    assert "天内到期（含已超期）的案件" in text and "按期办结率" in text
    assert "无法完成" not in text and not any(word in text for word in ENGLISH_WORDS), text
    helps = await _help(capsys, "cases") + await _help(capsys, "cases", "file") + await _help(capsys, "import")
    assert "案件列表，最紧迫的在前" in helps and "案件类型：专利侵权纠纷" in helps and ".csv 或 .xlsx 文件" in helps
    assert not any(word in helps for word in ENGLISH_WORDS) and "handling agency" not in helps
    code, out = await _run(capsys, "cases", "list", "--json")
    assert code == 0 and {c["state"] for c in json.loads(out)} == {"filed", "received"}  # codes, not words


async def test_an_english_run_of_the_case_commands_prints_only_english(
        cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECTION_LOCALE", "en")
    said = [await _run(capsys, "import", "cases", str(cli_env)),
            await _run(capsys, "cases", "file", "--agency", "AMR", "--type", "other", "--received", "2026-04-22"),
            await _run(capsys, "cases", "move", "AMR-2026-0002", "closed"),
            await _run(capsys, "cases", "show", "AMR-2026-1"),
            await _run(capsys, "cases", "due"),
            await _run(capsys, "cases", "show", "AMR-1999-9")]
    text = "\n".join(o for _, o in said)
    assert "case AMR-2026-0002 recorded (received)" in text and "history:" in text
    assert "A case cannot move from received to closed; allowed: filed, withdrawn, transferred." in text
    assert "case(s) due within 7 day(s)" in text and "There is no case numbered AMR-1999-9" in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text.replace("台账", "")), text
    helps = await _help(capsys, "cases") + await _help(capsys, "cases", "file")
    assert "cases, most urgent first" in helps and "case type: patent_dispute" in helps
    assert "案件列表" not in helps
