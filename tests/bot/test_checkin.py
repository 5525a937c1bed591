"""Check-in by sharing a location: nearest visit, radius, confirmation, refusals, live locations."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import select

from inspection.store.tables import AuditEvent, Visit
from tests import factories
from tests.bot.conftest import BotHarness, LinkedOfficer, texts

A = (23.0000, 101.0000)
B = (23.0100, 101.0000)  # about 1.1 km north of A
NEAR_A = (23.0010, 101.0010)  # about 150 m from A
FAR = (23.0050, 101.0000)  # about 550 m from A, 550 m from B


async def two_sites_today(bot: BotHarness, officer: LinkedOfficer) -> list[int]:
    now = datetime.now(bot.settings.tz)
    async with bot.uow() as s:
        campaign = await factories.campaign(s, officer.agency)
        raid = await factories.raid(s, campaign, raid_date=now.date(), starts_at=now)
        team = await factories.team(s, raid, [officer.officer])
        visits = []
        for i, (lat, lon) in enumerate((A, B), 1):
            site = await factories.site(s, name=f"检查点{'AB'[i - 1]}", lat=lat, lon=lon)
            visits.append(await factories.visit(s, team, site, planned_order=i))
        await s.commit()
    return [v.id for v in visits]


async def visit(bot: BotHarness, visit_id: int) -> Visit:
    async with bot.uow() as s:
        v = await s.get(Visit, visit_id)
        assert v is not None
        return v


async def test_a_location_near_a_site_checks_in_there_with_distance_and_accuracy(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    a, b = await two_sites_today(bot, me)
    calls = await bot.send(me.user.location(*NEAR_A, accuracy=12.0))
    assert "已在「检查点A」签到" in texts(calls)[-1]
    v = await visit(bot, a)
    assert v.status == "checked_in" and v.checked_in_by_id == me.id and v.checkin_accuracy_m == 12.0
    assert v.checkin_distance_m is not None and 120 < v.checkin_distance_m < 170 and not v.checkin_outside_radius
    assert (await visit(bot, b)).status == "planned"


async def test_the_nearest_visit_is_chosen_not_the_first_planned(bot: BotHarness) -> None:
    me = await bot.linked_officer(locale="en")
    a, b = await two_sites_today(bot, me)
    calls = await bot.send(me.user.location(*B))
    assert 'Checked in at "检查点B"' in texts(calls)[-1]
    assert (await visit(bot, b)).status == "checked_in" and (await visit(bot, a)).status == "planned"


async def test_outside_the_radius_the_officer_confirms_and_the_visit_is_flagged(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    a, _ = await two_sites_today(bot, me)
    asked = await bot.send(me.user.location(*FAR))
    assert "超出签到范围（300 米）" in texts(asked)[-1]
    assert (await visit(bot, a)).status == "planned"
    yes = asked[-1].buttons[0]
    done = await bot.send(me.user.press(yes["callback_data"], asked[-1]))
    assert "超出范围，已标注" in texts(done)[-1] and done[-1].method == "editMessageText"
    v = await visit(bot, a)
    assert v.status == "checked_in" and v.checkin_outside_radius and v.checkin_distance_m and v.checkin_distance_m > 300


async def test_cancelling_an_outside_check_in_records_nothing(bot: BotHarness) -> None:
    me = await bot.linked_officer(locale="en")
    a, b = await two_sites_today(bot, me)
    asked = await bot.send(me.user.location(*FAR))
    done = await bot.send(me.user.press(asked[-1].buttons[1]["callback_data"], asked[-1]))
    assert "cancelled" in texts(done)[-1]
    assert (await visit(bot, a)).status == (await visit(bot, b)).status == "planned"


async def test_a_forwarded_location_is_refused(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    a, _ = await two_sites_today(bot, me)
    calls = await bot.send(me.user.location(*A, forwarded=True))
    assert "转发的位置不能用于签到" in texts(calls)[-1] and (await visit(bot, a)).status == "planned"


async def test_an_old_location_is_refused(bot: BotHarness) -> None:
    me = await bot.linked_officer(locale="en")
    a, _ = await two_sites_today(bot, me)
    calls = await bot.send(me.user.location(*A, age_s=600))
    assert "older than 120 seconds" in texts(calls)[-1] and (await visit(bot, a)).status == "planned"


async def test_a_second_check_in_at_the_same_site_is_not_recorded_twice(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    a, _ = await two_sites_today(bot, me)
    await bot.send(me.user.location(*A))
    calls = await bot.send(me.user.location(*NEAR_A))
    assert "无需重复" in texts(calls)[-1]
    async with bot.uow() as s:
        checkins = (await s.exec(select(AuditEvent).where(AuditEvent.action == "visit.checkin"))).all()
    assert len(checkins) == 1 and checkins[0].entity_id == a


async def test_a_live_location_checks_in_silently_once_it_arrives(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    a, _ = await two_sites_today(bot, me)
    live = me.user.location(*FAR, live_period=3600)
    assert "超出签到范围" in texts(await bot.send(live))[-1]
    assert texts(await bot.send(me.user.move_live_location(live, 23.0040, 101.0))) == []
    arrived = await bot.send(me.user.move_live_location(live, *NEAR_A, accuracy=8.0))
    assert "已在「检查点A」签到" in texts(arrived)[-1]
    assert (await visit(bot, a)).checkin_accuracy_m == 8.0


async def test_an_officer_without_visits_today_is_told_there_is_nothing_to_check_in(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    assert "没有可签到的检查点" in texts(await bot.send(me.user.location(*A)))[-1]


async def test_a_stranger_sharing_a_location_gets_the_polite_line_only(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    a, _ = await two_sites_today(bot, me)
    stranger = bot.user()
    calls = await bot.send(stranger.location(*A))
    assert len(texts(calls)) == 1 and "邀请码" in texts(calls)[0]
    assert (await visit(bot, a)).status == "planned"


async def test_embargoed_targets_cannot_be_checked_in_before_release(bot: BotHarness) -> None:
    me = await bot.linked_officer()
    now = datetime.now(bot.settings.tz)
    async with bot.uow() as s:
        raid = await factories.raid(s, await factories.campaign(s, me.agency), raid_date=now.date(), starts_at=now,
                                    surprise=True, release_at=now + timedelta(hours=1))
        team = await factories.team(s, raid, [me.officer])
        hidden = await factories.visit(s, team, await factories.site(s, name="秘密超市", lat=A[0], lon=A[1]))
        await s.commit()
    calls = await bot.send(me.user.location(*A))
    assert "没有可签到的检查点" in texts(calls)[-1] and "秘密超市" not in texts(calls)[-1]
    assert (await visit(bot, hidden.id)).status == "planned"
