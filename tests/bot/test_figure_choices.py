"""/progress and /bulletin without an argument offer their choices as buttons, as /raid does."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from inspection.store.tables import Agency
from tests.bot.conftest import BotHarness, texts
from tests.store.test_figures import build_world


async def test_progress_without_a_campaign_offers_the_campaigns_of_the_agency_and_a_press_shows_it(
        bot: BotHarness) -> None:
    w = await build_world(bot.uow)
    async with bot.uow() as s:
        drug = (await s.exec(select(Agency).where(Agency.code == "DRUG"))).one()
    coordinator = await bot.linked_officer(agency=drug, role="coordinator")
    calls = await bot.say(coordinator.user, "/progress")
    offer = calls[-1]
    assert offer.text == "查看进度：请选择专项行动"
    assert [b["text"].split()[0] for b in offer.buttons] == [w.campaign]
    shown = texts(await bot.send(coordinator.user.press(offer.buttons[0]["callback_data"], offer)))
    assert shown[-1].startswith("2026年知识产权宣传周进度：已完成检查 2/5 户次")


async def test_bulletin_without_a_month_offers_recent_months_and_a_press_sends_the_bulletin(bot: BotHarness) -> None:
    await build_world(bot.uow)
    async with bot.uow() as s:
        amr = (await s.exec(select(Agency).where(Agency.code == "AMR"))).one()
    coordinator = await bot.linked_officer(agency=amr, role="coordinator", locale="en")
    offer = (await bot.say(coordinator.user, "/bulletin"))[-1]
    this_month = datetime.now(bot.settings.tz).strftime("%Y-%m")
    months = [b["text"] for b in offer.buttons]
    assert offer.text == "Monthly bulletin: choose the month" and months[0] == this_month and len(months) == 6
    calls = await bot.send(coordinator.user.press(offer.buttons[-1]["callback_data"], offer))
    assert [c for c in calls if c.method == "sendDocument"], "the month's workbook is sent"
