"""The broadcast benchmark runs at a small size: every notice delivered once within the limits."""

from __future__ import annotations

from bench.broadcast import run


async def test_a_small_broadcast_is_delivered_within_the_limits_with_nothing_lost_or_sent_twice() -> None:
    result = await run(40)
    assert result["lost"] == 0 and result["duplicated"] == 0 and result["messages"] == 40
