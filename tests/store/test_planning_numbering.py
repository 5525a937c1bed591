"""Teams are numbered 1..n in the draft with no gaps, and a pin names a team as the draft showed it
(issue 13 item 3: officers must never hear of a team that does not exist)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from inspection.cli.main import main
from inspection.config import Settings
from inspection.domain.errors import InvalidInput
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.model import Draft
from inspection.store.engine import UnitOfWork
from tests.store.test_planning import DAY, world


async def test_a_team_left_without_sites_leaves_no_gap_in_the_team_numbers(uow: UnitOfWork,
                                                                           settings: Settings) -> None:
    w = await world(uow)
    # One supermarket for two teams, held by the formation's second team: the first has nothing to do.
    options = DraftOptions(site_types=("supermarket",), exclusions=tuple(w.supermarkets[1:]),
                           pins=((w.supermarkets[0], 2),))
    plan = await draft(uow, settings, w.campaign, DAY, options)
    assert [t.number for t in plan.teams] == [1]  # was [2]: "第2组" with no 第1组
    assert [v.site_id for v in plan.teams[0].visits] == [w.supermarkets[0]]
    assert plan.formed_number(1) == 2 and plan.shown_pins() == {w.supermarkets[0]: 1}
    assert {x.code for x in plan.left_out if x.code == "not_needed"} == {"not_needed"}
    again = Draft.from_json(plan.to_json())
    assert again.formed_number(1) == 2 and again.key == plan.key


async def test_a_pin_to_a_shown_team_number_lands_in_the_team_the_user_saw(uow: UnitOfWork,
                                                                          settings: Settings) -> None:
    w = await world(uow)
    first = await draft(uow, settings, w.campaign, DAY, DraftOptions(
        site_types=("supermarket",), exclusions=tuple(w.supermarkets[2:]), pins=((w.supermarkets[0], 2),)))
    shown = first.teams[0]
    moved = await draft(uow, settings, w.campaign, DAY, DraftOptions(
        site_types=("supermarket",), exclusions=tuple(w.supermarkets[2:]),
        pins=((w.supermarkets[0], 2), (w.supermarkets[1], first.formed_number(shown.number)))))
    team = next(t for t in moved.teams if w.supermarkets[1] in {v.site_id for v in t.visits})
    assert {m.officer_id for m in team.members} == {m.officer_id for m in shown.members}
    assert [t.number for t in moved.teams] == list(range(1, len(moved.teams) + 1))
    with pytest.raises(InvalidInput) as refused:
        first.formed_number(len(first.teams) + 1)
    assert refused.value.code == "no_such_team"


async def test_plan_pin_names_the_team_as_the_printed_draft_showed_it(
        uow: UnitOfWork, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECTION_DATABASE_URL", database_url)
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    w = await world(uow)
    base = ["plan", w.campaign, "--date", DAY.isoformat(), "--late", "--json", "--site-type", "supermarket",
            "--exclude", str(w.supermarkets[2]), "--exclude", str(w.supermarkets[3])]

    async def plan(*pins: str) -> dict[str, Any]:
        assert await asyncio.to_thread(main, [*base, *(x for p in pins for x in ("--pin", p))]) == 0
        return dict(json.loads(capsys.readouterr().out))

    first = await plan(f"{w.supermarkets[0]}=2", f"{w.supermarkets[1]}=2")  # no draft seen yet: the formation's 2
    assert [t["number"] for t in first["teams"]] == [1]  # shown as 第1组, the only team with sites
    second = await plan(f"{w.supermarkets[0]}=1", f"{w.supermarkets[1]}=1")  # 第1组 as the first draft showed it
    assert [t["number"] for t in second["teams"]] == [1]
    assert second["teams"][0]["members"] == first["teams"][0]["members"]
