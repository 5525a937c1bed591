"""For random campaigns, every figure of the narrative, the workbook, the HTML, the CSV files and the
JSON equals one independent recount from the tables (the recount is this file's own SQL, written
from the definitions in docs/FIGURES.md, not the service's queries).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from inspection.reports.format import money_zh, number
from inspection.services.figures import write_report
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Case
from tests import factories as f

DISTRICTS = ["城关镇", "勐董镇", "岩帅镇"]
UNITS = ["件", "双", "盒"]
START = date(2026, 4, 20)
_codes = itertools.count(1)


@dataclass(frozen=True)
class FindingSpec:
    unit: str
    quantity: int
    value: int | None
    withdrawn: bool
    action: str


@dataclass(frozen=True)
class VisitSpec:
    site: int
    status: str
    goods: int
    leaflets: int
    findings: list[FindingSpec]


@dataclass(frozen=True)
class TeamSpec:
    members: list[tuple[int, str]]  # (officer index, reply)
    visits: list[VisitSpec]


@dataclass(frozen=True)
class RaidSpec:
    day: int
    cancelled: bool
    teams: list[TeamSpec]


@dataclass(frozen=True)
class CaseSpec:
    agency: int
    fine: int
    confiscation: int
    decided_day: int | None  # days after START; None: not decided


@dataclass(frozen=True)
class World:
    agencies: int
    officers: list[int]  # agency index of each officer
    sites: list[int]  # district index of each site
    raids: list[RaidSpec]
    cases: list[CaseSpec]


findings_st = st.builds(FindingSpec, unit=st.sampled_from(UNITS), quantity=st.integers(1, 500),
                        value=st.one_of(st.none(), st.integers(0, 30_000)), withdrawn=st.booleans(),
                        action=st.sampled_from(["registered", "confiscated", "none"]))


@st.composite
def worlds(draw: st.DrawFn) -> World:
    agencies = draw(st.integers(1, 3))
    officers = draw(st.lists(st.integers(0, agencies - 1), min_size=1, max_size=6))
    sites = draw(st.lists(st.integers(0, len(DISTRICTS) - 1), min_size=1, max_size=5))
    raids = []
    for day in range(draw(st.integers(1, 2))):
        teams, free_sites = [], list(range(len(sites)))
        for _ in range(draw(st.integers(1, 2))):
            chosen = draw(st.lists(st.integers(0, len(officers) - 1), min_size=1, max_size=3, unique=True))
            members = [(o, draw(st.sampled_from(["pending", "accepted", "declined"]))) for o in chosen]
            visits = []
            for _ in range(draw(st.integers(0, len(free_sites)))):
                site = free_sites.pop(draw(st.integers(0, len(free_sites) - 1)))
                visits.append(VisitSpec(
                    site=site, status=draw(st.sampled_from(["planned", "checked_in", "closed", "not_reached",
                                                            "cancelled"])),
                    goods=draw(st.integers(0, 300)), leaflets=draw(st.integers(0, 20)),
                    findings=draw(st.lists(findings_st, max_size=3))))
            teams.append(TeamSpec(members, visits))
        raids.append(RaidSpec(day=day, cancelled=draw(st.booleans()) and draw(st.booleans()), teams=teams))
    cases = draw(st.lists(st.builds(CaseSpec, agency=st.integers(0, agencies - 1), fine=st.integers(0, 40_000),
                                    confiscation=st.integers(0, 5_000),
                                    decided_day=st.one_of(st.none(), st.integers(-5, 12))), max_size=3))
    return World(agencies, officers, sites, raids, cases)


async def build(uow: UnitOfWork, w: World) -> tuple[str, int]:
    n = next(_codes)
    code = f"CONS{n}"
    kinds = ["ip_office", "market_regulation", "quality_supervision"]
    async with uow() as s:
        agencies = [await f.agency(s, kinds[i], code=f"C{n}-A{i}") for i in range(w.agencies)]
        officers = [await f.officer(s, agencies[a]) for a in w.officers]
        sites = [await f.site(s, district=DISTRICTS[d]) for d in w.sites]
        c = await f.campaign(s, agencies[0], agencies[1:], code=code, name=f"{START.year}年知识产权宣传周{n}",
                             starts_on=START, ends_on=START + timedelta(days=10))
        for r in w.raids:
            raid = await f.raid(s, c, raid_date=START + timedelta(days=r.day),
                                status="cancelled" if r.cancelled else "published")
            for t in r.teams:
                team = await f.team(s, raid, [officers[o] for o, _ in t.members])
                conn = await s.connection()
                await conn.execute(sa.text("UPDATE team_member SET reply = :reply WHERE team_id = :t AND officer_id = :o"),
                                [{"reply": reply, "t": team.id, "o": officers[o].id}
                                                for o, reply in t.members])
                for v in t.visits:
                    visit = await f.visit(s, team, sites[v.site], status=v.status, goods_checked=v.goods,
                                          leaflets=v.leaflets)
                    for x in v.findings:
                        await f.finding(s, visit, unit=x.unit, quantity=Decimal(x.quantity), action=x.action,
                                        estimated_value_cny=None if x.value is None else Decimal(x.value),
                                        withdrawn_at=f.now() if x.withdrawn else None)
        for i, k in enumerate(w.cases):
            decided = k.decided_day is not None
            s.add(Case(number=f"{code}-{i}", agency_id=agencies[k.agency].id, case_type="trademark_infringement",
                       campaign_id=c.id, state="decided" if decided else "filed", received_on=START - timedelta(days=7),
                       filed_on=START - timedelta(days=7), outcome="decided" if decided else "",
                       outcome_on=START + timedelta(days=k.decided_day) if k.decided_day is not None else None,
                       fine_cny=Decimal(k.fine), confiscation_cny=Decimal(k.confiscation)))
        await s.commit()
        assert c.id is not None
        return code, c.id


RECOUNT = """
WITH raids AS (SELECT id FROM raid WHERE campaign_id = :c AND status <> 'cancelled'),
visits AS (SELECT v.*, s.district FROM visit v JOIN site s ON s.id = v.site_id
           WHERE v.raid_id IN (SELECT id FROM raids) AND v.status <> 'cancelled'),
