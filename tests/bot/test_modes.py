"""``inspection serve``: without a bot, with long polling, with a webhook; clean shutdown on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import aiohttp
from pydantic import SecretStr

from inspection.bootstrap import Running, serve
from inspection.config import Settings
from inspection.web.app import SECRET_HEADER, WEBHOOK_PATH
from tests.bot.conftest import BotHarness
from tests.fakes.telegram import FakeTelegram


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[Running]:
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(settings, "127.0.0.1", 0, stop=stop, on_ready=ready.set_result))
    try:
        yield await asyncio.wait_for(asyncio.shield(ready), 20)
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


async def eventually(check: Callable[[], bool], seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def get_json(url: str) -> dict[str, object]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return dict(await response.json())


async def test_serve_without_a_token_runs_the_web_server_and_reports_no_bot(settings: Settings) -> None:
    async with serving(settings.model_copy(update={"telegram_token": None})) as running:
        assert running.bot_mode == "off" and running.application is None
        health = await get_json(running.url + "/healthz")
        assert (health["status"], health["database"], health["bot"], health["scheduler"]) == ("ok", True, "off", True)
        assert health["migrations_at_head"] is True


async def test_serve_with_polling_answers_officers(bot_settings: Settings, fake_telegram: FakeTelegram,
                                                    bot: BotHarness) -> None:
    await bot.stop()  # the harness's own bot must not poll the same fake
    officer = await bot.linked_officer()
    async with serving(bot_settings) as running:
        assert running.bot_mode == "polling"
        officer.user.command("help")
        await eventually(lambda: bool(fake_telegram.messages(officer.user.chat_id)))
    assert "/today" in fake_telegram.messages(officer.user.chat_id)[-1].text


async def test_serve_with_a_webhook_checks_the_secret_and_answers(bot_settings: Settings, fake_telegram: FakeTelegram,
                                                                   bot: BotHarness) -> None:
    await bot.stop()
    officer = await bot.linked_officer(locale="en")
    settings = bot_settings.model_copy(update={"webhook_url": "https://inspection.example.org/telegram/webhook",
                                               "webhook_secret": SecretStr("webhook-secret-1")})
    async with serving(settings) as running, aiohttp.ClientSession() as http:
        assert running.bot_mode == "webhook" and running.application.updater is None
        assert fake_telegram.webhook["url"] == "https://inspection.example.org/telegram/webhook"
        assert fake_telegram.webhook["secret_token"] == "webhook-secret-1"
        update = fake_telegram.take_back(officer.user.command("help"))  # delivered by webhook instead
        url = running.url + WEBHOOK_PATH
        async with http.post(url, json=update, headers={SECRET_HEADER: "wrong"}) as response:
            assert response.status == 403
        await asyncio.sleep(0.2)
        assert fake_telegram.messages(officer.user.chat_id) == []
        async with http.post(url, json=update, headers={SECRET_HEADER: "webhook-secret-1"}) as response:
            assert response.status == 200
        await eventually(lambda: bool(fake_telegram.messages(officer.user.chat_id)))
        unreadable = {"update_id": update["update_id"] + 1, "message": {"text": "no date, no chat"}}
        async with http.post(url, json=unreadable, headers={SECRET_HEADER: "webhook-secret-1"}) as response:
            assert response.status == 200  # dropped with a warning; a 5xx would make Telegram resend it forever
    assert "Commands:" in fake_telegram.messages(officer.user.chat_id)[-1].text
    assert not any(c.method == "getUpdates" for c in fake_telegram.calls)


async def test_the_serve_command_stops_cleanly_on_sigterm(settings: Settings) -> None:
    env = {**os.environ, "INSPECTION_DATABASE_URL": settings.database_url, "INSPECTION_TELEGRAM_TOKEN": "",
           "INSPECTION_WEBHOOK_URL": "", "INSPECTION_DATA_DIR": str(settings.data_dir), "INSPECTION_LOCALE": "en"}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "inspection", "serve", "--port", "0",
                                                env=env, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    lines = []
    while not any("bot: off" in line for line in lines):
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        assert line, f"serve exited early: {(await proc.stderr.read()).decode() if proc.stderr else ''}"
        lines.append(line)
    url = next(line for line in lines if "listening on" in line).split("listening on ")[1].strip()
    assert (await get_json(url + "/healthz"))["bot"] == "off"
    proc.send_signal(signal.SIGTERM)
    out, _ = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0 and "stopped" in out.decode()
