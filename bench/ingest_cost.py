"""What does processing one Telegram update cost us? SQL statements and CPU, by kind of update.

    .venv/bin/python -m bench.ingest_cost                         # 30 officers x 20 updates, SQLite
    .venv/bin/python -m bench.ingest_cost --database postgresql   # a fresh PostgreSQL database
    .venv/bin/python -m bench.ingest_cost --database-url postgresql+asyncpg://...   # empty, migrated
    .venv/bin/python -m bench.ingest_cost --profile /tmp/cost.prof --show-sql

One process, no webhook, no kill: a migrated database, the loopback Bot API
(``tests/fakes/telegram.py``, no rate limit), the real runtime (``bootstrap.bot_runtime``) and the
world and script of ``bench.ingest`` (``bench.ingest_world``: /today, a check-in, a whole /report
with a photo, /done, /today per officer). All officers hand their updates to ``runtime.accept``
at once, each in order, as Telegram would. Three phases, so that processing is measured alone:
(1) accept: the inbox stores everything (the worker is held back); (2) process: the inbox worker
processes everything (the replies are held back); (3) replies: they are sent. Every SQL statement
and BEGIN / COMMIT / ROLLBACK is counted for the update whose processing issued it (a ContextVar
set around the worker's processing of each update). Prints per phase wall time and CPU ms per
update (``time.process_time``: every thread of the process, so SQLite's too), and per kind of
update the statements and transactions per update (and its CPU, when one update runs at a time,
as on SQLite). ``--profile PATH`` writes a cProfile of the
processing phase. The figures that matter on a shared machine are CPU ms and statements per update.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import tempfile
import time
from collections import Counter, defaultdict
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import event

from bench.ingest_world import SCRIPT_LENGTH, drop_database, new_database, script, seed
from inspection.bootstrap import bot_runtime
from inspection.config import load_settings
from inspection.store.engine import UnitOfWork, make_engine
from tests.fakes.telegram import TOKEN, FakeTelegram

KIND: ContextVar[str] = ContextVar("ingest_cost_kind", default="(outside processing)")


def kind_of(payload: dict[str, Any]) -> str:
    """A label for the step an update is: /today, location, press <data>, text "<answer>", photo ..."""
    query = payload.get("callback_query")
    if isinstance(query, dict):
        return f"press {query.get('data')}"
    message = payload.get("message") or {}
    if "location" in message:
        return "location"
    if "photo" in message:
        return "photo"
    text = str(message.get("text", ""))
    if text.startswith("/"):
        return text.split()[0]
    return f'text "{text[:12]}"'


class Counts:
    """Statements and transaction events per kind of update, from the engine's events."""

    def __init__(self) -> None:
        self.by_kind: dict[str, Counter[str]] = defaultdict(Counter)
        self.updates: Counter[str] = Counter()
        self.cpu_s: Counter[str] = Counter()
        self.sql: dict[str, list[str]] = {}  # the statements of the first update of each kind
        self._first: dict[str, int] = {}
        self.current_update: ContextVar[int | None] = ContextVar("ingest_cost_update", default=None)

    def attach(self, engine: Any) -> None:
        sync = engine.sync_engine
        event.listen(sync, "before_cursor_execute", self._statement)
        for name in ("begin", "commit", "rollback"):
            event.listen(sync, name, self._transaction(name.upper()))

    def _statement(self, _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any,
                   _executemany: bool) -> None:
        kind = KIND.get()
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "?"
        counter = self.by_kind[kind]
        counter["statements"] += 1
        counter[verb if verb in ("SELECT", "INSERT", "UPDATE", "DELETE") else "other"] += 1
        if self._first.get(kind) == self.current_update.get():
            self.sql.setdefault(kind, []).append(" ".join(statement.split()))

    def _transaction(self, name: str) -> Any:
        def count(*_: Any) -> None:
            self.by_kind[KIND.get()][name] += 1
        return count

    def wrap(self, worker: Any) -> None:
        """Run the worker's processing of each update with its kind set (and its CPU counted)."""
        process = worker._process

        async def processing(row: Any) -> None:
            kind = kind_of(row.payload)
            self._first.setdefault(kind, row.update_id)
            kind_token, update_token = KIND.set(kind), self.current_update.set(row.update_id)
            started = time.process_time()
            try:
                await process(row)
            finally:
                self.cpu_s[kind] += time.process_time() - started
                self.updates[kind] += 1
                KIND.reset(kind_token)
                self.current_update.reset(update_token)

        worker._process = processing


class Held:
    """Holds back what a callable is given until ``release()``."""

    def __init__(self, owner: Any, name: str) -> None:
        self.owner, self.name = owner, name
        self.original = getattr(owner, name)
        self.items: list[tuple[Any, ...]] = []
        setattr(owner, name, lambda *args: self.items.append(args))

    def release(self) -> None:
        setattr(self.owner, self.name, self.original)
        for args in self.items:
            self.original(*args)
        self.items.clear()


