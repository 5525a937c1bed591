"""How many Telegram updates a second does the bot answer, end to end? Prints the figures.

    .venv/bin/python -m bench.bot_updates --officers 50 --updates 1000
    .venv/bin/python -m bench.bot_updates --updates 1000 --database-url postgresql+asyncpg://...

The real PTB Application long-polls the loopback Bot API (tests/fakes/telegram.py) over HTTP, on
a migrated database (SQLite: a temporary file made here; PostgreSQL: an empty, migrated one).
Officers with a raid today send a mix of /today (read), locations (check-in, a write) and /help.
Every update is stored in the inbox (group commits) and processed in one transaction. Telegram itself lets a bot send 30 messages/s overall, which the rate limiter
enforces; ``--no-rate-limit`` measures our own cost. Target: the bot is not the bottleneck, i.e.
at least 30 updates/s answered on an idle 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from inspection.bootstrap import bot_runtime
from inspection.config import load_settings
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade
from tests import factories
from tests.fakes.telegram import TOKEN, FakeTelegram, FakeUser


async def _world(uow: UnitOfWork, fake: FakeTelegram, officers: int, tz: str) -> list[FakeUser]:
    now = datetime.now(ZoneInfo(tz))
    users = []
    async with uow() as s:
        agency = await factories.agency(s, "market_regulation", code="BENCH")
        campaign = await factories.campaign(s, agency)
        raid = await factories.raid(s, campaign, raid_date=now.date(), starts_at=now)
        for i in range(officers):
            user = fake.user(800_000_000 + i)
            officer = await factories.officer(s, agency, telegram_user_id=user.id, certificate_no=f"BENCH-{i:05d}")
            team = await factories.team(s, raid, [officer])
            await factories.visit(s, team, await factories.site(s, licence_no=f"BENCH{i:08d}", lat=23.0 + i * 0.01,
                                                               lon=101.0))
            users.append(user)
        await s.commit()
    return users


async def run(officers: int, updates: int, database_url: str | None = None, *,
              rate_limit: bool = True) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        if database_url is None:
            await asyncio.to_thread(upgrade, url)
        settings = load_settings(database_url=url, data_dir=Path(tmp), telegram_token=SecretStr(TOKEN))
        engine = make_engine(url)
        fake = await FakeTelegram().start()
        uow = UnitOfWork(engine)
        try:
            users = await _world(uow, fake, officers, settings.timezone)
            runtime = bot_runtime(settings, uow, poll_timeout=2, base_url=fake.base_url,
                                  base_file_url=fake.base_file_url, rate_limit=rate_limit)
            await runtime.start("polling")
            started = time.perf_counter()
            last = None
            for n in range(updates):
                user = users[n % len(users)]
                kind = n % 4
                if kind == 0:
                    last = user.command("today")
                elif kind == 1:
                    last = user.location(23.0 + (n % len(users)) * 0.01, 101.0)
                else:
                    last = user.command("help")
            assert last is not None
            await fake.wait_taken(last["update_id"], 600)
            await runtime.idle()
            elapsed = time.perf_counter() - started
            answered = len(fake.messages())
            await runtime.stop()
        finally:
            await fake.stop()
            await engine.dispose()
    rate = updates / elapsed
    limiter = "with" if rate_limit else "without"
    print(f"bot updates: {updates:,} from {officers} officers in {elapsed:.2f} s on {engine.dialect.name}, "
          f"{limiter} Telegram's rate limits")
    print(f"  {rate:.0f} updates/s, {elapsed / updates * 1000:.1f} ms per update, {answered:,} messages sent")
    return {"elapsed_s": elapsed, "updates_per_s": rate, "answered": float(answered)}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--no-rate-limit", action="store_true", help="measure our own cost, not Telegram's limits")
    parser.add_argument("--database-url", default=None, help="an empty, migrated database (default: temp SQLite)")
    args = parser.parse_args()
    asyncio.run(run(args.officers, args.updates, args.database_url, rate_limit=not args.no_rate_limit))


if __name__ == "__main__":
    main()
