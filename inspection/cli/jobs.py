"""``inspection jobs`` (what the scheduler will run) and ``inspection outbox [--failed]`` (what was sent).

The job list is planned from the database exactly as the scheduler plans it (``services.schedule``),
so it is right from any process; times in the configured time zone, words in the configured language.
"""

from __future__ import annotations

import argparse
from typing import Any

from inspection.cli.text import say
from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.i18n import t
from inspection.services.notifications import outbox_lines
from inspection.services.runtime import open_store
from inspection.services.schedule import planned_jobs


def register(sub: Any) -> None:
    jobs = sub.add_parser("jobs", help=say("cli.help.jobs"))
    jobs.set_defaults(func=jobs_cmd)
    outbox = sub.add_parser("outbox", help=say("cli.help.outbox"))
    outbox.add_argument("--failed", action="store_true", help=say("cli.outbox.failed"))
    outbox.add_argument("--limit", type=int, default=50)
    outbox.set_defaults(func=outbox_cmd)


async def jobs_cmd(args: argparse.Namespace, settings: Settings) -> int:
    loc = settings.locale
    async with open_store(settings) as uow:
        jobs = await planned_jobs(uow, settings, CLOCK.now())
    if not jobs:
        print(t("scheduler.jobs_none", loc))
        return 0
    print(t("scheduler.jobs_header", loc, tz=settings.timezone))
    for job in jobs:
        print(t("scheduler.jobs_line", loc, next_run=job.run_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M"),
                kind=t(f"scheduler.kind.{job.kind.value}", loc), job=job.key))
    return 0


async def outbox_cmd(args: argparse.Namespace, settings: Settings) -> int:
    loc = settings.locale
    async with open_store(settings) as uow:
        lines = await outbox_lines(uow, failed_only=args.failed, limit=max(1, args.limit))
    if not lines:
        print(t("scheduler.outbox_none", loc))
        return 0
    print(t("scheduler.outbox_header", loc, tz=settings.timezone))
    for line in lines:
        detail = f"  {line.error}" if line.error else ""
        print(t("scheduler.outbox_line", loc, id=line.id, created=line.created_at.astimezone(settings.tz)
                .strftime("%Y-%m-%d %H:%M"), kind=line.kind, officer=line.officer,
                status=t(f"scheduler.status.{line.status}", loc), attempts=line.attempts, detail=detail))
    return 0
