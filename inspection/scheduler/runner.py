"""``JobScheduler``: planned jobs onto an APScheduler ``AsyncIOScheduler``, one job per stable key.

Jobs are not persisted (``MemoryJobStore``): they are rebuilt from the database at start and every
``resync_s`` seconds, and their bodies are idempotent (see ``services.schedule``). Each job keeps
its kind's grace (``misfire_grace_time``; None = however late) and ``coalesce=True``,
``max_instances=1``. ``run_due()`` runs what is due by the injectable clock at once, so tests (and
a clock that jumps) need no sleeping.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from inspection.clock import Clock
from inspection.config import Settings
from inspection.scheduler.jobs import JOBS, JobContext
from inspection.services.schedule import JobKind, PlannedJob, planned_jobs

log = logging.getLogger(__name__)
RESYNC_ID = "resync"


@dataclass(frozen=True)
class ScheduledJob:
    kind: str
    key: str
    next_run: datetime | None


class JobScheduler:
    def __init__(self, uow: Any, settings: Settings, clock: Clock, *,
                 on_queued: Callable[[], None] | None = None) -> None:
        self.ctx = JobContext(uow, settings, clock)
        self.on_queued = on_queued
        self.aps = AsyncIOScheduler(timezone=settings.tz,
                                    job_defaults={"coalesce": True, "max_instances": 1})
        self._done: set[str] = set()
        self.runs: list[str] = []  # keys run by this process, in order (operators' log, tests)

    @property
    def running(self) -> bool:
        return bool(self.aps.running)

    async def start(self, *, paused: bool = False) -> None:
        """Start on the running loop; ``paused``: plan only, run nothing by the wall clock."""
        self.aps.start(paused=paused)
        await self.resync()
        self.aps.add_job(self.resync, IntervalTrigger(seconds=self.ctx.settings.scheduler.resync_s),
                         id=RESYNC_ID, name=RESYNC_ID, replace_existing=True, misfire_grace_time=None)

    def stop(self) -> None:
        if self.aps.running:
            self.aps.shutdown(wait=False)

    async def resync(self) -> None:
        """Re-plan from the database: add new jobs, move changed ones, drop what no longer applies."""
        plan = [j for j in await planned_jobs(self.ctx.uow, self.ctx.settings, self.ctx.clock.now())
                if j.key not in self._done]
        wanted = {j.key for j in plan}
        for job in plan:
            current = self.aps.get_job(job.key)
            if current is not None and current.trigger.run_date == job.run_at:
                continue
            self._add(job)
        for current in self.aps.get_jobs():
            if current.id != RESYNC_ID and current.id not in wanted:
                current.remove()

    def _add(self, job: PlannedJob) -> None:
        grace = None if job.grace is None else int(job.grace.total_seconds())
        self.aps.add_job(self._run, DateTrigger(run_date=job.run_at), args=[job.kind.value, job.ref, job.key],
                         id=job.key, name=job.kind.value, replace_existing=True, misfire_grace_time=grace,
                         coalesce=True, max_instances=1)

    async def _run(self, kind: str, ref: str, key: str) -> None:
        self._done.add(key)
        self.runs.append(key)
        try:
            result = await JOBS[JobKind(kind)](self.ctx, ref)
        except Exception:
            log.exception("job %s failed", key)
            return
        log.info("job %s done: %s", key, result)
        if result and self.on_queued is not None:
            self.on_queued()

    def jobs(self) -> list[ScheduledJob]:
        return sorted((ScheduledJob(j.name, j.id, j.next_run_time) for j in self.aps.get_jobs()
                       if j.id != RESYNC_ID), key=lambda j: (j.next_run is None, j.next_run or datetime.min, j.key))

    async def run_due(self) -> list[str]:
        """Run every job due by the clock now (late beyond its grace: dropped, as APScheduler does)."""
        now, ran = self.ctx.clock.now(), []
        for job in self.aps.get_jobs():
            if job.id == RESYNC_ID or job.next_run_time is None or job.next_run_time > now:
                continue
            job.remove()
            grace = job.misfire_grace_time
            if grace is not None and (now - job.next_run_time).total_seconds() > grace:
                self._done.add(job.id)
                log.info("job %s missed its time by more than %s s: skipped", job.id, grace)
                continue
            await self._run(*job.args)
            ran.append(job.id)
        return ran
