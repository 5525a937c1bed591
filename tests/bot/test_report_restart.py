"""A report survives restarts and redeliveries: the draft in the database is where the officer is."""

from __future__ import annotations

from sqlmodel import select

from inspection.bot.i18n import t
from inspection.store.tables import BotState
from tests.bot.conftest import BotHarness
from tests.bot.report_world import SHOES, all_text, answers, findings, last_text, report_world


async def _set_ptb_state(bot: BotHarness, state: str | None) -> None:
    """What PTB's persistence holds for the report conversation (None: nothing, as after a hard kill)."""
    async with bot.uow() as s:
        rows = (await s.exec(select(BotState).where(BotState.namespace == "conversation:report"))).all()
        for row in rows:
            if state is None:
                await s.delete(row)
            else:
                row.data = state
                s.add(row)
        await s.commit()


async def _start(bot: BotHarness) -> None:
    """Start the bot again; an update the stopped poller took but never confirmed is delivered again
    by the fake (as Telegram does until a later offset confirms it)."""
    await bot.start()


async def _restart(bot: BotHarness) -> None:
    await bot.stop()
    await _start(bot)


async def test_a_restart_in_the_middle_of_a_report_resumes_where_the_officer_was(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "66", "btn:menu:add", "运动鞋", "btn:category:clothing", "耐克")
    await _restart(bot)
    assert "涉及的权利类型" in last_text(await bot.say(user, "耐克创新有限合伙公司"))
    await answers(bot, user, *SHOES[5:], "btn:photos:next")
    await _restart(bot)
    await bot.send(user.press("rep:review:save"))
    [item] = await findings(bot, w.visit_id)
    assert (item.product, item.brand, item.rights_holder) == ("运动鞋", "耐克", "耐克创新有限合伙公司")


async def test_after_a_hard_kill_that_lost_the_conversation_the_next_message_carries_on(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "66", "btn:menu:add", "运动鞋", "btn:category:clothing")
    await bot.stop()
    await _set_ptb_state(bot, None)
    await _start(bot)
    calls = await bot.say(user, "耐克")
    assert "权利人" in last_text(calls)
    await answers(bot, user, *SHOES[4:], "btn:photos:next", "btn:review:save")
    assert [x.brand for x in await findings(bot, w.visit_id)] == ["耐克"]


async def test_a_stale_conversation_state_follows_the_draft_not_the_old_step(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "66", "btn:menu:add", "运动鞋", "btn:category:clothing", "耐克", "btn:holder:same")
    await bot.stop()
    await _set_ptb_state(bot, "goods")  # PTB flushed a few steps ago
    await _start(bot)
    calls = await bot.send(user.press("rep:right:patent"))
    assert "涉嫌何种违法行为" in last_text(calls)


async def test_cancel_after_a_hard_kill_still_ends_the_report(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "66", "btn:menu:add")
    await bot.stop()
    await _set_ptb_state(bot, None)
    await _start(bot)
    assert last_text(await bot.say(user, "/help")).startswith(t("help.header", "zh-CN"))  # others' commands stay theirs
    assert "已取消" in last_text(await bot.say(user, "/cancel"))
    assert "还没有已到场的检查" not in last_text(await bot.say(user, "/report"))  # a fresh report starts


async def test_a_redelivered_save_makes_no_second_finding(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "66", *SHOES, "btn:photos:next")
    save = user.press("rep:review:save")
    await bot.send(save)
    calls = await bot.send(bot.fake.redeliver(save))
    assert len(await findings(bot, w.visit_id)) == 1
    assert [c.method for c in calls] == ["answerCallbackQuery"]  # acknowledged, nothing else


async def test_a_redelivered_answer_is_not_read_as_the_answer_to_the_next_question(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "66", "btn:menu:add")
    product = user.text("运动鞋")
    await bot.send(product)
    await bot.send(bot.fake.redeliver(product))
    await answers(bot, user, "btn:category:clothing", "耐克", *SHOES[4:], "btn:photos:next", "btn:review:save")
    [item] = await findings(bot, w.visit_id)
    assert (item.product, item.brand) == ("运动鞋", "耐克")


async def test_two_officers_report_for_the_same_visit_at_once(bot: BotHarness) -> None:
    w = await report_world(bot)
    await answers(bot, w.leader.user, "/report", "66", *SHOES[:6])
    await answers(bot, w.member.user, "/report", "70", *SHOES)
    await answers(bot, w.leader.user, *SHOES[6:], "btn:photos:next", "btn:review:save")
    await answers(bot, w.member.user, "btn:photos:next", "btn:review:save")
    items = await findings(bot, w.visit_id)
    assert sorted(i.reported_by_id for i in items) == sorted([w.leader.id, w.member.id])
    assert "已保存涉嫌侵权商品 2 种，其中您录入 1 种" in all_text(await bot.say(w.member.user, "/report"))
