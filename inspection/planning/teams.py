"""Team formation for a raid day: legal, mixed-agency teams that can take the day's sites.

Officers who can go are dealt to teams like cards: leaders first (one per team), then one
officer of each agency kind the day's sites need per team (the kind most sites need first), then
the rest agency by agency, scarcest kind first, round-robin — so rare specialists (drug administration, tobacco)
end up on different teams and every team mixes agencies. Every officer left out and every site
no team can legally take is explained with a ``Problem``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from inspection.domain.jurisdiction import SiteRule
from inspection.domain.teams import (
    MIN_CERTIFIED,
    LeaveDays,
    OfficerProfile,
    Problem,
    TeamRules,
    leader_rank,
    team_problems,
    unavailability,
)
from inspection.planning.model import FormedTeam, LeftOut, SiteNeed, TeamFormation, Unplaceable


def _team_count(available: int, rules: TeamRules, max_teams: int | None) -> int:
    count = available // max(rules.size_min, MIN_CERTIFIED)
    return min(count, max_teams) if max_teams is not None else count


def _place(team_list: list[list[OfficerProfile]], o: OfficerProfile, turn: int, size_max: int,
           mixed_only: bool) -> int | None:
    """Put ``o`` on the smallest team with room (preferring one without its kind when ``mixed_only``;
    ties go round-robin from ``turn``); returns the next turn, or None when no team can take them."""
    count = len(team_list)
    fits = [(len(team_list[i]), (i - turn) % count, i) for i in range(count)
            if len(team_list[i]) < size_max
            and (not mixed_only or o.agency_kind not in {m.agency_kind for m in team_list[i]})]
    if not fits:
        return None
    _, _, chosen = min(fits)
    team_list[chosen].append(o)
    return (chosen + 1) % count


def _deal(officers: list[OfficerProfile], count: int, size_max: int, wanted: Sequence[str] = ()
          ) -> tuple[list[list[OfficerProfile]], list[OfficerProfile]]:
    """Leaders first; then one officer of each kind the day's sites want per team (most wanted
    first); then the rest, scarcest kind first."""
    teams: list[list[OfficerProfile]] = [[] for _ in range(count)]
    leaders = sorted(officers, key=leader_rank)[:count]
    for team, leader in zip(teams, leaders, strict=True):
        team.append(leader)
    rest = [o for o in officers if o not in leaders]
    by_kind: dict[str, list[OfficerProfile]] = defaultdict(list)
    for o in sorted(rest, key=lambda x: x.id):
        by_kind[o.agency_kind].append(o)
    queue: list[OfficerProfile] = []
    for kind in wanted:
        have = sum(1 for t in teams if kind in {m.agency_kind for m in t})
        take = max(0, count - have)
        queue += by_kind[kind][:take]
        by_kind[kind] = by_kind[kind][take:]
    for kind in sorted(by_kind, key=lambda k: (len(by_kind[k]), k)):
        queue += by_kind[kind]
    surplus: list[OfficerProfile] = []
    turn = 0
    for o in queue:
        placed = _place(teams, o, turn, size_max, True)
        if placed is None:
            placed = _place(teams, o, turn, size_max, False)
        if placed is None:
            surplus.append(o)
        else:
            turn = placed
    return teams, surplus


def wanted_kinds(sites: Sequence[SiteNeed]) -> list[str]:
    """Agency kinds the day's sites need, the most needed first; then kinds some sites accept."""
    needs: Counter[str] = Counter(k for s in sites for k in s.rule.needs)
    allows: Counter[str] = Counter(k for s in sites for k in s.rule.allows if not s.rule.allows & s.rule.needs)
    ordered = [k for k, _ in sorted(needs.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ordered + [k for k, _ in sorted(allows.items(), key=lambda kv: (-kv[1], kv[0])) if k not in needs]


def form_teams(
    officers: Sequence[OfficerProfile],
    leaves: Iterable[LeaveDays],
    day: date,
    participating_agencies: Iterable[str],
    sites: Sequence[SiteNeed],
    rules: TeamRules,
    max_teams: int | None = None,
) -> TeamFormation:
    """Teams for ``day`` and the explanation of everyone and everything left out."""
    leaves = list(leaves)
    agencies = set(participating_agencies)
    left_out: list[LeftOut] = []
    available: list[OfficerProfile] = []
    for o in sorted(officers, key=lambda x: x.id):
        problem = unavailability(o, day, leaves, agencies)
        if problem is None:
            available.append(o)
        else:
            left_out.append(LeftOut(o.id, problem))
    count = _team_count(len(available), rules, max_teams)
    joint = rules.joint and len({o.agency_code for o in available}) > 1
    team_rules = TeamRules(rules.size_min, rules.size_max, joint)
    if count == 0:
        left_out += [LeftOut(o.id, Problem("too_few_officers", {"available": len(available), "min": rules.size_min}))
                     for o in available]
        return TeamFormation([], left_out, [Unplaceable(s.key, Problem("no_teams")) for s in sites])
    dealt, surplus = _deal(available, count, rules.size_max, wanted_kinds(sites))
    left_out += [LeftOut(o.id, Problem("teams_full", {"teams": count, "max": rules.size_max})) for o in surplus]
    teams: list[FormedTeam] = []
    for members in dealt:
        leader = min(members, key=leader_rank)
        broken = team_problems(members, leader.id, day, team_rules)
        if broken:
            why = Problem("no_legal_team", {"members": [m.name for m in members],
                                            "problems": [{"code": p.code, "params": dict(p.params)} for p in broken]})
            left_out += [LeftOut(m.id, why) for m in members]
            continue
        teams.append(FormedTeam(len(teams) + 1, tuple(m.id for m in members), leader.id,
                                frozenset(m.agency_kind for m in members)))
    kinds_available = {o.agency_kind for o in available}
    unplaceable = [u for s in sites if (u := site_problem(s.key, s.rule, teams, kinds_available)) is not None]
    return TeamFormation(teams, left_out, unplaceable)


def site_problem(key: int, rule: SiteRule, teams: Sequence[FormedTeam], kinds_available: set[str]) -> Unplaceable | None:
    """Why no team can take the site, or None when at least one can."""
    if any(rule.admits(t.kinds) for t in teams):
        return None
    absent = sorted(rule.needs - kinds_available)
    if absent:
        return Unplaceable(key, Problem("no_officer_of_kind", {"kinds": absent}))
    if rule.allows and not rule.allows & kinds_available:
        return Unplaceable(key, Problem("no_officer_of_kind", {"kinds": sorted(rule.allows)}))
    return Unplaceable(key, Problem("no_team_combines", {"kinds": sorted(rule.needs | rule.allows)}))


def allowed_teams(rule: SiteRule, teams: Sequence[FormedTeam]) -> frozenset[int]:
    """Indexes (0-based) of the teams that may legally take a site with ``rule``."""
    return frozenset(i for i, t in enumerate(teams) if rule.admits(t.kinds))


def team_change_problems(
    staying: Sequence[OfficerProfile],
    candidate: OfficerProfile,
    leader_id: int | None,
    day: date,
    rules: TeamRules,
    needed_kinds: Iterable[str] = (),
    site_rules: Sequence[SiteRule] = (),
) -> list[Problem]:
    """Every rule the team of ``staying`` plus ``candidate`` breaks on ``day``: the team rules, with
    ``leader_id`` leading (or the first by rank when None or gone), and every site it must visit."""
    if candidate.id in {m.id for m in staying}:
        return [Problem("already_member", {"name": candidate.name})]
    members = [*staying, candidate]
    if leader_id not in {m.id for m in members}:
        leader_id = min(members, key=leader_rank).id
    problems = team_problems(members, leader_id, day, rules, needed_kinds)
    kinds = {m.agency_kind for m in members}
    missing = sorted({k for r in site_rules for k in r.missing(kinds) | r.missing_one_of(kinds)} - set(
        k for p in problems if p.code == "missing_agency" for k in p.params["kinds"]))
    if missing:
        problems.append(Problem("missing_agency", {"kinds": missing}))
    return problems


def suggest_replacement(
    team_members: Sequence[OfficerProfile],
    leaving_id: int,
    candidates: Sequence[OfficerProfile],
    day: date,
    rules: TeamRules,
    needed_kinds: Iterable[str] = (),
    site_rules: Sequence[SiteRule] = (),
) -> OfficerProfile | None:
    """The candidate who keeps the team legal without ``leaving_id`` (team rules, and every site
    of the team still admits it): same agency kind first, then leaders first."""
    needed = list(needed_kinds)
    staying = [m for m in team_members if m.id != leaving_id]
    leaving = next((m for m in team_members if m.id == leaving_id), None)
    kind = leaving.agency_kind if leaving else ""
    ordered = sorted(candidates, key=lambda c: (c.agency_kind != kind, leader_rank(c)))
    for candidate in ordered:
        if not team_change_problems(staying, candidate, None, day, rules, needed, site_rules):
            return candidate
    return None
