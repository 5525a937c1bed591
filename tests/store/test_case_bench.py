"""The case-figures benchmark runs end to end at a small size (the real size is run by hand)."""

from __future__ import annotations

import pytest

from bench.case_figures import run


@pytest.mark.bench
async def test_the_case_figures_benchmark_runs_and_reports_its_timings(capsys: pytest.CaptureFixture[str]) -> None:
    timings = await run(500, repeats=2)
    out = capsys.readouterr().out
    assert "cases loaded: 500" in out and "2024 figures, all agencies" in out
    assert timings["figures_s"] > 0  # a measured time; targets are read from the printed figures, not asserted
