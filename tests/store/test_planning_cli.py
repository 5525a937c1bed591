"""``inspection plan`` prints and saves a draft; ``inspection plan publish`` stores exactly that draft."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlmodel import select

from inspection.cli.main import main
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Raid, Visit
from tests import factories as f


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", database_url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


async def world(uow: UnitOfWork) -> tuple[str, list[str]]:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        for a in (ipo, ipo, amr, amr):
            await f.officer(s, a)
        campaign = await f.campaign(s, ipo, [amr])
        sites = [await f.site(s, opening_hours="08:00-11:00") for _ in range(4)]
        await s.commit()
    return campaign.code, [x.licence_no for x in sites]


async def run(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


async def test_plan_prints_the_draft_in_chinese_and_publish_stores_it_once(
        uow: UnitOfWork, cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, licences = await world(uow)
    assert await run("plan", code, "--date", "2026-04-22", "--late", "--exclude", licences[0]) == 0
    out = capsys.readouterr().out
    assert "执法检查草案：2 个检查组，3 处检查点" in out and "协调员已排除" in out
    assert (cli_env / "drafts" / f"{code}_2026-04-22.json").exists()
    assert await run("plan", "publish", code, "--date", "2026-04-22") == 0
    first = json.loads(capsys.readouterr().out)
    assert first["created"] and first["visits"] == 3 and first["notices"] == 0 and len(first["unreachable"]) == 4
    assert await run("plan", "publish", code, "--date", "2026-04-22") == 0
    assert json.loads(capsys.readouterr().out)["created"] is False
    async with uow() as s:
        assert len((await s.exec(select(Raid))).all()) == 1
        assert len((await s.exec(select(Visit))).all()) == 3


async def test_plan_json_is_machine_readable_with_the_draft_key(uow: UnitOfWork, cli_env: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = await world(uow)
    assert await run("plan", code, "--date", "2026-04-22", "--late", "--json", "--surprise") == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["key"]) == 64 and data["surprise"] is True and len(data["teams"]) == 2


async def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(
        uow: UnitOfWork, cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = await world(uow)
    assert await run("plan", "publish", code, "--date", "2026-04-22") == 2
    assert "没有已保存的草案" in capsys.readouterr().err
    assert await run("plan", code, "--date", "2026-04-22", "--late", "--exclude", "NO-SUCH-SITE") == 2
    assert "找不到编号或证照号为 NO-SUCH-SITE 的检查点" in capsys.readouterr().err
    assert await run("plan", code, "--date", "2026-04-22", "--late", "--meeting", "广场") == 2
    assert "集合地点“广场”的格式不对" in capsys.readouterr().err
    async with uow() as s:
        assert (await s.exec(select(Raid))).all() == []
