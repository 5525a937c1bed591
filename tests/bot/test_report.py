"""The findings conversation through the real PTB application and the loopback Bot API."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from inspection.store.tables import AuditEvent
from tests.bot.conftest import BotHarness
from tests.bot.report_world import (
    BOOKS,
    SHOES,
    all_text,
    answers,
    buttons,
    evidence,
    findings,
    last_text,
    report_world,
    visit,
)


async def test_a_full_report_in_chinese_saves_items_with_photos_and_closes_the_visit(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    opening = await bot.say(user, "/report")
    assert "惠民超市" in all_text(opening) and "检查商品多少件" in last_text(opening)
    assert "已保存涉嫌侵权商品 0 种" in last_text(await bot.say(user, "１２０"))
    calls = await answers(bot, user, *SHOES)
    assert "请发送照片" in last_text(calls) and "rep:photos:next" in buttons(calls)
    assert "已收到第 1 张照片" in last_text(await bot.send(user.photo(b"\xff\xd8 shoes on the shelf")))
    review = last_text(await bot.send(user.press("rep:photos:next")))
    for expected in ("运动鞋", "类别：服装鞋帽", "耐克", "商标", "假冒商标", "12双", "1800.00", "登记保存", "货架第二层", "照片：1 张"):
        assert expected in review
    saved = await bot.send(user.press("rep:review:save"))
    [shoes] = await findings(bot, w.visit_id)
    assert f"已保存，编号 F-{shoes.id}" in all_text(saved)
    assert (shoes.product, shoes.category, shoes.brand, shoes.rights_holder) == ("运动鞋", "clothing", "耐克", "耐克")
    assert (shoes.quantity, shoes.unit) == (12, "双")
    assert (shoes.right_type, shoes.suspicion, shoes.action) == ("trademark", "counterfeit_trademark", "registered")
    assert shoes.estimated_value_cny == Decimal("1800.00") and shoes.notes == "货架第二层"
    assert shoes.reported_by_id == w.leader.id
    [photo] = await evidence(bot, shoes.id)
    assert (bot.settings.evidence_dir / photo.file_path).read_bytes() == b"\xff\xd8 shoes on the shelf"
    assert len(photo.sha256) == 64 and photo.size_bytes == len(b"\xff\xd8 shoes on the shelf")
    assert photo.telegram_file_id.startswith("FILE")

    await answers(bot, user, *BOOKS, "btn:photos:next")
    assert "已保存涉嫌侵权商品 2 种，其中您录入 2 种" in last_text(await bot.send(user.press("rep:review:save")))
    books = (await findings(bot, w.visit_id))[1]
    assert (books.product, books.brand, books.rights_holder, books.right_type, books.quantity, books.unit,
            books.estimated_value_cny, books.action) == ("盗版图书", "", "人民文学出版社", "copyright", 30, "本", None,
                                                         "seized")
    assert "发放宣传材料多少份" in last_text(await bot.say(user, "/done"))
    closed = last_text([c for c in await bot.say(user, "二百") if c.chat_id == user.chat_id])  # not the teammates' news
    assert "检查已完成" in closed and "检查商品 120 件" in closed and "涉嫌侵权商品 2 种" in closed
    row = await visit(bot, w.visit_id)
    assert (row.status, row.goods_checked, row.leaflets, row.closed_by_id) == ("closed", 120, 200, w.leader.id)


async def test_an_officer_whose_language_is_english_reports_in_english(bot: BotHarness) -> None:
    w = await report_world(bot, locale="en")
    user = w.member.user
    assert "How many goods" in last_text(await bot.say(user, "/report"))
    await bot.say(user, "40")
    calls = await answers(bot, user, "btn:menu:add", "Sports shoes", "btn:category:liquor", "Nike", "btn:holder:unknown")
    assert "Which right" in last_text(calls)
    assert "geographical indication" in [b["text"] for b in calls[-1].buttons]
    review = await answers(bot, user, "btn:right:trademark", "btn:suspicion:counterfeit_trademark", "12 pairs",
                           "btn:value:skip", "btn:action:sampled", "btn:notes:skip", "btn:photos:next")
    assert "Estimated value: not given" in last_text(review) and "Action: sampled" in last_text(review)
    saved = all_text(await bot.send(user.press("rep:review:save")))
    [item] = await findings(bot, w.visit_id)
    assert f"Saved as F-{item.id}" in saved
    assert "leaflets" in last_text(await bot.say(user, "/done"))
    assert "closed for the whole team" in last_text(await bot.say(user, "0"))
    assert (item.product, item.quantity, item.unit, item.action) == ("Sports shoes", 12, "pairs", "sampled")
    assert item.category == "liquor"  # the category's code, whatever the officer's language
    row = await visit(bot, w.visit_id)
    assert (row.status, row.goods_checked, row.leaflets) == ("closed", 40, 0)


async def test_bad_numbers_get_a_clear_message_and_the_same_question_again(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await bot.say(user, "/report")
    for bad, said in [("很多", "不是可识别的数字"), ("-5", "不能为负数"), ("3.5", "请输入整数")]:
        calls = await bot.say(user, bad)
        assert said in all_text(calls) and "检查商品多少件" in last_text(calls)
    await answers(bot, user, "十二", "btn:menu:add", "运动鞋", "鞋", "btn:brand:unknown", "btn:holder:unknown",
                  "btn:right:trademark", "btn:suspicion:counterfeit_trademark")
    for bad, said in [("0", "数量必须大于 0"), ("1.234件", "最多保留两位小数"), ("几箱", "不是可识别的数字")]:
        calls = await bot.say(user, bad)
        assert said in all_text(calls) and "数量和单位" in last_text(calls)
    assert "估计货值" in last_text(await bot.say(user, "5件"))
    calls = await bot.say(user, "乱写")
    assert "请点下方按钮" not in all_text(calls)  # the value step reads text
    assert "不是可识别的数字" in all_text(calls) and "估计货值" in last_text(calls)


async def test_a_button_step_refuses_free_text_but_takes_an_options_name(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "1", "btn:menu:add", "运动鞋", "btn:category:other", "btn:brand:unknown",
                  "btn:holder:unknown")
    calls = await bot.say(user, "随便")
    assert "请点下方按钮选择" in all_text(calls) and "rep:right:patent" in buttons(calls)
    assert "涉嫌何种违法行为" in last_text(await bot.say(user, "专利"))


async def test_a_pressed_keyboard_is_taken_off_its_message(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    question = (await answers(bot, user, "/report", "1", "btn:menu:add", "运动鞋", "btn:category:food"))[-1]
    assert "rep:brand:unknown" in [b["callback_data"] for b in question.buttons]
    calls = await bot.send(user.press("rep:brand:unknown", question))
    [edit] = [c for c in calls if c.method == "editMessageReplyMarkup"]
    assert int(edit.params["message_id"]) == question.result["message_id"] and not edit.params.get("reply_markup")
    assert "权利人" in last_text(calls)
    assert [c.method for c in calls].count("answerCallbackQuery") == 1  # Telegram takes one answer per press


async def test_cancel_leaves_without_saving_anything(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "99", *SHOES, "btn:photos:next")
    assert "已取消" in last_text(await bot.say(user, "/cancel"))
    assert await findings(bot, w.visit_id) == []
    row = await visit(bot, w.visit_id)
    assert (row.goods_checked, row.status) == (0, "checked_in")
    assert "没有进行中的录入" in all_text(await bot.send(user.press("rep:review:save")))
    assert await findings(bot, w.visit_id) == []


async def test_undo_withdraws_the_last_item_and_keeps_it_for_audit(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "10", *SHOES, "btn:photos:next", "btn:review:save",
                  *BOOKS, "btn:photos:next", "btn:review:save")
    shoes, books = await findings(bot, w.visit_id)
    assert f"撤回 F-{books.id}（盗版图书）吗" in last_text(await bot.say(user, "/undo"))
    calls = await bot.send(user.press("rep:undo:yes"))
    assert f"已撤回 F-{books.id}（盗版图书）" in all_text(calls) and "已保存涉嫌侵权商品 1 种" in last_text(calls)
    assert [x.id for x in await findings(bot, w.visit_id)] == [shoes.id]
    assert len(await findings(bot, w.visit_id, withdrawn=True)) == 2
    async with bot.uow() as s:
        audit = (await s.exec(select(AuditEvent).where(AuditEvent.action == "finding.withdraw"))).one()
    assert (audit.entity_id, audit.actor_id) == (books.id, w.leader.id)
    await bot.say(user, "/cancel")
    # outside the conversation, a team mate's /undo takes back the item before
    await bot.say(w.member.user, "/undo")
    assert f"已撤回 F-{shoes.id}" in all_text(await bot.send(w.member.user.press("rep:undo:yes")))
    assert "没有可撤回的项目" in all_text(await bot.say(w.member.user, "/undo"))


async def test_done_closes_the_visit_for_the_whole_team(bot: BotHarness) -> None:
    w = await report_world(bot)
    await answers(bot, w.member.user, "/report", "30", *SHOES)  # the member is half way through an item
    assert "发放宣传材料多少份" in last_text(await bot.say(w.leader.user, "/done"))
    assert "全组的本次检查已结束" in last_text(await bot.say(w.leader.user, "50"))
    calls = await answers(bot, w.member.user, "btn:photos:next", "btn:review:save")
    assert "已由" in all_text(calls) and w.leader.officer.name in all_text(calls)
    assert await findings(bot, w.visit_id) == []
    assert "今天的检查都已结束" in last_text(await bot.say(w.member.user, "/report"))
    assert "今天的检查都已结束" in last_text(await bot.say(w.leader.user, "/undo"))


async def test_a_report_left_open_at_a_visit_a_team_mate_closed_is_dropped_on_the_next_report(
        bot: BotHarness) -> None:
    w = await report_world(bot)
    await answers(bot, w.member.user, "/report", "30")
    await answers(bot, w.leader.user, "/done", "5")
    assert "今天的检查都已结束" in last_text(await bot.say(w.member.user, "/report"))
    assert "没有进行中的录入" in last_text(await bot.send(w.member.user.press("rep:menu:add")))


async def test_done_with_an_item_half_entered_asks_to_finish_it_first(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "5", "btn:menu:add", "运动鞋")
    calls = await bot.say(user, "/done")
    assert "当前商品还没有保存" in all_text(calls) and "商品类别" in last_text(calls)
    await answers(bot, user, "btn:category:food", "btn:brand:unknown", "btn:holder:unknown", "btn:right:trademark",
                  "btn:suspicion:other", "3", "btn:value:skip", "btn:action:none", "btn:notes:skip",
                  "btn:photos:next", "btn:review:drop")
    assert "发放宣传材料" in last_text(await bot.say(user, "/done"))


async def test_without_a_checked_in_visit_there_is_nothing_to_report(bot: BotHarness) -> None:
    w = await report_world(bot, checked_in=False)
    assert "先在现场发送位置签到" in last_text(await bot.say(w.leader.user, "/report"))


async def test_a_stranger_gets_the_polite_line_and_nothing_else(bot: BotHarness) -> None:
    await report_world(bot)
    stranger = bot.user()
    for text in ("/report", "/undo", "/done"):
        calls = await bot.say(stranger, text)
        assert len([c for c in calls if c.method == "sendMessage"]) == 1
        assert "惠民超市" not in all_text(calls)
