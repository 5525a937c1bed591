"""Job bodies: each calls one service with the time of the injectable clock, nothing more."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from inspection.clock import Clock
from inspection.config import Settings
from inspection.services.cases.reminders import queue_due_reminders
from inspection.services.notices import (
    housekeep,
    nudge_overdue,
    queue_briefing,
    queue_campaign_close,
    queue_monthly_bulletin,
    queue_raid_eve,
    release_targets,
)
from inspection.services.schedule import JobKind


@dataclass
class JobContext:
    uow: Any
    settings: Settings
    clock: Clock


async def raid_eve(ctx: JobContext, ref: str) -> Any:
    return await queue_raid_eve(ctx.uow, ctx.settings, int(ref), now=ctx.clock.now())


async def briefing(ctx: JobContext, ref: str) -> Any:
    return await queue_briefing(ctx.uow, ctx.settings, int(ref), now=ctx.clock.now())


async def target_release(ctx: JobContext, ref: str) -> Any:
    return await release_targets(ctx.uow, ctx.settings, int(ref), now=ctx.clock.now())


async def overdue_leader(ctx: JobContext, ref: str) -> Any:
    return await nudge_overdue(ctx.uow, ctx.settings, int(ref), now=ctx.clock.now(), coordinators=False)


async def overdue_coordinators(ctx: JobContext, ref: str) -> Any:
    return await nudge_overdue(ctx.uow, ctx.settings, int(ref), now=ctx.clock.now(), coordinators=True)


async def case_deadlines(ctx: JobContext, ref: str) -> Any:
    return await queue_due_reminders(ctx.uow, ctx.settings, today=date.fromisoformat(ref))


async def campaign_close(ctx: JobContext, ref: str) -> Any:
    return await queue_campaign_close(ctx.uow, ctx.settings, int(ref), now=ctx.clock.now())


async def bulletin(ctx: JobContext, ref: str) -> Any:
    return await queue_monthly_bulletin(ctx.uow, ctx.settings, date.fromisoformat(f"{ref}-01"), now=ctx.clock.now())


async def housekeeping(ctx: JobContext, ref: str) -> Any:
    return await housekeep(ctx.uow, ctx.settings, now=ctx.clock.now())


JOBS: dict[JobKind, Callable[[JobContext, str], Awaitable[Any]]] = {
    JobKind.RAID_EVE: raid_eve,
    JobKind.BRIEFING: briefing,
    JobKind.TARGET_RELEASE: target_release,
    JobKind.OVERDUE_LEADER: overdue_leader,
    JobKind.OVERDUE_COORDINATORS: overdue_coordinators,
    JobKind.CASE_DEADLINES: case_deadlines,
    JobKind.CAMPAIGN_CLOSE: campaign_close,
    JobKind.BULLETIN: bulletin,
    JobKind.HOUSEKEEPING: housekeeping,
}
