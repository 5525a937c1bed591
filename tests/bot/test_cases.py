"""/cases over the loopback Bot API: the officer in charge sees deadlines and records steps with a reason."""

from __future__ import annotations

from datetime import timedelta

from inspection.services.cases.actions import file_case
from inspection.services.cases.queries import get_case, today_in
from tests.bot.conftest import BotHarness, LinkedOfficer, texts
from tests.fakes.telegram import BotCall


async def _case(bot: BotHarness, officer: LinkedOfficer, *, filed_days_ago: int = 80, title: str = "假冒注册商标运动鞋",
                filed: bool = True) -> str:
    day = today_in(bot.settings) - timedelta(days=filed_days_ago)
    info = await file_case(bot.uow, bot.settings, agency=officer.agency.code, case_type="trademark_infringement",
                           received_on=day, filed_on=day if filed else None, title=title,
                           officer_in_charge_id=officer.id)
    return info.number


def _button(call: BotCall, data_prefix: str) -> str:
    return next(b["callback_data"] for b in call.buttons if b["callback_data"].startswith(data_prefix))


async def test_the_officer_sees_open_cases_soonest_deadline_first_with_days_left(bot: BotHarness) -> None:
    officer = await bot.linked_officer(agency_kind="market_regulation")
    later = await _case(bot, officer, filed_days_ago=10, title="盗版图书")
    sooner = await _case(bot, officer, filed_days_ago=80)
    unfiled = await _case(bot, officer, filed=False, filed_days_ago=1, title="电话投诉")
    calls = await bot.say(officer.user, "/cases")
    text = texts(calls)[-1]
    assert "您承办的未结案件（3 件）" in text
    assert text.index(sooner) < text.index(later) < text.index(unfiled)
    assert "剩 10 天" in text and "尚未立案" in text
    assert [b["text"] for b in calls[-1].buttons] == [sooner, later, unfiled]


async def test_an_officer_with_no_cases_is_told_so(bot: BotHarness) -> None:
    officer = await bot.linked_officer(locale="en")
    assert texts(await bot.say(officer.user, "/cases"))[-1] == "You have no open cases in your charge."


async def test_suspending_a_case_asks_for_the_reason_and_records_it_once(bot: BotHarness) -> None:
    officer = await bot.linked_officer(agency_kind="market_regulation")
    number = await _case(bot, officer)
    listing = (await bot.say(officer.user, "/cases"))[-1]
    detail = (await bot.send(officer.user.press(_button(listing, "cases:open:"), listing)))[-1]
    assert detail.method == "editMessageText" and number in detail.text
    suspend = next(b for b in detail.buttons if b["callback_data"].endswith(":suspended"))
    assert suspend["text"] == "中止"
    prompt = (await bot.send(officer.user.press(suspend["callback_data"], detail)))[-1]
    assert prompt.params["reply_markup"].get("force_reply") is True and "中止" in prompt.text

    answer = officer.user.text("等待专利无效宣告审查结果", reply_to_message=prompt.result)
    calls = await bot.send(answer)
    assert "现为“中止”" in texts(calls)[-1] and "期限暂停" in texts(calls)[-1]
    again = await bot.send(bot.fake.redeliver(answer))
    assert texts(again) == []
    case = await get_case(bot.uow, bot.settings, number)
    assert case.state == "suspended"
    suspensions = [e for e in case.events if e.to_state == "suspended"]
    assert len(suspensions) == 1 and suspensions[0].reason == "等待专利无效宣告审查结果"
    assert suspensions[0].actor == officer.officer.name


