"""Certificates are counted as valid or expired on the days that matter: the campaign's, or the day asked."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from inspection.cli.demo import show_directory
from inspection.cli.main import main
from inspection.config import Settings
from inspection.services.campaigns import get_campaign
from inspection.store.engine import UnitOfWork
from tests import factories as f


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", database_url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


async def spring_campaign(uow: UnitOfWork) -> str:
    """A campaign in April 2026; one officer's certificate runs out in May 2026 (before today)."""
    async with uow() as s:
        ipo = await f.agency(s, "ip_office")
        await f.officer(s, ipo, name="王五", certificate_expires_on=date(2026, 5, 31))
        await f.officer(s, ipo, name="赵六", certificate_expires_on=date(2026, 4, 1))
        campaign = await f.campaign(s, ipo, starts_on=date(2026, 4, 20), ends_on=date(2026, 4, 26))
        await s.commit()
    return campaign.code


async def test_the_overview_counts_certificates_on_the_campaigns_days(uow: UnitOfWork, settings: Settings) -> None:
    code = await spring_campaign(uow)
    lines: list[str] = []
    await show_directory(settings, lines.append, await get_campaign(uow, code))
    text = "\n".join(lines)
    assert "2026-04-20" in text and "2026-04-26" in text
    assert "执法证有效 1、过期 1" in text


async def test_the_roster_tells_validity_on_the_day_asked(uow: UnitOfWork, cli_env: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    await spring_campaign(uow)
    assert await asyncio.to_thread(main, ["roster", "--on", "2026-04-22"]) == 0
    rows = {line.split()[1]: line for line in capsys.readouterr().out.splitlines()[2:-1]}
    assert "有效" in rows["王五"] and "过期" not in rows["王五"]
    assert "已过期" in rows["赵六"]
