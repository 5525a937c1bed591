"""A raid day that is over, or whose start has passed, is not planned or published unless asked for."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from inspection.cli.main import main
from inspection.config import Settings
from inspection.domain.errors import InvalidInput
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.publish import publish
from inspection.store.engine import UnitOfWork
from tests import factories as f

DAY = date(2026, 4, 22)  # the shift starts at 08:30 Asia/Shanghai = 00:30 UTC


async def small_world(uow: UnitOfWork) -> str:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        for agency in (ipo, amr):
            await f.officer(s, agency)
        campaign = await f.campaign(s, ipo, [amr])
        await f.site(s)
        await s.commit()
    return campaign.code


async def test_drafting_a_day_whose_start_has_passed_is_refused_naming_the_start(uow: UnitOfWork,
                                                                                  settings: Settings) -> None:
    code = await small_world(uow)
    with pytest.raises(InvalidInput) as late:
        await draft(uow, settings, code, DAY, now=datetime(2026, 4, 22, 10, 20, tzinfo=UTC))
    assert late.value.code == "raid_start_passed" and late.value.params["time"] == "08:30"
    with pytest.raises(InvalidInput) as over:
        await draft(uow, settings, code, DAY, now=datetime(2026, 4, 25, 1, 0, tzinfo=UTC))
    assert over.value.code == "raid_day_over"
    early = await draft(uow, settings, code, DAY, now=datetime(2026, 4, 22, 0, 10, tzinfo=UTC))
    assert early.visit_count == 1
    recorded = await draft(uow, settings, code, DAY, DraftOptions(late=True), now=datetime(2026, 4, 25, tzinfo=UTC))
    assert recorded.visit_count == 1


async def test_publishing_a_draft_after_its_start_is_refused(uow: UnitOfWork, settings: Settings) -> None:
    code = await small_world(uow)
    plan = await draft(uow, settings, code, DAY, now=datetime(2026, 4, 21, 12, 0, tzinfo=UTC))
    with pytest.raises(InvalidInput) as late:
        await publish(uow, plan, actor="cli", now=datetime(2026, 4, 22, 10, 20, tzinfo=UTC))
    assert late.value.code == "raid_start_passed"
    assert (await publish(uow, plan, actor="cli", now=datetime(2026, 4, 22, 0, 0, tzinfo=UTC))).created


async def test_the_plan_command_refuses_a_past_day_in_the_users_language_and_late_records_it(
        uow: UnitOfWork, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", database_url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    code = await small_world(uow)
    assert await asyncio.to_thread(main, ["plan", code, "--date", DAY.isoformat()]) == 2
    err = capsys.readouterr().err
    assert "2026-04-22" in err and "--late" in err and "Traceback" not in err
    assert await asyncio.to_thread(main, ["plan", code, "--date", DAY.isoformat(), "--late"]) == 0
    # the saved draft says it records a raid after the fact, so publishing it is not refused
    assert await asyncio.to_thread(main, ["plan", "publish", code, "--date", DAY.isoformat()]) == 0
