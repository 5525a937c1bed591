"""Case figures for a period: counted in the database (COUNT FILTER, SUM), never row by row.

The counting rules are those of ``inspection.domain.cases``: received and carried over, filed,
closed by outcome, suspended, the on-time closure rate, fines and confiscations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from inspection.domain.cases import on_time_rate
from inspection.domain.enums import CaseState, CaseType
from inspection.domain.errors import InvalidInput
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, Campaign, Case, CaseEvent

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CaseFigures:
    received: int
    carried_over: int
    filed: int
    closed: int
    suspended: int
    decided: int
    mediated: int
    withdrawn: int
    transferred: int
    on_time_rate: float | None
    fines_cny: Decimal
    confiscation_cny: Decimal
    closed_on_time: int = 0
    open_at_end: int = 0  # carried over into the next period

    @property
    def penalties_cny(self) -> Decimal:
        """罚没金额: fines and confiscations together."""
        return self.fines_cny + self.confiscation_cny


def _money(value: Any) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def decided_within(start: date, end: date) -> Any:
    """A penalty decision taken in [start, end]: its fine and confiscation count in that period's 罚没金额."""
    return sa.and_(col(Case.outcome) == CaseState.DECIDED.value, col(Case.outcome_on) >= start,
                   col(Case.outcome_on) <= end)


def _scoped(stmt: Any, agency: str | None, campaign: str | None, case_type: str | None) -> Any:
    if agency is not None:
        stmt = stmt.join(Agency, col(Agency.id) == col(Case.agency_id)).where(col(Agency.code) == agency)
    if campaign is not None:
        stmt = stmt.join(Campaign, col(Campaign.id) == col(Case.campaign_id)).where(col(Campaign.code) == campaign)
    if case_type is not None:
        stmt = stmt.where(col(Case.case_type) == CaseType(case_type).value)
    return stmt


async def case_figures(
    uow: UnitOfWork,
    *,
    start: date,
    end: date,
    agency: str | None = None,
    campaign: str | None = None,
    case_type: str | None = None,
) -> CaseFigures:
    """The case figures for [start, end] (both days included), optionally for one agency (code),
    campaign (code) or case type."""
    if end < start:
        raise InvalidInput(f"the period ends ({end}) before it starts ({start})", code="bad_period")

    def within(column: Any) -> Any:
        return sa.and_(column >= start, column <= end)

    closed_in = within(col(Case.closed_on))
    decided_in = decided_within(start, end)
    open_at = sa.or_(col(Case.closed_on).is_(None), col(Case.closed_on) > end)

    def count(cond: Any) -> Any:
        return sa.func.count().filter(cond)

    def closed_as(outcome: CaseState) -> Any:
        return count(sa.and_(closed_in, col(Case.outcome) == outcome.value))

    main = _scoped(
        sa.select(
            count(within(col(Case.received_on))),
            count(sa.and_(col(Case.received_on) < start,
                          sa.or_(col(Case.closed_on).is_(None), col(Case.closed_on) >= start))),
            count(within(col(Case.filed_on))),
            count(closed_in),
            closed_as(CaseState.DECIDED),
            closed_as(CaseState.MEDIATED),
            closed_as(CaseState.WITHDRAWN),
            closed_as(CaseState.TRANSFERRED),
            count(sa.and_(closed_in, col(Case.closed_on_time).is_(True))),
            sa.func.sum(col(Case.fine_cny)).filter(decided_in),
            sa.func.sum(col(Case.confiscation_cny)).filter(decided_in),
            count(sa.and_(col(Case.received_on) <= end, open_at)),
        ).select_from(Case),
        agency, campaign, case_type,
    )
    suspended = _scoped(
        sa.select(sa.func.count(sa.distinct(col(CaseEvent.case_id))))
        .select_from(CaseEvent)
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(col(CaseEvent.to_state) == CaseState.SUSPENDED.value, within(col(CaseEvent.on_date))),
        agency, campaign, case_type,
    )
    async with uow() as s:
        row = (await s.exec(main)).one()
        suspended_count = (await s.exec(suspended)).scalar_one()
    (received, carried, filed, closed, decided, mediated, withdrawn, transferred, on_time, fines, confiscated,
     open_end) = row
    return CaseFigures(
        received=int(received), carried_over=int(carried), filed=int(filed), closed=int(closed),
        suspended=int(suspended_count), decided=int(decided), mediated=int(mediated), withdrawn=int(withdrawn),
        transferred=int(transferred), on_time_rate=on_time_rate(int(closed), int(on_time)),
        fines_cny=_money(fines), confiscation_cny=_money(confiscated), closed_on_time=int(on_time),
        open_at_end=int(open_end),
    )
