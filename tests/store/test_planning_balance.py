"""The sample county's raid day shares the sites out evenly between the teams (issue 13 item 3)."""

from __future__ import annotations

from inspection.cli.demo import SAMPLE_CAMPAIGN, SAMPLE_RAID_DAY
from inspection.config import CONFIG_DIR, Settings
from inspection.services.campaigns import create_campaign
from inspection.services.importing import ImportKind, import_file
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.store.engine import UnitOfWork

SAMPLE = CONFIG_DIR / "sample"


async def test_every_team_of_the_sample_day_gets_between_half_and_twice_the_average_number_of_sites(
        uow: UnitOfWork, settings: Settings) -> None:
    for kind, name in ((ImportKind.AGENCIES, "agencies.csv"), (ImportKind.OFFICERS, "officers.csv"),
                       (ImportKind.SITES, "sites.xlsx")):
        await import_file(uow, kind, SAMPLE / name)
    await create_campaign(uow, actor="test", **SAMPLE_CAMPAIGN)
    settings.planning.time_limit_s = 4.0
    seen = []
    plan = await draft(uow, settings, SAMPLE_CAMPAIGN["code"], SAMPLE_RAID_DAY, DraftOptions(), progress=seen.append)
    stops = sorted(len(team.visits) for team in plan.teams)
    average = sum(stops) / len(stops)
    assert sum(stops) >= 100
    assert average / 2 <= stops[0] and stops[-1] <= 2 * average, stops  # was 4 and 19 stops
    assert seen[0].phase == "first_plan" and seen[-1].phase == "done"
    assert seen[-1].covered == sum(stops) and seen[-1].travel_m == plan.travel_m
