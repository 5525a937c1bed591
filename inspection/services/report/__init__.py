"""The field report as a service any channel drives: Telegram today, the web console's paper
forms and DingTalk/WeCom adapters tomorrow.

``answer(uow, officer_id, given, now=..., settings=...) -> Outcome`` is the one entry point: the
channel turns what the officer did into an ``Input`` (``Text``, ``Choice``, ``Photo``, ``Command``,
``Other``) and shows the ``Outcome`` (what happened, the next question and its options).
``in_progress(uow, officer_id)`` tells a channel whether the officer's next message is an answer.
``text_channel.TextChannel`` plays a report in plain text (tests, the console).

Modules: ``talk`` (inputs and outcomes), ``conversation`` (answer; ``turn`` and ``photos`` help), ``steps`` (the questions and
how answers move the report on, pure), ``findings`` and ``visits`` (the records), ``evidence``
(photo files), ``drafts`` (the report in progress).
"""

from inspection.services.report.conversation import answer
from inspection.services.report.drafts import in_progress
from inspection.services.report.talk import (
    COMMANDS,
    Choice,
    Command,
    Input,
    Option,
    Other,
    Outcome,
    Photo,
    Phrase,
    Question,
    Text,
    phrase,
)

__all__ = ["COMMANDS", "Choice", "Command", "Input", "Option", "Other", "Outcome", "Photo", "Phrase", "Question",
           "Text", "answer", "in_progress", "phrase"]
