"""The real PTB Application against the loopback Bot API, on SQLite and PostgreSQL.

``bot`` (a ``BotHarness``) starts ``tests.fakes.telegram.FakeTelegram``, builds the application
with ``inspection.bot.app.build_application`` on the ``settings``/``uow`` fixtures and runs it
with long polling, exactly as ``inspection serve`` does. Play a user and wait for the answer::

    officer = await bot.linked_officer(role="coordinator")   # an Officer row linked to a FakeUser
    calls = await bot.send(officer.user.command("today"))     # -> what the bot sent meanwhile
    assert "今日" in calls[-1].text

``send`` waits until the poller stored the update in the inbox and the worker processed it and
sent its replies, so whatever the bot did is in ``bot.fake.calls`` when it returns. ``restart()`` stops the
application cleanly and starts a new one on the same database (what a redeploy does).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr
from telegram.ext import Application

from inspection.bootstrap import bot_runtime
from inspection.bot.outbox import OUTBOX_KEY, OutboxSender
from inspection.bot.runtime import BotRuntime
from inspection.clock import CLOCK, Clock
from inspection.config import Settings
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Officer
from tests import factories
from tests.fakes.telegram import BOT_USERNAME, TOKEN, BotCall, FakeTelegram, FakeUser

_telegram_ids = itertools.count(700_000_001)


@dataclass
class LinkedOfficer:
    """An officer record and the Telegram user linked to it."""

    officer: Officer
    agency: Agency
    user: FakeUser

    @property
    def id(self) -> int:
        assert self.officer.id is not None
        return self.officer.id


class BotHarness:
    def __init__(self, fake: FakeTelegram, settings: Settings, uow: UnitOfWork) -> None:
        self.fake, self.settings, self.uow = fake, settings, uow
        self.application: Application | None = None  # type: ignore[type-arg]
        self.sender: OutboxSender | None = None  # the outbox sender, as the scheduler's holder runs it
        self.clock: Clock = CLOCK  # the installed clock: a test may install a ManualClock
        self.runtime: BotRuntime | None = None
        # Run on each new application before it starts (e.g. add a test-only handler).
        self.before_start: list[Callable[[Application], None]] = []  # type: ignore[type-arg]

    async def start(self) -> None:
        runtime = bot_runtime(self.settings, self.uow, poll_timeout=2, base_url=self.fake.base_url,
                              base_file_url=self.fake.base_file_url)
        for hook in self.before_start:
            hook(runtime.application)
        await runtime.start("polling")
        self.runtime, self.application = runtime, runtime.application
        self.sender = OutboxSender(runtime.application.bot, self.uow, self.settings, self.clock)
        runtime.application.bot_data[OUTBOX_KEY] = self.sender
        self.sender.start()

    async def stop(self) -> None:
        runtime, self.runtime, self.application = self.runtime, None, None
        if self.sender is not None:
            await self.sender.stop()
        if runtime is not None:
            await runtime.stop()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def send(self, update: dict[str, Any] | list[dict[str, Any]], wait_s: float = 10.0) -> list[BotCall]:
        """Wait until the (already queued) update(s) went through the bot; returns the calls it made."""
        updates = update if isinstance(update, list) else [update]
        before = len(self.fake.calls)
        assert self.runtime is not None, "the bot is not running"
        for u in updates:
            await self.fake.wait_taken(u["update_id"], wait_s)
        await asyncio.wait_for(self.runtime.idle(), wait_s)
        return self.fake.calls[before:]

    async def say(self, user: FakeUser, text: str) -> list[BotCall]:
        """Text (or a /command with its arguments) from ``user``; returns the bot's calls."""
        if text.startswith("/"):
            command, *args = text.split(" ")
            return await self.send(user.command(command, *args))
        return await self.send(user.text(text))

    def user(self, **kw: Any) -> FakeUser:
        """A Telegram user nobody linked yet."""
        return self.fake.user(next(_telegram_ids), **kw)

    async def linked_officer(self, *, agency_kind: str = "ip_office", locale: str = "zh-CN",
                             agency: Agency | None = None, **officer_fields: Any) -> LinkedOfficer:
        """An active officer (``role=``, ``name=`` ... as the factory takes) linked to a new Telegram user."""
        user = self.user(language_code="en" if locale == "en" else "zh-hans")
        async with self.uow() as s:
            if agency is None:
                agency = await factories.agency(s, agency_kind, code=f"{agency_kind[:3].upper()}{user.id}")
            officer = await factories.officer(s, agency, telegram_user_id=user.id, locale=locale, **officer_fields)
            await s.commit()
        return LinkedOfficer(officer=officer, agency=agency, user=user)


def texts(calls: list[BotCall]) -> list[str]:
    """The texts the bot sent (messages, edits, captions, callback answers with text)."""
    return [c.text for c in calls if c.text]


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    yield fake
    await fake.stop()


@pytest.fixture
def bot_settings(settings: Settings, fake_telegram: FakeTelegram) -> Settings:
    return settings.model_copy(update={
        "telegram_token": SecretStr(TOKEN),
        "telegram_base_url": fake_telegram.base_url, "telegram_base_file_url": fake_telegram.base_file_url,
        "telegram_bot_username": BOT_USERNAME,
    })


@pytest.fixture
async def bot(fake_telegram: FakeTelegram, bot_settings: Settings, uow: UnitOfWork) -> AsyncIterator[BotHarness]:
    harness = BotHarness(fake_telegram, bot_settings, uow)
    await harness.start()
    yield harness
    await harness.stop()
