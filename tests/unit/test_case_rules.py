"""The case rules on their own: every move allowed and refused, deadlines, legal review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from inspection.domain.cases import (
    TRANSITIONS,
    IllegalTransition,
    LegalReview,
    LegalReviewRequired,
    allowed_next,
    check_legal_review,
    check_reason,
    check_reviewer,
    check_transition,
    closed_on_time,
    days_suspended,
    due_date,
    effective_due_date,
    on_time_rate,
    statutory_days,
)
from inspection.domain.enums import CaseState as S
from inspection.domain.errors import Forbidden, InvalidInput

ALLOWED = {
    (S.RECEIVED, S.FILED), (S.RECEIVED, S.WITHDRAWN), (S.RECEIVED, S.TRANSFERRED),
    (S.FILED, S.INVESTIGATING), (S.FILED, S.SUSPENDED), (S.FILED, S.WITHDRAWN), (S.FILED, S.TRANSFERRED),
    (S.INVESTIGATING, S.SUSPENDED), (S.INVESTIGATING, S.DECIDED), (S.INVESTIGATING, S.MEDIATED),
    (S.INVESTIGATING, S.WITHDRAWN), (S.INVESTIGATING, S.TRANSFERRED),
    (S.SUSPENDED, S.INVESTIGATING), (S.SUSPENDED, S.WITHDRAWN),
    (S.DECIDED, S.CLOSED), (S.MEDIATED, S.CLOSED), (S.WITHDRAWN, S.CLOSED), (S.TRANSFERRED, S.CLOSED),
}
EVERY_PAIR = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_each_move_of_the_life_cycle_is_allowed(current: S, target: S) -> None:
    check_transition(current, target)
    assert target.value in [s.value for s in allowed_next(current)]


@pytest.mark.parametrize(("current", "target"), [p for p in EVERY_PAIR if p not in ALLOWED])
def test_every_other_move_is_refused_with_what_is_allowed_instead(current: S, target: S) -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_transition(current, target)
    assert refused.value.params["current"] == current.value
    assert target.value in str(refused.value)


def test_the_table_has_exactly_the_documented_moves_and_a_closed_case_moves_no_more() -> None:
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED
    assert allowed_next(S.CLOSED) == []


def test_suspending_withdrawing_transferring_and_mediating_need_a_reason() -> None:
    for target in (S.SUSPENDED, S.WITHDRAWN, S.TRANSFERRED, S.MEDIATED):
        with pytest.raises(InvalidInput):
            check_reason(target, "  ")
    check_reason(S.INVESTIGATING, "")
    check_reason(S.CLOSED, "")


def test_the_statutory_period_comes_from_configuration_with_other_as_fallback() -> None:
    days = {"patent_dispute": 90, "trademark_infringement": 60, "other": 30}
    assert statutory_days("patent_dispute", days) == 90
    assert statutory_days("trademark_infringement", days) == 60
    assert statutory_days("copyright_infringement", days) == 30
    with pytest.raises(InvalidInput):
        statutory_days("patent_dispute", {})


def test_days_spent_suspended_push_the_due_date_back() -> None:
    filed = date(2025, 3, 1)
    assert due_date(filed, 90) == date(2025, 5, 30)
    first = days_suspended(date(2025, 3, 10), date(2025, 3, 20))
    second = days_suspended(date(2025, 4, 1), date(2025, 4, 6))
    assert (first, second) == (10, 5)
    assert due_date(filed, 90, first + second) == date(2025, 6, 14)


def test_a_running_suspension_moves_the_due_date_day_by_day() -> None:
    due = date(2025, 5, 30)
    assert effective_due_date(due, None, date(2025, 5, 1)) == due
    assert effective_due_date(due, date(2025, 5, 1), date(2025, 5, 11)) == date(2025, 6, 9)
    assert effective_due_date(None, None, date(2025, 5, 1)) is None


def test_a_resumption_before_its_suspension_is_refused() -> None:
    with pytest.raises(InvalidInput):
        days_suspended(date(2025, 3, 10), date(2025, 3, 9))


def test_closed_on_time_compares_the_outcome_with_the_due_date() -> None:
    assert closed_on_time(date(2025, 5, 30), date(2025, 5, 30))
    assert not closed_on_time(date(2025, 5, 31), date(2025, 5, 30))
    assert closed_on_time(date(2025, 5, 31), None)  # never filed: no period was running


def test_the_on_time_rate_is_none_when_nothing_closed() -> None:
    assert on_time_rate(0, 0) is None
    assert on_time_rate(12, 12) == 1.0
    assert on_time_rate(4, 3) == 0.75


THRESHOLD = Decimal("10000")


def _review(**kw: object) -> LegalReview:
    fields: dict[str, object] = {"reviewer_id": 9, "reviewer_role": "reviewer", "approved": True,
                                 "amount_cny": Decimal("20000")}
    fields.update(kw)
    return LegalReview(**fields)  # type: ignore[arg-type]


def test_a_penalty_at_or_below_the_threshold_needs_no_review() -> None:
    check_legal_review(Decimal("8000"), Decimal("2000"), THRESHOLD, None, decided_by_id=1)


def test_a_penalty_above_the_threshold_without_an_approved_review_is_refused() -> None:
    with pytest.raises(LegalReviewRequired, match="10001"):
        check_legal_review(Decimal("10000"), Decimal("1"), THRESHOLD, None, decided_by_id=1)
    with pytest.raises(LegalReviewRequired):
        check_legal_review(Decimal("15000"), Decimal(0), THRESHOLD, _review(approved=False), decided_by_id=1)


def test_the_review_must_be_by_a_second_person_with_the_reviewer_role_covering_the_amount() -> None:
    check_legal_review(Decimal("15000"), Decimal(0), THRESHOLD, _review(), decided_by_id=1)
    with pytest.raises(LegalReviewRequired):
        check_legal_review(Decimal("15000"), Decimal(0), THRESHOLD, _review(reviewer_id=1), decided_by_id=1)
    with pytest.raises(LegalReviewRequired):
        check_legal_review(Decimal("15000"), Decimal(0), THRESHOLD, _review(reviewer_role="officer"), decided_by_id=1)
    with pytest.raises(LegalReviewRequired, match="covered 20000"):
        check_legal_review(Decimal("25000"), Decimal(0), THRESHOLD, _review(), decided_by_id=1)


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(InvalidInput):
        check_legal_review(Decimal("-1"), Decimal(0), THRESHOLD, None, decided_by_id=1)


def test_only_a_reviewer_other_than_the_officer_in_charge_may_review() -> None:
    check_reviewer(9, "reviewer", officer_in_charge_id=1)
    with pytest.raises(Forbidden):
        check_reviewer(9, "coordinator", officer_in_charge_id=1)
    with pytest.raises(Forbidden):
        check_reviewer(1, "reviewer", officer_in_charge_id=1)
