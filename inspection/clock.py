"""The one injectable clock: every rule that reads "now" takes it from here.

``CLOCK.now()`` reads the clock installed for the process (the wall clock unless ``install``ed
otherwise): ``bootstrap.serve(clock=...)`` installs it and hands it to the scheduler and the outbox
sender; a test installs a ``ManualClock`` and moves time forward without sleeping. Aware UTC times.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until moved: ``advance(minutes=30)`` or ``set(datetime)``."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now


SYSTEM_CLOCK = SystemClock()
_installed: Clock = SYSTEM_CLOCK


def install(clock: Clock) -> Clock:
    """Make ``clock`` the process's clock; returns the one it replaces."""
    global _installed
    previous, _installed = _installed, clock
    return previous


class InstalledClock:
    """Whatever clock is installed at the moment of asking."""

    def now(self) -> datetime:
        return _installed.now()


CLOCK = InstalledClock()


def today(tz: tzinfo) -> date:
    """The date the installed clock reads in ``tz`` (the configured time zone)."""
    return CLOCK.now().astimezone(tz).date()
