"""Playwright on Debian's Chromium against the real console on a local port; screenshots go to
``test-output/console/`` (override with ``INSPECTION_TEST_OUTPUT``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from inspection.config import Settings
from inspection.store.engine import UnitOfWork
from inspection.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
OUTPUT = Path(os.environ.get("INSPECTION_TEST_OUTPUT", "test-output")) / "console"

needs_chromium = pytest.mark.skipif(  # skipped on a developer's machine without them; never under CI
    (not Path(CHROMIUM).exists() or shutil.which("fc-list") is None) and os.environ.get("CI") != "true",
    reason="Debian's chromium and fonts-noto-cjk are needed (apt-get install -y chromium fonts-noto-cjk)")


def quick(settings: Settings) -> Settings:
    """Planning that answers in a few seconds."""
    return settings.model_copy(update={"planning": settings.planning.model_copy(update={"time_limit_s": 2.0})})


async def console(settings: Settings, uow: UnitOfWork) -> AsyncIterator[str]:
    server = TestServer(create_app(quick(settings), uow, bot_mode="off"))
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


async def browser_page(locale: str = "zh-CN") -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = await browser.new_context(viewport={"width": 1280, "height": 860}, locale=locale,
                                            accept_downloads=True)
        page = await context.new_page()
        page.set_default_timeout(20_000)
        try:
            yield page
        finally:
            await context.close()
            await browser.close()


async def shot(page: Any, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def password_login(page: Any, base: str, certificate_no: str, password: str) -> None:
    await page.goto(f"{base}/login")
    await page.fill("input[name=certificate_no]", certificate_no)
    await page.fill("input[name=password]", password)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{base}/campaigns")