done AS (SELECT * FROM visits WHERE status IN ('checked_in', 'closed')),
members AS (SELECT tm.team_id, tm.officer_id, o.agency_id FROM team_member tm JOIN officer o ON o.id = tm.officer_id
            WHERE tm.team_id IN (SELECT team_id FROM done) AND tm.reply <> 'declined'),
items AS (SELECT fi.*, v.district, v.team_id FROM finding fi JOIN visits v ON v.id = fi.visit_id
          WHERE fi.withdrawn_at IS NULL)
SELECT
  (SELECT count(DISTINCT agency_id) FROM members) AS agencies,
  (SELECT count(*) FROM members) AS officers_person_times,
  (SELECT count(DISTINCT officer_id) FROM members) AS officers_distinct,
  (SELECT count(DISTINCT team_id) FROM members) AS teams,
  (SELECT count(*) FROM visits) AS sites_planned,
  (SELECT count(*) FROM done) AS sites_inspected,
  (SELECT count(*) FROM visits WHERE status = 'not_reached') AS sites_not_reached,
  (SELECT coalesce(sum(goods_checked), 0) FROM done) AS goods_checked,
  (SELECT coalesce(sum(leaflets), 0) FROM visits) AS leaflets,
  (SELECT count(*) FROM items) AS suspected_items,
  (SELECT coalesce(sum(estimated_value_cny), 0) FROM items) AS value_cny
