"""Cases: file, move through the life cycle, decide, review. Every move is audited with actor and reason.

The rules (allowed moves, deadlines, legal review) are in ``inspection.domain.cases``; this module
applies them to the store. Reading (list, show, due) is in ``cases.queries``, the period figures in
``cases.figures``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.domain import cases as rules
from inspection.domain.enums import CaseSource, CaseState, CaseType
from inspection.domain.errors import Forbidden, InvalidInput, NotFound
from inspection.services.audit import audit
from inspection.services.cases.figures import CaseFigures, case_figures
from inspection.services.cases.queries import CaseInfo, get_case, today_in
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Campaign, Case, CaseEvent, CaseFinding, Finding, Officer

__all__ = ["CaseFigures", "case_figures", "decide_case", "file_case", "move_case", "review_case"]


def _threshold(settings: Settings) -> Decimal:
    return Decimal(str(settings.cases.legal_review_threshold_cny))


async def _officer(s: AsyncSession, officer_id: int | None) -> Officer | None:
    if officer_id is None:
        return None
    officer = await s.get(Officer, officer_id)
    if officer is None:
        raise NotFound(f"no officer with id {officer_id}", code="officer_not_found", certificate_no=str(officer_id))
    return officer


async def _load(s: AsyncSession, number: str) -> Case:
    stmt = select(Case).where(Case.number == number)
    if s.bind is not None and s.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    case = (await s.exec(stmt)).first()
    if case is None:
        raise NotFound(f"no case numbered {number}", code="case_not_found", number=number)
    return case


async def _next_number(s: AsyncSession, agency: Agency, year: int) -> str:
    prefix = f"{agency.code}-{year}-"
    taken = (await s.exec(select(sa.func.count()).select_from(Case).where(col(Case.number).startswith(prefix))))
    n = int(taken.one()) + 1
    while (await s.exec(select(Case.id).where(Case.number == f"{prefix}{n:04d}"))).first() is not None:
        n += 1  # a number typed by hand took this one
    return f"{prefix}{n:04d}"


def _check_day(on: date, case: Case, today: date) -> None:
    if on > today:
        raise InvalidInput(f"{on} is in the future", code="case_future_date", on=str(on))
    latest = max(d for d in (case.received_on, case.filed_on, case.suspended_since, case.outcome_on) if d)
    if on < latest:
        raise InvalidInput(f"{on} is before the case's last step on {latest}", code="case_date_order",
                           earlier=str(latest), later=str(on))


def _record(s: AsyncSession, case: Case, target: CaseState, on: date, *, reason: str, actor_id: int | None,
            actor: str, first: bool = False) -> None:
    assert case.id is not None
    who = actor or (f"officer:{actor_id}" if actor_id else "system")
    previous = "" if first else case.state
    s.add(CaseEvent(case_id=case.id, from_state=previous, to_state=target.value, on_date=on, actor_id=actor_id,
                    actor=who, reason=reason))
    action = "case.resume" if rules.is_resumption(CaseState(case.state), target) else f"case.{target.value}"
    audit(s, action, actor=who, actor_id=actor_id, entity="case", entity_id=case.id, number=case.number,
          from_state=previous, to_state=target.value, on=on.isoformat(), reason=reason)


def _apply(case: Case, target: CaseState, on: date, settings: Settings, reason: str) -> None:
    """Change the case's fields for the move to ``target`` (dates, deadlines, outcome, closing)."""
    current = CaseState(case.state)
    if target is CaseState.FILED:
        case.filed_on = on
        period = rules.statutory_days(case.case_type, settings.cases.deadline_days)
        case.due_on = rules.due_date(on, period, case.suspended_days)
    elif target is CaseState.SUSPENDED:
        case.suspended_since = on
    elif rules.is_resumption(current, target) or (current is CaseState.SUSPENDED and target in rules.OUTCOMES):
        assert case.suspended_since is not None
        case.suspended_days += rules.days_suspended(case.suspended_since, on)
        case.suspended_since = None
        if case.filed_on is not None:
            period = rules.statutory_days(case.case_type, settings.cases.deadline_days)
            case.due_on = rules.due_date(case.filed_on, period, case.suspended_days)
    if target in rules.OUTCOMES:
        case.outcome = target.value
        case.outcome_on = on
        if target is CaseState.MEDIATED:
            case.mediation_agreement = reason
        elif target is CaseState.WITHDRAWN:
            case.withdrawal_reason = reason
        elif target is CaseState.TRANSFERRED:
            case.transferred_to = reason
    if target is CaseState.CLOSED:
        case.closed_on = on
        case.closed_on_time = rules.closed_on_time(case.outcome_on, case.due_on)
    case.state = target.value


