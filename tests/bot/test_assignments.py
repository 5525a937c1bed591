"""Published plans reach every team member through the bot; declines reach the coordinators."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from inspection.clock import ManualClock
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.publish import publish
from inspection.store.tables import Notification, TeamMember
from tests import factories as f
from tests.bot.conftest import BotHarness, LinkedOfficer
from tests.fakes.telegram import BotCall

DAY = date(2026, 4, 22)


@pytest.fixture(autouse=True)
def on_the_raid_day(install_clock: Callable[[datetime], ManualClock]) -> ManualClock:
    """The service's clock reads 09:00 of the raid day: its notices are current, its buttons answer."""
    return install_clock(datetime(2026, 4, 22, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))


async def wait_for(bot: BotHarness, chat_id: int, needle: str, wait_s: float = 15.0) -> BotCall:
    """The first message to ``chat_id`` containing ``needle``, once the outbox has sent it."""
    for _ in range(int(wait_s / 0.1)):
        for call in bot.fake.messages(chat_id):
            if needle in call.text:
                return call
        await asyncio.sleep(0.1)
    raise AssertionError(f"no message with {needle!r} to {chat_id}: {[c.text for c in bot.fake.messages(chat_id)]}")


async def crew(bot: BotHarness, *, locale: str = "zh-CN") -> tuple[LinkedOfficer, list[LinkedOfficer], str]:
    """A coordinator (not on the team: max one team of officers) and five linked officers of two agencies."""
    async with bot.uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        await s.commit()
    coordinator = await bot.linked_officer(agency=ipo, role="coordinator", name="王协调", locale=locale,
                                           certificate_no="IPO-COORD", certificate_expires_on=date(2020, 1, 1))
    officers = [await bot.linked_officer(agency=a, locale=locale, name=n) for a, n in
                ((ipo, "李明"), (ipo, "赵强"), (amr, "陈静"), (amr, "孙伟"), (amr, "周敏"))]
    async with bot.uow() as s:
        campaign = await f.campaign(s, ipo, [amr], name="知识产权宣传周联合执法")
        await f.site(s, name="汇万家超市")
        await s.commit()
    return coordinator, officers, campaign.code


async def publish_day(bot: BotHarness, code: str, size_max: int = 4) -> None:
    settings = bot.settings.model_copy(update={"planning": bot.settings.planning.model_copy(
        update={"team_size_max": size_max})})
    plan = await draft(bot.uow, settings, code, DAY, DraftOptions(max_teams=1, meeting_point="县政府广场@23.0,101.0"))
    await publish(bot.uow, plan, actor="test")


async def test_every_member_receives_the_assignment_with_accept_and_decline_buttons(bot: BotHarness) -> None:
    _, officers, code = await crew(bot)
    await publish_day(bot, code)
    on_team = []
    for o in officers:
        async with bot.uow() as s:
            if (await s.exec(select(TeamMember).where(TeamMember.officer_id == o.id))).first():
                on_team.append(o)
    assert len(on_team) == 4
    for o in on_team:
        call = await wait_for(bot, o.user.id, "执法任务")
        assert "2026-04-22" in call.text and "县政府广场" in call.text and "08:30" in call.text and "组长" in call.text
        assert [b["text"] for b in call.buttons] == ["✅ 确认参加", "❌ 无法参加"]
    # The sender marks a notice sent after Telegram answered, a moment after the fake saw the message.
    statuses: set[str] = set()
    for _ in range(100):
        async with bot.uow() as s:
            notes = (await s.exec(select(Notification))).all()
        statuses = {n.status for n in notes}
        if statuses == {"sent"}:
            break
        await asyncio.sleep(0.1)
    assert statuses == {"sent"} and len(notes) == 4


async def test_an_officer_accepting_is_recorded_and_the_message_says_so(bot: BotHarness) -> None:
    _, officers, code = await crew(bot)
    await publish_day(bot, code)
    first = officers[0]
    call = await wait_for(bot, first.user.id, "执法任务")
    calls = await bot.send(first.user.press(call.buttons[0]["callback_data"], call))
    assert any("您已确认参加" in c.text for c in calls)
    async with bot.uow() as s:
        member = (await s.exec(select(TeamMember).where(TeamMember.officer_id == first.id))).one()
        assert member.reply == "accepted" and member.replied_at is not None


