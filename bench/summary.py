"""Campaign summary at scale: bare SQL aggregates vs the full summary vs the streamed export.

    .venv/bin/python -m bench.summary                     # 100,000 visits, 1,000,000 goods, 200,000 findings
    .venv/bin/python -m bench.summary --small             # 1,000 visits: what the test suite runs
    .venv/bin/python -m bench.summary --databases sqlite  # skip PostgreSQL

A seeded generator fills a fresh database (an SQLite file; a PostgreSQL database created on the
server of INSPECTION_BENCH_PG_URL / INSPECTION_TEST_PG_URL and dropped afterwards, when reachable).
The measurements run in a child process so that its peak memory is the summary's and the export's,
not the generator's. Printed side by side: the bare SQL aggregation queries alone; our full summary
(figures + narrative + the summary XLSX + the Word report); the streamed findings export in rows/s;
peak memory.
Targets: full summary <= 2x the bare SQL time, < 300 MB peak. The last lines are one JSON object per
database: {"database", "visits", "goods_checked", "findings", "sql_s", "summary_s",
"export_rows_per_s", "peak_mb"}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.summary_data import CAMPAIGN, generate
from inspection.services.cases.figures import case_figures
from inspection.services.figures import campaign_summary, export_findings, write_report
from inspection.services.figures.campaign import aggregates, campaign_filters
from inspection.services.figures.scope import aggregate_connection
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade

PG_ADMIN_URL = os.environ.get(
    "INSPECTION_BENCH_PG_URL", os.environ.get("INSPECTION_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
)


async def bare_sql(uow: UnitOfWork) -> None:
    """Exactly the aggregate queries the summary runs, without building or rendering anything."""
    filters, campaign = await campaign_filters(uow, CAMPAIGN)
    async with uow() as s:
        await aggregates(await aggregate_connection(s), filters)
    await case_figures(uow, start=campaign["starts_on"], end=campaign["ends_on"], campaign=CAMPAIGN)


async def measure(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    uow = UnitOfWork(engine)
    out = Path(tempfile.mkdtemp(prefix="bench-summary-"))
    try:
        await bare_sql(uow)  # warm the caches once, for both measurements alike
        t0 = time.perf_counter()
        await bare_sql(uow)
        sql_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        summary = await campaign_summary(uow, CAMPAIGN)
        await write_report(uow, CAMPAIGN, out / "summary.xlsx", fmt="xlsx", summary=summary)
        await write_report(uow, CAMPAIGN, out / "summary.docx", fmt="docx", summary=summary)
        summary_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = await export_findings(uow, CAMPAIGN, out / "findings.csv", fmt="csv")
        export_s = time.perf_counter() - t0
    finally:
        await engine.dispose()
    peak_mb = peak_memory_mb()
    return {"sql_s": round(sql_s, 3), "summary_s": round(summary_s, 3),
            "export_rows_per_s": round(result.rows / export_s) if export_s else 0, "export_rows": result.rows,
            "peak_mb": round(peak_mb, 1)}


def peak_memory_mb() -> float:
    """This process's peak resident memory. VmHWM, because ru_maxrss survives exec on Linux and would
    report the generator's memory (the parent's, at fork) instead of ours."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _pg_admin(sql: str) -> None:
    engine = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_size=1)
    try:
        async with engine.connect() as conn:
            await conn.execute(sa.text(sql))
    finally:
        await engine.dispose()


def _databases(names: list[str], workdir: Path) -> list[tuple[str, str, str | None]]:
    """(name, url, PostgreSQL database to drop) for each reachable database."""
    found: list[tuple[str, str, str | None]] = []
    for name in names:
        if name == "sqlite":
            found.append(("sqlite", f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}", None))
        elif name == "postgresql":
            db = f"bench_summary_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            try:
                asyncio.run(_pg_admin(f'CREATE DATABASE "{db}"'))
            except Exception as exc:  # server down or unreachable: say so and go on
                print(f"postgresql: skipped, unreachable at {PG_ADMIN_URL} ({type(exc).__name__})")
                continue
            found.append(("postgresql", f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{db}", db))
    return found


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-summary-") as tmp:
        for name, url, drop in _databases(args.databases.split(","), Path(tmp)):
            try:
                upgrade(url)
                t0 = time.perf_counter()
                counts = asyncio.run(generate(url, visits=args.visits, goods=args.goods, findings=args.findings,
                                              seed=args.seed))
                print(f"{name}: generated {counts['visits']:,} visits, {counts['goods_checked']:,} goods checked, "
                      f"{counts['findings']:,} findings in {time.perf_counter() - t0:.1f} s")
                child = subprocess.run([sys.executable, "-m", "bench.summary", "--measure", url], check=True,
                                       capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
                measured = json.loads(child.stdout.strip().splitlines()[-1])
            finally:
                if drop:
                    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)'))
            ratio = measured["summary_s"] / measured["sql_s"] if measured["sql_s"] else 0.0
            print(f"{name}: bare SQL {measured['sql_s']:.2f} s | full summary {measured['summary_s']:.2f} s "
                  f"({ratio:.2f}x, target <= 2x) | export {measured['export_rows_per_s']:,} rows/s | "
                  f"peak {measured['peak_mb']:.0f} MB (target < 300)")
            lines.append({"database": name, **counts, "sql_s": measured["sql_s"], "summary_s": measured["summary_s"],
                          "export_rows_per_s": measured["export_rows_per_s"], "peak_mb": measured["peak_mb"]})
    for line in lines:
        print(json.dumps(line))
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--visits", type=int, default=100_000)
    p.add_argument("--goods", type=int, default=1_000_000, help="goods checked, summed over the visits")
    p.add_argument("--findings", type=int, default=200_000)
    p.add_argument("--small", action="store_true", help="1,000 visits, 10,000 goods, 2,000 findings")
    p.add_argument("--seed", type=int, default=20260420)
    p.add_argument("--databases", default="sqlite,postgresql")
    p.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.measure:
        print(json.dumps(asyncio.run(measure(args.measure))))
        return 0
    if args.small:
        args.visits, args.goods, args.findings = 1_000, 10_000, 2_000
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
