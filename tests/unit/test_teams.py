"""Team rules and team formation: certificates, leave days, joint teams, the agencies sites need."""

from __future__ import annotations

from datetime import date

from inspection.domain.jurisdiction import SiteRule
from inspection.domain.teams import LeaveDays, OfficerProfile, TeamRules, team_problems, unavailability
from inspection.planning.model import SiteNeed
from inspection.planning.teams import form_teams, suggest_replacement

DAY = date(2026, 4, 22)
AGENCIES = {"IPO": "ip_office", "AMR": "market_regulation", "DRUG": "drug_administration", "TOB": "tobacco"}


def officer(id: int, agency: str = "IPO", *, expires: date | None = date(2030, 1, 1), role: str = "officer",
            active: bool = True) -> OfficerProfile:
    return OfficerProfile(id, f"执法员{id}", agency, AGENCIES[agency], role, f"C{id}", expires, active)


def codes(problems: list) -> set[str]:  # type: ignore[type-arg]
    return {p.code for p in problems}


def test_an_expired_certificate_keeps_an_officer_home_with_the_date_given() -> None:
    problem = unavailability(officer(1, expires=date(2026, 4, 21)), DAY, [], ["IPO"])
    assert problem is not None and problem.code == "certificate_expired"
    assert problem.params == {"expires_on": "2026-04-21"}


def test_a_certificate_expiring_on_the_raid_day_is_still_valid() -> None:
    assert unavailability(officer(1, expires=DAY), DAY, [], ["IPO"]) is None


def test_leave_days_cover_their_first_and_last_day_only() -> None:
    leave = [LeaveDays(1, date(2026, 4, 20), date(2026, 4, 22), "年假")]
    assert unavailability(officer(1), DAY, leave, ["IPO"]).code == "on_leave"  # type: ignore[union-attr]
    assert unavailability(officer(1), date(2026, 4, 23), leave, ["IPO"]) is None


def test_an_officer_of_an_agency_outside_the_campaign_is_not_called() -> None:
    assert unavailability(officer(1, "TOB"), DAY, [], ["IPO", "AMR"]).code == "agency_not_participating"  # type: ignore[union-attr]


def test_a_team_needs_two_valid_certificates() -> None:
    members = [officer(1), officer(2, "AMR", expires=date(2025, 1, 1))]
    assert "too_few_certificates" in codes(team_problems(members, 1, DAY, TeamRules()))


def test_a_single_agency_team_is_refused_on_a_joint_raid() -> None:
    members = [officer(1), officer(2)]
    assert "single_agency" in codes(team_problems(members, 1, DAY, TeamRules(joint=True)))
    assert team_problems(members, 1, DAY, TeamRules(joint=False)) == []


def test_a_team_without_the_needed_agency_is_told_which_kind_is_missing() -> None:
    members = [officer(1), officer(2, "AMR")]
    problems = team_problems(members, 1, DAY, TeamRules(), needed_kinds={"drug_administration"})
    assert [p.params for p in problems if p.code == "missing_agency"] == [{"kinds": ["drug_administration"]}]


def test_a_leader_must_be_a_member() -> None:
    assert "leader_not_member" in codes(team_problems([officer(1), officer(2, "AMR")], 9, DAY, TeamRules()))


def test_formation_mixes_agencies_and_spreads_the_scarce_specialists() -> None:
    officers = [officer(i, "IPO") for i in range(1, 5)] + [officer(i, "AMR") for i in range(5, 9)]
    officers += [officer(9, "DRUG"), officer(10, "DRUG")]
    result = form_teams(officers, [], DAY, AGENCIES, [], TeamRules(2, 5), max_teams=2)
    assert len(result.teams) == 2
    for team in result.teams:
        assert {"ip_office", "market_regulation", "drug_administration"} <= team.kinds
        assert 2 <= len(team.member_ids) <= 5


def test_formation_explains_every_officer_left_out() -> None:
    officers = [officer(1, "IPO", role="team_leader"), officer(2, "AMR"), officer(3, "AMR", active=False),
                officer(4, "IPO", expires=date(2026, 1, 31)), officer(5, "AMR")]
    leaves = [LeaveDays(5, DAY, DAY, "培训")]
    result = form_teams(officers, leaves, DAY, AGENCIES, [], TeamRules(2, 5))
    assert [t.member_ids for t in result.teams] == [(1, 2)]
    assert result.teams[0].leader_id == 1
    reasons = {x.officer_id: x.problem.code for x in result.left_out}
    assert reasons == {3: "officer_inactive", 4: "certificate_expired", 5: "on_leave"}


