"""Random update sequences in every state of the report: nothing crashes, every message is answered."""

from __future__ import annotations

import time
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from inspection.bot.i18n import t
from tests.bot.conftest import BotHarness
from tests.bot.report_world import SHOES, answers, report_world
from tests.fakes.telegram import FakeUser

# The answers that lead from nothing to each state of the conversation.
TO_STATE: dict[str, tuple[str, ...]] = {
    "goods": ("/report",),
    "menu": ("/report", "12"),
    **{step: ("/report", "12", *SHOES[:i + 1]) for i, step in enumerate(
        ("product", "category", "brand", "holder", "right", "suspicion", "quantity", "value", "action", "notes", "photos"))},
    "review": ("/report", "12", *SHOES, "btn:photos:next"),
    "leaflets": ("/report", "12", "/done"),
}

BUTTONS = [
    "rep:goods:keep", "rep:menu:add", "rep:menu:done", "rep:menu:exit", "rep:brand:unknown", "rep:holder:same",
    "rep:holder:unknown", "rep:right:trademark", "rep:right:other", "rep:suspicion:piracy", "rep:value:skip",
    "rep:action:sealed", "rep:notes:skip", "rep:photos:next", "rep:review:save", "rep:review:redo",
    "rep:review:drop", "rep:right:no-such-right", "rep:nowhere:x", "rep:", "other:button",
]
WORDS = ["12", "十二", "１２件", "3.5", "-1", "0", "一百零五", "运动鞋", "耐克", "商标", "盗版", "没收", "abc", "很多",
         "1.234", "9" * 20, "/report", "/undo", "/done", "/cancel", "/help", "/report extra words"]

action = st.one_of(
    st.tuples(st.just("press"), st.sampled_from(BUTTONS)),
    st.tuples(st.just("text"), st.sampled_from(WORDS)),
    st.tuples(st.just("text"), st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")),
    st.tuples(st.just("photo"), st.sampled_from(["small", "album", "huge", "pdf"])),
    st.tuples(st.just("sticker"), st.just("")),
    st.tuples(st.just("edit"), st.just("改过的字")),
)


def _sticker(user: FakeUser) -> dict[str, Any]:
    sticker = {"file_id": "STK1", "file_unique_id": "STKU1", "type": "regular", "width": 512, "height": 512,
               "is_animated": False, "is_video": False}
    message = {"message_id": user.fake.next_message_id(), "date": int(time.time()),
               "chat": {"id": user.id, "type": "private"}, "from": user.as_user(), "sticker": sticker}
    return user.fake.enqueue({"update_id": user.fake.next_update_id(), "message": message})


def _edited(user: FakeUser, text: str) -> dict[str, Any]:
    message = {"message_id": user.fake.next_message_id(), "date": int(time.time()) - 30,
               "edit_date": int(time.time()), "chat": {"id": user.id, "type": "private"},
               "from": user.as_user(), "text": text}
    return user.fake.enqueue({"update_id": user.fake.next_update_id(), "edited_message": message})


def _updates(user: FakeUser, kind: str, value: str) -> list[dict[str, Any]]:
    if kind == "press":
        return [user.press(value)]
    if kind == "text":
        return [user.command(*value.split(" ")) if value.startswith("/") else user.text(value)]
    if kind == "sticker":
        return [_sticker(user)]
    if kind == "edit":
        return [_edited(user, value)]
    if value == "album":
        return user.album([b"\xff\xd8 a", b"\xff\xd8 b"])
    if value == "huge":
        return [user.photo(size=21 * 1024 * 1024)]
    if value == "pdf":
        return [user.document(b"%PDF", "a.pdf", "application/pdf")]
    return [user.photo(b"\xff\xd8 small")]


# Every state at least once with a mixed bag; the generated examples add random sequences on top.
MIXED = [("sticker", ""), ("photo", "small"), ("text", "很多"), ("press", "rep:nowhere:x"), ("text", "/undo")]


def _every_state(test: Any) -> Any:
    for state in sorted(TO_STATE):
        test = example(state=state, sequence=MIXED)(test)
    return test


# Each example drives a real bot over HTTP: a few dozen examples, and no shrinking (it would take minutes);
# a failure is reported with the sequence that caused it.
@_every_state
@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(state=st.sampled_from(sorted(TO_STATE)), sequence=st.lists(action, min_size=1, max_size=8))
async def test_any_update_in_any_state_is_answered_and_nothing_crashes(
        bot: BotHarness, state: str, sequence: list[tuple[str, str]]) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, *TO_STATE[state])
    failure = t("core_error", "zh-CN")
    for kind, value in sequence:
        updates = _updates(user, kind, value)  # an album is several updates at once
        calls = await bot.send(updates)
        talking = [c for c in calls if c.method in ("sendMessage", "answerCallbackQuery")]
        assert all(c.text != failure for c in calls), f"{kind} {value!r} in state {state} failed"
        if kind != "edit":  # an edited message is not a new answer; the bot may stay silent
            assert len(talking) >= len(updates), f"no answer to {kind} {value!r} in state {state}"
