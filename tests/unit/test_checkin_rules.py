"""The check-in rules: which locations count, the nearest visit, the radius; embargoed targets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from inspection.domain.checkin import (
    CONFIRM_WINDOW_S,
    Candidate,
    CheckinPolicy,
    FixProblem,
    LocationFix,
    confirmation_expired,
    distance_m,
    fix_problem,
    nearest_visit,
)
from inspection.domain.embargo import targets_hidden

NOW = datetime(2026, 4, 21, 2, 0, tzinfo=UTC)
POLICY = CheckinPolicy(radius_m=300, max_age_s=120)


def fix(lat: float = 23.0, lon: float = 101.0, **kw: object) -> LocationFix:
    return LocationFix(lat=lat, lon=lon, taken_at=kw.pop("taken_at", NOW), **kw)  # type: ignore[arg-type]


def test_a_fresh_first_hand_location_is_accepted() -> None:
    assert fix_problem(fix(), NOW + timedelta(seconds=120), POLICY) is None


def test_a_forwarded_location_is_refused_however_fresh() -> None:
    assert fix_problem(fix(forwarded=True), NOW, POLICY) is FixProblem.FORWARDED


def test_a_location_older_than_the_limit_is_refused() -> None:
    assert fix_problem(fix(), NOW + timedelta(seconds=121), POLICY) is FixProblem.TOO_OLD


def test_one_thousandth_of_a_degree_of_latitude_is_about_110_metres() -> None:
    assert 110 < distance_m(23.0, 101.0, 23.001, 101.0) < 111


def test_the_nearest_candidate_wins_and_the_radius_decides_inside() -> None:
    candidates = [Candidate(1, 23.01, 101.0), Candidate(2, 23.001, 101.0)]
    match = nearest_visit(fix(), candidates, POLICY)
    assert match is not None and match.visit_id == 2 and match.inside
    far = nearest_visit(fix(23.005, 101.0), [Candidate(1, 23.0, 101.0)], POLICY)
    assert far is not None and not far.inside and far.distance_m > 300


def test_no_candidates_means_no_match() -> None:
    assert nearest_visit(fix(), [], POLICY) is None


@given(st.floats(-89, 89), st.floats(-179, 179), st.floats(-89, 89), st.floats(-179, 179))
def test_distance_is_symmetric_and_never_negative(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    d = distance_m(lat1, lon1, lat2, lon2)
    assert d >= 0 and abs(d - distance_m(lat2, lon2, lat1, lon1)) < 1e-3


def test_an_outside_check_in_can_be_confirmed_within_the_window_only() -> None:
    assert not confirmation_expired(NOW, NOW + timedelta(seconds=120 + CONFIRM_WINDOW_S), POLICY)
    assert confirmation_expired(NOW, NOW + timedelta(seconds=121 + CONFIRM_WINDOW_S), POLICY)


def test_surprise_targets_stay_hidden_until_release() -> None:
    assert targets_hidden(True, NOW, NOW - timedelta(minutes=1))
    assert not targets_hidden(True, NOW, NOW)
    assert targets_hidden(True, None, NOW)
    assert not targets_hidden(False, None, NOW)
