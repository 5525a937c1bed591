"""The rough edges of the report found by hand (issue 12), each fixed on the core, on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inspection.config import Settings
from inspection.domain.enums import RightType, Suspicion
from inspection.domain.errors import InvalidInput
from inspection.services.report.findings import FindingInput, record_finding
from inspection.store.engine import UnitOfWork
from tests.store.report_core_world import SHOES, channel, core_world, findings, visit


async def test_numbers_with_the_unit_the_question_names_are_read(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    officer = channel(uow, settings, w.leader)
    await officer.play("/report", "120件", "#1", "图书", "#8", "#1", "#1", "#1", "#4", "24盒")
    await officer.send("约900元")
    assert officer.question is not None and officer.question.step == "action"
    await officer.play("#1", "#1", "#1", "#1", "/done", "30份")
    [item] = await findings(uow, w.visit_id)
    row = await visit(uow, w.visit_id)
    assert (row.goods_checked, row.leaflets, item.quantity, item.unit, item.estimated_value_cny) == (
        120, 30, 24, "盒", Decimal("900.00"))


async def test_about_nine_hundred_yuan_is_read_and_a_bad_amount_is_quoted_as_typed(
        uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow, locale="en")
    officer = channel(uow, settings, w.leader)
    await officer.play("/report", "1", "#1", "Shoes", "#5", "#1", "#1", "#1", "#1", "2 pairs")
    refused = await officer.send("about nine hundred yuan")
    assert '"about nine hundred yuan" is not a number' in refused[0] and "about900" not in "".join(refused)
    await officer.play("about 900 yuan", "#1", "#1", "#1", "#1")
    [item] = await findings(uow, w.visit_id)
    assert item.estimated_value_cny == Decimal("900.00")


async def test_the_review_fits_a_telegram_message_and_the_stored_notes_are_whole(
        uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    officer = channel(uow, settings, w.leader)
    notes = "鞋盒上的标签与正品不同。" * 334  # 4,008 characters: over the limit
    await officer.play("/report", "1", *SHOES[:-1])
    assert "最多 4000 字" in (await officer.send(notes))[0]
    notes = notes[:4000]
    await officer.send(notes)
    review = await officer.send("#1")
    assert len("\n".join(review)) <= 4096 and "…" in review[0]
    await officer.send("#1")
    [item] = await findings(uow, w.visit_id)
    assert item.notes == notes


async def test_report_after_the_days_visits_are_all_closed_says_so(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    await channel(uow, settings, w.leader).play("/done", "0")
    member = channel(uow, settings, w.member)
    assert "今天的检查都已结束" in (await member.send("/report"))[0]
    assert "今天的检查都已结束" in (await member.send("/undo"))[0]
    other = await core_world(uow, status="planned")
    assert "先在现场发送位置签到" in (await channel(uow, settings, other.leader).send("/report"))[0]


async def test_cancel_with_nothing_to_cancel_says_so(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    officer = channel(uow, settings, w.leader)
    assert await officer.send("/cancel") == ["当前没有可取消的录入。"]
    await officer.send("/report")
    assert "已取消" in (await officer.send("/cancel"))[0]


async def test_the_counter_after_a_resumed_report_counts_what_is_saved_at_the_visit(
        uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    leader, member = channel(uow, settings, w.leader), channel(uow, settings, w.member)
    await leader.play("/report", "5", *SHOES, "#1", "#1", "#3")  # save one item, then save and leave
    assert "涉嫌侵权商品 1 种" in (await leader.send("/report"))[0]
    assert "已保存涉嫌侵权商品 1 种，其中您录入 1 种" in (await leader.send("#1"))[0]  # keep the goods count
    await member.play("/report", "#1")
    await member.play(*SHOES, "#1")
    assert "已保存涉嫌侵权商品 2 种，其中您录入 1 种" in (await member.send("#1"))[1]
    assert "已保存涉嫌侵权商品 2 种，其中您录入 1 种" in (await leader.send("/report"))[-4]


async def test_undo_asks_before_it_withdraws(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    officer = channel(uow, settings, w.leader)
    await officer.play("/report", "5", *SHOES, "#1", "#1")
    [item] = await findings(uow, w.visit_id)
    asked = await officer.send("/undo")
    assert asked == [f"撤回 F-{item.id}（运动鞋）吗？记录会保留备查。", "#1 ↩️ 撤回", "#2 保留"]
    assert "已保留" in (await officer.send("#2"))[0] and len(await findings(uow, w.visit_id)) == 1
    assert officer.question is not None and officer.question.step == "menu"  # back where the officer was
    await officer.send("/undo")
    assert f"已撤回 F-{item.id}" in (await officer.send("#1"))[0] and await findings(uow, w.visit_id) == []
    await officer.send("/cancel")
    assert await officer.send("/undo") == ["本次检查没有可撤回的项目。"]


async def test_a_finding_with_a_nul_or_a_broken_character_is_refused_by_the_service_itself(uow: UnitOfWork) -> None:
    w = await core_world(uow)
    for notes in ("a\x00b", "\udc80"):
        item = FindingInput(product="运动鞋", right_type=RightType.TRADEMARK, suspicion=Suspicion.OTHER,
                            quantity=Decimal(1), notes=notes)
        with pytest.raises(InvalidInput) as caught:
            await record_finding(uow, visit_id=w.visit_id, officer_id=w.leader, item=item)
        assert caught.value.code == "text_unreadable"
    assert await findings(uow, w.visit_id) == []
