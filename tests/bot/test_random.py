"""Random update sequences against the core handlers (/start, /today, check-in, /lang, buttons):
nothing crashes, every message and button press is answered, strangers learn nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from inspection.bot.i18n import t
from tests import factories
from tests.bot.conftest import BotHarness, LinkedOfficer
from tests.fakes.telegram import FakeUser

SITE = (23.0, 101.0)

COMMANDS = ["/start", "/start ABC", "/start " + "X" * 64, "/today", "/lang", "/lang en", "/lang zh", "/lang 法语",
            "/help", "/nosuchcommand", "/today extra words"]
BUTTONS = ["today", "lang:en", "lang:zh-CN", "lang:", "checkin:no", "checkin:yes:", "checkin:yes:1:2:3:4:5",
           "checkin:yes:999999:23.000000:101.000000::1700000000", "checkin:yes:x:y:z::", "zzz"]
coordinate = st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False))
near_site = st.tuples(st.floats(22.99, 23.01), st.floats(100.99, 101.01))

step = st.one_of(
    st.tuples(st.just("command"), st.sampled_from(COMMANDS)),
    st.tuples(st.just("text"), st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
              .filter(lambda s: s.strip() != "")),
    st.tuples(st.just("text"), st.sampled_from(["📋 今日任务", "📋 Today", "今日任务"])),
    st.tuples(st.just("press"), st.sampled_from(BUTTONS)),
    st.tuples(st.just("location"), st.one_of(coordinate, near_site),
              st.sampled_from(["static", "live", "forwarded", "old"])),
    st.tuples(st.just("live_move"), near_site),
    st.tuples(st.just("photo"), st.just("")),
)
who = st.sampled_from(["officer", "stranger"])


async def plan(bot: BotHarness) -> LinkedOfficer:
    me = await bot.linked_officer()
    now = datetime.now(bot.settings.tz)
    async with bot.uow() as s:
        raid = await factories.raid(s, await factories.campaign(s, me.agency), raid_date=now.date(), starts_at=now)
        team = await factories.team(s, raid, [me.officer])
        await factories.visit(s, team, await factories.site(s, name="秘密超市", lat=SITE[0], lon=SITE[1]))
        await s.commit()
    return me


def updates_for(user: FakeUser, item: tuple[Any, ...], lives: list[dict[str, Any]]) -> dict[str, Any]:
    kind = item[0]
    if kind == "command":
        name, *args = item[1].split(" ")
        return user.command(name, *args)
    if kind == "text":
        return user.text(item[1])
    if kind == "press":
        return user.press(item[1])
    if kind == "photo":
        return user.photo()
    if kind == "live_move" and lives:
        return user.move_live_location(lives[-1], *item[1])
    lat, lon = item[1]
    how = item[2] if len(item) > 2 else "static"
    update = user.location(lat, lon, live_period=3600 if how == "live" else None, forwarded=how == "forwarded",
                           age_s=3600 if how == "old" else 0)
    if how == "live":
        lives.append(update)
    return update


@example(sequence=[("officer", ("location", SITE, "live")), ("officer", ("live_move", SITE)),
                   ("stranger", ("press", "checkin:yes:1:23.000000:101.000000::1700000000")),
                   ("officer", ("press", "checkin:yes:999999:23.000000:101.000000::1700000000"))])
@settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=st.lists(st.tuples(who, step), min_size=1, max_size=8))
async def test_any_sequence_of_updates_is_answered_and_nothing_crashes(
        bot: BotHarness, sequence: list[tuple[str, tuple[Any, ...]]]) -> None:
    me = await plan(bot)
    stranger = bot.user()
    lives: dict[int, list[dict[str, Any]]] = {me.user.id: [], stranger.id: []}
    failures = {t("core_error", "zh-CN"), t("core_error", "en")}
    for person, item in sequence:
        user = me.user if person == "officer" else stranger
        update = updates_for(user, item, lives[user.id])
        calls = await bot.send(update)
        assert not failures & {c.text for c in calls}, f"{item} from {person} failed"
        if "edited_message" not in update:
            assert any(c.method in ("sendMessage", "editMessageText") for c in calls), f"no answer to {item}"
        if person == "stranger":
            assert all("秘密超市" not in c.text for c in calls)
