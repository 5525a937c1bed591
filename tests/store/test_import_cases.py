"""Importing the case register (案件台账) as offices keep it, with row-level errors like the other imports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select

from inspection.config import Settings
from inspection.services.cases.figures import case_figures
from inspection.services.importing import ImportKind, ImportRejected, import_file
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Case
from tests import factories as f
from tests.store.test_import import write_csv, write_xlsx

REGISTER = [
    ["序号", "案号", "办案单位", "案件类型", "案件来源", "受理日期", "立案日期", "当事人", "专项行动", "处理结果",
     "处理日期", "罚款金额", "没收金额", "结案日期"],
    ["1", "云知罚〔2026〕1号", "IPO", "假冒专利", "执法检查", "2026-04-20", "2026-04-21", "某超市", "IPW2026",
     "作出处理决定", "2026-05-10", "2.5万元", "2000", "2026-05-12"],
    ["2", "云知调〔2026〕2号", "县知识产权局", "专利侵权纠纷", "投诉举报", "2026/4/22", "2026/4/23", "某药店", "",
     "调解", "2026-05-03", "", "", "2026-05-03"],
    ["3", "云市监〔2026〕3号", "AMR", "商标侵权", "", "2026年4月25日", "", "某百货", "", "", "", "", "", ""],
]


async def _world(uow: UnitOfWork) -> None:
    async with uow() as s:
        ipo = await f.agency(s, "ip_office")
        await f.agency(s, "market_regulation")
        await f.campaign(s, ipo, code="IPW2026")
        await s.commit()


async def test_the_case_register_is_imported_with_states_deadlines_and_penalties(
    uow: UnitOfWork, settings: Settings, tmp_path: Path
) -> None:
    await _world(uow)
    days = settings.cases.deadline_days
    report = await import_file(uow, ImportKind.CASES, write_xlsx(tmp_path / "台账.xlsx", REGISTER), deadline_days=days)
    assert (report.rows, report.created) == (3, 3)
    async with uow() as s:
        cases = {c.number: c for c in (await s.exec(select(Case))).all()}
    first = cases["云知罚〔2026〕1号"]
    assert (first.state, first.outcome, first.fine_cny, first.confiscation_cny) == (
        "closed", "decided", Decimal("25000.00"), Decimal("2000.00"))
    assert first.due_on == date(2026, 7, 20) and first.closed_on_time is True and first.campaign_id is not None
    assert (cases["云知调〔2026〕2号"].state, cases["云知调〔2026〕2号"].source) == ("closed", "complaint")
    assert cases["云市监〔2026〕3号"].state == "received" and cases["云市监〔2026〕3号"].source == "inspection"
    figures = await case_figures(uow, start=date(2026, 4, 1), end=date(2026, 5, 31))
    assert (figures.received, figures.closed, figures.penalties_cny) == (3, 2, Decimal("27000.00"))
    again = await import_file(uow, ImportKind.CASES, write_csv(tmp_path / "台账.csv", REGISTER), deadline_days=days)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


async def test_a_register_with_bad_rows_names_each_cell_and_writes_nothing(
    uow: UnitOfWork, settings: Settings, tmp_path: Path
) -> None:
    await _world(uow)
    bad = [REGISTER[0],
           ["1", "X-1", "IPO", "假冒专利", "", "2026-04-20", "", "", "", "", "", "很多", "", ""],
           ["2", "X-2", "IPO", "不知道", "", "", "", "", "", "", "", "", "", ""],
           ["3", "X-3", "税务局", "商标侵权", "", "2026-04-20", "2026-04-19", "", "NOPE", "", "", "", "", "2026-05-01"],
           ["4", "X-3", "IPO", "商标侵权", "", "2026-04-20", "", "", "", "", "", "", "", ""]]
    with pytest.raises(ImportRejected) as caught:
        await import_file(uow, ImportKind.CASES, write_csv(tmp_path / "bad.csv", bad),
                          deadline_days=settings.cases.deadline_days)
    lines = caught.value.lines("zh-CN")
    assert lines[0].startswith("bad.csv 有") and "未导入任何记录" in lines[0]
    text = "\n".join(lines)
    assert "第 2 行，“罚款金额”列：“很多”不是金额" in text
    assert "第 3 行，“案件类型”列：“不知道”不是可选值之一" in text
    assert "第 3 行，“受理日期”列：不能为空" in text
    assert "第 4 行，“立案日期”列：立案日期（2026-04-19）早于受理日期（2026-04-20）" in text
    assert "第 4 行，“办案单位”列：找不到单位“税务局”" in text
    assert "第 4 行，“专项行动”列：找不到专项行动“NOPE”" in text
    assert "第 4 行，“结案日期”列：已结案的案件须填写处理结果" in text
    assert "第 5 行，“案号”列：“X-3”与第 4 行重复" in text
    async with uow() as s:
        assert (await s.exec(select(Case))).all() == []