async def _check_actor(s: AsyncSession, case: Case, actor_id: int | None) -> None:
    """An officer acting on a case must be in charge of it or coordinate its agency.
    ``actor_id=None`` is an operator at the command line, who has the database anyway."""
    if actor_id is None:
        return
    officer = await s.get(Officer, actor_id)
    if officer is None or not officer.active or not rules.may_move_case(
            actor_id=actor_id, actor_role=officer.role, actor_agency_id=officer.agency_id,
            in_charge_id=case.officer_in_charge_id, case_agency_id=case.agency_id):
        raise Forbidden(f"officer {actor_id} is neither in charge of case {case.number} nor a coordinator of its agency",
                        code="case_not_yours", number=case.number)


async def _move(s: AsyncSession, settings: Settings, case: Case, target: CaseState, *, on: date | None,
                reason: str, actor_id: int | None, actor: str) -> None:
    rules.check_transition(CaseState(case.state), target)
    rules.check_reason(target, reason)
    day = on or today_in(settings)
    _check_day(day, case, today_in(settings))
    _record(s, case, target, day, reason=reason.strip(), actor_id=actor_id, actor=actor)
    _apply(case, target, day, settings, reason.strip())
    s.add(case)


async def file_case(
    uow: UnitOfWork,
    settings: Settings,
    *,
    agency: str,
    case_type: CaseType | str,
    received_on: date,
    source: CaseSource | str = CaseSource.INSPECTION,
    title: str = "",
    respondent: str = "",
    description: str = "",
    finding_ids: list[int] | None = None,
    campaign: str | None = None,
    officer_in_charge_id: int | None = None,
    filed_on: date | None = None,
    number: str | None = None,
    actor_id: int | None = None,
    actor: str = "",
) -> CaseInfo:
    """Record a case as received (受理); with ``filed_on`` it is also filed (立案) at once.

    Linked to the findings it rests on, or to none (a complaint by phone or from an e-commerce
    platform). The number (案号) is generated as AGENCY-YEAR-NNNN unless given.
    """
    kind, origin = CaseType(case_type), CaseSource(source)
    if received_on > today_in(settings):
        raise InvalidInput(f"{received_on} is in the future", code="case_future_date", on=str(received_on))
    async with uow() as s:
        ag = (await s.exec(select(Agency).where(Agency.code == agency))).first()
        if ag is None or ag.id is None:
            raise NotFound(f"no agency with code {agency}", code="agency_not_found", codes=[agency])
        campaign_id = None
        if campaign is not None:
            found = (await s.exec(select(Campaign).where(Campaign.code == campaign))).first()
            if found is None:
                raise NotFound(f"no campaign with code {campaign}", code="campaign_not_found", campaign=campaign)
            campaign_id = found.id
        await _officer(s, officer_in_charge_id)
        ids = list(dict.fromkeys(finding_ids or []))
        if ids:
            known = set((await s.exec(select(Finding.id).where(col(Finding.id).in_(ids)))).all())
            missing = [i for i in ids if i not in known]
            if missing:
                raise NotFound(f"unknown finding(s): {', '.join(map(str, missing))}", code="finding_not_found",
                               findings=missing)
        number = number or await _next_number(s, ag, received_on.year)
        if (await s.exec(select(Case.id).where(Case.number == number))).first() is not None:
            raise InvalidInput(f"case number {number} is taken", code="case_number_taken", number=number)
        case = Case(number=number, agency_id=ag.id, case_type=kind.value, source=origin.value, title=title,
                    respondent=respondent, description=description, campaign_id=campaign_id,
                    received_on=received_on, officer_in_charge_id=officer_in_charge_id, created_by_id=actor_id)
        s.add(case)
        await s.flush()
        assert case.id is not None
        for fid in ids:
            s.add(CaseFinding(case_id=case.id, finding_id=fid))
        _record(s, case, CaseState.RECEIVED, received_on, reason=title, actor_id=actor_id, actor=actor, first=True)
        if filed_on is not None:
            await _move(s, settings, case, CaseState.FILED, on=filed_on, reason="", actor_id=actor_id, actor=actor)
        await s.commit()
    return await get_case(uow, settings, number)


