"""The rules of an enforcement case, written once: life cycle, deadlines, legal review, counting.

Life cycle (受理 → 立案 → 调查 → (中止 ↔ 恢复) → 处理决定 / 调解 / 撤回 / 移送 → 结案)::

    received ─► filed ─► investigating ─► decided | mediated | withdrawn | transferred ─► closed
       │          │        ▲      │
       │          │        │      ▼
       │          └──────► suspended ─► withdrawn
       └─► withdrawn | transferred            (filed may also be withdrawn or transferred)

- "Resumed" is the move suspended → investigating (恢复调查); it is recorded as its own event, and
  the days spent suspended extend the due date.
- A received complaint may be withdrawn by the requester or transferred to the competent authority
  (移送管辖) before it is ever filed, as real offices do; no statutory period runs for it.
- A filed case may be suspended before investigation starts (e.g. the patent's validity is
  challenged at once, 中止处理), withdrawn or transferred.
- A suspended case is resumed, or withdrawn (the requester gives up while it waits).
- Every outcome is followed by closing (结案); a closed case moves no more.

Deadlines (办案期限): the statutory period for the case type (``deadline_days``) runs from the filing
date; the days spent suspended are not counted, so each suspension pushes the due date back by its
length. A case is closed on time when its outcome was reached on or before its due date; a case
that was never filed has no period running and counts as on time.

Legal review (法制审核): a penalty (fine + confiscation) above the threshold needs the approval of a
reviewer — a second person with the reviewer role, not the officer in charge nor the one recording
the decision — covering at least that amount, before the decision is recorded.

Counting rules for a period [start, end] (both days included):
- received: cases received in the period; carried over: received before the start and not closed
  before it (open at the period start, 转接上年);
- filed: filing date in the period; closed (结案): closing date in the period, split by outcome
  (decided 处理, mediated 调解, withdrawn 撤回, transferred 移送);
- suspended: distinct cases suspended (中止) at least once during the period;
- on-time rate: of the cases closed in the period, the share closed on time (None when none closed);
- fines and confiscations: amounts of penalty decisions made in the period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from inspection.domain.enums import CaseState, CaseType, OfficerRole
from inspection.domain.errors import DomainError, Forbidden, InvalidInput

S = CaseState

TRANSITIONS: Mapping[CaseState, frozenset[CaseState]] = {
    S.RECEIVED: frozenset({S.FILED, S.WITHDRAWN, S.TRANSFERRED}),
    S.FILED: frozenset({S.INVESTIGATING, S.SUSPENDED, S.WITHDRAWN, S.TRANSFERRED}),
    S.INVESTIGATING: frozenset({S.SUSPENDED, S.DECIDED, S.MEDIATED, S.WITHDRAWN, S.TRANSFERRED}),
    S.SUSPENDED: frozenset({S.INVESTIGATING, S.WITHDRAWN}),
    S.DECIDED: frozenset({S.CLOSED}),
    S.MEDIATED: frozenset({S.CLOSED}),
    S.WITHDRAWN: frozenset({S.CLOSED}),
    S.TRANSFERRED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}

OUTCOMES: frozenset[CaseState] = frozenset({S.DECIDED, S.MEDIATED, S.WITHDRAWN, S.TRANSFERRED})
# Open = not closed yet; an outcome reached still awaits closing (结案).
OPEN_STATES: frozenset[CaseState] = frozenset(set(CaseState) - {S.CLOSED})
# Moves that must say why (the reason is kept on the case and in its history).
REASON_REQUIRED: frozenset[CaseState] = frozenset({S.SUSPENDED, S.MEDIATED, S.WITHDRAWN, S.TRANSFERRED})
# States in which the statutory clock runs (filed and not suspended, no outcome yet).
CLOCK_RUNNING: frozenset[CaseState] = frozenset({S.FILED, S.INVESTIGATING})


class IllegalTransition(DomainError):
    code = "case_illegal_transition"


class LegalReviewRequired(DomainError):
    code = "case_legal_review_required"


def allowed_next(state: CaseState) -> list[CaseState]:
    """The states a case in ``state`` may move to, in life-cycle order."""
    order = list(CaseState)
    return sorted(TRANSITIONS[state], key=order.index)


def check_transition(current: CaseState, target: CaseState) -> None:
    """Refuse a move the life cycle does not allow, naming what is allowed instead."""
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(s.value for s in allowed_next(current)) or "none (the case is closed)"
        raise IllegalTransition(
            f"a case cannot move from {current.value} to {target.value}; allowed: {allowed}",
            current=current.value, target=target.value, allowed=allowed,
        )


def check_reason(target: CaseState, reason: str) -> None:
    if target in REASON_REQUIRED and not reason.strip():
        raise InvalidInput(f"moving a case to {target.value} needs a reason", code="case_reason_required",
                           target=target.value)


def is_resumption(current: CaseState, target: CaseState) -> bool:
    return current is S.SUSPENDED and target is S.INVESTIGATING


def statutory_days(case_type: CaseType | str, deadline_days: Mapping[str, int]) -> int:
    """The handling period for ``case_type``; ``other`` applies to a type with no entry."""
    key = CaseType(case_type).value
    if key in deadline_days:
        return int(deadline_days[key])
    if "other" in deadline_days:
        return int(deadline_days["other"])
    raise InvalidInput(f"no statutory period configured for case type {key} (cases.deadline_days)",
                       code="case_no_deadline", case_type=key)


def due_date(filed_on: date, period_days: int, suspended_days: int = 0) -> date:
    """The last day to reach an outcome: filing date + period, pushed back by the days suspended."""
    return filed_on + timedelta(days=period_days + suspended_days)


def days_suspended(suspended_since: date, resumed_on: date) -> int:
    """Days a suspension lasted (the day of resumption is a working day again)."""
    if resumed_on < suspended_since:
        raise InvalidInput(f"resumption on {resumed_on} precedes the suspension on {suspended_since}",
                           code="case_date_order", earlier=str(suspended_since), later=str(resumed_on))
    return (resumed_on - suspended_since).days


def effective_due_date(due_on: date | None, suspended_since: date | None, today: date) -> date | None:
    """The due date as it stands today: a running suspension pushes it back day by day."""
    if due_on is None:
        return None
    if suspended_since is not None:
        return due_on + timedelta(days=max(0, (today - suspended_since).days))
    return due_on


def closed_on_time(outcome_on: date | None, due_on: date | None) -> bool:
    """On time when the outcome came no later than the due date (no period running: on time)."""
    if due_on is None or outcome_on is None:
        return True
    return outcome_on <= due_on


@dataclass(frozen=True)
class LegalReview:
    reviewer_id: int
    reviewer_role: str
    approved: bool
    amount_cny: Decimal


def needs_legal_review(fine_cny: Decimal, confiscation_cny: Decimal, threshold_cny: Decimal) -> bool:
    return fine_cny + confiscation_cny > threshold_cny


def check_reviewer(reviewer_id: int, reviewer_role: str, officer_in_charge_id: int | None) -> None:
    """Only a reviewer (法制审核人员) other than the officer in charge may review."""
    if reviewer_role != OfficerRole.REVIEWER.value:
        raise Forbidden("legal review needs an officer with the reviewer role", code="case_not_reviewer")
    if reviewer_id == officer_in_charge_id:
        raise Forbidden("the officer in charge cannot review their own case", code="case_review_by_self")


def check_legal_review(
    fine_cny: Decimal,
    confiscation_cny: Decimal,
    threshold_cny: Decimal,
    review: LegalReview | None,
    decided_by_id: int | None,
) -> None:
    """Refuse to record a penalty above the threshold without an approving review by a second person."""
    if fine_cny < 0 or confiscation_cny < 0:
        raise InvalidInput("fine and confiscation amounts cannot be negative", code="case_negative_amount")
    total = fine_cny + confiscation_cny
    if not needs_legal_review(fine_cny, confiscation_cny, threshold_cny):
        return
    if review is None or not review.approved:
        raise LegalReviewRequired(
            f"a penalty of {total} yuan exceeds {threshold_cny} yuan: it needs an approved legal review first",
            total=str(total), threshold=str(threshold_cny),
        )
    if review.reviewer_role != OfficerRole.REVIEWER.value or review.reviewer_id == decided_by_id:
        raise LegalReviewRequired("the legal review must be done by a second person with the reviewer role",
                                  total=str(total), threshold=str(threshold_cny))
    if total > review.amount_cny:
        raise LegalReviewRequired(
            f"the legal review covered {review.amount_cny} yuan, less than the penalty of {total} yuan",
            total=str(total), threshold=str(review.amount_cny),
        )


def on_time_rate(closed: int, closed_on_time_count: int) -> float | None:
    """Share of cases closed on time, None when nothing was closed."""
    return None if closed == 0 else closed_on_time_count / closed


def may_move_case(*, actor_id: int, actor_role: str, actor_agency_id: int, in_charge_id: int | None,
                  case_agency_id: int) -> bool:
    """The officer in charge moves a case; so does a coordinator (or admin) of the handling agency."""
    from inspection.domain.enums import COORDINATOR_ROLES

    if in_charge_id is not None and actor_id == in_charge_id:
        return True
    return actor_role in COORDINATOR_ROLES and actor_agency_id == case_agency_id