async def test_a_decline_with_its_reason_reaches_the_coordinator_who_applies_the_replacement(bot: BotHarness) -> None:
    coordinator, officers, code = await crew(bot)
    await publish_day(bot, code)
    async with bot.uow() as s:
        members = {m.officer_id: m for m in (await s.exec(select(TeamMember))).all()}
    spare = next(o for o in officers if o.id not in members)
    leaving = next(o for o in officers if o.id in members and o.agency.code == spare.agency.code)
    call = await wait_for(bot, leaving.user.id, "执法任务")
    pressed = await bot.send(leaving.user.press(call.buttons[1]["callback_data"], call))
    said = [c for c in pressed if c.chat_id == leaving.user.id
            and c.method in ("sendMessage", "editMessageText", "editMessageReplyMarkup")]
    assert len(said) == 1, "the question and its reason buttons come in one message"
    assert "请选择无法参加的原因" in said[0].text and "执法任务" in said[0].text
    reasons = said[0].buttons
    assert [b["text"] for b in reasons] == ["请假", "生病", "另有公务", "其他原因"]
    calls = await bot.send(leaving.user.press(reasons[0]["callback_data"], call))
    assert any("无法参加（请假）" in c.text for c in calls)
    notice = await wait_for(bot, coordinator.user.id, "无法参加")
    assert leaving.officer.name in notice.text and "请假" in notice.text and spare.officer.name in notice.text
    await bot.send(coordinator.user.press(notice.buttons[0]["callback_data"], notice))
    await wait_for(bot, coordinator.user.id, f"已将 {spare.officer.name} 编入")
    await wait_for(bot, spare.user.id, "执法任务")
    async with bot.uow() as s:
        rows = {m.officer_id: m for m in (await s.exec(select(TeamMember))).all()}
    assert rows[leaving.id].reply == "declined" and rows[leaving.id].reply_reason == "leave"
    assert spare.id in rows


async def test_an_english_speaking_officer_gets_the_assignment_in_english(bot: BotHarness) -> None:
    _, officers, code = await crew(bot, locale="en")
    await publish_day(bot, code)
    call = await wait_for(bot, officers[0].user.id, "Assignment")
    assert "Meeting point: 县政府广场" in call.text
    assert [b["text"] for b in call.buttons] == ["✅ Accept", "❌ Cannot attend"]


async def test_a_member_without_telegram_gets_a_failed_notice_saying_why(bot: BotHarness) -> None:
    _, officers, code = await crew(bot)
    async with bot.uow() as s:
        for o in officers:
            o.officer.telegram_user_id = None
            s.add(o.officer)
        await s.commit()
    await publish_day(bot, code)
    for _ in range(100):
        async with bot.uow() as s:
            notes = (await s.exec(select(Notification))).all()
        if notes and all(n.status == "failed" for n in notes):
            break
        await asyncio.sleep(0.1)
    assert {n.error for n in notes} == {"officer has no Telegram account linked"}
    assert bot.fake.messages(officers[0].user.id) == []


async def test_an_officer_who_blocked_the_bot_is_not_retried_and_the_others_still_get_theirs(
        bot: BotHarness) -> None:
    _, officers, code = await crew(bot)
    bot.fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await publish_day(bot, code)
    for _ in range(150):
        async with bot.uow() as s:
            notes = (await s.exec(select(Notification))).all()
        if notes and all(n.status != "pending" for n in notes):
            break
        await asyncio.sleep(0.1)
    assert sorted(n.status for n in notes) == ["failed", "sent", "sent", "sent"]
    assert "blocked" in next(n.error for n in notes if n.status == "failed")


async def test_a_rate_limited_send_is_retried_and_nobody_misses_the_assignment(bot: BotHarness) -> None:
    _, officers, code = await crew(bot)
    bot.fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await publish_day(bot, code)
    async with bot.uow() as s:
        members = {m.officer_id for m in (await s.exec(select(TeamMember))).all()}
    for o in officers:
        if o.id in members:
            await wait_for(bot, o.user.id, "执法任务")


