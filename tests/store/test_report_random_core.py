"""Random input sequences in every state of the report core: no exception, every input answered."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from inspection.config import Settings
from inspection.i18n import t
from inspection.services.report import (
    COMMANDS,
    Choice,
    Command,
    Input,
    Other,
    Outcome,
    Photo,
    Text,
    answer,
    phrase,
)
from inspection.services.report.steps import STEPS
from inspection.store.engine import UnitOfWork
from tests.store.report_core_world import NOW, SHOES, channel, core_world

ITEM = ("product", "category", "brand", "holder", "right", "suspicion", "quantity", "value", "action", "notes", "photos")
# The lines that lead from nothing to each state of the conversation.
TO_STATE: dict[str, tuple[str, ...]] = {
    "none": (),
    "goods": ("/report",),
    "menu": ("/report", "12"),
    **{step: ("/report", "12", *SHOES[:i + 1]) for i, step in enumerate(ITEM)},
    "review": ("/report", "12", *SHOES, "#1"),
    "leaflets": ("/report", "12", "/done"),
    "undo": ("/report", "12", *SHOES, "#1", "#1", "/undo"),
    "undo_alone": ("/report", "12", *SHOES, "#1", "#1", "/cancel", "/undo"),
    "closed": ("/done", "0"),
}
VALUES = ["keep", "add", "done", "exit", "unknown", "same", "trademark", "other", "piracy", "skip", "sealed", "next",
          "save", "redo", "drop", "yes", "no", "food", "tobacco", "0", "99", "", "no-such-value"]
WORDS = ["12", "十二", "１２件", "3.5", "-1", "0", "一百零五", "运动鞋", "耐克", "商标", "盗版", "没收", "abc", "很多",
         "1.234", "9" * 20, "约900元", "about 900 yuan", "\x00", "\ud800", "\u200b", " ", "x" * 4001]

inputs: st.SearchStrategy[Input] = st.one_of(
    st.builds(Text, st.sampled_from(WORDS)),
    st.builds(Text, st.text(alphabet=st.characters(), max_size=40)),
    st.builds(Choice, st.sampled_from([*STEPS, "", "nowhere"]), st.sampled_from(VALUES)),
    st.builds(Command, st.sampled_from([*COMMANDS, "help"])),
    st.builds(Photo, st.sampled_from([b"\xff\xd8 a", b"\xff\xd8 b", b""]),
              mime_type=st.sampled_from(["image/jpeg", "image/png", "application/pdf"]),
              album=st.sampled_from(["", "G1", "G2"])),
    st.builds(Other, st.sampled_from(["text_expected", "not_an_image", "voice"])),
)


def _answered(outcome: Outcome) -> None:
    assert outcome.said or outcome.question is not None, "an input went unanswered"
    words = [*outcome.said, *([outcome.question.text] if outcome.question else [])]
    words += [o.text for o in (outcome.question.options if outcome.question else ())]
    for locale in ("zh-CN", "en"):
        shown = [phrase(t, w, locale) for w in words]
        assert all(text.strip() and len(text) <= 4096 for text in shown)  # each fits a Telegram message


MIXED = [Photo(b"\xff\xd8 a", album="G1"), Text("很多"), Choice("nowhere", "x"), Command("undo"), Choice("undo", "yes"),
         Other("voice"), Text("\x00")]


def _every_state(test: Any) -> Any:
    for state in sorted(TO_STATE):
        test = example(state=state, sequence=MIXED)(test)
    return test


@_every_state
@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(state=st.sampled_from(sorted(TO_STATE)), sequence=st.lists(inputs, min_size=1, max_size=10))
async def test_any_input_in_any_state_is_answered_and_nothing_raises(
        uow: UnitOfWork, settings: Settings, state: str, sequence: list[Input]) -> None:
    w = await core_world(uow)
    await channel(uow, settings, w.leader).play(*TO_STATE[state])
    for given_input in sequence:
        _answered(await answer(uow, w.leader, given_input, now=NOW, settings=settings))
