"""schemathesis over /api/v1/openapi.json against the running console (SQLite): whatever it
generates — bad dates, huge numbers, odd JSON — is answered without a server error."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from inspection.config import load_settings
from inspection.services.accounts.sessions import create_api_token, log_in
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade
from inspection.web.app import create_app
from tests.web.world import PASSWORD, build_world


class Server:
    """The console on a port of its own, in a thread with its own event loop (schemathesis calls are blocking)."""

    def __init__(self, folder: Path) -> None:
        self.url = f"sqlite+aiosqlite:///{folder / 'fuzz.sqlite3'}"
        upgrade(self.url)
        self.settings = load_settings(database_url=self.url, data_dir=folder / "data")
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.base, self.token = "", ""
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    async def _start(self) -> None:
        self.engine = make_engine(self.url)
        uow = UnitOfWork(self.engine)
        world = await build_world(uow)
        signed = await log_in(uow, world.certificates["coordinator"], PASSWORD)
        self.token = await create_api_token(uow, signed.user, "fuzz")
        self.runner = web.AppRunner(create_app(self.settings, uow, bot_mode="off"))
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"

    async def _stop(self) -> None:
        await self.runner.cleanup()
        await self.engine.dispose()

    def __enter__(self) -> Server:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(60)
        return self

    def __exit__(self, *exc: Any) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with Server(tmp_path_factory.mktemp("fuzz")) as running:
        yield running


def test_no_generated_request_gets_a_server_error_or_an_unclear_answer(server: Server) -> None:
    """Each operation, with valid and invalid data generated from the document (schemathesis)."""
    schema = schemathesis.openapi.from_url(f"{server.base}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {server.token}"}
    seen: list[str] = []
    statuses: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.append(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def call(case: Any) -> None:
                response = case.call(base_url=server.base, headers=headers)
                statuses.append(response.status_code)
                case.validate_response(response, checks=[not_a_server_error])
                if response.status_code >= 400:
                    error = response.json()["error"]
                    assert error["code"] and error["message"], response.text

            call()
    assert len(seen) == 13 and len(statuses) > 13 * 10
    assert {200, 400} <= set(statuses)
