"""Rough edges of the report seen from Telegram: the team learns of /done, long reviews, /cancel alone."""

from __future__ import annotations

from tests.bot.conftest import BotHarness
from tests.bot.report_world import SHOES, answers, findings, last_text, report_world
from tests.bot.test_assignments import wait_for


async def test_team_mates_learn_that_the_visit_was_closed(bot: BotHarness) -> None:
    w = await report_world(bot)
    await answers(bot, w.leader.user, "/done", "12")
    call = await wait_for(bot, w.member.user.id, "已结束 惠民超市 的检查")
    assert w.leader.officer.name in call.text and "发放宣传材料 12 份" in call.text
    assert not [c for c in bot.fake.calls if c.method == "sendMessage" and "已结束 惠民超市" in c.text
                and int(c.params["chat_id"]) == w.leader.user.id]


async def test_a_review_with_four_thousand_characters_of_notes_is_shown_and_saved_whole(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    notes = ("鞋盒上的标签与正品不同，" * 400)[:4000]
    await answers(bot, user, "/report", "1", *SHOES[:1], "二十个字的商品名称二十个字的商品名称二十", *SHOES[2:-1], notes)
    review = await bot.send(user.press("rep:photos:next"))
    assert "请核对" in last_text(review) and "rep:review:save" in [b["callback_data"] for b in review[-1].buttons]
    await bot.send(user.press("rep:review:save"))
    [item] = await findings(bot, w.visit_id)
    assert item.notes == notes and len(item.product) == 20


async def test_cancel_with_nothing_to_cancel_says_there_is_nothing_to_cancel(bot: BotHarness) -> None:
    w = await report_world(bot)
    assert last_text(await bot.say(w.leader.user, "/cancel")) == "当前没有可取消的录入。"
