"""How fast does the outbox deliver a broadcast within Telegram's limits? Prints the figures.

    .venv/bin/python -m bench.broadcast                 # 1,000 assignment notices to 1,000 officers
    .venv/bin/python -m bench.broadcast --messages 60   # what `make test` runs

The real sender (``inspection.bot.outbox.OutboxSender``) sends queued assignment notices, rendered
as in production, to the loopback Bot API (tests/fakes/telegram.py, in a process of its own, as
Telegram is not in ours) configured as Telegram is:
30 messages/s overall and 1 message/s per chat, a 429 with ``retry_after`` beyond them. Target:
all delivered within 1.1 × the theoretical minimum (messages / 30 s), none lost, none twice.
The last line is one JSON object: messages, seconds, minimum_s, rate_limited, lost, duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import multiprocessing
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlmodel import func, select
from telegram import Bot

from inspection.bot.outbox import OutboxSender
from inspection.clock import SYSTEM_CLOCK
from inspection.config import load_settings
from inspection.domain.enums import NotificationKind
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade
from inspection.store.tables import Notification
from tests import factories
from tests.fakes.telegram import TOKEN, FakeTelegram

OVERALL_PER_S = 30


def _fake_process(ports: Any, stop: Any, results: Any) -> None:
    """Run the rate-limited fake Bot API until ``stop``; report what it received."""

    async def serve() -> None:
        fake = await FakeTelegram(overall_per_s=OVERALL_PER_S, per_chat_interval_s=1.0).start()
        ports.put(fake.port)
        await asyncio.to_thread(stop.wait)
        sends = [(c.chat_id, c.at) for c in fake.calls if c.method == "sendMessage"]
        results.put((sends, fake.rate_limited))
        await fake.stop()

    asyncio.run(serve())


async def _queue(uow: UnitOfWork, messages: int) -> list[int]:
    """``messages`` officers on teams of five for tomorrow's raid, each with an assignment notice."""
    day = (datetime.now(UTC) + timedelta(days=1)).date()
    chats = []
    async with uow() as s:
        agency = await factories.agency(s, "market_regulation", code="BCAST")
        campaign = await factories.campaign(s, agency, starts_on=day, ends_on=day)
        raid = await factories.raid(s, campaign, raid_date=day,
                                    starts_at=datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC))
        officers = [await factories.officer(s, agency, telegram_user_id=900_000_000 + i, certificate_no=f"BC-{i:05d}")
                    for i in range(messages)]
        for start in range(0, messages, 5):
            group = officers[start:start + 5]
            team = await factories.team(s, raid, group)
            for o in group:
                s.add(Notification(officer_id=o.id, kind=NotificationKind.ASSIGNMENT.value,
                                   payload={"raid_id": raid.id, "team_id": team.id},
                                   dedupe_key=f"assignment:{raid.id}:{o.id}"))
                chats.append(o.telegram_user_id)
        await s.commit()
    return chats


async def run(messages: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        await asyncio.to_thread(upgrade, url)
        settings = load_settings(database_url=url, data_dir=Path(tmp), telegram_token=SecretStr(TOKEN))
        engine = make_engine(url)
        uow = UnitOfWork(engine)
        mp = multiprocessing.get_context("spawn")
        ports, results, stop = mp.Queue(), mp.Queue(), mp.Event()
        server = mp.Process(target=_fake_process, args=(ports, stop, results), daemon=True)
        server.start()
        port = await asyncio.to_thread(ports.get, True, 60)
        bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot")
        try:
            chats = await _queue(uow, messages)
            await bot.initialize()
            sender = OutboxSender(bot, uow, settings, SYSTEM_CLOCK)
            started = time.perf_counter()
            sender.start()
            while True:
                async with uow() as s:
                    left = (await s.exec(select(func.count()).select_from(Notification)
                                         .where(Notification.status == "pending"))).one()
                if left == 0:
                    break
                await asyncio.sleep(0.05)
            seconds = time.perf_counter() - started
            await sender.stop()
            await bot.shutdown()
        finally:
            stop.set()
            sends, rate_limited = await asyncio.to_thread(results.get, True, 60)
            server.join(10)
            await engine.dispose()
    delivered = collections.Counter(chat for chat, _ in sends)
    span = sends[-1][1] - sends[0][1] if len(sends) > 1 else 0.0
    lost = sum(1 for chat in chats if delivered[chat] == 0)
    duplicated = sum(n - 1 for n in delivered.values() if n > 1)
    minimum = messages / OVERALL_PER_S
    result = {"messages": messages, "seconds": round(seconds, 2), "minimum_s": round(minimum, 2),
              "rate_limited": rate_limited, "lost": lost, "duplicated": duplicated}
    print(f"broadcast: {messages:,} assignment notices to {messages:,} officers in {seconds:.2f} s "
          f"(minimum {minimum:.2f} s at {OVERALL_PER_S}/s: {seconds / minimum:.2f} x)")
    print(f"  first to last message at the Bot API: {span:.2f} s; 429s received {rate_limited}, "
          f"lost {lost}, sent twice {duplicated}")
    print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(run(args.messages))


if __name__ == "__main__":
    main()
