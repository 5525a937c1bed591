"""Killed mid-burst with SIGKILL, the service loses no acknowledged update and does none twice,
and every reply it committed reaches the Bot API (``bench.ingest`` and ``bench.ingest_polling`` at a small size, on each database)."""

from __future__ import annotations

import pytest

from bench import ingest, ingest_polling
from tests.conftest import BACKENDS


@pytest.mark.parametrize("database", BACKENDS)
async def test_a_webhook_killed_mid_burst_loses_no_acknowledged_update_and_doubles_none(database: str) -> None:
    result = await ingest.run_one(database, officers=2, kill_at=0.4, kills=1, quiet=True)
    assert result["kills"] == 1
    assert result["acknowledged"] == result["updates"] == 40
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert result["p50_ms"] > 0 and result["per_s"] > 0
    assert result["acknowledged_per_s"] >= result["per_s"]  # the 200 comes before the effect
    assert result["replies"] >= 40 and result["replies_lost"] == 0  # every update is answered


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="several bot processes need PostgreSQL")
async def test_two_bot_processes_killed_mid_burst_lose_nothing_and_double_nothing() -> None:
    """The service with a second bot process (bot.shards), killed whole: both resume their chats."""
    result = await ingest.run_one("postgresql", officers=4, kill_at=0.4, kills=1, quiet=True, processes=2)
    assert result["bot_processes"] == 2 and result["kills"] == 1
    assert result["acknowledged"] == result["updates"] == 80
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert result["replies"] >= 80 and result["replies_lost"] == 0


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="several bot processes need PostgreSQL")
async def test_a_bot_process_killed_alone_is_started_again_and_its_chats_lose_nothing() -> None:
    """Only the second bot process is killed mid-burst; the service starts it again, it resumes its
    chats' stored updates, and its replies committed but not handed back are sent from the database."""
    result = await ingest.run_one("postgresql", officers=4, kill_at=0.4, kills=1, quiet=True, processes=2,
                                  kill_shard=True)
    assert result["bot_processes"] == 2 and result["kills"] == 1
    assert result["acknowledged"] == result["updates"] == 80
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert result["replies"] >= 80 and result["replies_lost"] == 0


@pytest.mark.parametrize("database", BACKENDS[:1])
async def test_polling_killed_mid_burst_processes_every_confirmed_update_once(database: str) -> None:
    result = await ingest_polling.run_one(database, officers=2, kill_at=0.4, quiet=True)
    assert result["kills"] == 1 and 0 < result["confirmed_at_kill"] < result["updates"] == result["confirmed"]
    assert result["lost"] == 0 and result["duplicated"] == 0