def test_a_pharmacy_with_no_drug_administration_officer_available_is_explained() -> None:
    officers = [officer(1, "IPO"), officer(2, "AMR"), officer(3, "DRUG")]
    leaves = [LeaveDays(3, DAY, DAY)]
    pharmacy = SiteNeed(77, SiteRule(needs=frozenset({"drug_administration"})))
    result = form_teams(officers, leaves, DAY, AGENCIES, [pharmacy], TeamRules(2, 5))
    assert [(u.site_key, u.problem.code, u.problem.params) for u in result.unplaceable] == [
        (77, "no_officer_of_kind", {"kinds": ["drug_administration"]})]


def test_too_few_officers_form_no_team_and_every_site_is_explained() -> None:
    result = form_teams([officer(1)], [], DAY, AGENCIES, [SiteNeed(5, SiteRule())], TeamRules(2, 5))
    assert result.teams == []
    assert [x.problem.code for x in result.left_out] == ["too_few_officers"]
    assert [u.problem.code for u in result.unplaceable] == ["no_teams"]


def test_surplus_officers_beyond_the_largest_teams_are_left_out_as_teams_full() -> None:
    officers = [officer(i, "IPO" if i % 2 else "AMR") for i in range(1, 8)]
    result = form_teams(officers, [], DAY, AGENCIES, [], TeamRules(2, 3), max_teams=2)
    assert sum(len(t.member_ids) for t in result.teams) == 6
    assert [x.problem.code for x in result.left_out] == ["teams_full"]


def test_the_replacement_for_a_declining_specialist_is_of_the_same_kind() -> None:
    team = [officer(1, "IPO"), officer(2, "DRUG"), officer(3, "AMR")]
    candidates = [officer(10, "AMR"), officer(11, "DRUG")]
    chosen = suggest_replacement(team, 2, candidates, DAY, TeamRules(2, 5), {"drug_administration"})
    assert chosen is not None and chosen.id == 11


def test_no_replacement_is_suggested_when_nobody_keeps_the_team_legal() -> None:
    team = [officer(1, "IPO"), officer(2, "DRUG")]
    assert suggest_replacement(team, 2, [officer(10, "AMR")], DAY, TeamRules(2, 5), {"drug_administration"}) is None


def test_teams_are_formed_for_the_days_sites_so_pharmacies_get_their_drug_officers() -> None:
    # Many scarce kinds fill two teams before the drug officers are dealt, unless the day's
    # pharmacies put drug administration first.
    agencies = {**AGENCIES, "CUL": "culture", "QTS": "quality_supervision"}
    officers = [OfficerProfile(i, f"执法员{i}", code, agencies[code], "officer", f"C{i}", date(2030, 1, 1))
                for i, code in enumerate(["TOB", "TOB", "CUL", "CUL", "QTS", "QTS", "QTS", "IPO", "IPO", "IPO",
                                          "DRUG", "DRUG", "DRUG", "DRUG"], start=1)]
    pharmacies = [SiteNeed(k, SiteRule(needs=frozenset({"drug_administration"}))) for k in range(100, 114)]
    result = form_teams(officers, [], DAY, agencies, pharmacies, TeamRules(2, 5), max_teams=2)
    assert len(result.teams) == 2
    assert all("drug_administration" in team.kinds for team in result.teams)
    assert result.unplaceable == []


def test_an_illegal_dealt_team_names_the_rule_it_breaks_and_its_members() -> None:
    officers = [officer(1, "IPO", role="team_leader"), officer(2, "IPO", role="team_leader"), officer(3, "IPO"),
                officer(4, "IPO"), officer(5, "AMR")]
    result = form_teams(officers, [], DAY, AGENCIES, [], TeamRules(2, 5), max_teams=2)
    refused = [x for x in result.left_out if x.problem.code == "no_legal_team"]
    assert refused, "one of the two teams has IPO officers only"
    problems = refused[0].problem.params["problems"]
    assert [p["code"] for p in problems] == ["single_agency"]
    assert refused[0].problem.params["members"] == [f"执法员{x.officer_id}" for x in refused]
