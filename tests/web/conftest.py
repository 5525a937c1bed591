"""Console fixtures: the real app factory on the test database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from inspection.config import Settings
from inspection.store.engine import UnitOfWork
from inspection.web.app import create_app
from tests.web.world import World, build_world


@pytest.fixture
async def world(uow: UnitOfWork) -> World:
    return await build_world(uow)


@pytest.fixture
async def client(settings: Settings, uow: UnitOfWork) -> AsyncIterator[TestClient]:
    quick = settings.model_copy(update={"planning": settings.planning.model_copy(update={"time_limit_s": 2.0})})
    async with TestClient(TestServer(create_app(quick, uow, bot_mode="off"))) as c:
        yield c
