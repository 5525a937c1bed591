"""A plain-text channel for the report: lines in, lines out, no messenger.

The web console uses it to enter a paper report form on an officer's behalf, and the tests use it
to play whole reports without Telegram. It shows how a channel plugs into ``answer``::

    channel = TextChannel(uow, officer_id, settings, translate=inspection.i18n.t)
    await channel.send("/report")      # -> ["Site: 惠民超市 ...", "How many goods did you check? ..."]
    await channel.send("120件")        # typed text is an answer
    await channel.send("#1")           # "#n" picks the n-th option of the current question
    await channel.photo(jpeg_bytes)    # a photo during an item

``/report``, ``/done``, ``/undo`` and ``/cancel`` are the commands. Options are listed under each
question as ``#1 ...``, ``#2 ...``. ``render`` turns any ``Outcome`` into lines of text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.services.report.conversation import answer
from inspection.services.report.talk import (
    COMMANDS,
    Choice,
    Command,
    Input,
    Outcome,
    Photo,
    Question,
    Text,
    phrase,
)
from inspection.store.engine import UnitOfWork

Translate = Callable[..., str]


def render(outcome: Outcome, translate: Translate) -> list[str]:
    """What happened, then the question with its options numbered ``#1``, ``#2`` ..."""
    lines = [phrase(translate, words, outcome.locale) for words in outcome.said]
    question = outcome.question
    if question is not None:
        lines.append(phrase(translate, question.text, outcome.locale))
        lines += [f"#{n} {phrase(translate, option.text, outcome.locale)}"
                  for n, option in enumerate(question.options, start=1)]
    return lines


class TextChannel:
    """One officer's report driven by lines of text (see the module's description)."""

    def __init__(self, uow: UnitOfWork, officer_id: int, settings: Settings, translate: Translate,
                 clock: Callable[[], datetime] = lambda: CLOCK.now()) -> None:
        self.uow, self.officer_id, self.settings, self.translate, self.clock = uow, officer_id, settings, translate, clock
        self.question: Question | None = None  # the question last asked (options are picked from it)
        self.last: Outcome | None = None

    def read(self, line: str) -> Input:
        """The input a line stands for: a command, ``#n`` (an option of the current question), or text."""
        word = line.strip()
        if word.startswith("/") and word[1:].split(" ")[0].lower() in COMMANDS:
            return Command(word[1:].split(" ")[0].lower())
        if word.startswith("#") and word[1:].isdigit() and self.question is not None:
            n = int(word[1:])
            if 1 <= n <= len(self.question.options):
                return Choice(self.question.step, self.question.options[n - 1].value)
        return Text(line)

    async def send(self, line: str) -> list[str]:
        return await self.give(self.read(line))

    async def photo(self, data: bytes, *, mime_type: str = "image/jpeg", album: str = "") -> list[str]:
        return await self.give(Photo(data, mime_type=mime_type, album=album))

    async def give(self, given: Input) -> list[str]:
        """Any input; returns the lines to show."""
        outcome = await answer(self.uow, self.officer_id, given, now=self.clock(), settings=self.settings)
        self.last = outcome
        if outcome.question is not None or not outcome.active:
            self.question = outcome.question
        return render(outcome, self.translate)

    async def play(self, *lines: str) -> list[str]:
        """Several lines one after the other; returns everything shown."""
        shown: list[str] = []
        for line in lines:
            shown += await self.send(line)
        return shown