"""
UNITS_SQL = """
SELECT fi.unit, sum(fi.quantity) FROM finding fi JOIN visit v ON v.id = fi.visit_id JOIN raid r ON r.id = v.raid_id
WHERE r.campaign_id = :c AND r.status <> 'cancelled' AND v.status <> 'cancelled' AND fi.withdrawn_at IS NULL
GROUP BY fi.unit
"""
AGENCY_SQL = """
SELECT a.name_zh,
  (SELECT count(*) FROM team_member tm JOIN officer o ON o.id = tm.officer_id JOIN team t ON t.id = tm.team_id
   JOIN raid r ON r.id = t.raid_id
   WHERE o.agency_id = a.id AND r.campaign_id = :c AND r.status <> 'cancelled' AND tm.reply <> 'declined'
     AND EXISTS (SELECT 1 FROM visit v WHERE v.team_id = t.id AND v.status IN ('checked_in', 'closed'))),
  (SELECT count(*) FROM finding fi JOIN visit v ON v.id = fi.visit_id JOIN raid r ON r.id = v.raid_id
   WHERE r.campaign_id = :c AND r.status <> 'cancelled' AND v.status <> 'cancelled' AND fi.withdrawn_at IS NULL
     AND EXISTS (SELECT 1 FROM team_member tm JOIN officer o ON o.id = tm.officer_id
                 WHERE tm.team_id = v.team_id AND o.agency_id = a.id AND tm.reply <> 'declined'))
