"""The planning benchmark runs end to end at a small size and prints its figures as promised."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_small_planning_benchmark_prints_the_scale_table_and_every_figure_in_its_last_line() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "planning.py"), "--small", "--best-s", "2",
                          "--limit-s", "3"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    figures = json.loads(lines[-1])
    scale = [json.loads(x)["scale"] for x in lines if x.startswith('{"scale"')]
    assert [(r["sites"], r["teams"]) for r in scale] == [(120, 8), (240, 12)]
    assert lines[-1 - len(scale):-1] == [x for x in lines if x.startswith('{"scale"')]  # JSON last, nothing after
    for row in scale:
        assert row["ours"]["covered"] >= row["district"]["covered"]
        assert row["ours"]["first_plan_s"] <= row["ours"]["s"] and row["ours"]["peak_mb"] > 0
        assert row["reference"]["given_s"] == 2 and row["reference"]["basis"].startswith(("whole model", "our"))
        # The plain model (no balance cost) is run too at these sizes, ours and the reference side by side.
        assert row["reference_plain"]["given_s"] == 2 and row["ours_plain"]["covered"] >= row["district"]["covered"]
        # Coverage is compared as sets of sites: how many the reference covers that ours leaves out, and
        # the other way round, with their priority points; the points left out add up.
        for plan, ref in (("ours", "reference"), ("ours_plain", "reference_plain")):
            versus = row[plan]["versus_reference"]
            assert 0 <= versus["missed"] <= row["sites"] - row[plan]["covered"]  # a subset of ours left out
            assert 0 <= versus["extra"] <= row["sites"] - row[ref]["covered"]
            assert versus["missed"] - versus["extra"] == row[ref]["covered"] - row[plan]["covered"]
            assert (row[plan]["priority_left_out"] - versus["missed_points"]
                    == row[ref]["priority_left_out"] - versus["extra_points"])  # the sites both leave out
        for plan in ("ours", "district", "reference", "ours_plain", "reference_plain"):
            got = row[plan]
            assert "dropped" not in got  # the site lists stay out of the JSON line
            assert 0 <= got["outside_county"] <= got["outside_town"] <= got["covered"]
            assert got["km_per_team"][0] <= got["km_per_team"][1] <= got["km_per_team"][2]
    assert "growth 120->240 sites" in run.stdout
    assert set(figures) == {"sites", "teams", "plan_s", "travel_km", "covered", "best_travel_km", "best_covered",
                            "district_travel_km", "district_covered"}
    assert (figures["sites"], figures["teams"]) == (120, 8)
    assert figures["covered"] >= figures["district_covered"]
    assert 0 < figures["travel_km"] and figures["covered"] <= 120
    assert "by district" in run.stdout and "OR-Tools GLS 2 s" in run.stdout
    assert "sites the reference covers and ours leaves out: " in run.stdout
    assert "OR-Tools GLS 2 s, whole model, plain" in run.stdout and "ours, plain model" in run.stdout
