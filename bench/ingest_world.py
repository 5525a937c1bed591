"""The world and the script of ``bench.ingest``: officers on a raid today, each with one site to
check in at and a whole field report to file (20 updates each), and the checks of its effects
made with queries of our own (not the service's code)."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import sqlalchemy as sa

from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade
from tests import factories
from tests.fakes.telegram import FakeTelegram, FakeUser

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ITEM = ("menu:add", "运动鞋", "category:clothing", "耐克", "holder:same", "right:trademark",
        "suspicion:counterfeit_trademark", "十二双", "1800元", "action:registered", "货架第二层")
SCRIPT_LENGTH = 20


def lat_of(i: int) -> float:
    return 23.0 + i * 0.01


async def new_database(kind: str, directory: str) -> tuple[str, str | None]:
    """(url, PostgreSQL database name to drop afterwards); migrated and empty."""
    if kind == "sqlite":
        url = f"sqlite+aiosqlite:///{directory}/ingest.sqlite3"
        name = None
    else:
        name = f"ingest_bench_{abs(hash(directory)) % 10**8}"
        conn = await asyncpg.connect(PG_ADMIN)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    await asyncio.to_thread(upgrade, url)
    return url, name


async def drop_database(name: str | None) -> None:
    if name is None:
        return
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def seed(url: str, fake: FakeTelegram, officers: int, tz: str) -> list[FakeUser]:
    now = datetime.now(ZoneInfo(tz))
    engine = make_engine(url)
    users = []
    try:
        async with UnitOfWork(engine)() as s:
            agency = await factories.agency(s, "market_regulation", code="INGEST")
            campaign = await factories.campaign(s, agency, starts_on=now.date(), ends_on=now.date())
            raid = await factories.raid(s, campaign, raid_date=now.date(), starts_at=now)
            for i in range(officers):
                user = fake.user(900_000_000 + i)
                officer = await factories.officer(s, agency, telegram_user_id=user.id, certificate_no=f"ING-{i:05d}")
                team = await factories.team(s, raid, [officer])
                site = await factories.site(s, licence_no=f"ING{i:08d}", lat=lat_of(i), lon=101.0)
                await factories.visit(s, team, site)
                users.append(user)
            await s.commit()
    finally:
        await engine.dispose()
    return users


def script(i: int, user: FakeUser) -> list[dict[str, Any]]:
    """One officer's updates, in order: /today, check-in, a whole report with a photo, /done, /today."""
    updates = [user.command("today"), user.location(lat_of(i), 101.0), user.command("report"), user.text("66")]
    for answer in ITEM:
        updates.append(user.press("rep:" + answer) if ":" in answer else user.text(answer))
    updates += [user.photo(b"\xff\xd8\xff bench photo %d" % i), user.press("rep:photos:next"),
                user.press("rep:review:save"), user.command("done"), user.command("today")]
    assert len(updates) == SCRIPT_LENGTH
    return updates


async def wait_processed(url: str, total: int, timeout_s: float) -> int:
    """Poll the inbox on one connection every 20 ms until ``total`` updates are processed (or the
    timeout); returns how many are. One connection, so that the watching costs the machine little
    and the end of processing is seen within 20 ms."""
    engine = make_engine(url)
    deadline = time.perf_counter() + timeout_s
    try:
        async with engine.connect() as c:
            while True:
                processed = int((await c.execute(sa.text(
                    "SELECT count(processed_at) FROM inbox_update"))).scalar_one())
                await c.rollback()  # a fresh snapshot for the next look
                if processed >= total or time.perf_counter() > deadline:
                    return processed
                await asyncio.sleep(0.02)
    finally:
        await engine.dispose()


async def inbox_state(url: str) -> tuple[int, int]:
    """(updates stored, updates processed)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as c:
            row = (await c.execute(sa.text(
                "SELECT count(*), count(processed_at) FROM inbox_update"))).one()
            return int(row[0]), int(row[1])
    finally:
        await engine.dispose()


async def check_effects(url: str, users: list[FakeUser], acknowledged: set[int],
                        updates: dict[int, dict[str, Any]]) -> tuple[int, int]:
    """(lost, duplicated) over every acknowledged update, with our own queries."""
    engine = make_engine(url)
    try:
        async with engine.connect() as c:
            processed = {r[0] for r in await c.execute(sa.text(
                "SELECT update_id FROM inbox_update WHERE processed_at IS NOT NULL"))}
            by_user = {int(r[0]): (r[1], r[2]) for r in await c.execute(sa.text(
                "SELECT o.telegram_user_id, v.id, v.checked_in_at FROM officer o "
                "JOIN team t ON t.leader_id = o.id JOIN visit v ON v.team_id = t.id"))}
            checkins = {int(r[0]): int(r[1]) for r in await c.execute(sa.text(
                "SELECT entity_id, count(*) FROM audit_event WHERE action = 'visit.checkin' GROUP BY entity_id"))}
            findings = {int(r[0]): int(r[1]) for r in await c.execute(sa.text(
                "SELECT visit_id, count(*) FROM finding GROUP BY visit_id"))}
            photos = {int(r[0]): int(r[1]) for r in await c.execute(sa.text(
                "SELECT f.visit_id, count(*) FROM evidence e JOIN finding f ON e.finding_id = f.id GROUP BY f.visit_id"))}
    finally:
        await engine.dispose()
    lost = len(acknowledged - processed)
    duplicated = 0
    for update_id in acknowledged:
        update = updates[update_id]
        body = update.get("message") or update.get("callback_query") or {}
        visit_id, checked_in_at = by_user[int(body["from"]["id"])]
        if "location" in body:
            lost += checked_in_at is None
            duplicated += checkins.get(visit_id, 0) > 1
        if body.get("data") == "rep:review:save":
            lost += findings.get(visit_id, 0) < 1 or photos.get(visit_id, 0) < 1
            duplicated += findings.get(visit_id, 0) > 1 or photos.get(visit_id, 0) > 1
    return lost, duplicated


async def replies_pending(url: str) -> int:
    """Updates whose committed replies have not all been recorded as sent."""
    engine = make_engine(url)
    try:
        async with engine.connect() as c:
            return int((await c.execute(sa.text(
                "SELECT count(*) FROM inbox_update WHERE replies IS NOT NULL AND replied_at IS NULL"))).scalar_one())
    finally:
        await engine.dispose()


async def check_replies(url: str, calls: list[Any]) -> tuple[int, int]:
    """(replies committed, replies the Bot API never got): every reply the service committed with an
    update, by chat (messages and edits) and by button press (answers), against the calls the loopback
    Bot API answered (``calls``: its ``BotCall`` log)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as c:
            stored = [r[0] for r in await c.execute(sa.text(
                "SELECT replies FROM inbox_update WHERE replies IS NOT NULL"))]
    finally:
        await engine.dispose()
    wanted: dict[tuple[str, str], int] = {}
    for text in stored:
        for reply in json.loads(text):
            params = reply["p"]
            key = (("answer", str(params["callback_query_id"])) if reply["e"] == "answerCallbackQuery"
                   else ("chat", str(params.get("chat_id"))))
            wanted[key] = wanted.get(key, 0) + 1
    got: dict[tuple[str, str], int] = {}
    for call in calls:
        if call.result is None:
            continue
        key = (("answer", str(call.params.get("callback_query_id"))) if call.method == "answerCallbackQuery"
               else ("chat", str(call.params.get("chat_id"))))
        got[key] = got.get(key, 0) + 1
    return sum(wanted.values()), sum(max(0, n - got.get(k, 0)) for k, n in wanted.items())
