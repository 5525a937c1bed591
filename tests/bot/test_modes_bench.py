"""The bot throughput benchmark runs end to end at a small size (the real size is run by hand)."""

from __future__ import annotations

import pytest

from bench.bot_updates import run


@pytest.mark.bench
async def test_the_bot_benchmark_answers_every_update_and_reports_its_rate(capsys: pytest.CaptureFixture[str]) -> None:
    figures = await run(officers=3, updates=12)
    out = capsys.readouterr().out
    assert "bot updates: 12 from 3 officers" in out and "updates/s" in out
    assert figures["answered"] == 12 and figures["updates_per_s"] > 0
