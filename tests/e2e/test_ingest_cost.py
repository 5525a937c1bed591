"""``bench.ingest_cost`` at a small size: every update processed in one transaction, its SQL
counted for it, and the figures printed."""

from __future__ import annotations

import pytest

from bench import ingest_cost
from bench.ingest_world import SCRIPT_LENGTH


async def test_the_cost_tool_counts_one_transaction_and_the_statements_of_each_update(
        capsys: pytest.CaptureFixture[str]) -> None:
    result = await ingest_cost.run(officers=2)
    printed = capsys.readouterr().out
    assert result["updates"] == result["processed"] == 2 * SCRIPT_LENGTH
    assert result["messages"] >= result["updates"]
    assert result["process_cpu_ms_per_update"] > 0 and result["process_updates_per_s"] > 0
    by_kind = result["by_kind"]
    assert {"/today", "location", "/report", "photo", "press rep:review:save", "/done"} <= set(by_kind)
    for kind, figures in by_kind.items():
        assert figures["BEGIN"] == figures["COMMIT"] == 1, kind  # one transaction per update
        assert figures["ROLLBACK"] == 0, kind
        assert figures["statements"] >= figures["SELECT"] + figures["UPDATE"] >= 2, kind  # officer + processed mark
        assert figures["cpu_ms"] > 0, kind
    assert by_kind["press rep:review:save"]["INSERT"] >= 2  # the finding and its photo
    assert by_kind["location"]["UPDATE"] >= 2  # the visit checked in and the processed mark
    assert "process" in printed and "press rep:review:save" in printed