async def run(officers: int = 30, database: str = "sqlite", database_url: str | None = None, *,
              profile: str | None = None, show_sql: bool = False, quiet: bool = False) -> dict[str, Any]:
    say = (lambda *a: None) if quiet else print
    with tempfile.TemporaryDirectory(prefix="ingest-cost-") as tmp:
        pg_name = None
        if database_url:
            url = database_url
        else:
            url, pg_name = await new_database(database, tmp)
        settings = load_settings(database_url=url, data_dir=Path(tmp), telegram_token=SecretStr(TOKEN))
        fake = await FakeTelegram().start()
        engine = make_engine(url)
        uow = UnitOfWork(engine)
        try:
            users = await seed(url, fake, officers, settings.timezone)
            scripts = [script(i, u) for i, u in enumerate(users)]
            fake._pending.clear()  # handed to the runtime, not fetched by getUpdates
            total = sum(len(s) for s in scripts)
            runtime = bot_runtime(settings, uow, base_url=fake.base_url, base_file_url=fake.base_file_url,
                                  rate_limit=False)
            await runtime.start("webhook")
            counts = Counts()
            counts.attach(engine)
            counts.wrap(runtime.worker)
            concurrency = runtime.worker._slots._value  # chats processed side by side
            phases: dict[str, tuple[float, float]] = {}

            async def officer(updates: list[dict[str, Any]]) -> None:
                for update in updates:
                    await runtime.accept(update)

            # (1) accept: stored in the inbox, the worker held back
            held_rows = Held(runtime.writer, "on_stored")
            wall, cpu = time.perf_counter(), time.process_time()
            await asyncio.gather(*(officer(s) for s in scripts))
            phases["accept"] = (time.perf_counter() - wall, time.process_time() - cpu)

            # (2) process: the worker runs, the replies held back
            held_replies = Held(runtime.sender, "submit")
            profiler = cProfile.Profile() if profile else None
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler is not None:
                profiler.enable()
            held_rows.release()
            await runtime.worker.idle()
            if profiler is not None:
                profiler.disable()
            phases["process"] = (time.perf_counter() - wall, time.process_time() - cpu)
            if profiler is not None and profile:
                profiler.dump_stats(profile)

            # (3) replies
            wall, cpu = time.perf_counter(), time.process_time()
            held_replies.release()
            await runtime.idle()
            phases["replies"] = (time.perf_counter() - wall, time.process_time() - cpu)
            processed = runtime.worker.processed
            messages = len(fake.messages())
            await runtime.stop()
        finally:
            await fake.stop()
            await engine.dispose()
            await drop_database(pg_name)

    dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
    say(f"ingest cost on {dialect}: {total} updates from {officers} officers ({SCRIPT_LENGTH} each), "
        f"{processed} processed, {messages} messages sent")
    for phase, (wall_s, cpu_s) in phases.items():
        say(f"  {phase:8} {wall_s:7.2f} s wall  {cpu_s / total * 1000:6.2f} ms CPU per update  "
            f"{total / wall_s:7.1f} updates/s")
    say(f"  {'kind of update':32} {'n':>4} {'stmts':>6} {'SELECT':>6} {'INSERT':>6} {'UPDATE':>6} {'DELETE':>6} "
        f"{'other':>5} {'BEGIN':>5} {'COMMIT':>6} {'ROLLBK':>6} {'CPU ms':>7}")
    kinds = sorted(counts.updates, key=lambda k: min(i for i, s in enumerate(scripts[0]) if kind_of(s) == k)
                   if any(kind_of(s) == k for s in scripts[0]) else 99)
    rows: dict[str, dict[str, float]] = {}
    all_updates = sum(counts.updates.values())
    for kind in [*kinds, "all"]:
        n = counts.updates[kind] if kind != "all" else all_updates
        c: Counter[str] = counts.by_kind[kind] if kind != "all" else sum(
            (counts.by_kind[k] for k in kinds), Counter())
        cpu_s = counts.cpu_s[kind] if kind != "all" else sum(counts.cpu_s.values())
        row = {name: c[name] / n for name in ("statements", "SELECT", "INSERT", "UPDATE", "DELETE", "other",
                                              "BEGIN", "COMMIT", "ROLLBACK")}
        row["cpu_ms"] = cpu_s / n * 1000
        rows[kind] = row
        cpu = f"{row['cpu_ms']:7.2f}" if concurrency == 1 else "      -"
        say(f"  {kind:32} {n:4} {row['statements']:6.1f} {row['SELECT']:6.1f} {row['INSERT']:6.1f} "
            f"{row['UPDATE']:6.1f} {row['DELETE']:6.1f} {row['other']:5.1f} {row['BEGIN']:5.1f} "
            f"{row['COMMIT']:6.1f} {row['ROLLBACK']:6.1f} {cpu}")
    outside = counts.by_kind.get("(outside processing)", Counter())
    say(f"  outside processing (inbox stores, lookups of the runtime): {outside['statements']} statements, "
        f"{outside['COMMIT']} commits")
    if concurrency > 1:
        say(f"  (CPU by kind only when one update runs at a time; {concurrency} chats run side by side here)")
    if show_sql:
        for kind in kinds:
            say(f"\n-- {kind}: the statements of one update")
            for statement in counts.sql.get(kind, []):
                say(f"   {statement[:220]}")
    result = {
        "database": dialect, "updates": total, "processed": processed, "messages": messages,
        "process_wall_s": round(phases["process"][0], 3),
        "process_cpu_ms_per_update": round(phases["process"][1] / total * 1000, 3),
        "process_updates_per_s": round(total / phases["process"][0], 1),
        "statements_per_update": round(rows["all"]["statements"], 2),
        "by_kind": {k: {n: round(v, 2) for n, v in r.items()} for k, r in rows.items()},
    }
    if not quiet:
        print(json.dumps({k: v for k, v in result.items() if k != "by_kind"}))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--officers", type=int, default=30, help=f"each sends {SCRIPT_LENGTH} updates")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                        help="a fresh migrated database, dropped afterwards")
    parser.add_argument("--database-url", default=None, help="an empty, migrated database instead")
    parser.add_argument("--profile", default=None, help="write a cProfile of the processing phase here")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one update of each kind")
    args = parser.parse_args()
    asyncio.run(run(args.officers, args.database, args.database_url, profile=args.profile, show_sql=args.show_sql))


if __name__ == "__main__":
    main()
