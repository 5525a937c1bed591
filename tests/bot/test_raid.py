"""/raid: a coordinator plans a raid day by buttons, adjusts the draft and publishes it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import col, select

from inspection.store.tables import Officer, Raid, Team, Visit
from tests import factories as f
from tests.bot.conftest import BotHarness, LinkedOfficer
from tests.bot.test_assignments import wait_for
from tests.fakes.telegram import BotCall


def last_with_buttons(bot: BotHarness, chat_id: int) -> BotCall:
    return next(c for c in reversed(bot.fake.sent(chat_id)) if c.buttons)


def button(call: BotCall, text: str) -> str:
    return next(b["callback_data"] for b in call.buttons if text in b["text"])


async def setup(bot: BotHarness, *, locale: str = "zh-CN") -> tuple[LinkedOfficer, list[LinkedOfficer], list[int]]:
    async with bot.uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        await s.commit()
    coordinator = await bot.linked_officer(agency=ipo, role="coordinator", locale=locale, name="王协调",
                                           certificate_expires_on=date(2020, 1, 1))
    officers = [await bot.linked_officer(agency=a) for a in (ipo, ipo, amr, amr)]
    today = datetime.now(bot.settings.tz).date()
    async with bot.uow() as s:
        await f.campaign(s, ipo, [amr], code="IPW", name="知识产权宣传周", starts_on=today, ends_on=today + timedelta(5))
        sites = [await f.site(s, district="城关镇", opening_hours="08:00-11:00") for _ in range(4)]
        await f.site(s, district="勐库镇")
        await s.commit()
    return coordinator, officers, [x.id for x in sites]


async def walk_to_draft(bot: BotHarness, c: LinkedOfficer) -> BotCall:
    user = c.user
    calls = await bot.send(user.command("raid"))
    await bot.send(user.press(button(calls[-1], "IPW"), calls[-1]))
    day = (datetime.now(bot.settings.tz).date() + timedelta(1)).isoformat()
    days = last_with_buttons(bot, user.id)
    await bot.send(user.press(button(days, day), days))
    districts = last_with_buttons(bot, user.id)
    assert [b["text"] for b in districts.buttons][:2] == ["勐库镇", "城关镇"]
    await bot.send(user.press(button(districts, "城关镇"), districts))
    toggled = bot.fake.sent(user.id, "editMessageReplyMarkup")[-1]
    assert "✔ 城关镇" in [b["text"] for b in toggled.buttons]
    await bot.send(user.press(button(toggled, "下一步"), districts))
    types = last_with_buttons(bot, user.id)
    assert "超市" in [b["text"] for b in types.buttons]
    await bot.send(user.press(button(types, "下一步"), types))
    surprise = last_with_buttons(bot, user.id)
    await bot.send(user.press(button(surprise, "否"), surprise))
    return last_with_buttons(bot, user.id)


async def test_a_coordinator_walks_from_campaign_to_published_raid_and_members_are_told(bot: BotHarness) -> None:
    coordinator, officers, sites = await setup(bot)
    shown = await walk_to_draft(bot, coordinator)
    assert "2 个检查组，4 处检查点" in shown.text and "第1组" in shown.text and "第2组" in shown.text
    calls = await bot.send(coordinator.user.press(button(shown, "发布"), shown))
    assert any("已发布第" in c.text and "已向 4 人发送任务通知" in c.text for c in calls)
    async with bot.uow() as s:
        raid = (await s.exec(select(Raid))).one()
        assert raid.created_by_id == coordinator.id and raid.districts == ["城关镇"] and not raid.surprise
        assert sorted(v.site_id for v in (await s.exec(select(Visit))).all()) == sites
    for o in officers:
        await wait_for(bot, o.user.id, "执法任务")


async def test_moving_a_site_to_another_team_and_excluding_one_are_kept_in_the_published_plan(
        bot: BotHarness) -> None:
    coordinator, _, sites = await setup(bot)
    user = coordinator.user
    shown = await walk_to_draft(bot, coordinator)
    await bot.send(user.press(button(shown, "排除"), shown))
    teams = last_with_buttons(bot, user.id)
    assert [b["text"] for b in teams.buttons] == ["第1组", "第2组"]
    await bot.send(user.press(button(teams, "1"), teams))
    picks = last_with_buttons(bot, user.id)
    excluded = int(picks.buttons[0]["callback_data"].rsplit(":", 1)[1])
    await bot.send(user.press(picks.buttons[0]["callback_data"], picks))
    shown = last_with_buttons(bot, user.id)
    assert "3 处检查点" in shown.text and "协调员已排除" in shown.text
    await bot.send(user.press(button(shown, "移动"), shown))
    teams = last_with_buttons(bot, user.id)
    await bot.send(user.press(button(teams, "1"), teams))
    picks = last_with_buttons(bot, user.id)
    moved = int(picks.buttons[0]["callback_data"].rsplit(":", 1)[1])
    await bot.send(user.press(picks.buttons[0]["callback_data"], picks))
    targets = last_with_buttons(bot, user.id)
    await bot.send(user.press(button(targets, "2"), targets))
    shown = last_with_buttons(bot, user.id)
    await bot.send(user.press(button(shown, "发布"), shown))
    async with bot.uow() as s:
        visits = (await s.exec(select(Visit, Team).join(Team, col(Team.id) == col(Visit.team_id)))).all()
    placed = {v.site_id: t.number for v, t in visits}
    assert excluded not in placed and placed[moved] == 2 and set(placed) == set(sites) - {excluded}


async def test_an_officer_who_is_not_a_coordinator_cannot_schedule_raids(bot: BotHarness) -> None:
    _, officers, _ = await setup(bot)
    calls = await bot.send(officers[0].user.command("raid"))
    assert [c.text for c in calls if c.text] == ["该功能仅限协调员使用。"]
    async with bot.uow() as s:
        assert (await s.exec(select(Raid))).all() == []


async def test_a_coordinator_of_an_agency_outside_every_campaign_is_told_so(bot: BotHarness) -> None:
    await setup(bot)
    outsider = await bot.linked_officer(agency_kind="tobacco", role="coordinator")
    calls = await bot.send(outsider.user.command("raid"))
    assert "没有进行中的专项行动" in calls[-1].text


async def test_a_publish_pressed_twice_publishes_once(bot: BotHarness) -> None:
    coordinator, _, _ = await setup(bot)
    shown = await walk_to_draft(bot, coordinator)
    press = coordinator.user.press(button(shown, "发布"), shown)
    await bot.send(press)
    await bot.send(bot.fake.redeliver(press))
    async with bot.uow() as s:
        assert len((await s.exec(select(Raid))).all()) == 1


async def test_an_english_speaking_coordinator_is_asked_in_english(bot: BotHarness) -> None:
    coordinator, _, _ = await setup(bot, locale="en")
    calls = await bot.send(coordinator.user.command("raid"))
    assert calls[-1].text == "Schedule a raid: choose the campaign"
    await bot.send(coordinator.user.press(button(calls[-1], "IPW"), calls[-1]))
    assert last_with_buttons(bot, coordinator.user.id).text == "知识产权宣传周: choose the day"


async def test_a_stranger_gets_the_one_polite_line_and_no_campaigns(bot: BotHarness) -> None:
    await setup(bot)
    stranger = bot.user()
    calls = await bot.send(stranger.command("raid"))
    assert len([c for c in calls if c.text]) == 1 and "IPW" not in calls[-1].text and not calls[-1].buttons


async def test_publishing_names_the_member_without_telegram_and_how_to_invite_them(bot: BotHarness) -> None:
    coordinator, officers, _ = await setup(bot)
    async with bot.uow() as s:
        unlinked = await s.get(Officer, officers[3].id)
        assert unlinked is not None
        unlinked.telegram_user_id = None
        s.add(unlinked)
        await s.commit()
    shown = await walk_to_draft(bot, coordinator)
    calls = await bot.send(coordinator.user.press(button(shown, "发布"), shown))
    done = next(c.text for c in calls if "已发布第" in c.text)
    assert "已向 3 人发送任务通知" in done
    assert unlinked.name in done and unlinked.certificate_no in done and "officers invite" in done


async def test_the_day_buttons_leave_out_today_once_its_raid_has_started(bot: BotHarness) -> None:
    coordinator, _, _ = await setup(bot)
    planning = bot.settings.planning.model_copy(update={"shift_start": "00:00"})
    bot.settings = bot.settings.model_copy(update={"planning": planning})
    await bot.restart()
    calls = await bot.send(coordinator.user.command("raid"))
    await bot.send(coordinator.user.press(button(calls[-1], "IPW"), calls[-1]))
    days = [b["text"] for b in last_with_buttons(bot, coordinator.user.id).buttons]
    today = datetime.now(bot.settings.tz).date()
    assert today.isoformat() not in days and (today + timedelta(1)).isoformat() in days


async def test_the_draft_says_which_officers_would_cover_the_pharmacies_left_out(bot: BotHarness) -> None:
    # One drug-administration officer: one team may enter a pharmacy, and five close at 09:45.
    async with bot.uow() as s:
        ipo, amr, drug = (await f.agency(s, "ip_office"), await f.agency(s, "market_regulation"),
                          await f.agency(s, "drug_administration"))
        await s.commit()
    coordinator = await bot.linked_officer(agency=ipo, role="coordinator", name="王协调",
                                           certificate_expires_on=date(2020, 1, 1))
    for agency in (ipo, ipo, amr, amr, drug):
        await bot.linked_officer(agency=agency)
    today = datetime.now(bot.settings.tz).date()
    async with bot.uow() as s:
        await f.campaign(s, ipo, [amr, drug], code="IPW", name="知识产权宣传周", starts_on=today,
                         ends_on=today + timedelta(5))
        for n in range(5):
            await f.site(s, site_type="pharmacy", name=f"百姓大药房{n}号店", district="城关镇",
                         opening_hours="08:00-09:45")
        await f.site(s, district="勐库镇")
        await s.commit()
    shown = await walk_to_draft(bot, coordinator)
    assert "只有含药品监督管理局人员的检查组可以检查，这些组已排满：增派药品监督管理局人员可多安排" in shown.text
    assert "能检查此类场所的只有 1 个检查组（药品监督管理局），已排满" in shown.text