async def test_members_of_a_surprise_raid_are_told_when_the_targets_are_released(bot: BotHarness) -> None:
    _, officers, code = await crew(bot)
    settings = bot.settings
    plan = await draft(bot.uow, settings, code, DAY, DraftOptions(max_teams=1, surprise=True))
    await publish(bot.uow, plan, actor="test")  # released at 08:30; the clock reads 09:00: due at once
    async with bot.uow() as s:
        members = {m.officer_id for m in (await s.exec(select(TeamMember))).all()}
    for o in officers:
        if o.id in members:
            assignment = await wait_for(bot, o.user.id, "执法任务")
            assert "突击检查" in assignment.text
            released = await wait_for(bot, o.user.id, "检查对象下发")
            assert "汇万家超市" in released.text and "县城人民路" in released.text and "uri.amap.com" in released.text


async def test_the_buttons_of_an_assignment_whose_day_is_over_answer_that_it_is_over(
        bot: BotHarness, on_the_raid_day: ManualClock) -> None:
    _, officers, code = await crew(bot)
    await publish_day(bot, code)
    first = officers[0]
    call = await wait_for(bot, first.user.id, "执法任务")
    on_the_raid_day.set(datetime(2026, 4, 23, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")))  # the next morning
    calls = await bot.send(first.user.press(call.buttons[0]["callback_data"], call))
    assert any("已结束" in c.text and "2026-04-22" in c.text for c in calls)
    async with bot.uow() as s:
        member = (await s.exec(select(TeamMember).where(TeamMember.officer_id == first.id))).one()
    assert member.reply == "pending"


async def test_a_replacement_tells_the_teammates_and_edits_the_other_coordinators_copy(bot: BotHarness) -> None:
    coordinator, officers, code = await crew(bot)
    second = await bot.linked_officer(agency=coordinator.agency, role="coordinator", name="张协调",
                                      certificate_no="IPO-COORD2", certificate_expires_on=date(2020, 1, 1))
    await publish_day(bot, code)
    async with bot.uow() as s:
        members = {m.officer_id: m for m in (await s.exec(select(TeamMember))).all()}
    spare = next(o for o in officers if o.id not in members)
    leaving = next(o for o in officers if o.id in members and o.agency.code == spare.agency.code)
    staying = [o for o in officers if o.id in members and o.id != leaving.id]
    call = await wait_for(bot, leaving.user.id, "执法任务")
    await bot.send(leaving.user.press(call.buttons[1]["callback_data"], call))
    reasons = [c for c in bot.fake.sent(leaving.user.id) if c.buttons][-1]
    await bot.send(leaving.user.press(reasons.buttons[0]["callback_data"], reasons))
    notice = await wait_for(bot, coordinator.user.id, "无法参加")
    copy = await wait_for(bot, second.user.id, "无法参加")
    await asyncio.sleep(0.5)  # the sender records the copy's message id once Telegram answered
    await bot.send(coordinator.user.press(notice.buttons[0]["callback_data"], notice))
    for o in staying:
        told = await wait_for(bot, o.user.id, "人员变动")
        assert leaving.officer.name in told.text and spare.officer.name in told.text
    edited = await wait_for(bot, second.user.id, "已由 王协调 处理")
    assert edited.method == "editMessageText" and edited.params["message_id"] == str(copy.result["message_id"])
    assert not edited.buttons, "the handled copy has no button left to apply a second replacement"


async def test_a_forged_button_naming_an_officer_of_another_agency_is_refused_with_the_rule(bot: BotHarness) -> None:
    coordinator, officers, code = await crew(bot)
    outsider = await bot.linked_officer(agency_kind="tobacco", role="team_leader", name="烟草执法员")
    await publish_day(bot, code)
    async with bot.uow() as s:
        members = {m.officer_id: m for m in (await s.exec(select(TeamMember))).all()}
    leaving = next(o for o in officers if o.id in members)
    call = await wait_for(bot, leaving.user.id, "执法任务")
    await bot.send(leaving.user.press(call.buttons[1]["callback_data"], call))
    reasons = [c for c in bot.fake.sent(leaving.user.id) if c.buttons][-1]
    await bot.send(leaving.user.press(reasons.buttons[0]["callback_data"], reasons))
    notice = await wait_for(bot, coordinator.user.id, "无法参加")
    forged = f"asg:swap:{members[leaving.id].id}:{outsider.id}"
    calls = await bot.send(coordinator.user.press(forged, notice))
    said = "\n".join(c.text for c in calls if c.text)
    assert "不能用 烟草执法员 替换" in said and "未参加本次行动" in said
    async with bot.uow() as s:
        assert (await s.exec(select(TeamMember).where(TeamMember.officer_id == outsider.id))).all() == []
