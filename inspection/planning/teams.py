"""Team formation for a raid day: legal, mixed-agency teams that can take the day's sites.

Officers who can go are dealt to teams like cards: leaders first (one per team), then agency by
agency, scarcest kind first, round-robin — so rare specialists (drug administration, tobacco)
end up on different teams and every team mixes agencies. Every officer left out and every site
no team can legally take is explained with a ``Problem``.
"""

from __future__ import annotations

from collections import defaultdict
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


def _deal(officers: list[OfficerProfile], count: int, size_max: int) -> tuple[list[list[OfficerProfile]],
                                                                               list[OfficerProfile]]:
    teams: list[list[OfficerProfile]] = [[] for _ in range(count)]
    leaders = sorted(officers, key=leader_rank)[:count]
    for team, leader in zip(teams, leaders, strict=True):
        team.append(leader)
    rest = [o for o in officers if o not in leaders]
    by_kind: dict[str, list[OfficerProfile]] = defaultdict(list)
    for o in rest:
        by_kind[o.agency_kind].append(o)
    order = sorted(by_kind, key=lambda k: (len(by_kind[k]), k))
    surplus: list[OfficerProfile] = []
    turn = 0
    for kind in order:
        for o in sorted(by_kind[kind], key=lambda x: x.id):
            placed = False
            for step in range(count):
                team = teams[(turn + step) % count]
                if len(team) < size_max and kind not in {m.agency_kind for m in team}:
                    team.append(o)
                    turn = (turn + step + 1) % count
                    placed = True
                    break
            if not placed:
                for step in range(count):
                    team = teams[(turn + step) % count]
                    if len(team) < size_max:
                        team.append(o)
                        turn = (turn + step + 1) % count
                        placed = True
                        break
            if not placed:
                surplus.append(o)
    return teams, surplus


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
    dealt, surplus = _deal(available, count, rules.size_max)
    left_out += [LeftOut(o.id, Problem("teams_full", {"teams": count, "max": rules.size_max})) for o in surplus]
    teams: list[FormedTeam] = []
    for members in dealt:
        leader = min(members, key=leader_rank)
        if team_problems(members, leader.id, day, team_rules):
            left_out += [LeftOut(m.id, Problem("no_legal_team")) for m in members]
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
    needed = set(needed_kinds)
    staying = [m for m in team_members if m.id != leaving_id]
    leaving = next((m for m in team_members if m.id == leaving_id), None)
    kind = leaving.agency_kind if leaving else ""
    ordered = sorted(candidates, key=lambda c: (c.agency_kind != kind, leader_rank(c)))
    for candidate in ordered:
        members = [*staying, candidate]
        leader = min(members, key=leader_rank)
        kinds = {m.agency_kind for m in members}
        if not team_problems(members, leader.id, day, rules, needed) and all(r.admits(kinds) for r in site_rules):
            return candidate
    return None
