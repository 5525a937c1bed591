"""Every job kind runs at its time by the injectable clock, once, and queues its notices in the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, datetime, timedelta

import pytest

from inspection.clock import ManualClock
from inspection.config import Settings
from inspection.scheduler import JobScheduler
from inspection.services.cases.actions import file_case
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Visit
from tests.scheduler.world import DAY, local, notices, raid_day

Installer = Callable[[datetime], ManualClock]


@pytest.fixture
async def clock(install_clock: Installer) -> ManualClock:
    return install_clock(local(date(2026, 12, 1), 10))


@pytest.fixture
async def scheduler(uow: UnitOfWork, settings: Settings, clock: ManualClock) -> AsyncIterator[JobScheduler]:
    js = JobScheduler(uow, settings, clock)
    yield js
    js.stop()


DAILY = ("housekeeping:", "case_deadlines:", "bulletin:")


async def at(scheduler: JobScheduler, clock: ManualClock, when: datetime, *, daily: bool = False) -> list[str]:
    """Move the clock to ``when``, re-plan from the database and run what is due; the keys of the jobs
    that ran (without the daily and monthly ones unless ``daily``)."""
    clock.set(when)
    await scheduler.resync()
    return [k for k in await scheduler.run_due() if daily or not k.startswith(DAILY)]


async def test_the_eve_reminder_and_the_briefing_reach_every_member_at_their_local_times(
        uow: UnitOfWork, scheduler: JobScheduler, clock: ManualClock) -> None:
    w = await raid_day(uow)
    await scheduler.start(paused=True)
    planned = {j.key: j.next_run for j in scheduler.jobs()}
    assert planned[f"raid_eve:{w.raid_id}"] == local(date(2026, 12, 1), 18)
    assert planned[f"briefing:{w.raid_id}"] == local(DAY, 7, 30)
    assert await at(scheduler, clock, local(date(2026, 12, 1), 17, 59)) == []
    assert await at(scheduler, clock, local(date(2026, 12, 1), 18)) == [f"raid_eve:{w.raid_id}"]
    assert {n.officer_id for n in await notices(uow, "reminder")} == {w.leader_id, w.member_id}
    assert await at(scheduler, clock, local(DAY, 7, 30)) == [f"briefing:{w.raid_id}"]
    assert {n.officer_id for n in await notices(uow, "briefing")} == {w.leader_id, w.member_id}
    assert await at(scheduler, clock, local(DAY, 7, 45)) == []  # each ran once


async def test_a_reminder_hours_late_is_skipped_but_a_campaign_summary_still_goes(
        uow: UnitOfWork, scheduler: JobScheduler, clock: ManualClock) -> None:
    w = await raid_day(uow, ends_on=date(2026, 12, 2))
    clock.set(local(date(2026, 12, 1), 21, 30))  # down from 17:00 to 21:30: the 18:00 reminder is 3.5 h late
    await scheduler.start(paused=True)
    assert f"raid_eve:{w.raid_id}" not in {j.key for j in scheduler.jobs()}
    ran = await at(scheduler, clock, local(date(2026, 12, 3), 12, 0))  # the summary was due at 09:00
    assert f"campaign_close:{w.campaign_id}" in ran
    assert [n.officer_id for n in await notices(uow, "campaign_summary")] == [w.coordinator_id]
    assert await notices(uow, "reminder") == []


async def test_a_surprise_raids_targets_are_released_to_the_members_at_the_release_time(
        uow: UnitOfWork, scheduler: JobScheduler, clock: ManualClock) -> None:
    w = await raid_day(uow, surprise=True)
    await scheduler.start(paused=True)
    assert await at(scheduler, clock, local(DAY, 7, 30)) == [f"briefing:{w.raid_id}"]
    assert await at(scheduler, clock, local(DAY, 8, 59)) == []
    assert await notices(uow, "targets_released") == []
    assert await at(scheduler, clock, local(DAY, 9)) == [f"target_release:{w.raid_id}"]
    released = await notices(uow, "targets_released")
    assert {n.officer_id for n in released} == {w.leader_id, w.member_id}
    assert all(n.not_before == local(DAY, 9) for n in released)


async def test_a_late_visit_nudges_the_leader_after_30_minutes_and_tells_coordinators_after_60(
        uow: UnitOfWork, scheduler: JobScheduler, clock: ManualClock) -> None:
    w = await raid_day(uow)
    async with uow() as s:  # the second visit was checked in on time: nobody is nudged about it
        second = await s.get(Visit, w.visit_ids[1])
        assert second is not None
        second.status, second.checked_in_at = "checked_in", local(DAY, 11)
        s.add(second)
        await s.commit()
    await scheduler.start(paused=True)
    await at(scheduler, clock, local(DAY, 10, 29))
    assert await notices(uow, "overdue_leader") == []
    assert f"overdue_leader:{w.visit_ids[0]}" in await at(scheduler, clock, local(DAY, 10, 30))
    nudges = await notices(uow, "overdue_leader")
    assert [(n.officer_id, n.payload["site"]) for n in nudges] == [(w.leader_id, "汇万家超市")]
    assert f"overdue_coordinators:{w.visit_ids[0]}" in await at(scheduler, clock, local(DAY, 11))
    assert [n.officer_id for n in await notices(uow, "overdue_coordinator")] == [w.coordinator_id]
    await at(scheduler, clock, local(DAY, 12, 30))
    assert len(await notices(uow, "overdue_leader")) == 1 and len(await notices(uow, "overdue_coordinator")) == 1


async def test_case_deadlines_are_reminded_by_the_daily_job(
        uow: UnitOfWork, settings: Settings, scheduler: JobScheduler, clock: ManualClock) -> None:
    w = await raid_day(uow)
    filed = date(2026, 9, 6)  # 90 days: due 2026-12-05, three days after the morning job of 12-02
    await file_case(uow, settings, agency="IPO", case_type="trademark_infringement", received_on=filed,
                    filed_on=filed, officer_in_charge_id=w.leader_id, title="商标案")
    await scheduler.start(paused=True)
    assert "case_deadlines:2026-12-02" in await at(scheduler, clock, local(DAY, 8), daily=True)
    due = await notices(uow, "case_due")
    assert [(n.officer_id, n.payload["days_left"]) for n in due] == [(w.leader_id, 3)]


async def test_the_monthly_bulletin_goes_to_coordinators_on_the_first(
        uow: UnitOfWork, scheduler: JobScheduler, clock: ManualClock) -> None:
    w = await raid_day(uow)
    await scheduler.start(paused=True)
    assert await notices(uow, "bulletin") == []
    assert "bulletin:2026-12" in await at(scheduler, clock, datetime(2027, 1, 1, 9, 0, tzinfo=local(DAY, 0).tzinfo),
                                         daily=True)
    assert [(n.officer_id, n.payload["month"]) for n in await notices(uow, "bulletin")] == [
        (w.coordinator_id, "2026-12-01")]


async def test_housekeeping_expires_outbox_rows_whose_day_is_over(
        uow: UnitOfWork, scheduler: JobScheduler, clock: ManualClock) -> None:
    w = await raid_day(uow)
    await scheduler.start(paused=True)
    await at(scheduler, clock, local(date(2026, 12, 1), 18))  # eve reminders queued, never sent (no sender)
    ran = await at(scheduler, clock, local(date(2026, 12, 3), 3, 30) + timedelta(minutes=1), daily=True)
    assert "housekeeping:2026-12-03" in ran
    assert {n.status for n in await notices(uow, "reminder")} == {"expired"}
    assert w.raid_id


async def test_after_a_restart_every_job_runs_exactly_once(
        uow: UnitOfWork, settings: Settings, clock: ManualClock) -> None:
    w = await raid_day(uow, surprise=True)
    first = JobScheduler(uow, settings, clock)
    await first.start(paused=True)
    await at(first, clock, local(date(2026, 12, 1), 18))  # the eve reminder ran
    pending = {j.key for j in first.jobs()}
    assert {f"briefing:{w.raid_id}", f"target_release:{w.raid_id}"} <= pending
    first.stop()  # stopped with jobs pending

    clock.set(local(DAY, 7, 40))  # back ten minutes after the briefing's time: still worth sending
    second = JobScheduler(uow, settings, clock)
    await second.start(paused=True)
    assert f"briefing:{w.raid_id}" in await second.run_due()
    assert f"target_release:{w.raid_id}" in await at(second, clock, local(DAY, 9))
    second.stop()
    clock.set(local(DAY, 9, 5))  # and once more, as if it crashed right after the release
    third = JobScheduler(uow, settings, clock)
    await third.start(paused=True)
    assert f"target_release:{w.raid_id}" in await third.run_due()  # runs again, queues nothing new
    for kind in ("reminder", "briefing", "targets_released"):
        assert sorted(n.officer_id for n in await notices(uow, kind)) == sorted([w.leader_id, w.member_id]), kind
    third.stop()
