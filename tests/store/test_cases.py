"""Cases through the services on both databases: filing, moves with their audit, deadlines, review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import col, select

from inspection.config import Settings
from inspection.domain.cases import IllegalTransition, LegalReviewRequired
from inspection.domain.enums import CaseState
from inspection.domain.errors import Forbidden, InvalidInput, NotFound
from inspection.services.cases.actions import (
    decide_case,
    file_case,
    move_case,
    review_case,
)
from inspection.services.cases.queries import cases_due, get_case, list_cases
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, AuditEvent, CaseEvent
from tests import factories as f


async def _people(uow: UnitOfWork) -> dict[str, int]:
    async with uow() as s:
        ipo = await f.agency(s, "ip_office")
        amr = await f.agency(s, "market_regulation")
        lead = await f.officer(s, amr, name="王海")
        colleague = await f.officer(s, amr, name="李明")
        reviewer = await f.officer(s, amr, name="赵法", role="reviewer")
        c = await f.campaign(s, amr, [ipo], code="QJ2025", starts_on=date(2025, 4, 20), ends_on=date(2025, 4, 30))
        v = await f.visit(s, await f.team(s, await f.raid(s, c), [lead, colleague]), await f.site(s))
        finding = await f.finding(s, v)
        await s.commit()
        return {"lead": lead.id, "colleague": colleague.id, "reviewer": reviewer.id, "finding": finding.id}


async def _trademark(uow: UnitOfWork, settings: Settings, people: dict[str, int], **kw: object) -> str:
    fields: dict[str, object] = {"agency": "AMR", "case_type": "trademark_infringement",
                                 "received_on": date(2025, 4, 22), "filed_on": date(2025, 4, 23),
                                 "officer_in_charge_id": people["lead"], "respondent": "城关镇某某超市"}
    fields.update(kw)
    return (await file_case(uow, settings, **fields)).number  # type: ignore[arg-type]


async def test_a_case_found_at_a_raid_is_filed_with_its_finding_campaign_and_due_date(
    uow: UnitOfWork, settings: Settings
) -> None:
    people = await _people(uow)
    info = await file_case(uow, settings, agency="AMR", case_type="trademark_infringement",
                           received_on=date(2025, 4, 22), filed_on=date(2025, 4, 23), campaign="QJ2025",
                           finding_ids=[people["finding"]], officer_in_charge_id=people["lead"], actor="cli")
    assert info.number == "AMR-2025-0001"
    assert (info.state, info.campaign, info.finding_ids) == ("filed", "QJ2025", [people["finding"]])
    assert info.due_on == date(2025, 7, 22)  # 90 days from filing
    assert info.officer_in_charge == "王海"
    assert [(e.from_state, e.to_state) for e in info.events] == [("", "received"), ("received", "filed")]


async def test_a_phone_complaint_is_filed_without_findings_and_numbers_follow_on(
    uow: UnitOfWork, settings: Settings
) -> None:
    people = await _people(uow)
    await _trademark(uow, settings, people)
    info = await file_case(uow, settings, agency="AMR", case_type="patent_passing_off", source="complaint",
                           received_on=date(2025, 5, 6), title="12315 电话投诉")
    assert (info.number, info.state, info.finding_ids, info.due_on) == ("AMR-2025-0002", "received", [], None)
    await _trademark(uow, settings, people, number="AMR-2025-0004")
    numbers = [(await _trademark(uow, settings, people)) for _ in range(2)]
    assert numbers == ["AMR-2025-0005", "AMR-2025-0006"]
    with pytest.raises(InvalidInput, match="taken"):
        await _trademark(uow, settings, people, number="AMR-2025-0004")


async def test_filing_with_unknown_references_or_a_future_date_is_refused_and_writes_nothing(
    uow: UnitOfWork, settings: Settings
) -> None:
    await _people(uow)
    with pytest.raises(NotFound):
        await file_case(uow, settings, agency="NOPE", case_type="other", received_on=date(2025, 1, 1))
    with pytest.raises(NotFound):
        await file_case(uow, settings, agency="AMR", case_type="other", received_on=date(2025, 1, 1),
                        finding_ids=[999])
    with pytest.raises(InvalidInput):
        await file_case(uow, settings, agency="AMR", case_type="other", received_on=date(2999, 1, 1))
    with pytest.raises(ValueError):
        await file_case(uow, settings, agency="AMR", case_type="burglary", received_on=date(2025, 1, 1))
    assert await list_cases(uow, settings) == []


async def test_every_move_is_recorded_with_actor_and_reason_in_the_case_history_and_the_audit_log(
    uow: UnitOfWork, settings: Settings
) -> None:
    people = await _people(uow)
    number = await _trademark(uow, settings, people)
    await move_case(uow, settings, number, "investigating", on=date(2025, 4, 25), actor_id=people["lead"])
    await move_case(uow, settings, number, CaseState.TRANSFERRED, reason="县公安局(涉嫌犯罪)", on=date(2025, 5, 2),
                        actor_id=people["lead"])
    info = await move_case(uow, settings, number, CaseState.CLOSED, on=date(2025, 5, 3), actor="cli")
    assert (info.state, info.outcome, info.transferred_to, info.closed_on_time) == (
        "closed", "transferred", "县公安局(涉嫌犯罪)", True)
    async with uow() as s:
        events = (await s.exec(select(CaseEvent).where(CaseEvent.case_id == info.id)
                               .order_by(col(CaseEvent.id)))).all()
        audits = (await s.exec(select(AuditEvent).where(AuditEvent.entity == "case")
                               .order_by(col(AuditEvent.id)))).all()
    assert events[-2].reason == "县公安局(涉嫌犯罪)" and events[-2].actor_id == people["lead"]
    assert [a.action for a in audits] == ["case.received", "case.filed", "case.investigating",
                                         "case.transferred", "case.closed"]
    assert audits[3].data["reason"] == "县公安局(涉嫌犯罪)" and audits[-1].actor == "cli"


async def test_an_illegal_move_is_refused_clearly_and_changes_nothing(uow: UnitOfWork, settings: Settings) -> None:
    people = await _people(uow)
    number = await _trademark(uow, settings, people)
    with pytest.raises(IllegalTransition, match="cannot move from filed to closed"):
        await move_case(uow, settings, number, "closed", on=date(2025, 4, 25))
    with pytest.raises(InvalidInput):
        await move_case(uow, settings, number, "suspended", reason="", on=date(2025, 4, 25))
    with pytest.raises(InvalidInput, match="before the case's last step"):
        await move_case(uow, settings, number, "investigating", on=date(2025, 4, 1))
    info = await get_case(uow, settings, number)
    assert info.state == "filed" and len(info.events) == 2


async def test_suspension_days_are_added_to_the_due_date_when_the_case_resumes(
    uow: UnitOfWork, settings: Settings
) -> None:
    people = await _people(uow)
    number = await _trademark(uow, settings, people)  # filed 2025-04-23, due 2025-07-22
    await move_case(uow, settings, number, "investigating", on=date(2025, 4, 24))
    await move_case(uow, settings, number, "suspended", reason="等待商标权属确认", on=date(2025, 5, 1))
    info = await move_case(uow, settings, number, "investigating", reason="权属已确认", on=date(2025, 5, 21))
    assert (info.suspended_days, info.due_on) == (20, date(2025, 8, 11))
    await move_case(uow, settings, number, "suspended", reason="当事人住院", on=date(2025, 6, 1))
    info = await move_case(uow, settings, number, CaseState.WITHDRAWN, reason="权利人撤回投诉", on=date(2025, 6, 11))
    assert (info.suspended_days, info.due_on, info.outcome_on) == (30, date(2025, 8, 21), date(2025, 6, 11))


async def test_only_cases_with_a_running_clock_fall_due_and_overdue_ones_are_listed_first(
    uow: UnitOfWork, settings: Settings
) -> None:
    people = await _people(uow)
    soon = await _trademark(uow, settings, people, filed_on=date(2025, 4, 23))  # due 07-22
    late = await _trademark(uow, settings, people, filed_on=date(2025, 4, 10), received_on=date(2025, 4, 9))
    far = await _trademark(uow, settings, people, filed_on=date(2025, 6, 1), received_on=date(2025, 6, 1))
    held = await _trademark(uow, settings, people, filed_on=date(2025, 4, 23))
    await move_case(uow, settings, held, "suspended", reason="中止", on=date(2025, 5, 1))
    due = await cases_due(uow, settings, within_days=7, today=date(2025, 7, 16))
    assert [c.number for c in due] == [late, soon]
    assert due[0].days_left(date(2025, 7, 16)) == -7
    assert far not in [c.number for c in await cases_due(uow, settings, within_days=7, today=date(2025, 7, 16))]
    mine = await list_cases(uow, settings, officer_id=people["lead"], open_only=True)
    assert len(mine) == 4 and await list_cases(uow, settings, officer_id=people["colleague"]) == []


async def test_a_penalty_above_the_threshold_waits_for_a_legal_review_by_a_second_person(
    uow: UnitOfWork, settings: Settings
) -> None:
    people = await _people(uow)
    number = await _trademark(uow, settings, people)
    await move_case(uow, settings, number, "investigating", on=date(2025, 4, 24))
    penalty = {"fine_cny": Decimal("12000"), "confiscation_cny": Decimal("3000"), "on": date(2025, 5, 20),
               "actor_id": people["lead"]}
    with pytest.raises(LegalReviewRequired):
        await decide_case(uow, settings, number, **penalty)  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        await review_case(uow, settings, number, reviewer_id=people["colleague"], approved=True,
                          amount_cny=Decimal("15000"))
    await review_case(uow, settings, number, reviewer_id=people["reviewer"], approved=False,
                      amount_cny=Decimal("15000"), note="证据不足")
    with pytest.raises(LegalReviewRequired):
        await decide_case(uow, settings, number, **penalty)  # type: ignore[arg-type]
    await review_case(uow, settings, number, reviewer_id=people["reviewer"], approved=True,
                      amount_cny=Decimal("15000"), note="补充证据后同意")
    info = await decide_case(uow, settings, number, goods_confiscated="假冒运动鞋 40 双", **penalty)  # type: ignore[arg-type]
    assert (info.state, info.fine_cny, info.confiscation_cny) == ("decided", Decimal("12000"), Decimal("3000"))
    assert (info.legal_review_by, info.legal_review_approved) == ("赵法", True)
    with pytest.raises(InvalidInput):
        await review_case(uow, settings, number, reviewer_id=people["reviewer"], approved=True,
                          amount_cny=Decimal("1"))


async def test_deciding_goes_through_decide_and_an_unknown_case_is_not_found(
    uow: UnitOfWork, settings: Settings
) -> None:
    people = await _people(uow)
    number = await _trademark(uow, settings, people)
    with pytest.raises(InvalidInput):
        await move_case(uow, settings, number, "decided")
    with pytest.raises(NotFound):
        await move_case(uow, settings, "AMR-1999-0001", "investigating")


async def test_only_the_officer_in_charge_or_a_coordinator_of_the_agency_moves_a_case(
    uow: UnitOfWork, settings: Settings
) -> None:
    people = await _people(uow)
    number = await _trademark(uow, settings, people)
    async with uow() as s:
        agencies = {a.code: a for a in (await s.exec(select(Agency))).all()}
        amr_coordinator = await f.officer(s, agencies["AMR"], role="coordinator")
        ipo_coordinator = await f.officer(s, agencies["IPO"], role="coordinator")
        await s.commit()
    with pytest.raises(Forbidden, match="neither in charge"):
        await move_case(uow, settings, number, "investigating", on=date(2025, 4, 25), actor_id=people["colleague"])
    with pytest.raises(Forbidden):
        await move_case(uow, settings, number, "investigating", on=date(2025, 4, 25), actor_id=ipo_coordinator.id)
    assert (await get_case(uow, settings, number)).state == "filed"
    info = await move_case(uow, settings, number, "investigating", on=date(2025, 4, 25), actor_id=amr_coordinator.id)
    assert info.state == "investigating"
