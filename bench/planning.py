"""Benchmark: routing a raid day at county and prefecture scale — ours vs OR-Tools vs by district.

Seeded instances: a county (eight towns, sites clustered around them, the county town holding the
most) and, above 1,000 sites, a prefecture-level city of a dozen such counties. Site types carry
their service times and opening hours from inspection/resources/default.toml and legality from
inspection/resources/jurisdiction.toml; teams meet at the town offices. For each size (1,000 /
2,000 / 5,000 sites with 40 / 60 / 150 teams) it runs, each in its own process and in the same
run: our planner (limit 10 s per 1,000 sites, at most 60 s), the by-district nearest-neighbour
plan, and OR-Tools guided local search given 10x our time on the whole model — or, where the
whole model finds no first solution in that time or covers fewer sites than the by-district plan,
on our decomposition (the table says which and why).
Up to 1,000 sites ours and the whole-model reference also run on the plain model (no balance
cost: coverage, then travel), labelled "plain"; the others say "balance". Each plan's figures
include stops outside the team's own town and county and km per team. Prints the scale table, one JSON line per size with a "scale" key, and last one JSON object for
the 1,000-site (first) instance with the keys it has always had.

    .venv/bin/python bench/planning.py            # 1,000 / 2,000 / 5,000 sites
    .venv/bin/python bench/planning.py --small    # 120 / 240 sites (what the tests run)
    .venv/bin/python bench/planning.py --one ours --sites 5000 --teams 150 --seconds 50   # one plan
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspection.config import load_settings  # noqa: E402
from inspection.domain.jurisdiction import Jurisdiction  # noqa: E402
from inspection.domain.sites import parse_opening_hours, visit_priority  # noqa: E402
from inspection.planning.baseline import by_district_plan  # noqa: E402
from inspection.planning.decompose import finish, first_plan, plan_routes, with_balance  # noqa: E402
from inspection.planning.model import RoutingProblem, RoutingResult, Stop, Vehicle  # noqa: E402
from inspection.planning.routing import solve  # noqa: E402
from inspection.planning.worker import WorkerPool, wait_for_exits  # noqa: E402

TYPES = [("market_stall", 0.55, "06:30-18:00"), ("pharmacy", 0.05, "08:00-22:00"), ("bookstore", 0.05, "09:00-20:00"),
         ("tobacco_shop", 0.05, "08:00-21:00"), ("fair_booth", 0.3, "09:00-17:00")]
# A sweep day: stalls in a market and booths at a fair get a quick check (ten minutes), shops the
# service time configured for their type.
SWEEP_MINUTES = {"market_stall": 10, "fair_booth": 10}
SPECIALISTS = ["drug_administration", "tobacco", "culture", "quality_supervision"]
SIZES = [(1000, 40), (2000, 60), (5000, 150)]
SMALL_SIZES = [(120, 8), (240, 12)]
SITES_PER_COUNTY = 420  # above 1,000 sites: a prefecture of counties (5,000 sites: twelve)


def generate(sites: int, teams: int, seed: int = 2026) -> RoutingProblem:
    return generate_with_homes(sites, teams, seed)[0]


def generate_with_homes(sites: int, teams: int, seed: int = 2026) -> tuple[RoutingProblem, list[int]]:
    """The instance, and each team's home town (index; a site's district is ``town-<index>``)."""
    settings = load_settings()
    plan = settings.planning
    with settings.config_path(plan.jurisdiction_file).open("rb") as fh:
        rules = Jurisdiction.from_mapping(tomllib.load(fh)).campaign_rules({})
    rng = random.Random(seed)
    counties = 1 if sites <= 1000 else round(sites / SITES_PER_COUNTY)
    towns: list[tuple[float, float]] = []
    for c in range(counties):  # county seats 0.5 degrees apart on a grid; county 0 is the 1,000-site county
        lat0, lon0 = 23.0 + 0.5 * (c // 4), 101.0 + 0.5 * (c % 4)
        towns += [(lat0, lon0)] + [(lat0 + rng.uniform(-0.18, 0.18), lon0 + rng.uniform(-0.2, 0.2)) for _ in range(7)]
    weights = ([0.37] + [0.09] * 7) * counties
    n_towns = len(towns)
    counts = [int(w / counties * teams) for w in weights]
    for j in sorted(range(n_towns), key=lambda j: -(weights[j] / counties * teams - counts[j]))[: teams - sum(counts)]:
        counts[j] += 1
    start = sum(int(x) * m for x, m in zip(plan.shift_start.split(":"), (3600, 60), strict=True))
    vehicles, kinds, homes = [], [], []
    for j, n in enumerate(counts):
        for _ in range(n):
            homes.append(j)
            vehicles.append(Vehicle(towns[j][0], towns[j][1], start, start + plan.shift_minutes * 60))
            kinds.append({rng.choice(["market_regulation", "ip_office"]), SPECIALISTS[len(kinds) % 4]})
    markets = [[(t[0] + rng.gauss(0, 0.01), t[1] + rng.gauss(0, 0.01)) for _ in range(3)] for t in towns]
    fairs = [(t[0] + rng.gauss(0, 0.01), t[1] + rng.gauss(0, 0.01)) for t in towns]
    stops = []
    for key in range(sites):
        j = rng.choices(range(n_towns), weights)[0]
        site_type, hours = rng.choices([(t, h) for t, _, h in TYPES], [w for _, w, _ in TYPES])[0]
        # Stalls stand in a market, booths in the town's fair hall; shops spread over the town.
        centre, spread = {"market_stall": (rng.choice(markets[j]), 0.001), "fair_booth": (fairs[j], 0.0005)}.get(
            site_type, (towns[j], 0.03 if j % 8 == 0 else 0.015))
        opens, closes = parse_opening_hours(hours)
        rule = rules.for_site_type(site_type)
        allowed = frozenset(v for v, k in enumerate(kinds) if rule.admits(k))
        stops.append(Stop(key, centre[0] + rng.gauss(0, spread), centre[1] + rng.gauss(0, spread),
                          SWEEP_MINUTES.get(site_type, plan.service_minutes.get(site_type, 30)) * 60, opens * 60, closes * 60,
                          visit_priority(rng.choice([1, 1, 2, 3]), rng.choice([0, 0, 0, 1, 2]), rng.random() < 0.2),
                          allowed, f"town-{j}"))
    return RoutingProblem(tuple(stops), tuple(vehicles), plan.speed_kmh), homes


def _peak_mb() -> float:
    """This process's peak plus twice the largest worker's (two run side by side), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own + 2 * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def route_figures(problem: RoutingProblem, homes: list[int], result: RoutingResult) -> dict[str, Any]:
    """Per route: km and stops outside the team's own town and county (eight towns a county)."""
    town = {s.key: int(s.district.split("-")[1]) for s in problem.stops}
    km = sorted(r.travel_m / 1000 for r in result.routes)
    away = [sum(town[s.key] != homes[r.vehicle] for s in r.stops) for r in result.routes]
    far = [sum(town[s.key] // 8 != homes[r.vehicle] // 8 for s in r.stops) for r in result.routes]
    return {"km_per_team": [round(km[0], 1), round(km[len(km) // 2], 1), round(km[-1], 1)] if km else [0, 0, 0],
            "outside_town": sum(away), "outside_county": sum(far),
            "km_on_routes_leaving_county": round(sum(r.travel_m for r, f in zip(result.routes, far, strict=True) if f)
                                                 / 1000, 1)}


def _figures(problem: RoutingProblem, result: RoutingResult, seconds: float, **extra: Any) -> dict[str, Any]:
    loads = [len(r.stops) for r in result.routes]
    priority = {s.key: s.priority for s in problem.stops}
    return {"s": round(seconds, 2), "travel_km": round(result.travel_m / 1000, 1), "covered": result.covered,
            "stops_per_team": [min(loads, default=0), max(loads, default=0)], "peak_mb": round(_peak_mb()),
            "priority_left_out": sum(priority[k] for k in result.dropped),
            "dropped": [[k, priority[k]] for k in sorted(result.dropped)], **extra}


KINDS = ["ours", "ours_plain", "district", "whole", "whole_plain", "decomposed"]


def run_one(kind: str, sites: int, teams: int, seed: int, seconds: float,
            site_worth: tuple[float, float] | None = None) -> dict[str, Any]:
    """One plan in this process: ``ours`` (limit ``seconds``), ``district``, ``whole`` or ``decomposed``.

    ``*_plain``: the same on the plain model (``balance=False``: coverage, then travel; no balance cost).
    ``site_worth``: (km per site, km per priority point) instead of the default coverage first, for
    every plan alike (the settings ``planning.site_worth_km`` and ``priority_worth_km``).
    """
    problem, homes = generate_with_homes(sites, teams, seed)
    if site_worth is not None:
        problem = problem.worth(*site_worth)
    if kind.endswith("_plain"):
        problem, kind = replace(problem, balance=False), kind.removesuffix("_plain")
    t0 = time.perf_counter()
    if kind == "ours":
        first: list[float] = []
        result = plan_routes(problem, seconds, progress=lambda p: first.append(p.elapsed_s) if p.phase == "first_plan" else None)
        took = time.perf_counter() - t0
        wait_for_exits()  # a worker's peak memory is counted once it has exited
        return _figures(problem, result, took, first_plan_s=round(first[0], 2), **route_figures(problem, homes, result))
    if kind == "district":
        result = by_district_plan(problem)
        return _figures(problem, result, time.perf_counter() - t0, **route_figures(problem, homes, result))
    if kind == "whole":
        result = solve(with_balance(problem), seconds)
        return _figures(problem, result, time.perf_counter() - t0, found=result.covered > 0, **route_figures(problem, homes, result))
    balanced = with_balance(problem)
    with WorkerPool(2) as pool:
        routes = first_plan(balanced, seconds, pool, search_s=seconds)
    result = finish(balanced, routes, t0)
    return _figures(problem, result, time.perf_counter() - t0, **route_figures(problem, homes, result))


SITE_WORTH: list[str] = []  # ["--site-worth", "KM:KM"] when the run was given one: every plan gets it


def measure(kind: str, sites: int, teams: int, seed: int, seconds: float, wall_s: float) -> dict[str, Any] | None:
    """``run_one`` in a fresh process (its own peak memory); None if it did not finish in ``wall_s``."""
    cmd = [sys.executable, __file__, "--one", kind, "--sites", str(sites), "--teams", str(teams), "--seed", str(seed),
           "--seconds", str(seconds), *SITE_WORTH]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate(timeout=wall_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} at {sites} sites failed with exit code {proc.returncode}")
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return figures


def our_limit(sites: int) -> float:
    return min(60.0, 10.0 * sites / 1000)


PLAIN_UP_TO_SITES = 1000  # sizes at most this large also run ours and the reference on the plain model


def scale_row(sites: int, teams: int, seed: int, limit: float | None, best_s: float | None) -> dict[str, Any]:
    load = open("/proc/loadavg").read().split()[0] if Path("/proc/loadavg").exists() else "?"
    ours = measure("ours", sites, teams, seed, limit or our_limit(sites), 600)
    assert ours is not None
    district = measure("district", sites, teams, seed, 0, 600)
    ref_s = best_s or round(10 * ours["s"], 1)
    reference = measure("whole", sites, teams, seed, ref_s, ref_s + 180)
    basis = "whole model"
    if reference is None or not reference.get("found"):
        basis = "our decomposition (whole model: no first solution in time)"
        reference = measure("decomposed", sites, teams, seed, ref_s, ref_s + 180)
    elif district is not None and reference["covered"] < district["covered"]:
        # A plan that leaves out more sites than the coordinators' by-district plan is no reference
        # (at 5,000 sites the whole model starts in time but covers about a third of the day).
        basis = (f"our decomposition (whole model: {reference['covered']} sites covered in time, "
                 f"fewer than by district)")
        reference = measure("decomposed", sites, teams, seed, ref_s, ref_s + 180)
    assert district is not None and reference is not None
    ours["versus_reference"] = _versus(ours, reference)
    row = {"sites": sites, "teams": teams, "load": load, "ours": ours, "district": district,
           "reference": {**reference, "given_s": ref_s, "basis": basis}}
    if sites <= PLAIN_UP_TO_SITES:
        # The plain model (coverage, then travel; no balance cost): what the 441 km was measured on.
        ours_plain = measure("ours_plain", sites, teams, seed, limit or our_limit(sites), 600)
        assert ours_plain is not None
        plain_s = best_s or round(10 * ours_plain["s"], 1)
        plain = measure("whole_plain", sites, teams, seed, plain_s, plain_s + 180)
        if plain is not None and plain.get("found"):
            ours_plain["versus_reference"] = _versus(ours_plain, plain)
            row["ours_plain"] = ours_plain
            row["reference_plain"] = {**plain, "given_s": plain_s, "basis": "whole model"}
    for figures in row.values():  # the site lists served the comparison; the JSON line keeps the counts
        if isinstance(figures, dict):
            figures.pop("dropped", None)
    return row


def _versus(ours: dict[str, Any], reference: dict[str, Any]) -> dict[str, int]:
    """The sets, not only the counts: how many sites the reference covers that ``ours`` leaves out
    and their priority points, then how many ``ours`` covers that the reference leaves out, and theirs."""
    mine, its = ({k: p for k, p in f["dropped"]} for f in (ours, reference))
    missed, extra = set(mine) - set(its), set(its) - set(mine)
    return {"missed": len(missed), "missed_points": sum(mine[k] for k in missed),
            "extra": len(extra), "extra_points": sum(its[k] for k in extra)}


def _print_sets(model: str, ours: dict[str, Any], ref: dict[str, Any]) -> None:
    missed, missed_p, extra, extra_p = ours["versus_reference"].values()
    print(f"{'':<12} {model}priority points left out: ours {ours['priority_left_out']}, the reference "
          f"{ref['priority_left_out']}; sites the reference covers and ours leaves out: {missed} ({missed_p} points), "
          f"sites ours covers and it leaves out: {extra} ({extra_p} points)")


def print_table(rows: list[dict[str, Any]]) -> None:
    print(f"{'sites/teams':<12} {'plan':<46} {'time':>8} {'travel':>10} {'covered':>8} {'stops/team':>11}"
          f" {'away town/county':>17} {'peak MB':>8}")
    for row in rows:
        ref = row["reference"]
        where = ref["basis"].split(" (")[0]
        lines = [("ours, balance (first plan + improvement)", row["ours"]),
                 ("by district, nearest neighbour", row["district"]),
                 (f"OR-Tools GLS {ref['given_s']:.0f} s, {where}, balance", ref)]
        if "reference_plain" in row:
            lines += [("ours, plain model (no balance cost)", row["ours_plain"]),
                      (f"OR-Tools GLS {row['reference_plain']['given_s']:.0f} s, whole model, plain",
                       row["reference_plain"])]
        for n, (name, f) in enumerate(lines):
            label = f"{row['sites']}/{row['teams']}" if n == 0 else ""
            lo, hi = f["stops_per_team"]
            away = f"{f['outside_town']}/{f['outside_county']}"
            print(f"{label:<12} {name:<46} {f['s']:7.1f}s {f['travel_km']:8.1f}km {f['covered']:8d} {lo:5d}-{hi:<5d}"
                  f" {away:>17} {f['peak_mb']:8d}")
        ours = row["ours"]
        print(f"{'':<12} first plan {ours['first_plan_s']:.1f} s; travel {ours['travel_km'] / max(0.1, ref['travel_km']):.3f}x "
              f"the reference ({ref['basis']}, balance), {ours['travel_km'] / max(0.1, row['district']['travel_km']):.3f}x by "
              f"district; load average {row['load']}")
        _print_sets("", ours, ref)
        if "reference_plain" in row:
            print(f"{'':<12} plain model: ours {row['ours_plain']['travel_km'] / max(0.1, row['reference_plain']['travel_km']):.3f}x"
                  f" the travel of OR-Tools GLS {row['reference_plain']['given_s']:.0f} s on the same objective")
            _print_sets("plain model: ", row["ours_plain"], row["reference_plain"])
    base = rows[0]
    for row in rows[1:]:
        growth = row["sites"] / base["sites"]
        print(f"growth {base['sites']}->{row['sites']} sites (x{growth:.1f}): our time x{row['ours']['s'] / base['ours']['s']:.2f}, "
              f"first plan x{row['ours']['first_plan_s'] / max(0.01, base['ours']['first_plan_s']):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="120 and 240 sites (8 and 12 teams)")
    parser.add_argument("--sizes", help="SITES:TEAMS,... instead of 1000:40,2000:60,5000:150")
    parser.add_argument("--best-s", type=float, help="reference search time (default: 10x our time)")
    parser.add_argument("--limit-s", type=float, help="our time limit (default: 10 s per 1,000 sites, at most 60)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--site-worth", metavar="KM:KM",
                        help="a site's worth in km of travel and km per priority point, for every plan alike "
                             "(default: the planner's, coverage first)")
    parser.add_argument("--one", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--sites", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--teams", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    worth = None
    if args.site_worth:
        a, b = args.site_worth.split(":")
        worth = (float(a), float(b))
        SITE_WORTH[:] = ["--site-worth", args.site_worth]
    if args.one:
        print(json.dumps(run_one(args.one, args.sites, args.teams, args.seed, args.seconds, worth)))
        return 0
    sizes = SMALL_SIZES if args.small else SIZES
    if args.sizes:
        sizes = [(int(a), int(b)) for a, b in (x.split(":") for x in args.sizes.split(","))]
    rows = []
    for sites, teams in sizes:
        worth_text = f", a site worth {worth[0]:g} km + {worth[1]:g} km per priority point" if worth else ""
        print(f"instance: {sites} sites, {teams} teams, seed {args.seed}, our limit "
              f"{args.limit_s or our_limit(sites):.0f} s{worth_text} ...", flush=True)
        rows.append(scale_row(sites, teams, args.seed, args.limit_s, args.best_s))
    print_table(rows)
    for row in rows:
        print(json.dumps({"scale": row}, ensure_ascii=False))
    first = rows[0]
    print(json.dumps({
        "sites": first["sites"], "teams": first["teams"], "plan_s": first["ours"]["s"],
        "travel_km": first["ours"]["travel_km"], "covered": first["ours"]["covered"],
        "best_travel_km": first["reference"]["travel_km"], "best_covered": first["reference"]["covered"],
        "district_travel_km": first["district"]["travel_km"], "district_covered": first["district"]["covered"],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
