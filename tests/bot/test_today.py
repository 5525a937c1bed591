"""/today: the officer's raids of the day, team, meeting point, visits in order, embargoed targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from inspection.store.tables import Raid, Site, Visit
from tests import factories
from tests.bot.conftest import BotHarness, LinkedOfficer, texts


@dataclass
class Day:
    raid: Raid
    sites: list[Site]
    visits: list[Visit]


async def plan_today(bot: BotHarness, officer: LinkedOfficer, *, surprise: bool = False,
                     release_in: timedelta | None = None, sites: int = 2) -> Day:
    """A published raid today with a two-agency team led by a drug officer and ``officer`` in it."""
    now = datetime.now(bot.settings.tz)
    async with bot.uow() as s:
        drug = await factories.agency(s, "drug_administration", code=f"DRUG{officer.user.id}")
        leader = await factories.officer(s, drug, name="王芳")
        campaign = await factories.campaign(s, officer.agency, [drug], name="2026年知识产权宣传周联合执法")
        raid = await factories.raid(s, campaign, raid_date=now.date(), title="城关镇超市专项检查",
                                    starts_at=now.replace(hour=9, minute=0, second=0, microsecond=0),
                                    surprise=surprise, release_at=(now + release_in) if release_in else None)
        team = await factories.team(s, raid, [leader, officer.officer], leader=leader, meeting_point="县政府东门")
        made = [await factories.site(s, name=f"惠民超市{i}", address=f"人民路{i}号") for i in range(1, sites + 1)]
        visits = [await factories.visit(s, team, site, planned_order=i,
                                        eta=now.replace(hour=9 + i, minute=30, second=0, microsecond=0))
                  for i, site in enumerate(made, 1)]
        await s.commit()
    return Day(raid, made, visits)


async def test_today_shows_team_leader_members_meeting_point_and_ordered_visits(bot: BotHarness) -> None:
    me = await bot.linked_officer(name="李明")
    await plan_today(bot, me)
    text = texts(await bot.say(me.user, "/today"))[-1]
    assert "2026年知识产权宣传周联合执法" in text and "集合：09:00 县政府东门" in text
    assert "组长：王芳（县食品药品监督管理局）" in text and "组员：李明（县知识产权局）" in text
    assert text.index("1. 10:30 惠民超市1（人民路1号）") < text.index("2. 11:30 惠民超市2（人民路2号）")


async def test_today_in_english_names_agencies_in_english(bot: BotHarness) -> None:
    me = await bot.linked_officer(name="Li Ming", locale="en")
    await plan_today(bot, me)
    text = texts(await bot.say(me.user, "/today"))[-1]
    assert "Meet: 09:00 at 县政府东门" in text and "Leader: 王芳 (County Drug Administration)" in text
    assert "1. 10:30 惠民超市1 (人民路1号)" in text


async def test_the_keyboard_button_shows_today_as_well(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    await plan_today(bot, me)
    assert "惠民超市1" in texts(await bot.say(me.user, "📋 今日任务"))[-1]


async def test_embargoed_targets_show_their_release_time_not_the_sites(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    day = await plan_today(bot, me, surprise=True, release_in=timedelta(hours=1))
    text = texts(await bot.say(me.user, "/today"))[-1]
    release = day.raid.release_at
    assert release is not None
    assert f"将于 {release.astimezone(bot.settings.tz):%H:%M} 公布" in text and "惠民超市" not in text


async def test_targets_appear_once_released(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    await plan_today(bot, me, surprise=True, release_in=timedelta(minutes=-5))
    assert "惠民超市1" in texts(await bot.say(me.user, "/today"))[-1]


async def test_an_officer_without_assignments_is_told_so(bot: BotHarness) -> None:
    me = await bot.linked_officer(locale="en")
    assert "no inspection assignments today" in texts(await bot.say(me.user, "/today"))[-1]


async def test_a_stranger_sees_no_assignment_of_anyone(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    await plan_today(bot, me)
    calls = await bot.say(bot.user(), "/today")
    assert len(texts(calls)) == 1 and "惠民超市" not in texts(calls)[0]


async def test_a_published_raid_names_its_campaign_and_team_once_in_either_language(bot: BotHarness) -> None:
    zh, en = await bot.linked_officer(name="李明"), await bot.linked_officer(name="Li Ming", locale="en")
    now = datetime.now(bot.settings.tz)
    async with bot.uow() as s:
        campaign = await factories.campaign(s, zh.agency, [en.agency], name="2026年知识产权宣传周联合执法")
        raid = await factories.raid(s, campaign, raid_date=now.date(), title=campaign.name)  # as publish stores it
        await factories.team(s, raid, [zh.officer, en.officer], number=4, name="第4组")
        await s.commit()
    text = texts(await bot.say(zh.user, "/today"))[-1]
    assert text.count("2026年知识产权宣传周联合执法") == 1 and text.count("第4组") == 1
    english = texts(await bot.say(en.user, "/today"))[-1]
    assert "Team 4" in english and "第4组" not in english and english.count("知识产权宣传周") == 1
