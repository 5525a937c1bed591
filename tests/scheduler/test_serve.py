"""``inspection serve`` runs the scheduler and the outbox sender (in the lock's holder), also without a bot."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from pydantic import SecretStr
from sqlmodel import select

from inspection.bootstrap import Running, serve
from inspection.cli.demo import ensure_sample_campaign, load_sample_county, plan_sample_raid
from inspection.config import Settings
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Notification
from tests.fakes.telegram import BOT_USERNAME, TOKEN, FakeTelegram


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[Running]:
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(settings, "127.0.0.1", 0, stop=stop, on_ready=ready.set_result))
    try:
        yield await asyncio.wait_for(asyncio.shield(ready), 30)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def health(running: Running) -> dict[str, object]:
    async with aiohttp.ClientSession() as http, http.get(running.url + "/healthz") as response:
        return dict(await response.json())


async def test_serve_without_a_bot_token_runs_the_scheduler_and_healthz_says_this_process_holds_it(
        settings: Settings) -> None:
    async with serving(settings.model_copy(update={"telegram_token": None})) as running:
        scheduler = running.duties.scheduler
        assert scheduler is not None and scheduler.running and running.duties.sender is None
        assert any(j.kind == "housekeeping" for j in running.duties.scheduler.jobs())
        assert (await health(running))["scheduler"] is True
        # what start-up built is out of the garbage collector's sight while serving (settle_heap)
        assert gc.get_freeze_count() > 50_000
    assert gc.get_freeze_count() == 0  # and back once serve stopped


async def test_of_two_replicas_on_postgresql_one_runs_the_scheduler_and_the_other_takes_over(
        settings: Settings, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("replicas share a PostgreSQL database")
    quiet = settings.model_copy(update={"telegram_token": None})
    async with serving(quiet) as first:
        await asyncio.sleep(0.5)
        second_stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
        second_task = asyncio.create_task(serve(quiet, "127.0.0.1", 0, stop=second_stop, on_ready=ready.set_result))
        second: Running = await asyncio.wait_for(ready, 30)
        await asyncio.sleep(0.5)
        assert (await health(first))["scheduler"] is True and (await health(second))["scheduler"] is False
    for _ in range(300):  # the first has stopped: the second takes over within its retry interval (5 s)
        if (await health(second))["scheduler"]:
            break
        await asyncio.sleep(0.1)
    assert (await health(second))["scheduler"] is True
    second_stop.set()
    await asyncio.wait_for(second_task, 30)


async def test_the_first_serve_after_the_demo_sends_nothing_for_its_raid_months_ago(
        settings: Settings, uow: UnitOfWork) -> None:
    quick = settings.model_copy(update={"planning": settings.planning.model_copy(update={"time_limit_s": 1.0})})
    for step in (load_sample_county, ensure_sample_campaign, plan_sample_raid):
        await step(quick, lambda *_: None)
    async with uow() as s:
        queued = (await s.exec(select(Notification))).all()
    assert len(queued) > 0 and {n.status for n in queued} == {"pending"}
    fake = await FakeTelegram().start()
    try:
        with_bot = quick.model_copy(update={"telegram_token": SecretStr(TOKEN), "telegram_base_url": fake.base_url,
                                            "telegram_bot_username": BOT_USERNAME})
        async with serving(with_bot):
            for _ in range(200):
                async with uow() as s:
                    statuses = {n.status for n in (await s.exec(select(Notification))).all()}
                if statuses == {"expired"}:
                    break
                await asyncio.sleep(0.1)
        assert statuses == {"expired"}
        assert fake.messages() == []
    finally:
        await fake.stop()
