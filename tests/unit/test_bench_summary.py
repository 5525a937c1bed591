"""The summary benchmark runs at a small size and ends with one JSON line per database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.bench
def test_the_summary_benchmark_prints_its_figures_as_json_lines_last() -> None:
    run = subprocess.run([sys.executable, "-m", "bench.summary", "--small", "--databases", "sqlite"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True)
    lines = run.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert set(result) == {"database", "visits", "goods_checked", "findings", "sql_s", "summary_s",
                           "export_rows_per_s", "peak_mb"}
    assert (result["database"], result["visits"], result["goods_checked"], result["findings"]) == (
        "sqlite", 1000, 10_000, 2000)
    assert result["sql_s"] > 0 and result["summary_s"] > 0 and result["export_rows_per_s"] > 0
    assert 0 < result["peak_mb"] < 300
    assert any(line.startswith("sqlite: bare SQL") for line in lines)
