"""The console in a real browser (Playwright driving Debian's Chromium), in Chinese: log in with
the link the bot sends, upload sites with a bad row, draft/adjust/publish a plan, watch a finding
reported through the loopback Bot API arrive on the live page, download the XLSX summary."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspection.config import Settings
from inspection.services.accounts.users import set_password
from inspection.services.cases.actions import file_case
from inspection.services.importing.fields import credit_code_check_char
from inspection.store.engine import UnitOfWork
from tests import factories as f
from tests.bot.conftest import BotHarness, bot, bot_settings, fake_telegram  # noqa: F401  (fixtures)
from tests.bot.report_world import SHOES, answers, report_world
from tests.web.browser import browser_page, console, needs_chromium, password_login, shot
from tests.web.world import PASSWORD as WORLD_PASSWORD
from tests.web.world import build_world

# The same app code runs on PostgreSQL in the API and authorization tests; the browser runs once.
pytestmark = [needs_chromium, pytest.mark.parametrize("backend", ["sqlite"])]
PASSWORD = "browser pass 2026"


@pytest.fixture
async def base(settings: Settings, uow: UnitOfWork) -> AsyncIterator[str]:
    async for url in console(settings, uow):
        yield url


@pytest.fixture
async def page() -> AsyncIterator[Any]:
    async for p in browser_page():
        yield p


async def _desk(uow: UnitOfWork) -> dict[str, Any]:
    """Two agencies with field officers, a campaign of both, and a coordinator with a password."""
    async with uow() as s:
        ipo = await f.agency(s, "ip_office")
        amr = await f.agency(s, "market_regulation")
        camp = await f.campaign(s, ipo, [amr], code="SPRING", name="春季知识产权联合执法")
        coordinator = await f.officer(s, ipo, role="coordinator", name="张协调")
        for agency in (ipo, ipo, amr, amr):
            await f.officer(s, agency)
        await s.commit()
    await set_password(uow, coordinator.certificate_no, PASSWORD)
    return {"campaign": camp.code, "coordinator": coordinator.certificate_no}


def _licence(n: int) -> str:
    first17 = f"9153000000000{n:04d}"
    return first17 + credit_code_check_char(first17)


def sites_csv(bad_row: bool) -> bytes:
    lines = ["经营者名称,类型,地址,所属乡镇（街道）,统一社会信用代码,经度,纬度,风险等级,营业时间"]
    for n in range(1, 9):
        lines.append(f"城关{n}号超市,超市,县城人民路{n}号,城关镇,{_licence(n)},{101 + n * 0.003:.4f},"
                     f"{23 + (n % 4) * 0.004:.4f},{'高' if n % 3 == 0 else '低'},08:00-21:00")
    if bad_row:
        lines.append("火星百货,飞船,月球背面1号,城关镇,12345,101.01,23.01,低,08:00-21:00")
    return ("\n".join(lines) + "\n").encode("utf-8")


async def test_a_coordinator_logs_in_with_the_one_time_link_the_bot_sends(bot: BotHarness, settings: Settings,  # noqa: F811
                                                                          page: Any) -> None:
    async for base in console(bot.settings.model_copy(update={"console_url": ""}), bot.uow):
        coordinator = await bot.linked_officer(role="coordinator", name="张协调")
        calls = await bot.say(coordinator.user, "/login")
        text = next(c.text for c in calls if c.text and "/login/link/" in c.text)
        token = text.split("/login/link/", 1)[1].split()[0]
        await page.goto(f"{base}/login/link/{token}")
        await page.click("button[type=submit]")
        await page.wait_for_url(f"{base}/campaigns")
        assert "张协调" in await page.inner_text("header")
        await shot(page, "01-logged-in-by-link")
        await page.goto(f"{base}/login/link/{token}")
        await page.click("button[type=submit]")
        assert "已使用、已过期或无效" in await page.inner_text("main")


async def test_a_sites_file_with_one_bad_row_is_refused_row_by_row_then_imported_once_fixed(
        base: str, page: Any, uow: UnitOfWork, tmp_path: Any) -> None:
    desk = await _desk(uow)
    await password_login(page, base, desk["coordinator"], PASSWORD)
    await shot(page, "02-campaigns")
    bad, good = tmp_path / "检查对象.csv", tmp_path / "检查对象-改.csv"
    bad.write_bytes(sites_csv(bad_row=True))
    good.write_bytes(sites_csv(bad_row=False))
    await page.goto(f"{base}/directory/upload")
    await page.select_option("select[name=kind]", "sites")
    await page.set_input_files("input[name=file]", str(bad))
    await page.click("button[type=submit]")
    errors = await page.inner_text("table.errors")
    assert "10" in errors and "飞船" in errors and "未导入任何数据" in await page.inner_text("main")
    await shot(page, "03-upload-rejected")
    await page.select_option("select[name=kind]", "sites")
    await page.set_input_files("input[name=file]", str(good))
    await page.click("button[type=submit]")
    assert "新增 8" in await page.inner_text("[role=status]")
    await page.goto(f"{base}/sites")
    assert "城关8号超市" in await page.inner_text("main") and "火星百货" not in await page.inner_text("main")
    await shot(page, "04-sites")


async def test_a_coordinator_drafts_adjusts_and_publishes_a_raid_day(base: str, page: Any, uow: UnitOfWork) -> None:
    desk = await _desk(uow)
    async with uow() as s:
        for n in range(1, 9):
            await f.site(s, name=f"城关{n}号超市")
        await s.commit()
    await password_login(page, base, desk["coordinator"], PASSWORD)
    await page.goto(f"{base}/campaigns/{desk['campaign']}/plan")
    await page.fill("input[name=day]", "2026-04-22")
    await page.click("#plan-options button[type=submit]")
    await page.wait_for_selector("#draft-summary")
    first = await page.locator("table.visits tr[data-site]").first.get_attribute("data-site")
    await shot(page, "05-plan-draft")
    await page.check(f"input[name=exclude_{first}]")
    await page.click("#replan button[type=submit]")
    await page.wait_for_selector("#dropped")
    assert await page.locator(f"table.visits tr[data-site='{first}']").count() == 0
    assert "排除" in await page.inner_text("#dropped") or "不检查" in await page.inner_text("#dropped")
    await shot(page, "06-plan-replanned")
    shown = await page.locator("table.visits tr[data-site]").count()
    await page.click("#publish button[type=submit]")
    published = await page.inner_text("#published")
    assert f"{shown} 个检查点" in published
    await shot(page, "07-published")


async def test_a_finding_reported_in_the_bot_appears_on_the_live_page_without_reloading(
        bot: BotHarness, page: Any) -> None:  # noqa: F811
    w = await report_world(bot)
    coordinator = await bot.linked_officer(agency=w.leader.agency, role="coordinator")
    await set_password(bot.uow, coordinator.officer.certificate_no, PASSWORD)
    async for base in console(bot.settings, bot.uow):
        await password_login(page, base, coordinator.officer.certificate_no, PASSWORD)
        code = (await (await page.request.get(f"{base}/api/v1/campaigns")).json())["items"][0]["code"]
        await page.goto(f"{base}/campaigns/{code}/live")
        await page.wait_for_function("!document.getElementById('updated').textContent.includes('连接')")
        assert await page.locator("#findings li[data-finding]").count() == 0
        await answers(bot, w.leader.user, "/report", "10", *SHOES, "btn:photos:next", "btn:review:save")
        await page.wait_for_selector("#findings li[data-finding].new", timeout=15_000)
        assert "耐克" in await page.inner_text("#findings")
        await shot(page, "08-live-finding")


async def test_the_xlsx_summary_downloads_from_the_reports_page(base: str, page: Any, uow: UnitOfWork) -> None:
    desk = await _desk(uow)
    await password_login(page, base, desk["coordinator"], PASSWORD)
    await page.goto(f"{base}/campaigns/{desk['campaign']}/reports")
    await shot(page, "09-reports")
    async with page.expect_download() as waiting:
        await page.click("a[href$='/reports/xlsx']")
    download = await waiting.value
    path = await download.path()
    body = await asyncio.to_thread(Path(path).read_bytes)
    assert download.suggested_filename.endswith(".xlsx") and body[:2] == b"PK"


async def test_a_paper_report_entered_in_the_browser_shows_among_the_findings(
        base: str, page: Any, uow: UnitOfWork) -> None:
    world = await build_world(uow)
    await password_login(page, base, world.certificates["coordinator"], WORLD_PASSWORD)
    await page.goto(f"{base}/campaigns/{world.campaign}/paper")
    await page.select_option("select[name=visit]", index=1)
    await page.wait_for_selector("#paper")
    await page.fill("input[name=goods_checked]", "60")
    await page.fill("input[name=product]", "盗版图书")
    await page.select_option("select[name=category]", "books_media")
    await page.select_option("select[name=right_type]", "copyright")
    await page.select_option("select[name=suspicion]", "piracy")
    await page.fill("input[name=quantity]", "30")
    await page.fill("input[name=unit]", "本")
    await page.select_option("select[name=action]", "seized")
    await page.click("#paper-add")  # a second suspected item on the same paper form
    second = page.locator("fieldset.paper-item").nth(1)
    await second.locator("input[name=product]").fill("假冒运动鞋")
    await second.locator("select[name=category]").select_option("clothing")
    await second.locator("input[name=brand]").fill("耐克")
    await second.locator("select[name=right_type]").select_option("trademark")
    await second.locator("select[name=suspicion]").select_option("counterfeit_trademark")
    await second.locator("input[name=quantity]").fill("8")
    await second.locator("input[name=unit]").fill("双")
    await second.locator("select[name=action]").select_option("registered")
    await page.fill("input[name=leaflets]", "20")
    await page.check("input[name=close]")
    await shot(page, "10-paper-form")
    await page.click("#paper button[type=submit]")
    saved = await page.inner_text("#paper-saved")
    assert "盗版图书" in saved and "假冒运动鞋" in saved and "检查已完成" in saved
    await shot(page, "10b-paper-saved")
    await page.goto(f"{base}/campaigns/{world.campaign}/findings")
    assert "盗版图书" in await page.inner_text("main")


async def test_the_main_pages_in_chinese_and_english_for_screenshots(base: str, page: Any, uow: UnitOfWork,
                                                                     settings: Settings) -> None:
    world = await build_world(uow)
    await file_case(uow, settings, agency="IPO", case_type="trademark_infringement", received_on=date(2026, 4, 20),
                    title="销售假冒注册商标的商品案", respondent="城南百货", campaign=world.campaign,
                    filed_on=date(2026, 4, 21))
    await password_login(page, base, world.certificates["coordinator"], WORLD_PASSWORD)
    for name, path, words in [("11-directory", "/directory", "张协调"), ("12-sites", "/sites", "城南百货"),
                              ("13-cases", "/cases", "销售假冒注册商标的商品案"),
                              ("14-findings", f"/campaigns/{world.campaign}/findings", "耐克"),
                              ("15-campaign-edit", f"/campaigns/{world.campaign}/edit", "参与单位"),
                              ("16-account", "/account", "API")]:
        await page.goto(f"{base}{path}")
        assert words in await page.inner_text("main"), path
        await shot(page, name)
    await page.goto(f"{base}/cases")
    await page.click("a[href^='/cases/']")
    await shot(page, "17-case")
    await page.goto(f"{base}/lang/en")
    await page.goto(f"{base}/campaigns/{world.campaign}/live")
    assert "Live" in await page.inner_text("h1")
    await shot(page, "18-live-english")
    await page.set_viewport_size({"width": 820, "height": 1180})  # a tablet held upright
    await page.goto(f"{base}/directory")
    await shot(page, "19-directory-tablet-english")