async def test_a_step_that_needs_no_reason_can_be_recorded_with_the_no_note_button(bot: BotHarness) -> None:
    officer = await bot.linked_officer(locale="en")
    number = await _case(bot, officer)
    listing = (await bot.say(officer.user, "/cases"))[-1]
    detail = (await bot.send(officer.user.press(_button(listing, "cases:open:"), listing)))[-1]
    prompt = (await bot.send(officer.user.press(_button(detail, "cases:to:"), detail)))[-1]
    assert "investigating" in prompt.text and [b["text"] for b in prompt.buttons] == ["no note"]
    calls = await bot.send(officer.user.press(prompt.buttons[0]["callback_data"], prompt))
    assert 'is now "investigating"' in texts(calls)[-1] and "days left" in texts(calls)[-1]
    assert (await get_case(bot.uow, bot.settings, number)).state == "investigating"
    detail = (await bot.send(officer.user.press(_button(listing, "cases:open:"), listing)))[-1]
    assert "coordinator console" in detail.text  # penalty decisions are recorded there, with legal review
    assert "decided" not in [b["text"] for b in detail.buttons]


async def test_an_impossible_step_is_refused_in_the_officers_words_and_changes_nothing(bot: BotHarness) -> None:
    officer = await bot.linked_officer()
    number = await _case(bot, officer)
    case = await get_case(bot.uow, bot.settings, number)
    prompt = (await bot.send(officer.user.press(f"cases:to:{case.id}:mediated")))[-1]
    calls = await bot.send(officer.user.text("双方和解", reply_to_message=prompt.result))
    assert "不能变更为“调解”" in texts(calls)[-1] and "调查中" in texts(calls)[-1]
    assert (await get_case(bot.uow, bot.settings, number)).state == "filed"


async def test_another_officer_cannot_open_or_move_someone_elses_case(bot: BotHarness) -> None:
    owner = await bot.linked_officer()
    other = await bot.linked_officer()
    number = await _case(bot, owner)
    case = await get_case(bot.uow, bot.settings, number)
    calls = await bot.send(other.user.press(f"cases:open:{case.id}"))
    assert "不由您承办" in texts(calls)[-1]
    calls = await bot.send(other.user.press(f"cases:to:{case.id}:withdrawn"))
    assert "不由您承办" in texts(calls)[-1]
    assert (await get_case(bot.uow, bot.settings, number)).state == "filed"


async def test_a_stranger_pressing_a_case_button_learns_nothing(bot: BotHarness) -> None:
    owner = await bot.linked_officer()
    number = await _case(bot, owner)
    case = await get_case(bot.uow, bot.settings, number)
    calls = await bot.send(bot.user().press(f"cases:open:{case.id}"))
    assert number not in " ".join(texts(calls)) and "邀请码" in texts(calls)[-1]


async def test_a_question_asked_before_a_restart_still_takes_its_answer_after_it(bot: BotHarness) -> None:
    officer = await bot.linked_officer()
    number = await _case(bot, officer)
    case = await get_case(bot.uow, bot.settings, number)
    prompt = (await bot.send(officer.user.press(f"cases:to:{case.id}:withdrawn")))[-1]
    await bot.restart()
    calls = await bot.send(officer.user.text("权利人与当事人自行和解，撤回投诉", reply_to_message=prompt.result))
    assert "现为“撤回”" in texts(calls)[-1]
    assert (await get_case(bot.uow, bot.settings, number)).withdrawal_reason == "权利人与当事人自行和解，撤回投诉"
    listing = (await bot.say(officer.user, "/cases"))[-1]
    assert "撤回，待结案" in listing.text  # an outcome still awaits closing: the case stays in the list
    close = (await bot.send(officer.user.press(f"cases:to:{case.id}:closed")))[-1]
    calls = await bot.send(officer.user.press(close.buttons[0]["callback_data"], close))
    assert "现为“结案”" in texts(calls)[-1] and "按期结案" in texts(calls)[-1]
    assert texts(await bot.say(officer.user, "/cases"))[-1] == "您目前没有承办中的未结案件。"


async def test_a_reply_to_some_other_message_is_not_taken_as_a_reason(bot: BotHarness) -> None:
    officer = await bot.linked_officer()
    number = await _case(bot, officer)
    listing = (await bot.say(officer.user, "/cases"))[-1]
    calls = await bot.send(officer.user.text("撤回", reply_to_message=listing.result))
    assert "现为" not in " ".join(texts(calls))
    assert (await get_case(bot.uow, bot.settings, number)).state == "filed"
