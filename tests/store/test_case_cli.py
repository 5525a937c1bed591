"""``inspection cases ...`` run through ``main(argv)`` against a real database, as an operator would."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from inspection.cli.main import main
from inspection.store.engine import UnitOfWork
from tests import factories as f


@pytest.fixture
async def cli_env(uow: UnitOfWork, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", database_url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    async with uow() as s:
        amr = await f.agency(s, "market_regulation")
        lead = await f.officer(s, amr, name="王海", certificate_no="AMR-LEAD")
        await f.officer(s, amr, name="赵法", role="reviewer", certificate_no="AMR-LAW")
        await s.commit()
    assert lead.id is not None
    return {"lead": "AMR-LEAD", "reviewer": "AMR-LAW", "lead_id": str(lead.id)}


async def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(main, list(argv))
    out, err = capsys.readouterr()
    return code, out, err


async def test_an_operator_files_moves_reviews_decides_and_closes_a_case_from_the_shell(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = await _run(capsys, "cases", "file", "--agency", "AMR", "--type", "商标侵权", "--source", "投诉举报",
                              "--received", "2025-04-22", "--filed", "2025-04-23", "--officer", "AMR-LEAD",
                              "--respondent", "城关镇某某超市")
    assert code == 0 and "AMR-2025-0001" in out and "2025-07-22" in out
    assert (await _run(capsys, "cases", "move", "AMR-2025-0001", "调查中", "--on", "2025-04-25",
                       "--as", "AMR-LEAD"))[0] == 0
    code, _, err = await _run(capsys, "cases", "decide", "AMR-2025-0001", "--fine", "1.2万元", "--on", "2025-05-20")
    assert code == 2 and "须先经另一名法制审核人员审核通过" in err and "legal review" not in err
    code, out, _ = await _run(capsys, "cases", "review", "AMR-2025-0001", "--reviewer", "AMR-LAW",
                              "--amount", "12000", "--approve", "--note", "同意")
    assert code == 0 and "赵法 审核通过" in out
    code, out, _ = await _run(capsys, "cases", "decide", "AMR-2025-0001", "--fine", "1.2万元", "--goods", "假冒运动鞋",
                              "--on", "2025-05-20", "--as", "AMR-LEAD")
    assert code == 0 and "罚款 12000.00 元" in out
    assert (await _run(capsys, "cases", "move", "AMR-2025-0001", "closed", "--on", "2025-06-01"))[0] == 0
    code, out, _ = await _run(capsys, "cases", "show", "AMR-2025-0001")
    assert code == 0 and "【结案】" in out and re.search(r"按期办结： +是", out)
    assert "调查中 -> 作出处理决定" in out and "王海" in out
    code, out, _ = await _run(capsys, "cases", "figures", "--from", "2025-01-01", "--to", "2025-12-31",
                              "--agency", "AMR")
    assert "受理 1 件" in out and "作出处理决定 1 件" in out and "按期办结率 100%" in out and "罚款 12000.00 元" in out


async def test_an_illegal_move_or_a_bad_state_is_refused_without_a_traceback(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    await _run(capsys, "cases", "file", "--agency", "AMR", "--type", "other", "--received", "2025-04-22")
    code, _, err = await _run(capsys, "cases", "move", "AMR-2025-0001", "closed")
    assert code == 2 and "案件不能从“受理”转为“结案”" in err and "Traceback" not in err
    code, _, err = await _run(capsys, "cases", "move", "AMR-2025-0001", "flying")
    assert code == 2 and "'flying' is not one of" in err
    code, _, err = await _run(capsys, "cases", "decide", "AMR-2025-0001", "--fine", "很多")
    assert code == 2 and "--fine：“很多”不是金额（元）" in err
    code, _, err = await _run(capsys, "cases", "show", "AMR-1999-0009")
    assert code == 2 and "未找到案号为 AMR-1999-0009 的案件" in err


async def test_due_within_7d_lists_what_falls_due_for_the_officer(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    filed = date.today() - timedelta(days=85)  # a 90-day period ends in about five days
    await _run(capsys, "cases", "file", "--agency", "AMR", "--type", "trademark_infringement", "--received",
               filed.isoformat(), "--filed", filed.isoformat(), "--officer", "AMR-LEAD", "--title", "假冒注册商标")
    await _run(capsys, "cases", "file", "--agency", "AMR", "--type", "other", "--received", date.today().isoformat(),
               "--filed", date.today().isoformat(), "--officer", "AMR-LEAD")
    code, out, _ = await _run(capsys, "cases", "due", "--within", "7d", "--officer", "AMR-LEAD")
    assert code == 0 and "假冒注册商标" in out and "7 天内到期（含已超期）的案件：1 件" in out
    code, out, _ = await _run(capsys, "cases", "due", "--within", "2w")
    assert "14 天内到期（含已超期）的案件：1 件" in out
    code, out, _ = await _run(capsys, "cases", "list", "--open")
    assert code == 0 and out.count("AMR-") == 2


async def test_the_list_counts_days_down_only_while_the_clock_runs_not_for_a_suspended_case(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    today = date.today().isoformat()
    for title in ("running", "paused"):
        await _run(capsys, "cases", "file", "--agency", "AMR", "--type", "trademark_infringement", "--received",
                   today, "--filed", today, "--title", title)
    await _run(capsys, "cases", "move", f"AMR-{today[:4]}-0002",
               "suspended", "--reason", "专利权效力待定")
    code, out, _ = await _run(capsys, "cases", "list")
    lines = {line.rsplit(" ", 1)[-1]: line for line in out.splitlines()}
    assert code == 0 and re.search(r"（\+\d+ 天）", lines["running"]) and "天）" not in lines["paused"]


async def test_an_unknown_officer_is_named_in_the_refusal_and_an_officer_id_is_accepted_too(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = await _run(capsys, "cases", "list", "--officer", "NOBODY-1")
    assert code == 2 and "未找到执法证号为 NOBODY-1 的执法人员" in err  # in the run's language
    code, _, err = await _run(capsys, "cases", "list", "--officer", "999999")
    assert code == 2 and "999999" in err
    await _run(capsys, "cases", "file", "--agency", "AMR", "--type", "other", "--officer", "AMR-LEAD", "--title", "王海的案")
    code, out, _ = await _run(capsys, "cases", "list", "--officer", cli_env["lead_id"])
    assert code == 0 and "王海的案" in out


async def test_a_register_imported_in_bulk_is_read_back_as_json(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    register = tmp_path / "台账.csv"
    register.write_text("案号,办案单位,案件类型,受理日期,立案日期,处理结果,处理日期,罚款金额,没收金额,结案日期\n"
                        "AMR-2026-7,AMR,商标侵权,2026-04-20,2026-04-21,作出处理决定,2026-05-10,1.2万元,300,2026-05-12\n"
                        "AMR-2026-8,AMR,商标侵权,2026-04-22,,,,,,\n", encoding="utf-8")
    code, out, _ = await _run(capsys, "import", "cases", str(register))
    assert code == 0 and "2 行" in out and "新增 2" in out
    code, out, _ = await _run(capsys, "cases", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and {c["number"]: c["state"] for c in listed} == {"AMR-2026-7": "closed", "AMR-2026-8": "received"}
    code, out, _ = await _run(capsys, "cases", "show", "AMR-2026-7", "--json")
    case = json.loads(out)
    assert (case["fine_cny"], case["confiscation_cny"], case["penalties_cny"]) == (12000, 300, 12300)
    assert (case["received_on"], case["closed_on"], case["closed_on_time"]) == ("2026-04-20", "2026-05-12", True)
    bad = tmp_path / "bad.csv"
    bad.write_text("案号,办案单位,案件类型,受理日期\nX-1,AMR,商标侵权,明天\n", encoding="utf-8")
    code, out, err = await _run(capsys, "import", "cases", str(bad))
    assert code == 2 and "第 2 行，“受理日期”列：“明天”不是日期" in err and "Traceback" not in err
