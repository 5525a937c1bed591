"""``inspection serve``: without a bot, with long polling, with a webhook; clean shutdown on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import aiohttp
import pytest
from pydantic import SecretStr

from inspection.bootstrap import Running, bot_processes, serve
from inspection.clock import ManualClock
from inspection.config import Settings, load_settings
from inspection.services.inbox import MAX_AUTO_PROCESSES, shard_of
from inspection.web.app import SECRET_HEADER, WEBHOOK_PATH
from tests.bot.conftest import BotHarness
from tests.fakes.telegram import BOT_USERNAME, TOKEN, FakeTelegram


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


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


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
        health = await get_json(running.url + "/healthz")
        assert health["bot_processes"] == {"running": bot_processes(bot_settings), "of": bot_processes(bot_settings)}
        assert health["inbox"] == {"waiting": 0, "oldest_s": None}


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


async def test_serve_with_two_bot_processes_answers_both_shares_and_stops_them_on_a_group_sigterm(
        bot_settings: Settings, fake_telegram: FakeTelegram, bot: BotHarness) -> None:
    """On PostgreSQL with ``bot_processes = 2``: officers whose chats fall to either process are
    answered; a SIGTERM to the whole process group (Ctrl-C, a service manager) stops both in order:
    exit code 0, no traceback, no bot process left behind."""
    if bot_settings.is_sqlite:
        pytest.skip("SQLite uses one bot process")
    await bot.stop()
    officers = [await bot.linked_officer(locale="en") for _ in range(4)]
    assert {shard_of(o.user.chat_id, 2) for o in officers} == {0, 1}
    env = {**os.environ, "INSPECTION_DATABASE_URL": bot_settings.database_url,
           "INSPECTION_DATA_DIR": str(bot_settings.data_dir), "INSPECTION_LOCALE": "en",
           "INSPECTION_TELEGRAM_TOKEN": TOKEN, "INSPECTION_TELEGRAM_BASE_URL": fake_telegram.base_url,
           "INSPECTION_TELEGRAM_BASE_FILE_URL": fake_telegram.base_file_url,
           "INSPECTION_TELEGRAM_BOT_USERNAME": BOT_USERNAME, "INSPECTION_WEBHOOK_URL": "",
           "INSPECTION_BOT_PROCESSES": "2"}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "inspection", "serve", "--port", "0",
                                                env=env, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE, start_new_session=True)
    assert proc.stdout is not None and proc.stderr is not None
    stderr = asyncio.create_task(proc.stderr.read())
    try:
        said = ""
        while "polling" not in (line := (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()):
            assert line, f"serve exited early: {(await stderr).decode()}"
            said += line
        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:  # noqa: ASYNC230 - procfs
            children = [int(p) for p in f.read().split()]
        assert len(children) == 1
        url = re.search(r"listening on (http://\S+)", said)
        assert url is not None, said
        assert (await get_json(url[1] + "/healthz"))["bot_processes"] == {"running": 2, "of": 2}
        for officer in officers:
            officer.user.command("help")
        await eventually(lambda: all(fake_telegram.messages(o.user.chat_id) for o in officers), 30)
        os.kill(children[0], signal.SIGKILL)  # /healthz tells, and it is started again
        await eventually(lambda: _gone(children[0]), 5)
        assert (await get_json(url[1] + "/healthz"))["bot_processes"] == {"running": 1, "of": 2}
        running = {"running": 2, "of": 2}
        for _ in range(300):
            if (await get_json(url[1] + "/healthz"))["bot_processes"] == running:
                break
            await asyncio.sleep(0.1)
        assert (await get_json(url[1] + "/healthz"))["bot_processes"] == running
        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:  # noqa: ASYNC230 - procfs
            children = [int(p) for p in f.read().split()]
        os.killpg(proc.pid, signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 40)
    finally:
        if proc.returncode is None:
            os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
    err = (await stderr).decode()
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err and "[bot 1]" in err
    await eventually(lambda: _gone(children[0]), 5)
    assert all("/today" in fake_telegram.messages(o.user.chat_id)[-1].text for o in officers)


def test_how_many_bot_processes_serve_starts() -> None:
    sqlite = load_settings(database_url="sqlite+aiosqlite:///x.sqlite3", bot_processes=3)
    pg = load_settings(database_url="postgresql+asyncpg://u@h/db")
    assert bot_processes(sqlite) == 1  # its writers take turns: one process
    assert 1 <= bot_processes(pg) <= MAX_AUTO_PROCESSES and bot_processes(pg) <= (os.cpu_count() or 1)
    assert bot_processes(pg.model_copy(update={"bot_processes": 3})) == 3
    assert bot_processes(pg.model_copy(update={"bot_processes": 3}), ManualClock(datetime(2026, 5, 1, tzinfo=UTC))) == 1
