"""/login: a linked coordinator gets a one-time console link; field officers and groups do not."""

from __future__ import annotations

from inspection.services.accounts.sessions import redeem_login_link
from tests.bot.conftest import BotHarness, texts


async def test_a_coordinator_gets_a_link_that_signs_them_in_once(bot: BotHarness) -> None:
    me = await bot.linked_officer(role="coordinator")
    text = texts(await bot.say(me.user, "/login"))[-1]
    assert "控制台登录链接" in text and "15 分钟" in text
    token = text.split("/login/link/", 1)[1].split()[0]
    assert (await redeem_login_link(bot.uow, token)).user.officer_id == me.id


async def test_a_field_officer_is_told_the_console_is_for_coordinators(bot: BotHarness) -> None:
    me = await bot.linked_officer(role="officer")
    text = texts(await bot.say(me.user, "/login"))[-1]
    assert "只有协调员" in text and "/login/link/" not in text
