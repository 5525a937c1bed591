"""Reading cases: one case with its history, lists, and what falls due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.domain import cases as rules
from inspection.domain.enums import CaseState
from inspection.domain.errors import InvalidInput, NotFound
from inspection.services.officers import officer_row_by_certificate
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Campaign, Case, CaseEvent, CaseFinding, Officer


def today_in(settings: Settings) -> date:
    """Today's date where the service runs (settings.timezone)."""
    return CLOCK.now().astimezone(settings.tz).date()


@dataclass(frozen=True)
class CaseEventInfo:
    from_state: str
    to_state: str
    on_date: date
    actor: str
    reason: str


@dataclass(frozen=True)
class CaseInfo:
    id: int
    number: str
    agency: str
    case_type: str
    source: str
    title: str
    respondent: str
    state: str
    outcome: str
    received_on: date
    filed_on: date | None
    due_on: date | None  # as it stands today: a running suspension pushes it back
    suspended_days: int
    suspended_since: date | None
    outcome_on: date | None
    closed_on: date | None
    closed_on_time: bool | None
    officer_in_charge_id: int | None
    officer_in_charge: str
    campaign: str | None
    fine_cny: Decimal
    confiscation_cny: Decimal
    goods_confiscated: str
    mediation_agreement: str
    withdrawal_reason: str
    transferred_to: str
    legal_review_approved: bool | None
    legal_review_cny: Decimal | None
    legal_review_by: str
    allowed_next: list[str]
    finding_ids: list[int] = field(default_factory=list)
    events: list[CaseEventInfo] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return CaseState(self.state) in rules.OPEN_STATES

    @property
    def clock_running(self) -> bool:
        """Filed, not suspended and no outcome yet: the statutory period is counting down."""
        return CaseState(self.state) in rules.CLOCK_RUNNING

    def days_left(self, today: date) -> int | None:
        return None if self.due_on is None else (self.due_on - today).days


InCharge = aliased(Officer)
Reviewer = aliased(Officer)


def _base() -> Any:
    return (
        sa.select(Case, col(Agency.code), col(InCharge.name), col(Campaign.code), col(Reviewer.name))
        .join(Agency, col(Agency.id) == col(Case.agency_id))
        .outerjoin(InCharge, col(InCharge.id) == col(Case.officer_in_charge_id))
        .outerjoin(Campaign, col(Campaign.id) == col(Case.campaign_id))
        .outerjoin(Reviewer, col(Reviewer.id) == col(Case.legal_review_by_id))
    )


def _info(row: Any, today: date, *,
          finding_ids: list[int] | None = None, events: list[CaseEventInfo] | None = None) -> CaseInfo:
    case, agency, in_charge, campaign, reviewer = row
    assert case.id is not None
    return CaseInfo(
        id=case.id, number=case.number, agency=agency, case_type=case.case_type, source=case.source,
        title=case.title, respondent=case.respondent, state=case.state, outcome=case.outcome,
        received_on=case.received_on, filed_on=case.filed_on,
        due_on=rules.effective_due_date(case.due_on, case.suspended_since, today),
        suspended_days=case.suspended_days, suspended_since=case.suspended_since, outcome_on=case.outcome_on,
        closed_on=case.closed_on, closed_on_time=case.closed_on_time,
        officer_in_charge_id=case.officer_in_charge_id, officer_in_charge=in_charge or "", campaign=campaign,
        fine_cny=Decimal(case.fine_cny), confiscation_cny=Decimal(case.confiscation_cny),
        goods_confiscated=case.goods_confiscated, mediation_agreement=case.mediation_agreement,
        withdrawal_reason=case.withdrawal_reason, transferred_to=case.transferred_to,
        legal_review_approved=case.legal_review_approved, legal_review_cny=case.legal_review_cny,
        legal_review_by=reviewer or "",
        allowed_next=[s.value for s in rules.allowed_next(CaseState(case.state))],
        finding_ids=finding_ids or [], events=events or [],
    )


