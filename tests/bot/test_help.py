"""/help and the command menu follow the role: strangers, officers, coordinators."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from tests.bot.conftest import BotHarness, texts

FIELD = ["/today", "/report", "/undo", "/done", "/cancel", "/cases", "/lang"]
COORDINATING = ["/raid", "/progress", "/summary", "/bulletin"]


def scope(call: Any) -> dict[str, Any]:
    value = call.params.get("scope") or {"type": "default"}
    return json.loads(value) if isinstance(value, str) else value


def menu(call: Any) -> list[str]:
    commands = call.params["commands"]
    return [c["command"] for c in (json.loads(commands) if isinstance(commands, str) else commands)]


async def test_an_officer_sees_the_field_commands_and_a_coordinator_also_the_planning_ones(bot: BotHarness) -> None:
    officer = await bot.linked_officer()
    coordinator = await bot.linked_officer(role="coordinator")
    shown = texts(await bot.say(officer.user, "/help"))[-1]
    assert all(c in shown for c in FIELD) and not any(c in shown for c in COORDINATING)
    shown = texts(await bot.say(coordinator.user, "/help"))[-1]
    assert all(c in shown for c in FIELD + COORDINATING)


async def test_the_menu_telegram_shows_follows_the_role_per_chat_and_strangers_see_start_and_help(
        bot: BotHarness) -> None:
    officer = await bot.linked_officer(locale="en")
    coordinator = await bot.linked_officer(role="coordinator")
    await bot.say(officer.user, "/today")
    await bot.say(coordinator.user, "/help")
    calls = [c for c in bot.fake.calls if c.method == "setMyCommands"]
    per_chat = {scope(c).get("chat_id"): c for c in calls if scope(c)["type"] == "chat"}
    assert menu(per_chat[officer.user.id]) == [c[1:] for c in FIELD] + ["help"]
    assert set(menu(per_chat[coordinator.user.id])) >= {c[1:] for c in FIELD + COORDINATING}
    english = per_chat[officer.user.id].params["commands"]
    assert "Today" in json.dumps(english) or "today" in json.dumps(english).lower()
    for _ in range(50):  # the default menu is set by a job once the bot runs
        defaults = [c for c in bot.fake.calls if c.method == "setMyCommands" and scope(c)["type"] == "default"]
        if defaults and menu(defaults[-1]) == ["start", "help"]:
            break
        await asyncio.sleep(0.1)
    assert menu(defaults[-1]) == ["start", "help"]


async def test_a_stranger_asking_for_help_gets_the_one_polite_line(bot: BotHarness) -> None:
    said = texts(await bot.say(bot.user(), "/help"))
    assert len(said) == 1 and "/raid" not in said[0] and "/today" not in said[0]
