"""The report conversation without Telegram, through the plain-text channel, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from inspection.config import Settings
from inspection.domain.enums import NotificationKind
from inspection.services.figures.campaign import for_campaign
from inspection.services.report import Choice, Command, Photo, Text, answer
from inspection.services.report.drafts import load_draft
from inspection.store.engine import AlreadyProcessed, UnitOfWork
from tests.store.report_core_world import NOW, SHOES, channel, core_world, findings, notifications, visit


async def test_a_whole_report_is_played_in_plain_text_and_closes_the_visit(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    officer = channel(uow, settings, w.leader)
    opening = await officer.send("/report")
    assert w.site in opening[0] and "检查商品多少件" in opening[-1] and "#1" not in "".join(opening)
    await officer.send("120件")
    await officer.play(*SHOES)
    assert "已收到第 1 张照片" in (await officer.photo(b"\xff\xd8 shelf"))[-1]
    review = await officer.send("#1")
    assert "类别：服装鞋帽" in review[0] and "照片：1 张" in review[0] and review[1:] == [
        "#1 ✅ 确认保存", "#2 ✏️ 重新填写", "#3 🗑 放弃此项"]
    saved = await officer.send("#1")
    [item] = await findings(uow, w.visit_id)
    assert saved[0].startswith(f"已保存，编号 F-{item.id}") and "已保存涉嫌侵权商品 1 种" in saved[1]
    assert (item.product, item.category, item.quantity, item.unit, item.estimated_value_cny) == (
        "运动鞋", "clothing", 12, "双", Decimal("1800.00"))
    assert "发放宣传材料多少份" in (await officer.send("/done"))[-1]
    assert "检查已完成" in (await officer.send("30份"))[0]
    row = await visit(uow, w.visit_id)
    assert (row.status, row.goods_checked, row.leaflets, row.closed_at) == ("closed", 120, 30, NOW)


async def test_closing_a_visit_queues_a_notice_to_every_other_team_member(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    officer = channel(uow, settings, w.leader)
    await officer.play("/done", "0")
    assert officer.last is not None and officer.last.notified
    [notice] = await notifications(uow)
    assert (notice.officer_id, notice.kind, notice.status) == (w.member, NotificationKind.VISIT_CLOSED.value, "pending")
    assert notice.payload["site"] == w.site and notice.payload["leaflets"] == 0


async def test_an_english_officer_picks_tobacco_and_other_as_codes(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow, locale="en")
    officer = channel(uow, settings, w.member)
    shown = await officer.play("/report", "40 items", "#1", "Cigarettes")
    assert "#3 tobacco products" in shown and "#10 other" in shown
    shown = await officer.send("#3")
    assert shown == ["Brand?", "#1 Unknown"]
    await officer.play("Zhonghua", "#2", "#1", "#1", "10 packs", "#1", "#1", "#1", "#1")
    await officer.send("#1")
    await officer.play("#1", "Lighter", "#10", "#1", "#1", "#1", "#6", "3", "#1", "#6", "#1", "#1", "#1")
    tobacco, lighter = await findings(uow, w.visit_id)
    assert (tobacco.category, tobacco.unit, lighter.category) == ("tobacco", "packs", "other")
    figures = await for_campaign(uow, w.campaign)
    assert {(r.key, r.label_zh, r.label_en) for r in figures.by_category} == {
        ("tobacco", "烟草制品", "tobacco products"), ("other", "其他", "other")}


@pytest.mark.parametrize(("step_to", "typed", "said"), [
    ((), "\x00运动鞋", "无法保存的字符"),
    ((), "\u200b\u200b ", "商品名称不能为空"),
    (("运动鞋", "#1"), "\u200d\u3000", "没有可见的文字"),
    (("运动鞋", "#1"), "耐\ud800克", "无法保存的字符"),
])
async def test_invisible_or_unstorable_text_is_refused_and_the_same_question_is_asked_again(
        uow: UnitOfWork, settings: Settings, step_to: tuple[str, ...], typed: str, said: str) -> None:
    w = await core_world(uow)
    officer = channel(uow, settings, w.leader)
    await officer.play("/report", "1", "#1", *step_to)
    asked = officer.question
    shown = await officer.send(typed)
    assert said in shown[0] and officer.question == asked
    assert "\x00" not in "".join(shown) and "\ud800" not in "".join(shown)
    shown = await officer.send("运动鞋")  # and the report goes on
    assert officer.question is not None and officer.question.step != (asked.step if asked else "")


async def test_a_redelivered_answer_has_no_second_effect(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    for given in (Command("report"), Text("5"), Choice("menu", "add")):
        await answer(uow, w.leader, given, now=NOW, settings=settings)
    await answer(uow.for_update(9001), w.leader, Text("运动鞋"), now=NOW, settings=settings)
    with pytest.raises(AlreadyProcessed):
        await answer(uow.for_update(9001), w.leader, Text("运动鞋"), now=NOW, settings=settings)
    outcome = await answer(uow, w.leader, Text("鞋"), now=NOW, settings=settings)
    assert outcome.question is not None and outcome.question.step == "brand"  # "鞋" was the category, once


async def test_photos_join_the_item_once_and_the_rest_of_an_album_joins_the_saved_item(
        uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    officer = channel(uow, settings, w.leader)
    await officer.play("/report", "8")
    assert "请先点“添加涉嫌侵权商品”" in (await officer.photo(b"\xff\xd8 early"))[0]
    await officer.play(*SHOES)
    await officer.photo(b"\xff\xd8 one", album="G1")
    assert "已收到第 1 张照片" in (await officer.photo(b"\xff\xd8 one", album="G1"))[0]  # the same photo again
    assert "只能接收照片" in (await officer.give(Photo(b"%PDF", mime_type="application/pdf")))[0]
    await officer.play("#1", "#1")
    [item] = await findings(uow, w.visit_id)
    assert f"照片已补充到 F-{item.id}" in (await officer.photo(b"\xff\xd8 two", album="G1"))[0]


async def test_answers_of_one_officer_at_the_same_moment_are_taken_one_after_the_other(
        uow: UnitOfWork, settings: Settings) -> None:
    """The officer's lock guards his draft: the second answer reads the draft the first one wrote."""
    if uow.dialect != "postgresql":
        pytest.skip("SQLite takes one writer at a time anyway (the bot's transactions begin IMMEDIATE)")
    w = await core_world(uow)
    await channel(uow, settings, w.leader).play("/report", "8", *SHOES)
    photos = [Photo(b"\xff\xd8 left"), Photo(b"\xff\xd8 right"), Photo(b"\xff\xd8 middle")]
    await asyncio.gather(*(answer(uow, w.leader, p, now=NOW, settings=settings) for p in photos))
    draft = await load_draft(uow, w.leader)
    assert draft is not None and len(draft["photos"]) == len(photos)
