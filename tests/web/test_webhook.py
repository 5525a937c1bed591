"""The web app: health, and the Telegram webhook route guarded by the secret token header."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from inspection.config import Settings
from inspection.store.engine import UnitOfWork, make_engine
from inspection.web.app import SECRET_HEADER, WEBHOOK_PATH, create_app

SECRET = "s3cret-token_for-tests"
UPDATE = {"update_id": 42, "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "hi"}}


@pytest.fixture
async def received() -> list[dict[str, Any]]:
    return []


@pytest.fixture
async def client(settings: Settings, uow: UnitOfWork, received: list[dict[str, Any]]) -> AsyncIterator[TestClient]:
    async def sink(payload: dict[str, Any]) -> None:
        received.append(payload)

    app = create_app(settings, uow, bot_mode="webhook", telegram_sink=sink, webhook_secret=SECRET)
    async with TestClient(TestServer(app)) as c:
        yield c


async def test_health_reports_the_database_and_the_bot_mode(client: TestClient) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "database": True, "migrations_at_head": True, "bot": "webhook",
                                     "scheduler": False, "inbox": {"waiting": 0, "oldest_s": None}}


async def test_health_says_degraded_when_the_database_is_unreachable(settings: Settings) -> None:
    engine = make_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(settings, UnitOfWork(engine))
    async with TestClient(TestServer(app)) as c:
        response = await c.get("/healthz")
        assert response.status == 503 and (await response.json())["database"] is False
    await engine.dispose()


async def test_a_webhook_call_without_the_secret_is_forbidden(client: TestClient,
                                                             received: list[dict[str, Any]]) -> None:
    assert (await client.post(WEBHOOK_PATH, json=UPDATE)).status == 403
    assert (await client.post(WEBHOOK_PATH, json=UPDATE, headers={SECRET_HEADER: "guess"})).status == 403
    assert received == []


async def test_a_webhook_call_with_the_secret_hands_the_update_to_the_bot(client: TestClient,
                                                                         received: list[dict[str, Any]]) -> None:
    response = await client.post(WEBHOOK_PATH, json=UPDATE, headers={SECRET_HEADER: SECRET})
    assert response.status == 200 and received == [UPDATE]


async def test_a_webhook_body_that_is_not_an_update_is_refused(client: TestClient,
                                                              received: list[dict[str, Any]]) -> None:
    bad = await client.post(WEBHOOK_PATH, data=b"not json", headers={SECRET_HEADER: SECRET})
    wrong = await client.post(WEBHOOK_PATH, json={"hello": 1}, headers={SECRET_HEADER: SECRET})
    assert bad.status == wrong.status == 400 and received == []


async def test_without_a_bot_there_is_no_webhook_route(settings: Settings, uow: UnitOfWork) -> None:
    async with TestClient(TestServer(create_app(settings, uow))) as c:
        assert (await c.post(WEBHOOK_PATH, json=UPDATE, headers={SECRET_HEADER: SECRET})).status == 404


@pytest.mark.parametrize("update_id", [True, 2**70, -1, 1.5, "42", None])
async def test_an_update_id_that_is_not_a_plain_integer_in_range_is_refused(client: TestClient, update_id: Any,
                                                                            received: list[dict[str, Any]]) -> None:
    response = await client.post(WEBHOOK_PATH, json={**UPDATE, "update_id": update_id}, headers={SECRET_HEADER: SECRET})
    assert response.status == 400 and received == []


async def test_json_nested_a_hundred_thousand_levels_deep_is_refused_not_a_server_error(
        client: TestClient, received: list[dict[str, Any]]) -> None:
    deep = b'{"update_id": 7, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = await client.post(WEBHOOK_PATH, data=deep, headers={SECRET_HEADER: SECRET,
                                                                   "Content-Type": "application/json"})
    assert response.status == 400 and received == []


async def test_an_update_that_cannot_be_stored_is_not_acknowledged(settings: Settings, uow: UnitOfWork) -> None:
    async def unavailable(payload: dict[str, Any]) -> None:
        raise ConnectionError("the inbox could not store the update")

    app = create_app(settings, uow, bot_mode="webhook", telegram_sink=unavailable, webhook_secret=SECRET)
    async with TestClient(TestServer(app)) as c:
        response = await c.post(WEBHOOK_PATH, json=UPDATE, headers={SECRET_HEADER: SECRET})
        assert response.status == 503  # Telegram sends it again
