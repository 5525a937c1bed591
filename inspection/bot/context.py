"""What every handler reaches through ``context.application.bot_data["ctx"]``."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import ContextTypes

from inspection.config import Settings


@dataclass
class BotContext:
    settings: Settings
    uow: Any  # a services UnitOfWork; use uow.for_update(update.update_id) for effects
    extra: dict[str, Any] = field(default_factory=dict)


def bot_ctx(context: ContextTypes.DEFAULT_TYPE) -> BotContext:
    ctx = context.application.bot_data["ctx"]
    assert isinstance(ctx, BotContext)
    return ctx


# What one update's handlers share while the inbox worker processes it (e.g. the officer looked
# up once); None outside the worker.
UPDATE_SCOPE: ContextVar[dict[Any, Any] | None] = ContextVar("inspection_update_scope", default=None)


def after_commit(callback: Callable[[], object]) -> None:
    """Run ``callback`` once the current update's effect is committed (at once outside an update),
    e.g. to wake a sender for rows the update wrote."""
    scope = UPDATE_SCOPE.get()
    if scope is None:
        callback()
    else:
        scope.setdefault(AFTER_COMMIT, []).append(callback)


AFTER_COMMIT = "after_commit"
