"""A paper report form played through the report conversation (``services.report.answer``).

The console is one more channel of the field report: the form's fields become the answers the
officer would have given in the bot, in the order the conversation asks for them, each one
checked by the service exactly as a typed answer is. The coordinator who types the form is passed
as ``entered_by`` (the audit names both; the draft is kept apart from the officer's own). The first
answer the service does not take stops the entry: what it said is shown, the entry's draft is
dropped, and what was saved before stays saved (and is shown as saved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from inspection.config import Settings
from inspection.i18n import t
from inspection.services.report import Choice, Command, Input, Outcome, Photo, Text, answer, phrase

MENU, END = "menu", ""


@dataclass(frozen=True)
class PaperItem:
    """One suspected item as written on the form (empty optional fields: unknown / skipped)."""

    product: str
    category: str
    brand: str
    holder: str
    right_type: str
    suspicion: str
    quantity: str
    unit: str
    value: str
    action: str
    notes: str
    photos: list[tuple[bytes, str]] = field(default_factory=list)  # data, MIME type


@dataclass(frozen=True)
class PaperReport:
    visit_id: int
    author_id: int
    goods_checked: int | None
    items: list[PaperItem]
    close: bool
    leaflets: int


@dataclass
class Entry:
    """What the service said, in order; ``ok`` unless an answer was refused."""

    said: list[str] = field(default_factory=list)
    ok: bool = True


def _item_answers(item: PaperItem) -> list[tuple[Input, str]]:
    """The answers to one item's questions, each with the step the report should move on to."""
    def typed_or(step: str, text: str, option: str) -> Input:
        return Text(text) if text else Choice(step, option)

    answers: list[tuple[Input, str]] = [
        (Choice(MENU, "add"), "product"), (Text(item.product), "category"),
        (Choice("category", item.category), "brand"), (typed_or("brand", item.brand, "unknown"), "holder"),
        (typed_or("holder", item.holder, "unknown"), "right"), (Choice("right", item.right_type), "suspicion"),
        (Choice("suspicion", item.suspicion), "quantity"), (Text(f"{item.quantity}{item.unit}"), "value"),
        (typed_or("value", item.value, "skip"), "action"), (Choice("action", item.action), "notes"),
        (typed_or("notes", item.notes, "skip"), "photos")]
    answers += [(Photo(data, mime_type=mime), "photos") for data, mime in item.photos]
    return answers + [(Choice("photos", "next"), "review"), (Choice("review", "save"), MENU)]


async def enter(uow: Any, report: PaperReport, *, entered_by: int, now: datetime, settings: Settings,
                locale: str) -> Entry:
    """Play ``report`` through the conversation as its author, typed by ``entered_by``."""
    entry = Entry()

    async def give(given: Input) -> Outcome:
        return await answer(uow, report.author_id, given, now=now, settings=settings, entered_by=entered_by,
                            visit_id=report.visit_id)

    await give(Command("cancel"))  # an entry left half-way (a failed submission) starts afresh
    opened = await give(Command("report"))
    if opened.question is None:
        entry.said, entry.ok = _words(opened, locale), False
        return entry
    if report.goods_checked is not None:
        goods: Input = Text(str(report.goods_checked))
    else:
        keeps = any(option.value == "keep" for option in opened.question.options)
        goods = Choice("goods", "keep") if keeps else Text("0")
    answers = [(goods, MENU)]
    for item in report.items:
        answers += _item_answers(item)
    if report.close:
        answers += [(Choice(MENU, "done"), "leaflets"), (Text(str(report.leaflets)), END)]
    else:
        answers.append((Choice(MENU, "exit"), END))
    for given, expected in answers:
        outcome = await give(given)
        step = outcome.question.step if outcome.question is not None else ("photos" if outcome.active else END)
        entry.said += _words(outcome, locale)
        if step != expected or (expected == END and outcome.active):
            entry.ok = False
            if outcome.question is not None:
                entry.said.append(phrase(t, outcome.question.text, locale))
            await give(Command("cancel"))
            break
    return entry


def _words(outcome: Outcome, locale: str) -> list[str]:
    """What the service said, in the language of the console user who typed the form."""
    return [phrase(t, words, locale) for words in outcome.said]
