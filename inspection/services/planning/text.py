"""A draft as lines of text in the officer's language, for the CLI and the bot alike.

The caller passes its translation function ``t(key, locale, **params)`` (the bot's catalog, or
the CLI's reading of the same files), so the wording lives only in
``inspection/resources/messages/<locale>/planning.toml``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from inspection.domain.enums import AgencyKind, SiteType
from inspection.domain.labels import label
from inspection.services.planning.model import Draft, DraftIssue

Translate = Callable[..., str]
RULE_CODES = {"team_too_small", "team_too_large", "too_few_certificates", "no_leader", "leader_not_member",
              "leader_not_certified", "single_agency", "missing_agency", "already_member"}


def _kinds(kinds: list[str], locale: str) -> str:
    words = [label(AgencyKind(k), locale) if k in AgencyKind._value2member_map_ else k for k in kinds]
    return ("、" if locale.startswith("zh") else ", ").join(words)


def _team_kinds(kinds: list[str], one_of: list[str], locale: str) -> str:
    """The agencies a team needs: every one of ``kinds`` and one of ``one_of`` ("文化市场综合执法或版权")."""
    zh = locale.startswith("zh")
    either = ("或" if zh else " or ").join(_kinds([k], locale) for k in one_of)
    return ("、" if zh else ", ").join(x for x in (_kinds(kinds, locale), either) if x)


def issue_params(issue: DraftIssue, locale: str) -> dict[str, Any]:
    params = dict(issue.params)
    if "kinds" in params:
        params["kinds"] = _team_kinds(list(params["kinds"]), list(params.pop("one_of", [])), locale)
    return params


def site_reason(t: Translate, issue: DraftIssue, locale: str) -> str:
    return t(f"planning.site.{issue.code}", locale, **issue_params(issue, locale))


def rule_text(t: Translate, code: str, params: dict[str, Any], locale: str) -> str:
    """One broken team rule in words (``planning.rule.<code>``)."""
    if "kinds" in params:
        params = {**params, "kinds": _kinds(list(params["kinds"]), locale)}
    return t(f"planning.rule.{code}", locale, **params)


def problem_text(t: Translate, code: str, params: dict[str, Any], locale: str) -> str:
    """Why an officer cannot join a team: a broken team rule, or why they cannot go that day."""
    if code in RULE_CODES:
        return rule_text(t, code, params, locale)
    return officer_reason(t, DraftIssue(0, "", code, params), locale)


def officer_reason(t: Translate, issue: DraftIssue, locale: str) -> str:
    params = issue_params(issue, locale)
    if "problems" in params:
        params["rules"] = t("planning.rule_separator", locale).join(rule_text(t, p["code"], dict(p["params"]), locale) for p in params.pop("problems"))
        params["members"] = t("planning.list_separator", locale).join(params.get("members", []))
    return t(f"planning.officer.{issue.code}", locale, **params)


def hhmm(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


def km(metres: int) -> str:
    return f"{metres / 1000:.1f}"


def draft_header(t: Translate, draft: Draft, locale: str, tz: ZoneInfo) -> list[str]:
    lines = [t("planning.draft.header", locale, campaign=draft.campaign_code, day=draft.day.isoformat(),
               teams=len(draft.teams), visits=draft.visit_count, km=km(draft.travel_m))]
    if draft.surprise and draft.release_at:
        lines.append(t("planning.draft.surprise", locale, time=hhmm(draft.release_at, tz)))
    if not draft.teams:
        lines.append(t("planning.draft.no_teams", locale))
    return lines


def team_lines(t: Translate, draft: Draft, number: int, locale: str, tz: ZoneInfo) -> list[str]:
    team = next(x for x in draft.teams if x.number == number)
    lines = [t("planning.draft.team", locale, number=team.number, leader=team.leader.name,
               meeting=team.meeting_point or "-", km=km(team.travel_m))]
    lines += [t("planning.draft.member", locale, name=m.name, agency=_kinds([m.agency_kind], locale))
              for m in team.members]
    lines += [t("planning.draft.visit", locale, order=v.order, time=hhmm(v.eta, tz), site=v.name,
                site_type=label(SiteType(v.site_type), locale) if v.site_type in SiteType._value2member_map_
                else v.site_type, district=v.district or "-")
              for v in team.visits]
    return lines


def short_of_kind_lines(t: Translate, draft: Draft, locale: str) -> list[str]:
    """The sites left out for time that only teams with certain agencies may take, counted by those
    agencies, most first: on a big day the gist of a long list (more officers of that kind, not more
    teams, would cover them)."""
    counts = Counter((tuple(x.params["kinds"]), tuple(x.params.get("one_of", ())))
                     for x in draft.dropped_sites if x.code == "no_time_for_kind")
    return [t("planning.draft.short_of_kind", locale, count=n, kinds=_team_kinds(list(all_of), list(one_of), locale))
            for (all_of, one_of), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def dropped_lines(t: Translate, draft: Draft, locale: str, limit: int | None = None) -> list[str]:
    """The sites left out: a header, the line per kind of officer short, then each site and why
    (the first ``limit`` of them and how many more, where a chat message must stay short)."""
    if not draft.dropped_sites:
        return []
    shown = draft.dropped_sites if limit is None else draft.dropped_sites[:limit]
    lines = [t("planning.draft.dropped_header", locale, count=len(draft.dropped_sites))]
    lines += short_of_kind_lines(t, draft, locale)
    lines += [t("planning.draft.dropped", locale, site=x.name, reason=site_reason(t, x, locale)) for x in shown]
    if len(shown) < len(draft.dropped_sites):
        lines.append(t("planning.raid.more", locale, count=len(draft.dropped_sites) - len(shown)))
    return lines


def left_out_lines(t: Translate, draft: Draft, locale: str) -> list[str]:
    lines = dropped_lines(t, draft, locale)
    if draft.left_out:
        lines.append(t("planning.draft.left_out_header", locale, count=len(draft.left_out)))
        lines += [t("planning.draft.left_out", locale, name=x.name, reason=officer_reason(t, x, locale))
                  for x in draft.left_out]
    return lines


def draft_lines(t: Translate, draft: Draft, locale: str, tz: ZoneInfo) -> list[str]:
    lines = draft_header(t, draft, locale, tz)
    for team in draft.teams:
        lines += [""] + team_lines(t, draft, team.number, locale, tz)
    rest = left_out_lines(t, draft, locale)
    return lines + ([""] + rest if rest else [])
