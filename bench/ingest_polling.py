"""The crash test of ``bench.ingest`` in long-polling mode (run by the test suite at small size).

    .venv/bin/python -m bench.ingest_polling --officers 5 --databases sqlite

Officers send their updates to the loopback Bot API one after another (the next when Telegram
has the previous one confirmed); ``inspection serve`` long-polls it. When ``--kill-at`` of the
updates were confirmed (a later offset asked for), the service is killed with SIGKILL and
restarted. Every confirmed update must be processed exactly once: Telegram will not send it again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from typing import Any

from bench.ingest import Service, _free_port
from bench.ingest_world import check_effects, drop_database, inbox_state, new_database, script, seed
from inspection.config import load_settings
from tests.fakes.telegram import BOT_USERNAME, TOKEN, FakeTelegram


async def run_one(database: str, officers: int, kill_at: float = 0.4, quiet: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ingest-polling-") as tmp:
        url, pg_name = await new_database(database, tmp)
        fake = await FakeTelegram(overall_per_s=30).start()
        service: Service | None = None
        try:
            users = await seed(url, fake, officers, load_settings().timezone)
            scripts = [script(i, u) for i, u in enumerate(users)]
            fake._pending.clear()  # sent one by one below
            total = sum(len(s) for s in scripts)
            sent: dict[int, dict[str, Any]] = {}  # numbered as they arrive, as Telegram does
            env = {**os.environ, "INSPECTION_DATABASE_URL": url, "INSPECTION_DATA_DIR": tmp,
                   "INSPECTION_TELEGRAM_TOKEN": TOKEN, "INSPECTION_TELEGRAM_BASE_URL": fake.base_url,
                   "INSPECTION_TELEGRAM_BASE_FILE_URL": fake.base_file_url,
                   "INSPECTION_TELEGRAM_BOT_USERNAME": BOT_USERNAME, "INSPECTION_WEBHOOK_URL": ""}
            service = Service(env, _free_port(), f"{tmp}/service.log")
            await service.start()
            kills, confirmed_at_kill = 0, 0

            def confirmed() -> set[int]:
                pending = {p["update_id"] for p in fake._pending}
                return {i for i in sent if i < fake._offset_seen and i not in pending}

            async def officer(steps: list[dict[str, Any]]) -> None:
                for step in steps:
                    update = {**step, "update_id": fake.next_update_id()}
                    sent[update["update_id"]] = update
                    fake.enqueue(update)
                    while update["update_id"] >= fake._offset_seen:  # noqa: ASYNC110 - the fake has no event per offset
                        await asyncio.sleep(0.02)

            feeding = asyncio.gather(*(officer(s) for s in scripts))
            while not feeding.done():
                if kills == 0 and len(confirmed()) >= kill_at * total:
                    service.kill()
                    kills, confirmed_at_kill = 1, len(confirmed())
                    assert service.proc is not None
                    await service.proc.wait()
                    await service.start()
                await asyncio.sleep(0.02)
            await feeding
            started = time.perf_counter()
            while (await inbox_state(url))[1] < total and time.perf_counter() - started < 300:  # noqa: ASYNC110 - polling the database
                await asyncio.sleep(0.1)
            lost, duplicated = await check_effects(url, users, confirmed(), sent)
            await service.stop()
        finally:
            if service is not None:
                await service.stop()
            await fake.stop()
            await drop_database(pg_name)
    result = {"database": database, "mode": "polling", "updates": total, "confirmed": len(confirmed()),
              "confirmed_at_kill": confirmed_at_kill, "lost": lost, "duplicated": duplicated, "kills": kills}
    if not quiet:
        print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--officers", type=int, default=10)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--kill-at", type=float, default=0.4)
    args = parser.parse_args()
    for database in args.databases.split(","):
        asyncio.run(run_one(database, args.officers, args.kill_at))


if __name__ == "__main__":
    main()
