"""The planning benchmark runs end to end at a small size and prints its figures as promised."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_small_planning_benchmark_prints_every_figure_in_its_last_line() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "planning.py"), "--small", "--best-s", "2",
                          "--limit-s", "4"], capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(figures) == {"sites", "teams", "plan_s", "travel_km", "covered", "best_travel_km", "best_covered",
                            "district_travel_km", "district_covered"}
    assert (figures["sites"], figures["teams"]) == (120, 8)
    assert figures["covered"] >= figures["district_covered"]
    assert 0 < figures["travel_km"] and figures["covered"] <= 120
    assert "by district" in run.stdout and "best known" in run.stdout
