"""``inspection jobs`` and ``inspection outbox [--failed]`` in the configured language and time zone."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime

import pytest

from inspection.cli.jobs import jobs_cmd, outbox_cmd
from inspection.clock import ManualClock
from inspection.config import Settings
from inspection.services.notifications import claim_due, mark_failed, mark_sent, queue
from inspection.store.engine import UnitOfWork
from tests.scheduler.world import TZ, local, raid_day


async def test_jobs_lists_kind_key_and_next_run_in_local_time_in_either_language(
        uow: UnitOfWork, settings: Settings, install_clock: Callable[[datetime], ManualClock],
        capsys: pytest.CaptureFixture[str]) -> None:
    install_clock(local(date(2026, 12, 1), 10))
    w = await raid_day(uow)
    assert await jobs_cmd(argparse.Namespace(), settings) == 0
    out = capsys.readouterr().out
    assert "计划任务（Asia/Shanghai）" in out
    assert f"2026-12-01 18:00  执法前一日提醒  raid_eve:{w.raid_id}" in out
    assert f"2026-12-02 07:30  当日简报  briefing:{w.raid_id}" in out
    await jobs_cmd(argparse.Namespace(), settings.model_copy(update={"locale": "en"}))
    assert f"2026-12-02 10:30  overdue: leader nudged  overdue_leader:{w.visit_ids[0]}" in capsys.readouterr().out


async def test_outbox_lists_what_was_sent_and_with_failed_only_what_failed_and_why(
        uow: UnitOfWork, settings: Settings, install_clock: Callable[[datetime], ManualClock],
        capsys: pytest.CaptureFixture[str]) -> None:
    clock = install_clock(local(date(2026, 12, 1), 10))
    w = await raid_day(uow)
    async with uow() as s:
        for officer_id, text in ((w.leader_id, "集合"), (w.member_id, "简报")):
            await queue(s, officer_id, "text", {"text": text}, dedupe_key=text)
        await s.commit()
    first, second = await claim_due(uow, now=clock.now(), tz=TZ)
    await mark_sent(uow, first.id, now=clock.now())
    await mark_failed(uow, second.id, "Forbidden: bot was blocked by the user", now=clock.now())
    await outbox_cmd(argparse.Namespace(failed=False, limit=50), settings)
    out = capsys.readouterr().out
    assert "已发送" in out and "发送失败" in out and "李明" in out
    await outbox_cmd(argparse.Namespace(failed=True, limit=50), settings.model_copy(update={"locale": "en"}))
    out = capsys.readouterr().out
    assert "陈静" in out and "failed" in out and "blocked by the user" in out and "李明" not in out
