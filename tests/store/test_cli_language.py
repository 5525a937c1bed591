"""The command speaks one language per run: every line, including refusals, from the catalog."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from inspection.cli.main import main
from inspection.store.engine import UnitOfWork
from tests import factories as f


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", database_url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


async def run(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


async def test_invites_deactivation_and_refusals_are_all_in_chinese_in_a_chinese_run(
        uow: UnitOfWork, cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    async with uow() as s:
        officer = await f.officer(s, await f.agency(s), name="李明", certificate_no="IPO-12345")
        await s.commit()
    assert await run("officers", "invite", "IPO-12345") == 0
    out = capsys.readouterr().out
    assert "邀请码：" in out and "有效期至：" in out and "李明" in out
    assert not any(word in out for word in ("officer:", "code:", "expires:", "The officer opens"))
    assert await run("officers", "deactivate", "IPO-12345") == 0
    out = capsys.readouterr().out
    assert out.startswith("已停用：李明") and "deactivated" not in out
    assert await run("officers", "deactivate", "NO-SUCH-1") == 2
    err = capsys.readouterr().err
    assert "NO-SUCH-1" in err and "no officer" not in err.lower() and "inspection：" in err
    assert await run("campaigns", "list") == 0
    assert "还没有专项行动" in capsys.readouterr().out
    assert officer.id is not None


async def test_the_same_commands_speak_english_in_an_english_run(uow: UnitOfWork, cli_env: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECTION_LOCALE", "en")
    async with uow() as s:
        await f.officer(s, await f.agency(s), name="Li Ming", certificate_no="IPO-54321")
        await s.commit()
    assert await run("officers", "invite", "IPO-54321") == 0
    out = capsys.readouterr().out
    assert "code:" in out and "邀请码" not in out
    assert await run("officers", "deactivate", "NO-SUCH-2") == 2
    assert "NO-SUCH-2" in capsys.readouterr().err
