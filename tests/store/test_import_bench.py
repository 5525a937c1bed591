"""The import benchmark runs (at a small size) and reports what it measured."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.import_sites import measure, write_sites_file


@pytest.mark.bench
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
async def test_the_import_benchmark_creates_then_finds_everything_unchanged(database_url: str, tmp_path: Path,
                                                                            suffix: str) -> None:
    path = write_sites_file(tmp_path / f"sites.{suffix}", 300)
    (first, first_s), (second, second_s) = await measure(database_url, path)
    assert (first.created, second.unchanged) == (300, 300)
    assert first_s > 0 and second_s > 0
