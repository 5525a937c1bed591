"""Linking a Telegram account with a one-time invite, and losing access."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from inspection.cli.main import main as cli_main
from inspection.services.officers import deactivate
from inspection.services.onboarding import create_invite
from inspection.store.tables import AuditEvent, Officer
from inspection.store.types import utcnow
from tests import factories
from tests.bot.conftest import BotHarness, texts


async def _officer(bot: BotHarness, locale: str = "zh-CN") -> Officer:
    async with bot.uow() as s:
        agency = await factories.agency(s, "market_regulation")
        officer = await factories.officer(s, agency, name="李明", locale=locale)
        await s.commit()
    return officer


async def test_an_officer_links_with_an_invite_and_is_greeted_in_chinese(bot: BotHarness) -> None:
    officer = await _officer(bot)
    invite = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    user = bot.user()
    calls = await bot.say(user, f"/start {invite.code}")
    assert "绑定成功" in texts(calls)[-1] and "李明" in texts(calls)[-1] and "市场监督管理局" in texts(calls)[-1]
    assert calls[-1].keyboard[0]["text"] == "📋 今日任务"
    async with bot.uow() as s:
        linked = await s.get(Officer, officer.id)
        assert linked is not None and linked.telegram_user_id == user.id


async def test_an_english_speaking_officer_is_greeted_in_english(bot: BotHarness) -> None:
    officer = await _officer(bot, locale="en")
    invite = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    calls = await bot.say(bot.user(language_code="en"), f"/start {invite.code.lower()}")
    assert texts(calls)[-1].startswith("Linked! 李明 (County Market Regulation)")


async def test_an_unknown_code_is_refused_in_the_users_language(bot: BotHarness) -> None:
    zh, en = bot.user(), bot.user(language_code="en")
    assert "邀请码无效" in texts(await bot.say(zh, "/start NOSUCHCODE"))[-1]
    assert "not valid" in texts(await bot.say(en, "/start NOSUCHCODE"))[-1]


async def test_a_used_code_is_refused_to_a_second_account(bot: BotHarness) -> None:
    officer = await _officer(bot)
    invite = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    await bot.say(bot.user(), f"/start {invite.code}")
    assert "已被使用" in texts(await bot.say(bot.user(), f"/start {invite.code}"))[-1]


async def test_the_same_account_sending_its_code_again_is_told_it_is_linked(bot: BotHarness) -> None:
    officer = await _officer(bot)
    invite = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    user = bot.user()
    await bot.say(user, f"/start {invite.code}")
    assert "已绑定" in texts(await bot.say(user, f"/start {invite.code}"))[-1]


async def test_an_expired_code_is_refused(bot: BotHarness) -> None:
    officer = await _officer(bot)
    invite = await create_invite(bot.uow, officer.certificate_no, ttl_hours=1, now=utcnow() - timedelta(hours=2))
    assert "已过期" in texts(await bot.say(bot.user(), f"/start {invite.code}"))[-1]


async def test_a_newer_invite_replaces_the_older_one(bot: BotHarness) -> None:
    officer = await _officer(bot)
    old = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    assert "已作废" in texts(await bot.say(bot.user(), f"/start {old.code}"))[-1]


async def test_relinking_takes_access_away_from_the_old_account(bot: BotHarness) -> None:
    officer = await _officer(bot)
    old_phone, new_phone = bot.user(), bot.user()
    await bot.say(old_phone, f"/start {(await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)).code}")
    relinked = await bot.say(new_phone, f"/start {(await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)).code}")
    told = [c for c in relinked if c.chat_id == old_phone.id]
    assert len(told) == 1 and "已解除" in told[0].text and "李明" not in told[0].text
    assert "邀请码" in texts(await bot.say(old_phone, "/today"))[-1]
    assert "没有您的检查任务" in texts(await bot.say(new_phone, "/today"))[-1]
    async with bot.uow() as s:
        events = (await s.exec(select(AuditEvent).where(AuditEvent.action == "officer.link"))).all()
    assert events[-1].data["revoked_telegram_user_id"] == old_phone.id


async def test_a_deactivated_officer_loses_access_at_once(bot: BotHarness) -> None:
    linked = await bot.linked_officer()
    assert "没有您的检查任务" in texts(await bot.say(linked.user, "/today"))[-1]
    await deactivate(bot.uow, linked.officer.certificate_no)
    calls = await bot.say(linked.user, "/today")
    assert len(texts(calls)) == 1 and "邀请码" in texts(calls)[0]


async def test_a_deactivated_officers_invite_is_refused(bot: BotHarness) -> None:
    officer = await _officer(bot)
    invite = await create_invite(bot.uow, officer.certificate_no, ttl_hours=72)
    await deactivate(bot.uow, officer.certificate_no)
    assert "已作废" in texts(await bot.say(bot.user(), f"/start {invite.code}"))[-1]


async def test_the_cli_prints_the_code_and_a_deep_link(bot: BotHarness, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    officer = await _officer(bot)
    monkeypatch.setenv("INSPECTION_DATABASE_URL", bot.settings.database_url)
    monkeypatch.setenv("INSPECTION_TELEGRAM_BOT_USERNAME", "county_inspection_bot")
    assert await asyncio.to_thread(cli_main, ["officers", "invite", officer.certificate_no]) == 0
    out = capsys.readouterr().out
    code = out.split("邀请码：")[1].split()[0]
    assert f"https://t.me/county_inspection_bot?start={code}" in out
    assert "绑定成功" in texts(await bot.say(bot.user(), f"/start {code}"))[-1]


async def test_the_cli_names_an_unknown_certificate(bot: BotHarness, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", bot.settings.database_url)
    assert await asyncio.to_thread(cli_main, ["officers", "deactivate", "NO-SUCH-1"]) == 2
    assert "NO-SUCH-1" in capsys.readouterr().err


async def test_the_cli_deactivates_an_officer_who_then_gets_nothing(bot: BotHarness, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    linked = await bot.linked_officer(name="赵强")
    monkeypatch.setenv("INSPECTION_DATABASE_URL", bot.settings.database_url)
    assert await asyncio.to_thread(cli_main, ["officers", "deactivate", linked.officer.certificate_no]) == 0
    assert "赵强" in capsys.readouterr().out
    calls = await bot.say(linked.user, "/help")
    assert len(texts(calls)) == 1 and "邀请码" in texts(calls)[0]