FROM agency a WHERE a.code LIKE :prefix
"""
PENALTY_SQL = """
SELECT coalesce(sum(fine_cny), 0), coalesce(sum(confiscation_cny), 0) FROM enforcement_case
WHERE campaign_id = :c AND outcome = 'decided' AND outcome_on >= :start AND outcome_on <= :end
"""


async def recount(uow: UnitOfWork, campaign_id: int, code: str) -> dict[str, Any]:
    async with uow() as s:
        conn = await s.connection()
        row = (await conn.execute(sa.text(RECOUNT), {"c": campaign_id})).mappings().one()
        units = {str(u): Decimal(str(q)) for u, q in await conn.execute(sa.text(UNITS_SQL), {"c": campaign_id})}
        agencies = {str(name): (int(p), int(n)) for name, p, n in await conn.execute(
            sa.text(AGENCY_SQL), {"c": campaign_id, "prefix": f"C{code.removeprefix('CONS')}-A%"})}
        fines, confiscations = (await conn.execute(sa.text(PENALTY_SQL), {
            "c": campaign_id, "start": START, "end": START + timedelta(days=10)})).one()
    out: dict[str, Any] = {k: int(v) if k != "value_cny" else Decimal(str(v)) for k, v in row.items()}
    out["units"] = units
    out["agencies_rows"] = {name: v for name, v in agencies.items() if v[0] or v[1]}
    out["fines"], out["confiscations"] = Decimal(str(fines)), Decimal(str(confiscations))
    out["penalties"] = out["fines"] + out["confiscations"]
    return out


# Summary-table labels (zh) of the figures compared in every file, and the recount key of each.
LABELS = {
    "参与执法单位（家）": "agencies", "出动执法人员（人次）": "officers_person_times", "执法人员（名）": "officers_distinct",
    "检查组（个）": "teams", "计划检查（户次）": "sites_planned", "检查经营单位（户次）": "sites_inspected",
    "未到达（户次）": "sites_not_reached", "检查商品（件）": "goods_checked", "发放宣传材料（份）": "leaflets",
    "涉嫌侵权商品（种）": "suspected_items", "货值（元）": "value_cny", "罚款（元）": "fines",
    "没收金额（元）": "confiscations", "罚没金额（元）": "penalties",
}


def as_number(value: Any) -> Decimal:
    return Decimal(str(value).replace(",", ""))


def quantities_text(units: dict[str, Decimal]) -> str:
    pairs = sorted(units.items(), key=lambda p: (-p[1], p[0]))
    return "、".join(f"{number(q)}{u}" for u, q in pairs) or "—"


def check_table(values: dict[str, Any], expected: dict[str, Any], where: str) -> None:
    for label, key in LABELS.items():
        assert as_number(values[label]) == expected[key], f"{where}: {label} = {values[label]}, recount {expected[key]}"
    assert values["涉嫌侵权商品数量"] == quantities_text(expected["units"]), where


def check_narrative(text: str, e: dict[str, Any]) -> None:
    if e["officers_person_times"]:
        unit = "名" if e["officers_person_times"] == e["officers_distinct"] else "人次"
        assert f"出动执法人员{e['officers_person_times']}{unit}" in text
    if e["sites_inspected"] and e["goods_checked"]:
        assert f"检查各类商品{e['goods_checked']}件" in text
    if e["sites_inspected"] and e["suspected_items"]:
        assert f"{e['suspected_items']}种" in text
    if e["sites_inspected"] and e["value_cny"]:
        assert f"货值合计{money_zh(e['value_cny'])}" in text
    if e["leaflets"] and (e["officers_person_times"] or e["sites_inspected"]):
        assert f"发放宣传材料{e['leaflets']}份" in text
    if e["penalties"]:
        assert f"罚没金额{money_zh(e['penalties'])}" in text


async def check_files(uow: UnitOfWork, code: str, folder: Path, e: dict[str, Any]) -> None:
    [xlsx] = await write_report(uow, code, folder / "r.xlsx", fmt="xlsx")
    wb = load_workbook(xlsx)
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(min_row=5, values_only=True)}
    check_table(summary, e, "xlsx")
    check_narrative(str(wb["汇总"]["A2"].value), e)
    agencies = {r[0]: (r[1], r[6]) for r in wb["按执法单位"].iter_rows(min_row=3, values_only=True)}
    assert agencies.pop("合计", (e["officers_person_times"], e["suspected_items"])) == (
        e["officers_person_times"], e["suspected_items"])
    assert {k: v for k, v in agencies.items() if v[0] or v[1]} == e["agencies_rows"]
    cases_total = [r for r in wb["案件"].iter_rows(min_row=3, values_only=True) if r[0] == "合计"]
    if cases_total:
        assert as_number(cases_total[0][8]) == e["penalties"]
    assert sum(r[4] for r in wb["按乡镇"].iter_rows(min_row=3, values_only=True) if r[0] != "合计") == \
        e["suspected_items"]

    [folder_csv] = [p.parent for p in await write_report(uow, code, folder / "csv", fmt="csv")][:1]
    with (folder_csv / "summary.csv").open(encoding="utf-8-sig") as fh:
        check_table({r[0]: r[1] for r in list(csv.reader(fh))[1:]}, e, "csv")

    [html_path] = await write_report(uow, code, folder / "r.html", fmt="html")
    html = html_path.read_text(encoding="utf-8")
    cells = dict(re.findall(r"<tr><td>([^<]+)</td><td(?: class=\"n\")?>([^<]*)</td></tr>", html))
    check_table(cells, e, "html")
    check_narrative(re.search(r'<p class="narrative">([^<]+)</p>', html).group(1), e)  # type: ignore[union-attr]

    [json_path] = await write_report(uow, code, folder / "r.json", fmt="json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    for key in ("agencies", "officers_person_times", "officers_distinct", "teams", "sites_planned",
                "sites_inspected", "sites_not_reached", "goods_checked", "leaflets", "suspected_items"):
        assert data[key] == e[key], key
    assert Decimal(str(data["suspected_value_cny"])) == e["value_cny"]
    assert {u: Decimal(str(q)) for u, q in data["suspected_quantities"].items()} == e["units"]
    assert (Decimal(str(data["fines_cny"])), Decimal(str(data["penalties_cny"]))) == (e["fines"], e["penalties"])
    assert sum(Decimal(str(k["penalties_cny"])) for k in data["case_list"]) == e["penalties"]
    check_narrative(data["narrative_zh"], e)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(world=worlds())
async def test_every_figure_in_every_file_equals_an_independent_recount(uow: UnitOfWork, tmp_path: Path,
                                                                        world: World) -> None:
    code, campaign_id = await build(uow, world)
    expected = await recount(uow, campaign_id, code)
    await check_files(uow, code, tmp_path / code, expected)
