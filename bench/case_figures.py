"""How fast are a year's case figures over many cases? Prints the figures and the time they took.

    .venv/bin/python -m bench.case_figures --cases 100000            # a temporary SQLite file
    .venv/bin/python -m bench.case_figures --cases 100000 --database-url postgresql+asyncpg://...

The database URL must point at an empty, migrated database (SQLite: created and migrated here).
Target: a year's figures over 100,000 cases in well under a second on either back end, because
they are two aggregate queries (COUNT FILTER / SUM), not a loop over rows.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from inspection.services.cases.figures import CaseFigures, case_figures
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade
from inspection.store.tables import Agency, Case, CaseEvent

OUTCOMES = ["decided", "mediated", "withdrawn", "transferred"]
TYPES = ["patent_dispute", "patent_passing_off", "trademark_infringement", "copyright_infringement", "other"]


def _case_rows(n: int, agency_ids: list[int], rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    first = date(2023, 1, 1)
    for i in range(n):
        received = first + timedelta(days=rng.randrange(3 * 365))
        filed = received + timedelta(days=rng.randrange(6))
        due = filed + timedelta(days=90)
        closed = rng.random() < 0.8
        outcome_on = filed + timedelta(days=rng.randrange(120)) if closed else None
        outcome = rng.choice(OUTCOMES) if closed else ""
        rows.append({
            "number": f"B-{i:07d}", "agency_id": rng.choice(agency_ids), "case_type": rng.choice(TYPES),
            "source": "inspection", "title": "", "respondent": "", "description": "",
            "state": "closed" if closed else "investigating", "outcome": outcome, "received_on": received,
            "filed_on": filed, "due_on": due, "suspended_days": 0, "outcome_on": outcome_on,
            "closed_on": outcome_on + timedelta(days=3) if outcome_on else None,
            "closed_on_time": (outcome_on <= due) if outcome_on else None,
            "fine_cny": Decimal(rng.randrange(0, 5000)) if outcome == "decided" else Decimal(0),
            "confiscation_cny": Decimal(0), "goods_confiscated": "", "mediation_agreement": "",
            "withdrawal_reason": "", "transferred_to": "", "legal_review_note": "",
        })
    return rows


async def _load(uow: UnitOfWork, n: int, seed: int) -> float:
    rng = random.Random(seed)
    started = time.perf_counter()
    async with uow() as s:
        for code in ("IPO", "AMR", "CUL"):
            s.add(Agency(code=code, name_zh=code, kind="other"))
        await s.commit()
        ids = [int(i) for i in (await s.exec(select(Agency.id))).all() if i is not None]
    rows = _case_rows(n, ids, rng)
    async with uow.engine.begin() as conn:
        for i in range(0, n, 5000):
            await conn.execute(sa.insert(Case.__table__), rows[i:i + 5000])  # type: ignore[attr-defined]
        case_ids = [r[0] for r in await conn.execute(sa.select(Case.id))]  # type: ignore[call-overload]
        events = [{"case_id": cid, "from_state": "investigating", "to_state": "suspended", "actor": "bench",
                   "reason": "", "on_date": date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365)),
                   "at": sa.func.now()} for cid in rng.sample(case_ids, n // 20)]
        for i in range(0, len(events), 5000):
            await conn.execute(sa.insert(CaseEvent.__table__).values(events[i:i + 5000]))  # type: ignore[attr-defined]
    return time.perf_counter() - started


async def _time(uow: UnitOfWork, repeats: int, **scope: Any) -> tuple[float, CaseFigures]:
    times, figures = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        figures = await case_figures(uow, start=date(2024, 1, 1), end=date(2024, 12, 31), **scope)
        times.append(time.perf_counter() - started)
    assert figures is not None
    return statistics.median(times), figures


async def run(n: int, database_url: str | None = None, repeats: int = 5, seed: int = 7) -> dict[str, float]:
    """Load ``n`` cases, time the 2024 figures; returns the timings in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        if database_url is None:
            await asyncio.to_thread(upgrade, url)
        engine = make_engine(url)
        try:
            uow = UnitOfWork(engine)
            load_s = await _load(uow, n, seed)
            all_s, figures = await _time(uow, repeats)
            agency_s, _ = await _time(uow, repeats, agency="AMR")
        finally:
            await engine.dispose()
    print(f"cases loaded: {n:,} in {load_s:.1f} s ({engine.dialect.name})")
    print(f"2024 figures, all agencies: {all_s * 1000:.1f} ms (median of {repeats})")
    print(f"2024 figures, one agency:   {agency_s * 1000:.1f} ms")
    print(f"  received {figures.received:,}, carried over {figures.carried_over:,}, closed {figures.closed:,}, "
          f"suspended {figures.suspended:,}, on time {figures.on_time_rate or 0:.1%}, fines {figures.fines_cny:,}")
    return {"load_s": load_s, "figures_s": all_s, "agency_figures_s": agency_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty, migrated database (default: temporary SQLite)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.cases, args.database_url, args.repeats))


if __name__ == "__main__":
    main()
