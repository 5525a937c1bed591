"""Crash test of the Telegram ingest: acknowledged updates are never lost nor done twice.

    .venv/bin/python -m bench.ingest                        # 30 officers x 20 updates, SQLite and PostgreSQL
    .venv/bin/python -m bench.ingest --officers 5 --databases sqlite

For each database: a fresh migrated database and the loopback Bot API (``tests/fakes/telegram.py``,
30 messages/s overall enforced) in this process; ``inspection serve`` in webhook mode in a child
process. Every officer posts its updates (/today, a check-in, a whole /report with a photo,
/done, /today) to the webhook one after another, all officers at once, as Telegram does. When
``--kill-at`` of all updates were answered 200, the service is killed with SIGKILL, restarted,
and every update not answered 200 is posted again. Then, once the inbox is drained, queries of
our own check every acknowledged update: stored and processed, the check-in made once, the
report saved once with its photo. Prints per database: updates, acknowledged per second (stored
in the inbox and answered 200, up to the last 200), effects committed per second (up to the last
processed; both without the restart's downtime), p50/p99 of the 200, lost, duplicated, kills;
its last lines are one JSON object per database. Targets: >= 300 updates/s, p99 < 150 ms,
0 lost, 0 duplicated, at least one kill.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from typing import Any

import aiohttp

from bench.ingest_world import (
    SCRIPT_LENGTH,
    check_effects,
    check_replies,
    drop_database,
    new_database,
    replies_pending,
    script,
    seed,
    wait_processed,
)
from inspection.config import load_settings
from tests.fakes.telegram import BOT_USERNAME, TOKEN, FakeTelegram

SECRET = "ingest-bench-secret"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Service:
    """``inspection serve`` in a child process, on a fixed port so that a restart keeps the URL."""

    def __init__(self, env: dict[str, str], port: int, log_path: str) -> None:
        self.env, self.port, self.log_path = env, port, log_path
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115, ASYNC230 - the child writes to it
        profile = os.environ.get("INGEST_BENCH_PROFILE")  # a path: profile the service (no kills)
        prefix = ["-m", "cProfile", "-o", profile] if profile else []
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, *prefix, "-m", "inspection", "serve", "--host", "127.0.0.1", "--port", str(self.port),
            env=self.env, stdout=log, stderr=log)
        log.close()
        async with aiohttp.ClientSession() as http:
            for _ in range(600):
                if self.proc.returncode is not None:
                    raise RuntimeError(f"the service exited; see {self.log_path}")
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as r:
                        if r.status == 200:
                            self._cpu_at_start = self._cpu_now()  # start-up (imports, migrations check) not counted
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError("the service did not start in 60 s")

    cpu_s = 0.0  # CPU the service used (user + system) once up, over every incarnation
    _cpu_at_start = 0.0

    def children(self) -> list[int]:
        """The service's child processes (its bot processes on PostgreSQL; Linux /proc)."""
        if self.proc is None or self.proc.returncode is not None:
            return []
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:  # noqa: ASYNC230 - procfs
                return [int(p) for p in f.read().split()]
        except (OSError, ValueError):
            return []

    def _cpu_now(self) -> float:
        """CPU time so far of the running service and its bot processes (Linux /proc; 0 elsewhere)."""
        if self.proc is None or self.proc.returncode is not None:
            return 0.0
        total = 0.0
        for pid in (self.proc.pid, *self.children()):
            try:
                with open(f"/proc/{pid}/stat") as f:  # noqa: ASYNC230 - a tiny procfs read
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                continue
        return total

    def _take_cpu(self) -> None:
        self.cpu_s += max(0.0, self._cpu_now() - self._cpu_at_start)

    def kill(self) -> None:
        assert self.proc is not None
        self._take_cpu()
        self.proc.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self._take_cpu()
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 30)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Load:
    """The load generator: per officer in order; a request without a 200 is sent again."""

    def __init__(self, service: Service, total: int, kill_at: float, kills: int, kill_shard: bool = False) -> None:
        self.service, self.total, self.kill_shard = service, total, kill_shard
        self.kill_points = [int(total * kill_at * (k + 1) / kills) for k in range(kills)] if kills else []
        self.url = f"http://127.0.0.1:{service.port}/telegram/webhook"
        self.up = asyncio.Event()
        self.up.set()
        self.acknowledged: set[int] = set()
        self.latencies: list[float] = []
        self.kills = 0
        self.downtime = 0.0
        self.resent = 0
        self.last_ack = 0.0
        self._restart: asyncio.Task[None] | None = None

    async def officer(self, http: aiohttp.ClientSession, updates: list[dict[str, Any]]) -> None:
        for update in updates:
            tries = 0
            while True:
                await self.up.wait()
                tries += 1
                started = time.perf_counter()
                try:
                    async with http.post(self.url, json=update, headers={HEADER: SECRET}) as r:
                        status = r.status
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                if status == 200:
                    self.latencies.append(time.perf_counter() - started)
                    self.acknowledged.add(update["update_id"])
                    self.last_ack = time.perf_counter()
                    self.resent += tries > 1
                    self._maybe_kill()
                    break
                if status in (400, 403):
                    raise RuntimeError(f"update {update['update_id']} refused with {status}")
                await asyncio.sleep(0.05)

    def _maybe_kill(self) -> None:
        if self.kills < len(self.kill_points) and len(self.acknowledged) >= self.kill_points[self.kills] \
                and self.up.is_set():
            self.kills += 1
            if self.kill_shard:  # one bot process only: the service starts it again itself
                children = self.service.children()
                if not children:
                    raise RuntimeError("the service has no bot process to kill")
                os.kill(children[0], signal.SIGKILL)
                return
            self.service.kill()
            self.up.clear()
            self._restart = asyncio.create_task(self._restart_service())

    async def _restart_service(self) -> None:
        down = time.perf_counter()
        assert self.service.proc is not None
        await self.service.proc.wait()
        await self.service.start()
        self.downtime += time.perf_counter() - down
        self.up.set()


