"""Plan a raid day: ``draft`` (teams, routes, everything left out and why); ``publish`` is next door.

The CPU work (team formation is quick; routing takes up to ``settings.planning.time_limit_s``)
runs in a thread, off the event loop. Sites without coordinates are geocoded first when a
geocoder is configured; those still unplaced are listed in the draft, not silently dropped.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from inspection.config import Settings
from inspection.domain.errors import DomainError, InvalidInput
from inspection.domain.jurisdiction import CampaignRules, SiteRule
from inspection.domain.sites import parse_opening_hours, visit_priority
from inspection.domain.teams import OfficerProfile, Problem, TeamRules
from inspection.planning.decompose import Progress, plan_routes
from inspection.planning.model import FormedTeam, RoutingProblem, SiteNeed, Stop, Vehicle
from inspection.planning.teams import allowed_teams, form_teams
from inspection.services.geocoding import place_sites
from inspection.services.planning.inputs import NOT_VISITED, PlanningInputs, jurisdiction, load_inputs
from inspection.services.planning.model import (
    Draft,
    DraftIssue,
    DraftMember,
    DraftOptions,
    DraftTeam,
    DraftVisit,
)
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Site

__all__ = ["Draft", "DraftOptions", "draft", "ensure_not_started", "parse_meeting_point", "raid_start"]


def parse_meeting_point(text: str) -> tuple[str, float, float]:
    """"县政府广场@23.01,101.02" -> (name, lat, lon)."""
    name, _, where = text.rpartition("@")
    try:
        lat_s, lon_s = where.replace("，", ",").split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise InvalidInput(f"meeting point '{text}' is not like 县政府广场@23.01,101.02",
                           code="bad_meeting_point", text=text) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not name.strip():
        raise InvalidInput(f"meeting point '{text}' is not like 县政府广场@23.01,101.02",
                           code="bad_meeting_point", text=text)
    return name.strip(), lat, lon


def _shift_start(settings: Settings, day: date) -> tuple[datetime, datetime]:
    """Local midnight and the shift start of ``day``, both aware."""
    hh, mm = (int(x) for x in settings.planning.shift_start.split(":"))
    midnight = datetime.combine(day, time(0, 0), tzinfo=settings.tz)
    return midnight, midnight + timedelta(hours=hh, minutes=mm)


def raid_start(settings: Settings, day: date) -> datetime:
    """When the raid of ``day`` starts (the shift start, local time), aware."""
    return _shift_start(settings, day)[1]


def ensure_not_started(day: date, starts_at: datetime, now: datetime, tz: tzinfo) -> None:
    """Refuse to plan or publish the raid of ``day`` once its start (``starts_at``) has passed at
    ``now``; the refusal names the day and the start in local time (``tz``)."""
    if now < starts_at:
        return
    local = starts_at.astimezone(tz)
    code = "raid_day_over" if now.astimezone(tz).date() > day else "raid_start_passed"
    raise InvalidInput(f"the raid of {day} started at {local:%H:%M}: plan a day that has not started",
                       code=code, day=day.isoformat(), time=local.strftime("%H:%M"))


def _meeting(team: FormedTeam, by_id: dict[int, OfficerProfile], fixed: tuple[str, float, float] | None,
             centre: tuple[float, float]) -> tuple[str, float, float]:
    if fixed:
        return fixed
    leader = by_id[team.leader_id]
    if leader.home_lat is not None and leader.home_lon is not None:
        return leader.home_base or leader.name, leader.home_lat, leader.home_lon
    return "", centre[0], centre[1]


def _issue(site: Site, problem: Problem) -> DraftIssue:
    assert site.id is not None
    return DraftIssue(site.id, site.name, problem.code, dict(problem.params))


def _no_time(limited: tuple[SiteRule, frozenset[int]] | None, teams: list[FormedTeam]) -> Problem:
    """Why the routes leave a site out: no time that day; and when only some teams may take it (a
    pharmacy needs a drug-administration officer), how many, and the agencies it needs: all of
    ``kinds`` and, of ``one_of``, one of those on the day's teams (a bookshop: culture or copyright).
    So a coordinator sees that more officers of that kind would cover it, not more teams of any kind."""
    if limited is None:
        return Problem("no_time")
    rule, able = limited
    present = {k for i in able for k in teams[i].kinds}
    return Problem("no_time_for_kind", {"teams": len(able), "kinds": sorted(rule.needs),
                                        "one_of": sorted(rule.allows & present)})


async def draft(uow: UnitOfWork, settings: Settings, campaign_code: str, day: date,
                options: DraftOptions | None = None, *, now: datetime | None = None,
                progress: Progress | None = None) -> Draft:
    """The proposed plan for ``campaign_code`` on ``day``; nothing is stored. With ``now`` (the
    adapters' clock), a day whose start has passed is refused unless ``options.late``.

    ``progress`` is called from the planning thread as the routes take shape (see ``progress.relay``).
    """
    options = options or DraftOptions()
    if now is not None and not options.late:
        ensure_not_started(day, raid_start(settings, day), now, settings.tz)
    fixed = parse_meeting_point(options.meeting_point) if options.meeting_point else None
    async with uow() as s:
        inputs = await load_inputs(s, campaign_code, day, districts=options.districts, site_types=options.site_types)
    campaign = inputs.campaign
    assert campaign.id is not None
    if not campaign.starts_on <= day <= campaign.ends_on:
        raise InvalidInput(f"{day} is outside campaign {campaign.code} ({campaign.starts_on} to {campaign.ends_on})",
                           code="day_outside_campaign", day=day.isoformat(), campaign=campaign.code)
    rules = jurisdiction(settings).campaign_rules(campaign.requirements)
    dropped: list[DraftIssue] = []
    excluded = set(options.exclusions)
    sites = []
    for site in inputs.sites:
        if site.site_type in NOT_VISITED:
            dropped.append(_issue(site, Problem("no_physical_address")))
        elif site.id in excluded:
            dropped.append(_issue(site, Problem("excluded")))
        elif site.id in inputs.planned:
            dropped.append(_issue(site, Problem("already_planned", {"raid": inputs.planned[site.id]})))
        else:
            sites.append(site)
    placed = await place_sites(uow, settings, [x for x in sites if x.lat is None or x.lon is None])
    located = []
    for site in sites:
        if site.id in placed:
            site.lat, site.lon = placed[site.id]
        if site.lat is None or site.lon is None:
            dropped.append(_issue(site, Problem("no_coordinates", {"address": site.address})))
        else:
            located.append(site)
    return await asyncio.to_thread(_plan, settings, inputs, located, dropped, rules, day, options, fixed, progress)


def _plan(settings: Settings, inputs: PlanningInputs, sites: list[Site], dropped: list[DraftIssue], rules: CampaignRules,
          day: date, options: DraftOptions, fixed: tuple[str, float, float] | None,
          progress: Progress | None = None) -> Draft:
    campaign = inputs.campaign
    assert campaign.id is not None
    plan = settings.planning
    officers = [o for o in inputs.officers if o.id not in inputs.busy]
    left_out = [DraftIssue(o.id, o.name, "already_on_raid", {"raid": inputs.busy[o.id]})
                for o in inputs.officers if o.id in inputs.busy]
    needs = [SiteNeed(x.id or 0, rules.for_site_type(x.site_type)) for x in sites]
    formation = form_teams(officers, inputs.leaves, day, inputs.agencies, needs,
                           TeamRules(plan.team_size_min, plan.team_size_max), options.max_teams)
    by_id = {o.id: o for o in inputs.officers}
    left_out += [DraftIssue(x.officer_id, by_id[x.officer_id].name, x.problem.code, dict(x.problem.params))
                 for x in formation.left_out]
    unplaceable = {u.site_key: u.problem for u in formation.unplaceable}
    midnight, start = _shift_start(settings, day)
    start_s = int((start - midnight).total_seconds())
    centre = (sum(x.lat or 0 for x in sites) / max(1, len(sites)), sum(x.lon or 0 for x in sites) / max(1, len(sites)))
    meetings = [_meeting(t, by_id, fixed, centre) for t in formation.teams]
    vehicles = tuple(Vehicle(lat, lon, start_s, start_s + plan.shift_minutes * 60) for _, lat, lon in meetings)
    pins = dict(options.pins)
    focus = set(campaign.requirements.get("focus_site_types") or [])
    stops: list[Stop] = []
    by_site = {x.id: x for x in sites}
    limited: dict[int, tuple[SiteRule, frozenset[int]]] = {}  # sites only some teams may take: rule, teams
    for site, need in zip(sites, needs, strict=True):
        if site.id in unplaceable:
            dropped.append(_issue(site, unplaceable[site.id or 0]))
            continue
        try:
            opens, closes = parse_opening_hours(site.opening_hours)
        except DomainError:
            dropped.append(_issue(site, Problem("bad_opening_hours", {"text": site.opening_hours})))
            continue
        allowed = allowed_teams(need.rule, formation.teams)
        if len(allowed) < len(formation.teams) and site.id not in pins:
            limited[site.id or 0] = (need.rule, allowed)
        if site.id in pins:
            number = pins[site.id]
            if not 1 <= number <= len(formation.teams) or number - 1 not in allowed:
                raise InvalidInput(f"team {number} cannot take site {site.name}", code="bad_pin",
                                   site=site.name, team=number)
            allowed = frozenset({number - 1})
        stops.append(Stop(site.id or 0, site.lat or 0.0, site.lon or 0.0,
                          plan.service_minutes.get(site.site_type, 30) * 60, opens * 60, closes * 60,
                          visit_priority(site.risk_level, site.complaints, site.site_type in focus),
                          allowed, site.district))
    problem = RoutingProblem(tuple(stops), vehicles, plan.speed_kmh, balance=plan.balance
                             ).worth(plan.site_worth_km, plan.priority_worth_km)
    result = plan_routes(problem, plan.time_limit_s, progress=progress)
    dropped += [_issue(by_site[k], _no_time(limited.get(k), formation.teams)) for k in result.dropped]
    teams: list[DraftTeam] = []
    for team, route, (name, lat, lon) in zip(formation.teams, result.routes, meetings, strict=True):
        members = [DraftMember(i, by_id[i].name, by_id[i].agency_code, by_id[i].agency_kind, i == team.leader_id)
                   for i in team.member_ids]
        visits = [DraftVisit(st.key, by_site[st.key].name, by_site[st.key].site_type, by_site[st.key].district,
                             by_site[st.key].address, n + 1, (midnight + timedelta(seconds=st.arrive_s)).astimezone(UTC))
                  for n, st in enumerate(route.stops)]
        if not visits:  # every site is taken by other teams: these officers stay free for the day
            left_out += [DraftIssue(m.officer_id, m.name, "not_needed", {"teams": sum(1 for r in result.routes
                                                                                     if r.stops)})
                         for m in members]
            continue
        back = (midnight + timedelta(seconds=route.return_s)).astimezone(UTC)
        # Teams are shown (and published, and told to officers) as 1..n with no gaps; the formation's
        # number is kept for the pins, which name it (``Draft.formed_number``).
        teams.append(DraftTeam(len(teams) + 1, team.leader_id, members, name, lat, lon, visits, route.travel_m, back,
                               formed=team.number))
    start_utc = start.astimezone(UTC)
    return Draft(
        campaign_code=campaign.code, campaign_id=campaign.id, day=day, starts_at=start_utc, surprise=options.surprise,
        release_at=start_utc if options.surprise else None, meeting_point=meetings[0][0] if meetings else "",
        districts=sorted({x.district for x in sites if x.district}) if not options.districts else list(options.districts),
        teams=teams, dropped_sites=sorted(dropped, key=lambda d: d.id), left_out=sorted(left_out, key=lambda d: d.id),
        travel_m=result.travel_m, options=options,
    )
