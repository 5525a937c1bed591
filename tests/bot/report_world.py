"""A raid day for report tests: two linked officers in a team checked in at a supermarket today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from inspection.store.tables import Evidence, Finding, Visit
from tests import factories as f
from tests.bot.conftest import BotHarness, LinkedOfficer
from tests.fakes.telegram import BotCall, FakeUser


@dataclass
class ReportWorld:
    leader: LinkedOfficer
    member: LinkedOfficer
    visit_id: int


async def report_world(bot: BotHarness, *, locale: str = "zh-CN", checked_in: bool = True) -> ReportWorld:
    leader = await bot.linked_officer(locale=locale)
    member = await bot.linked_officer(agency_kind="market_regulation", locale=locale)
    today = datetime.now(bot.settings.tz).date()
    async with bot.uow() as s:
        campaign = await f.campaign(s, leader.agency, [member.agency], starts_on=today, ends_on=today)
        raid = await f.raid(s, campaign, raid_date=today)
        team = await f.team(s, raid, [leader.officer, member.officer])
        visit = await f.visit(s, team, await f.site(s, name="惠民超市"), status="checked_in" if checked_in else "planned",
                              checked_in_at=f.now() if checked_in else None)
        await s.commit()
    return ReportWorld(leader, member, visit.id)


async def step(bot: BotHarness, user: FakeUser, answer: str) -> list[BotCall]:
    """One answer: ``btn:<step>:<value>`` presses a report button, anything else is typed."""
    if answer.startswith("btn:"):
        return await bot.send(user.press("rep:" + answer[4:]))
    return await bot.say(user, answer)


async def answers(bot: BotHarness, user: FakeUser, *items: str) -> list[BotCall]:
    calls: list[BotCall] = []
    for item in items:
        calls += await step(bot, user, item)
    return calls


# A whole suspected item, from the menu to the review screen (photos left to the test).
SHOES = ("btn:menu:add", "运动鞋", "btn:category:clothing", "耐克", "btn:holder:same", "btn:right:trademark",
         "btn:suspicion:counterfeit_trademark", "十二双", "1800元", "btn:action:registered", "货架第二层")
BOOKS = ("btn:menu:add", "盗版图书", "图书", "btn:brand:unknown", "人民文学出版社", "著作权", "btn:suspicion:piracy",
         "３０本", "btn:value:skip", "btn:action:seized", "btn:notes:skip")


async def findings(bot: BotHarness, visit_id: int, *, withdrawn: bool = False) -> list[Finding]:
    async with bot.uow() as s:
        query = select(Finding).where(Finding.visit_id == visit_id)
        if not withdrawn:
            query = query.where(col(Finding.withdrawn_at).is_(None))
        return list((await s.exec(query.order_by(col(Finding.id)))).all())


async def evidence(bot: BotHarness, finding_id: int) -> list[Evidence]:
    async with bot.uow() as s:
        return list((await s.exec(select(Evidence).where(Evidence.finding_id == finding_id)
                                  .order_by(col(Evidence.id)))).all())


async def visit(bot: BotHarness, visit_id: int) -> Visit:
    async with bot.uow() as s:
        row = await s.get(Visit, visit_id)
        assert row is not None
        return row


def last_text(calls: list[BotCall]) -> str:
    sent = [c.text for c in calls if c.method == "sendMessage"]
    return sent[-1] if sent else ""


def all_text(calls: list[BotCall]) -> str:
    return "\n".join(c.text for c in calls if c.text)


def buttons(calls: list[BotCall]) -> list[str]:
    return [b.get("callback_data", "") for c in calls for b in c.buttons]
