"""/lang: officers switch between Chinese and English; the choice is remembered."""

from __future__ import annotations

from inspection.store.tables import Officer
from tests.bot.conftest import BotHarness, texts


async def test_lang_offers_both_languages_as_buttons(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    calls = await bot.say(me.user, "/lang")
    assert "当前语言：中文" in texts(calls)[-1]
    assert [b["callback_data"] for b in calls[-1].buttons] == ["lang:zh-CN", "lang:en"]


async def test_pressing_english_switches_every_later_answer_and_the_keyboard(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    offer = await bot.say(me.user, "/lang")
    switched = await bot.send(me.user.press("lang:en", offer[-1]))
    assert texts(switched)[-1] == "Language set to English." and switched[-1].keyboard[0]["text"] == "📋 Today"
    assert "no inspection assignments" in texts(await bot.say(me.user, "/today"))[-1]
    async with bot.uow() as s:
        officer = await s.get(Officer, me.id)
        assert officer is not None and officer.locale == "en"


async def test_lang_with_an_argument_switches_directly_back_to_chinese(bot: BotHarness) -> None:
    me = await bot.linked_officer(locale="en")
    assert texts(await bot.say(me.user, "/lang 中文"))[-1] == "已切换为中文。"
    assert "今天" in texts(await bot.say(me.user, "/today"))[-1]


async def test_the_english_today_button_works_after_switching(bot: BotHarness) -> None:
    me = await bot.linked_officer(locale="en")
    assert "no inspection assignments" in texts(await bot.say(me.user, "📋 Today"))[-1]


async def test_a_forged_language_button_is_refused_politely(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    calls = await bot.send(me.user.press("lang:fr"))
    assert "按钮已失效" in texts(calls)[-1]


async def test_a_stranger_cannot_set_a_language(bot: BotHarness) -> None:
    stranger = bot.user(language_code="en")
    calls = await bot.send(stranger.press("lang:zh-CN"))
    assert "invite code" in texts(calls)[-1]
