"""/summary, /progress and /bulletin over the loopback Bot API, on the hand-counted world of
tests/store/test_figures.py (3 agencies, 7 person-times, 380 goods, 4 kinds of suspected goods)."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from openpyxl import load_workbook
from sqlmodel import select

from inspection.store.tables import Agency
from tests.bot.conftest import BotHarness, LinkedOfficer, texts
from tests.store.test_figures import build_world
from tests.store.test_figures_progress import _march_raid


async def _coordinator(bot: BotHarness, agency_code: str | None = "AMR", *, locale: str = "zh-CN",
                       role: str = "coordinator") -> LinkedOfficer:
    agency = None
    if agency_code is not None:
        async with bot.uow() as s:
            agency = (await s.exec(select(Agency).where(Agency.code == agency_code))).one()
    return await bot.linked_officer(agency=agency, agency_kind="tobacco", role=role, locale=locale)


async def test_summary_sends_the_narrative_and_the_xlsx_workbook(bot: BotHarness) -> None:
    w = await build_world(bot.uow)
    coordinator = await _coordinator(bot)
    calls = await bot.say(coordinator.user, f"/summary {w.campaign}")
    messages = [c for c in calls if c.method == "sendMessage"]
    assert messages[-1].text.startswith("2026年知识产权宣传周期间，3家执法单位出动执法人员5名")
    assert "检查各类商品380件" in messages[-1].text and "5种商品" in messages[-1].text
    document, word = [c for c in calls if c.method == "sendDocument"]
    assert document.text == "2026年知识产权宣传周统计汇总表"
    assert word.text == "2026年知识产权宣传周工作情况报告（Word）"
    report = Document(io.BytesIO(word.files["document"]))
    assert report.paragraphs[0].text == "关于2026年知识产权宣传周联合执法工作情况的报告"
    assert any("出动执法人员5名" in p.text for p in report.paragraphs)
    wb = load_workbook(io.BytesIO(document.files["document"]))
    values = {r[0]: r[1] for r in wb["汇总"].iter_rows(min_row=5, values_only=True)}
    assert values["检查商品（件）"] == 380 and values["涉嫌侵权商品（种）"] == 5


async def test_progress_lists_visits_done_check_ins_and_findings_by_team(bot: BotHarness) -> None:
    w = await build_world(bot.uow)
    coordinator = await _coordinator(bot, "DRUG")
    [text] = texts(await bot.say(coordinator.user, f"/progress {w.campaign}"))
    lines = text.splitlines()
    assert lines[0] == "2026年知识产权宣传周进度：已完成检查 2/5 户次，已签到执法人员 3 名，涉嫌侵权商品 5 种。"
    assert lines[1].startswith("2026-04-20 第") and lines[1].endswith("完成 2/2，签到 2 人，涉嫌侵权商品 3 种")
    assert lines[3].startswith("2026-04-21 第") and lines[3].endswith("完成 0/1，签到 0 人，涉嫌侵权商品 0 种")


async def test_progress_speaks_english_to_an_english_coordinator(bot: BotHarness) -> None:
    w = await build_world(bot.uow)
    coordinator = await _coordinator(bot, "IPO", locale="en")
    [text] = texts(await bot.say(coordinator.user, f"/progress {w.campaign}"))
    assert text.startswith("2026年知识产权宣传周 progress: 2/5 visits done, 3 officers checked in, 5 suspected items.")
    assert "Team " in text and "(leader: 执法员" in text


async def test_bulletin_ranks_districts_and_sends_the_workbook(bot: BotHarness) -> None:
    await build_world(bot.uow)
    await _march_raid(bot.uow)
    coordinator = await _coordinator(bot)
    calls = await bot.say(coordinator.user, "/bulletin 2026-04")
    assert texts(calls)[0].splitlines()[1] == ("1. 城关镇：检查经营单位2户次（较上月增加1户次），"
                                               "检查商品300件（较上月增加200件），涉嫌侵权商品4种（较上月增加3种）")
    [document] = [c for c in calls if c.method == "sendDocument"]
    rows = list(load_workbook(io.BytesIO(document.files["document"])).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[2][:5] == (1, "城关镇", 2, 1, 1)
    assert date(2026, 4, 1).strftime("%Y-%m") in document.text


async def test_officers_outsiders_and_strangers_are_refused_politely(bot: BotHarness) -> None:
    w = await build_world(bot.uow)
    officer = await _coordinator(bot, "AMR", role="officer")
    assert texts(await bot.say(officer.user, f"/summary {w.campaign}")) == ["该功能仅限协调员使用。"]
    outsider = await _coordinator(bot, None)
    assert texts(await bot.say(outsider.user, f"/progress {w.campaign}")) == [
        f"您所在单位未参加专项行动 {w.campaign}，不能查看其统计。"]
    stranger = bot.user()
    [line] = texts(await bot.send(stranger.command("summary", w.campaign)))
    assert line.startswith("您好！本机器人仅供已登记的执法人员使用")


async def test_missing_or_wrong_arguments_get_a_clear_answer_in_the_users_language(bot: BotHarness) -> None:
    await build_world(bot.uow)
    zh = await _coordinator(bot)
    assert texts(await bot.say(zh.user, "/summary")) == ["请在命令后写上专项行动代码，例如：/summary IPW2026"]
    assert texts(await bot.say(zh.user, "/summary NOPE")) == ["未找到代码为 NOPE 的专项行动，请核对代码。"]
    assert texts(await bot.say(zh.user, "/bulletin 四月")) == ["“四月”不是有效的月份，请按 2026-04 的格式填写。"]
    en = await _coordinator(bot, locale="en")
    assert texts(await bot.say(en.user, "/bulletin")) == ["Monthly bulletin: choose the month"]  # buttons follow
    assert texts(await bot.say(en.user, "/progress NOPE")) == ["There is no campaign with the code NOPE; please check it."]
