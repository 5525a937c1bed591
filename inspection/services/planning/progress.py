"""Progress of a long plan, for the adapters: where the planner stands, throttled and phrased.

The planner reports from the thread it runs in (``PlanProgress``: first plan, improving, done);
``throttle`` passes on the first plan, the end and at most one "improving" report every
``every_s`` seconds; ``relay`` does the same for an async callback run on the adapter's event loop; ``progress_line`` phrases one report
from the catalog (``planner.progress.*``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from inspection.planning.model import PlanProgress

__all__ = ["PlanProgress", "progress_line", "relay", "throttle"]

Phrase = Callable[..., str]


def progress_line(t: Phrase, p: PlanProgress, locale: str) -> str:
    return t(f"planner.progress.{p.phase}", locale, km=f"{p.travel_m / 1000:.1f}", covered=p.covered,
             elapsed=f"{p.elapsed_s:.0f}", limit=f"{p.limit_s:.0f}")


def throttle(callback: Callable[[PlanProgress], Any], every_s: float = 3.0) -> Callable[[PlanProgress], None]:
    """``callback`` for the first plan, the end, and at most one "improving" report every ``every_s``."""
    last = [float("-inf")]

    def on_progress(p: PlanProgress) -> None:
        if p.phase == "improving" and p.elapsed_s - last[0] < every_s:
            return
        last[0] = p.elapsed_s
        callback(p)

    return on_progress


def relay(callback: Callable[[PlanProgress], Coroutine[Any, Any, Any]], every_s: float = 3.0) -> Callable[[PlanProgress], None]:
    """A planner callback (called in the planning thread) that runs ``callback`` on the current loop."""
    loop = asyncio.get_running_loop()
    return throttle(lambda p: asyncio.run_coroutine_threadsafe(callback(p), loop), every_s)
