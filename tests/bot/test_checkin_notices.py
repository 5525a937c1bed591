"""Notices a check-in starts, through the bot: teammates learn of it; outside the radius the coordinators are told."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlmodel import select

from inspection.store.tables import Notification
from tests import factories
from tests.bot.conftest import BotHarness, LinkedOfficer, texts
from tests.fakes.telegram import BotCall

SITE = (23.0000, 101.0000)
NEAR = (23.0010, 101.0010)  # about 150 m away
FAR = (23.0050, 101.0000)  # about 550 m away


async def a_team_today(bot: BotHarness) -> tuple[LinkedOfficer, LinkedOfficer, LinkedOfficer]:
    leader = await bot.linked_officer(name="李明")
    mate = await bot.linked_officer(name="陈静", agency=leader.agency, locale="en")
    coordinator = await bot.linked_officer(name="王协调", agency=leader.agency, role="coordinator")
    now = datetime.now(bot.settings.tz)
    async with bot.uow() as s:
        campaign = await factories.campaign(s, leader.agency, starts_on=now.date(), ends_on=now.date())
        raid = await factories.raid(s, campaign, raid_date=now.date(), starts_at=now)
        team = await factories.team(s, raid, [leader.officer, mate.officer], leader=leader.officer, number=3)
        site = await factories.site(s, name="汇万家超市", lat=SITE[0], lon=SITE[1])
        await factories.visit(s, team, site)
        await s.commit()
    return leader, mate, coordinator


async def message_to(bot: BotHarness, chat_id: int, needle: str, wait_s: float = 15.0) -> BotCall:
    for _ in range(int(wait_s / 0.1)):
        for call in bot.fake.messages(chat_id):
            if needle in call.text:
                return call
        await asyncio.sleep(0.1)
    raise AssertionError(f"no message with {needle!r} to {chat_id}: {[c.text for c in bot.fake.messages(chat_id)]}")


async def test_teammates_learn_at_once_when_a_teammate_checks_in(bot: BotHarness) -> None:
    leader, mate, coordinator = await a_team_today(bot)
    answer = await bot.send(leader.user.location(*NEAR))
    assert "汇万家超市" in texts(answer)[-1]
    told = await message_to(bot, mate.user.id, "checked in at \"汇万家超市\"")
    assert "李明" in told.text and "team 3" in told.text
    assert not any("签到" in c.text for c in bot.fake.messages(leader.user.id) if c not in answer)
    assert not any("范围外" in c.text for c in bot.fake.messages(coordinator.user.id))


async def test_a_check_in_outside_the_radius_tells_the_campaigns_coordinators_at_once(bot: BotHarness) -> None:
    leader, mate, coordinator = await a_team_today(bot)
    asked = await bot.send(leader.user.location(*FAR))
    await bot.send(leader.user.press(asked[-1].buttons[0]["callback_data"], asked[-1]))
    alert = await message_to(bot, coordinator.user.id, "范围外签到")
    assert "李明" in alert.text and "汇万家超市" in alert.text and "第3组" in alert.text
    await message_to(bot, mate.user.id, "checked in")
    async with bot.uow() as s:
        kinds = sorted(n.kind for n in (await s.exec(select(Notification))).all())
    assert kinds == ["checkin_outside", "teammate_checkin"]
