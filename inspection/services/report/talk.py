"""What a channel hands the report conversation (``Input``) and what it gets back (``Outcome``).

Both are plain data, the same for every channel. An ``Outcome`` names its words by catalog key
(``Phrase``: ``inspection/resources/messages/<locale>/report.toml``) with their parameters already
in the officer's language; a channel phrases them with ``inspection.i18n.t(key, outcome.locale,
**params)`` and shows ``question.options`` in its own way (buttons, a numbered list, a form).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Text:
    """Something the officer typed."""

    text: str


@dataclass(frozen=True)
class Choice:
    """An option picked: ``step`` is the question it belongs to (``Question.step``), ``value`` the option's."""

    step: str
    value: str


@dataclass(frozen=True)
class Photo:
    """A photo (or image file) as evidence. ``album`` groups photos sent together; ``source_id`` and
    ``source_unique_id`` say where the channel got it (Telegram's file ids)."""

    data: bytes
    mime_type: str = "image/jpeg"
    album: str = ""
    source_id: str = ""
    source_unique_id: str = ""


@dataclass(frozen=True)
class Command:
    """``report`` (start or resume), ``done`` (finish the visit), ``undo`` (withdraw the last item),
    ``cancel`` (leave without saving what is not confirmed)."""

    name: str


@dataclass(frozen=True)
class Other:
    """Anything that is not an answer (a sticker, a voice note, a file that is not an image).
    ``reason`` names what to tell the officer: ``text_expected`` or ``not_an_image``."""

    reason: str = "text_expected"


Input = Text | Choice | Photo | Command | Other
COMMANDS = ("report", "done", "undo", "cancel")


@dataclass(frozen=True)
class Phrase:
    """Words to show: a catalog key and its parameters."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """One answer a question offers; send ``Choice(question.step, value)`` back when it is picked."""

    value: str
    text: Phrase


@dataclass(frozen=True)
class Question:
    """What the report asks now. ``typing`` says whether a typed answer is read (else only the
    options are); ``photos`` whether photos are taken at this step; ``per_row`` is a layout hint."""

    step: str
    text: Phrase
    options: tuple[Option, ...] = ()
    typing: bool = True
    photos: bool = False
    per_row: int = 2


@dataclass(frozen=True)
class Outcome:
    """The answer to one input.

    ``said``: what happened, in order (saved as F-12, a refusal ...). ``question``: what to ask now,
    or ``None`` when nothing is to be asked (the report ended, or a photo was taken and the same
    question stands). ``active``: a report (or an /undo confirmation) is still open. ``stale``: the
    choice was for a question no longer asked. ``notified``: messages to other officers were queued
    in the outbox (a channel with a sender may send them at once).
    """

    locale: str
    said: tuple[Phrase, ...] = ()
    question: Question | None = None
    active: bool = False
    stale: bool = False
    notified: bool = False


def phrase(translate: Callable[..., str], words: Phrase, locale: str) -> str:
    """``words`` as text: ``translate`` is ``inspection.i18n.t``; a parameter that is itself a
    ``Phrase`` is phrased first."""
    params = {k: phrase(translate, v, locale) if isinstance(v, Phrase) else v for k, v in words.params.items()}
    return translate(words.key, locale, **params)