async def run_one(database: str, officers: int, kill_at: float, kills: int, quiet: bool = False, *,
                  processes: int | None = None, kill_shard: bool = False) -> dict[str, Any]:
    """``processes``: the service's ``bot_processes`` (None: its default); ``kill_shard``: kill one
    of its bot processes instead of the service."""
    say = (lambda *a: None) if quiet else print
    tz = load_settings().timezone
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        url, pg_name = await new_database(database, tmp)
        fake = await FakeTelegram(overall_per_s=30).start()
        service: Service | None = None
        try:
            users = await seed(url, fake, officers, tz)
            scripts = [script(i, u) for i, u in enumerate(users)]
            fake._pending.clear()  # delivered by webhook, not getUpdates
            updates = {u["update_id"]: u for s in scripts for u in s}
            port = _free_port()
            env = {**os.environ, "INSPECTION_DATABASE_URL": url, "INSPECTION_DATA_DIR": tmp,
                   "INSPECTION_TELEGRAM_TOKEN": TOKEN, "INSPECTION_TELEGRAM_BASE_URL": fake.base_url,
                   "INSPECTION_TELEGRAM_BASE_FILE_URL": fake.base_file_url,
                   "INSPECTION_TELEGRAM_BOT_USERNAME": BOT_USERNAME,
                   "INSPECTION_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
                   "INSPECTION_WEBHOOK_SECRET": SECRET}
            if processes is not None:
                env["INSPECTION_BOT_PROCESSES"] = str(processes)
            service = Service(env, port, f"{tmp}/service.log")
            await service.start()
            bot_processes = 1 + len(service.children())
            load = Load(service, len(updates), kill_at, kills, kill_shard)
            started = time.perf_counter()
            timeout = aiohttp.ClientTimeout(total=30)
            async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=200)) as http:
                await asyncio.gather(*(load.officer(http, s) for s in scripts))
            processed = await wait_processed(url, len(updates), 600 - (time.perf_counter() - started))
            elapsed = time.perf_counter() - started - load.downtime
            acked_in = load.last_ack - started - load.downtime
            lost, duplicated = await check_effects(url, users, load.acknowledged, updates)
            pending, last_change = await replies_pending(url), time.perf_counter()
            while pending and time.perf_counter() - last_change < 20:  # sent at 30 msg/s, they lag behind
                await asyncio.sleep(0.2)
                now_pending = await replies_pending(url)
                if now_pending != pending:
                    pending, last_change = now_pending, time.perf_counter()
            replies, replies_lost = await check_replies(url, fake.calls)
            await service.stop()
        except BaseException:
            if service is not None:
                await service.stop()
                with open(f"{tmp}/service.log", errors="replace") as f:  # noqa: ASYNC230
                    print(f.read()[-4000:], file=sys.stderr)
            raise
        finally:
            await fake.stop()
            await drop_database(pg_name)
    lat = sorted(load.latencies)
    result = {
        "database": database, "updates": len(updates), "per_s": round(processed / elapsed, 1),
        "p50_ms": round(statistics.median(lat) * 1000, 1),
        "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, 1),
        "acknowledged": len(load.acknowledged), "acknowledged_per_s": round(len(load.acknowledged) / max(acked_in, 1e-3), 1),
        "lost": lost, "duplicated": duplicated, "kills": load.kills,
        "replies": replies, "replies_lost": replies_lost,
        "service_cpu_ms_per_update": round(service.cpu_s * 1000 / len(updates), 1),
        "bot_processes": bot_processes,
    }
    say(f"ingest on {database} ({bot_processes} bot process{'es' if bot_processes > 1 else ''}): "
        f"{len(updates)} updates from {officers} officers, {load.kills} SIGKILL(s), "
        f"{load.resent} sent again after no 200; {processed} processed in {elapsed:.1f} s without "
        f"{load.downtime:.1f} s of restart; {fake.too_many} sends refused by the 30 msg/s limit")
    say(f"  {result['acknowledged_per_s']} updates/s acknowledged (stored in the inbox, then the 200), "
        f"{result['per_s']} updates/s committed, 200 after p50 {result['p50_ms']} ms / p99 {result['p99_ms']} ms, "
        f"lost {lost}, duplicated {duplicated}")
    say(f"  {replies} replies committed, {replies_lost} never reached the Bot API; the service used "
        f"{result['service_cpu_ms_per_update']} ms of CPU per update (after start-up; replies included)")
    return result


async def run(databases: list[str], officers: int, kill_at: float = 0.4, kills: int = 1,
              quiet: bool = False) -> list[dict[str, Any]]:
    results = [await run_one(db, officers, kill_at, kills, quiet) for db in databases]
    if not quiet:
        for r in results:
            print(json.dumps(r))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--officers", type=int, default=30, help=f"each sends {SCRIPT_LENGTH} updates")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--kill-at", type=float, default=0.4, help="share of updates answered 200 before the kill")
    parser.add_argument("--kills", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)  # the fake's calls cut by the SIGKILL
    asyncio.run(run(args.databases.split(","), args.officers, args.kill_at, args.kills))


if __name__ == "__main__":
    main()
