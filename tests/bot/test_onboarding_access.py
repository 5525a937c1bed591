"""Who gets answered, and with what, before any feature: strangers, officers, unknown input."""

from __future__ import annotations

from tests.bot.conftest import BotHarness, texts


async def test_a_stranger_gets_one_polite_line_in_chinese_and_nothing_else(bot: BotHarness) -> None:
    stranger = bot.user()
    calls = await bot.say(stranger, "/today")
    assert len(bot.fake.messages(stranger.chat_id)) == 1
    assert "邀请码" in texts(calls)[-1]


async def test_a_stranger_with_an_english_telegram_gets_the_line_in_english(bot: BotHarness) -> None:
    stranger = bot.user(language_code="en")
    calls = await bot.say(stranger, "hello")
    assert texts(calls) == [texts(calls)[0]] and "invite code" in texts(calls)[0]


async def test_a_stranger_pressing_a_button_gets_the_same_line(bot: BotHarness) -> None:
    stranger = bot.user()
    calls = await bot.send(stranger.press("today"))
    assert [c.method for c in calls if c.method != "setMyCommands"] == ["answerCallbackQuery", "sendMessage"]
    assert "邀请码" in calls[-1].text


async def test_an_officer_is_told_when_a_message_is_not_understood(bot: BotHarness) -> None:
    officer = await bot.linked_officer(locale="en")
    calls = await bot.say(officer.user, "what now?")
    assert "did not understand" in texts(calls)[-1]


async def test_help_lists_the_commands_in_the_officers_language(bot: BotHarness) -> None:
    officer = await bot.linked_officer()
    calls = await bot.say(officer.user, "/help")
    assert "/today" in texts(calls)[-1] and "今日任务" in texts(calls)[-1]


async def test_a_redelivered_update_is_acknowledged_and_not_answered_twice(bot: BotHarness) -> None:
    officer = await bot.linked_officer()
    update = officer.user.command("help")
    first = await bot.send(update)
    second = await bot.send(bot.fake.redeliver(update))
    assert len(texts(first)) == 1 and texts(second) == []