async def _events(s: AsyncSession, case_id: int) -> list[CaseEventInfo]:
    rows = (await s.exec(select(CaseEvent, Officer.name).outerjoin(Officer, col(Officer.id) == col(CaseEvent.actor_id))
                         .where(CaseEvent.case_id == case_id)
                         .order_by(col(CaseEvent.on_date), col(CaseEvent.id)))).all()
    return [CaseEventInfo(e.from_state, e.to_state, e.on_date, name or e.actor, e.reason) for e, name in rows]


async def get_case(uow: UnitOfWork, settings: Settings, number: str) -> CaseInfo:
    """One case with its findings and its full history."""
    async with uow() as s:
        row = (await s.exec(_base().where(col(Case.number) == number))).first()
        if row is None:
            raise NotFound(f"no case numbered {number}", code="case_not_found", number=number)
        case_id = row[0].id
        findings = (await s.exec(select(CaseFinding.finding_id).where(CaseFinding.case_id == case_id)
                                 .order_by(col(CaseFinding.finding_id)))).all()
        events = await _events(s, case_id)
    return _info(row, today_in(settings), finding_ids=list(findings), events=events)


async def list_cases(
    uow: UnitOfWork,
    settings: Settings,
    *,
    state: CaseState | str | None = None,
    open_only: bool = False,
    officer_id: int | None = None,
    agency: str | None = None,
    limit: int = 200,
) -> list[CaseInfo]:
    """Cases, most urgent first (due date, then number), filtered as asked."""
    stmt = _base()
    if state is not None:
        stmt = stmt.where(col(Case.state) == CaseState(state).value)
    if open_only:
        stmt = stmt.where(col(Case.state).in_([s.value for s in rules.OPEN_STATES]))
    if officer_id is not None:
        stmt = stmt.where(col(Case.officer_in_charge_id) == officer_id)
    if agency is not None:
        stmt = stmt.where(col(Agency.code) == agency)
    stmt = stmt.order_by(col(Case.due_on).is_(None), col(Case.due_on), col(Case.number)).limit(limit)
    async with uow() as s:
        rows = (await s.exec(stmt)).all()
    today = today_in(settings)
    return [_info(r, today) for r in rows]


async def cases_due(uow: UnitOfWork, settings: Settings, *, within_days: int, today: date | None = None,
                    officer_id: int | None = None) -> list[CaseInfo]:
    """Open cases whose clock is running and whose due date falls within ``within_days`` (overdue included)."""
    if within_days < 0:
        raise InvalidInput("the look-ahead cannot be negative", code="bad_within", within=within_days)
    day = today or today_in(settings)
    horizon = day + timedelta(days=within_days)
    stmt = _base().where(
        col(Case.state).in_([s.value for s in rules.CLOCK_RUNNING]), col(Case.due_on) <= horizon,
    )
    if officer_id is not None:
        stmt = stmt.where(col(Case.officer_in_charge_id) == officer_id)
    stmt = stmt.order_by(col(Case.due_on), col(Case.number))
    async with uow() as s:
        rows = (await s.exec(stmt)).all()
    return [_info(r, day) for r in rows]


async def officer_id_for(uow: UnitOfWork, reference: str) -> int:
    """An officer named by enforcement certificate number (or by id, written as digits)."""
    async with uow() as s:
        try:
            officer: Officer | None = await officer_row_by_certificate(s, reference)
        except NotFound:
            officer = await s.get(Officer, int(reference)) if reference.strip().isdigit() else None
            if officer is None:
                raise
    assert officer is not None and officer.id is not None
    return officer.id


async def case_number_for(uow: UnitOfWork, case_id: int) -> str:
    """The number of the case with this id (buttons carry ids, which stay short)."""
    async with uow() as s:
        number = (await s.exec(select(Case.number).where(Case.id == case_id))).first()
    if number is None:
        raise NotFound(f"no case with id {case_id}", code="case_not_found", number=str(case_id))
    return str(number)
