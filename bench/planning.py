"""Benchmark: routing a raid day — our planner vs OR-Tools given 120 s vs the by-district habit.

A seeded county: eight towns, sites clustered around them (the county town holds the most), a mix
of site types with their service times and opening hours from inspection/resources/default.toml and legality
from inspection/resources/jurisdiction.toml, teams meeting at the town offices. Prints, side by side, our plan
time and travel, OR-Tools guided local search on the whole model for 120 s (the best known), and
the by-district nearest-neighbour plan; the last line is one JSON object.

    .venv/bin/python bench/planning.py            # 1,000 sites, 40 teams
    .venv/bin/python bench/planning.py --small    # 120 sites, 8 teams, 5 s best-known (for tests)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspection.config import load_settings  # noqa: E402
from inspection.domain.jurisdiction import Jurisdiction  # noqa: E402
from inspection.domain.sites import parse_opening_hours, visit_priority  # noqa: E402
from inspection.planning.baseline import by_district_plan  # noqa: E402
from inspection.planning.decompose import plan_routes  # noqa: E402
from inspection.planning.model import RoutingProblem, RoutingResult, Stop, Vehicle  # noqa: E402
from inspection.planning.routing import solve  # noqa: E402

TYPES = [("market_stall", 0.55, "06:30-18:00"), ("pharmacy", 0.05, "08:00-22:00"), ("bookstore", 0.05, "09:00-20:00"),
         ("tobacco_shop", 0.05, "08:00-21:00"), ("fair_booth", 0.3, "09:00-17:00")]
# A sweep day: stalls in a market and booths at a fair get a quick check (ten minutes), shops the
# service time configured for their type.
SWEEP_MINUTES = {"market_stall": 10, "fair_booth": 10}
SPECIALISTS = ["drug_administration", "tobacco", "culture", "quality_supervision"]


def generate(sites: int, teams: int, seed: int = 2026) -> RoutingProblem:
    settings = load_settings()
    plan = settings.planning
    with settings.config_path(plan.jurisdiction_file).open("rb") as fh:
        rules = Jurisdiction.from_mapping(tomllib.load(fh)).campaign_rules({})
    rng = random.Random(seed)
    towns = [(23.0, 101.0)] + [(23.0 + rng.uniform(-0.18, 0.18), 101.0 + rng.uniform(-0.2, 0.2)) for _ in range(7)]
    weights = [0.37] + [0.09] * 7
    counts = [int(w * teams) for w in weights]
    for j in sorted(range(8), key=lambda j: -(weights[j] * teams - counts[j]))[: teams - sum(counts)]:
        counts[j] += 1
    start = sum(int(x) * m for x, m in zip(plan.shift_start.split(":"), (3600, 60), strict=True))
    vehicles, kinds = [], []
    for j, n in enumerate(counts):
        for _ in range(n):
            vehicles.append(Vehicle(towns[j][0], towns[j][1], start, start + plan.shift_minutes * 60))
            kinds.append({rng.choice(["market_regulation", "ip_office"]), SPECIALISTS[len(kinds) % 4]})
    markets = [[(t[0] + rng.gauss(0, 0.01), t[1] + rng.gauss(0, 0.01)) for _ in range(3)] for t in towns]
    fairs = [(t[0] + rng.gauss(0, 0.01), t[1] + rng.gauss(0, 0.01)) for t in towns]
    stops = []
    for key in range(sites):
        j = rng.choices(range(8), weights)[0]
        site_type, hours = rng.choices([(t, h) for t, _, h in TYPES], [w for _, w, _ in TYPES])[0]
        # Stalls stand in a market, booths in the town's fair hall; shops spread over the town.
        centre, spread = {"market_stall": (rng.choice(markets[j]), 0.001), "fair_booth": (fairs[j], 0.0005)}.get(
            site_type, (towns[j], 0.03 if j == 0 else 0.015))
        opens, closes = parse_opening_hours(hours)
        rule = rules.for_site_type(site_type)
        allowed = frozenset(v for v, k in enumerate(kinds) if rule.admits(k))
        stops.append(Stop(key, centre[0] + rng.gauss(0, spread), centre[1] + rng.gauss(0, spread),
                          SWEEP_MINUTES.get(site_type, plan.service_minutes.get(site_type, 30)) * 60, opens * 60, closes * 60,
                          visit_priority(rng.choice([1, 1, 2, 3]), rng.choice([0, 0, 0, 1, 2]), rng.random() < 0.2),
                          allowed, f"town-{j}"))
    return RoutingProblem(tuple(stops), tuple(vehicles), plan.speed_kmh)


def line(name: str, result: RoutingResult, seconds: float) -> str:
    return f"{name:<34} {seconds:8.1f} s {result.travel_m / 1000:10.1f} km {result.covered:6d} sites covered"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="120 sites, 8 teams, 5 s best-known search")
    parser.add_argument("--sites", type=int)
    parser.add_argument("--teams", type=int)
    parser.add_argument("--best-s", type=float, help="time for the best-known search (default 120)")
    parser.add_argument("--limit-s", type=float, help="our time limit (default: settings.planning.time_limit_s)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    sites = args.sites or (120 if args.small else 1000)
    teams = args.teams or (8 if args.small else 40)
    best_s = args.best_s or (5.0 if args.small else 120.0)
    limit = args.limit_s or load_settings().planning.time_limit_s
    problem = generate(sites, teams, args.seed)
    print(f"instance: {sites} sites, {teams} teams, seed {args.seed}, our limit {limit:.0f} s")
    t0 = time.perf_counter()
    ours = plan_routes(problem, limit)  # as services.planning calls it
    plan_s = time.perf_counter() - t0
    print(line("ours (decomposed, 2 processes)", ours, plan_s), flush=True)
    t0 = time.perf_counter()
    district = by_district_plan(problem)
    print(line("by district, nearest neighbour", district, time.perf_counter() - t0), flush=True)
    t0 = time.perf_counter()
    best = solve(problem, best_s)
    print(line(f"OR-Tools GLS {best_s:.0f} s (best known)", best, time.perf_counter() - t0), flush=True)
    print(f"travel vs best known: {ours.travel_m / max(1, best.travel_m):.3f}x; "
          f"vs by district: {ours.travel_m / max(1, district.travel_m):.3f}x")
    print(json.dumps({
        "sites": sites, "teams": teams, "plan_s": round(plan_s, 2), "travel_km": round(ours.travel_m / 1000, 1),
        "covered": ours.covered, "best_travel_km": round(best.travel_m / 1000, 1), "best_covered": best.covered,
        "district_travel_km": round(district.travel_m / 1000, 1), "district_covered": district.covered,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