async def move_case(uow: UnitOfWork, settings: Settings, number: str, target: CaseState | str, *,
                    reason: str = "", on: date | None = None, actor_id: int | None = None,
                    actor: str = "") -> CaseInfo:
    """Move a case one step (file, investigate, suspend, resume, mediate, withdraw, transfer, close).

    A penalty decision carries amounts and the legal-review rule: use ``decide_case``.
    """
    goal = CaseState(target)
    if goal is CaseState.DECIDED:
        raise InvalidInput("a decision records its penalty: use decide", code="case_use_decide")
    async with uow() as s:
        case = await _load(s, number)
        await _check_actor(s, case, actor_id)
        await _move(s, settings, case, goal, on=on, reason=reason, actor_id=actor_id, actor=actor)
        await s.commit()
    return await get_case(uow, settings, number)


async def decide_case(
    uow: UnitOfWork,
    settings: Settings,
    number: str,
    *,
    fine_cny: Decimal = Decimal(0),
    confiscation_cny: Decimal = Decimal(0),
    goods_confiscated: str = "",
    reason: str = "",
    on: date | None = None,
    actor_id: int | None = None,
    actor: str = "",
) -> CaseInfo:
    """处理决定 / 行政处罚: record the penalty; above the threshold only after an approved legal review."""
    fine, confiscation = Decimal(fine_cny), Decimal(confiscation_cny)
    async with uow() as s:
        case = await _load(s, number)
        await _check_actor(s, case, actor_id)
        rules.check_transition(CaseState(case.state), CaseState.DECIDED)
        review = None
        if case.legal_review_by_id is not None and case.legal_review_approved is not None:
            reviewer = await _officer(s, case.legal_review_by_id)
            assert reviewer is not None
            review = rules.LegalReview(reviewer_id=case.legal_review_by_id, reviewer_role=reviewer.role,
                                       approved=case.legal_review_approved,
                                       amount_cny=case.legal_review_cny or Decimal(0))
        rules.check_legal_review(fine, confiscation, _threshold(settings), review, actor_id)
        case.fine_cny, case.confiscation_cny, case.goods_confiscated = fine, confiscation, goods_confiscated
        text = reason or f"fine {fine}, confiscation {confiscation}"
        await _move(s, settings, case, CaseState.DECIDED, on=on, reason=text, actor_id=actor_id, actor=actor)
        await s.commit()
    return await get_case(uow, settings, number)


async def review_case(uow: UnitOfWork, settings: Settings, number: str, *, reviewer_id: int, approved: bool,
                      amount_cny: Decimal, note: str = "", at: datetime | None = None) -> CaseInfo:
    """法制审核: a reviewer (not the officer in charge) approves or refuses a proposed penalty."""
    async with uow() as s:
        case = await _load(s, number)
        if CaseState(case.state) not in (CaseState.INVESTIGATING, CaseState.FILED):
            raise InvalidInput(f"case {number} is {case.state}: legal review comes before the decision",
                               code="case_review_state", state=case.state)
        reviewer = await _officer(s, reviewer_id)
        assert reviewer is not None and case.id is not None
        rules.check_reviewer(reviewer_id, reviewer.role, case.officer_in_charge_id)
        if Decimal(amount_cny) < 0:
            raise InvalidInput("the reviewed amount cannot be negative", code="case_negative_amount")
        case.legal_review_by_id, case.legal_review_approved = reviewer_id, approved
        case.legal_review_cny, case.legal_review_note = Decimal(amount_cny), note
        case.legal_review_at = at or CLOCK.now()
        s.add(case)
        audit(s, "case.legal_review", actor_id=reviewer_id, entity="case", entity_id=case.id, number=number,
              approved=approved, amount_cny=str(amount_cny), note=note)
        await s.commit()
    return await get_case(uow, settings, number)
