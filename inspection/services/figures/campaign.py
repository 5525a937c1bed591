"""Figures for a campaign, a raid, a period or an agency's part: the aggregates put together.

``for_campaign`` is what every adapter calls (CLI report, bot /summary, web); the definitions of
what is counted are in ``scope.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from inspection.domain.enums import Action, RightType, SiteType, Suspicion
from inspection.domain.errors import NotFound
from inspection.domain.labels import LABELS, category_label
from inspection.reports.model import (
    BrandRow,
    CampaignFigures,
    CaseCounts,
    CaseRow,
    Comparison,
    DayRow,
    GroupRow,
    Scope,
    TargetRow,
)
from inspection.services.cases.figures import case_figures, decided_within
from inspection.services.figures import queries as q
from inspection.services.figures.scope import A, C, F, Filters, R, S, aggregate_connection, table
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Case

# Target keys a campaign may set (``Campaign.targets``), with the short aliases people write.
TARGET_ALIASES = {
    "sites": "sites_inspected", "goods": "goods_checked", "officers": "officers_person_times",
    "findings": "suspected_items", "suspected_item_kinds": "suspected_items", "penalties": "penalties_cny", "cases": "cases_filed", "fines": "fines_cny",
}


def group_row(raw: dict[str, Any], label_zh: str | None = None, label_en: str | None = None) -> GroupRow:
    key = str(raw.get("key") if raw.get("key") is not None else "")
    return GroupRow(
        key=key, label_zh=label_zh or str(raw.get("label_zh") or key), label_en=label_en or str(raw.get("label_en") or key),
        sites_planned=int(raw.get("sites_planned") or 0), sites_inspected=int(raw.get("sites_inspected") or 0),
        goods_checked=int(raw.get("goods_checked") or 0), findings=int(raw.get("findings") or 0),
        quantities=tuple(raw.get("quantities") or ()), value_cny=q.dec(raw.get("value")),
        leaflets=int(raw.get("leaflets") or 0), officers_person_times=int(raw.get("officers_person_times") or 0),
        officers_distinct=int(raw.get("officers_distinct") or 0),
    )


def enum_rows(rows: list[dict[str, Any]], enum: type[Any]) -> list[GroupRow]:
    labels = LABELS[enum]
    out = []
    for r in rows:
        zh, en = labels.get(str(r["key"]), (str(r["key"]), str(r["key"])))
        out.append(group_row(r, zh, en))
    return out


def by_value(row: dict[str, Any]) -> tuple[int, int, int, str]:
    """The natural order of places: most sites inspected, then most suspected items and goods checked."""
    return (-int(row.get("sites_inspected") or 0), -int(row.get("findings") or 0), -int(row.get("goods_checked") or 0),
            str(row["key"]))


def merged(visits: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join a visits breakdown and a findings breakdown on their key, in their natural order (``by_value``)."""
    by_key: dict[Any, dict[str, Any]] = {r["key"]: dict(r) for r in visits}
    for r in found:
        by_key.setdefault(r["key"], {"key": r["key"]}).update(r)
    return sorted(by_key.values(), key=by_value)


async def _cases(uow: UnitOfWork, conn: AsyncConnection, campaign: str | None, agency: str | None,
                 start: date, end: date) -> tuple[CaseCounts, list[CaseRow]]:
    cf = await case_figures(uow, start=start, end=end, agency=agency, campaign=campaign)
    counts = CaseCounts(
        received=cf.received, carried_over=cf.carried_over, filed=cf.filed, closed=cf.closed,
        suspended=cf.suspended, decided=cf.decided, mediated=cf.mediated, withdrawn=cf.withdrawn,
        transferred=cf.transferred, on_time_rate=cf.on_time_rate, fines_cny=cf.fines_cny,
        confiscation_cny=cf.confiscation_cny,
    )
    K = table(Case)
    decided = decided_within(start, end)
    stmt = (
        sa.select(K.c.number, A.c.code, K.c.case_type, K.c.state, K.c.received_on, K.c.closed_on,
                  sa.case((decided, K.c.fine_cny), else_=0), sa.case((decided, K.c.confiscation_cny), else_=0))
        .join(A, A.c.id == K.c.agency_id)
        .where(K.c.received_on <= end, sa.or_(K.c.closed_on.is_(None), K.c.closed_on >= start))
        .order_by(K.c.received_on, K.c.number)
    )
    if campaign is not None:
        stmt = stmt.join(C, C.c.id == K.c.campaign_id).where(C.c.code == campaign)
    if agency is not None:
        stmt = stmt.where(A.c.code == agency)
    rows = [CaseRow(number=r[0], agency=r[1], case_type=r[2], state=r[3], received_on=r[4], closed_on=r[5],
                    fine_cny=q.dec(r[6]), confiscation_cny=q.dec(r[7])) for r in await conn.execute(stmt)]
    return counts, rows


@dataclass(frozen=True)
class Aggregates:
    """What the aggregate queries return, before it is put together as ``CampaignFigures``."""

    visits: dict[str, int]
    members: dict[str, int]
    agencies: list[dict[str, Any]]
    grid: list[dict[str, Any]]
    by_district: list[dict[str, Any]]
    by_site_type: list[dict[str, Any]]
    brands: list[dict[str, Any]]
    days: list[dict[str, Any]]
    reasons: list[tuple[str, int]]
    names: list[str]
    types: list[str]


async def aggregates(conn: AsyncConnection, filters: Filters) -> Aggregates:
    """Every aggregate query of the figures (also what ``bench.summary`` times as bare SQL)."""
    grid = await q.findings_grid(conn, filters, F.c.right_type, F.c.suspicion, F.c.action, F.c.category)
    places = await q.findings_grid(conn, filters, S.c.district, S.c.site_type, R.c.raid_date)
    names, types = await q.top_sites(conn, filters)
    return Aggregates(
        visits=await q.visit_totals(conn, filters), members=await q.member_totals(conn, filters),
        agencies=await q.agency_rows(conn, filters), grid=grid,
        by_district=merged(await q.visits_by(conn, filters, S.c.district), q.fold(places, "k0")),
        by_site_type=merged(await q.visits_by(conn, filters, S.c.site_type), q.fold(places, "k1")),
        brands=await q.top_brands(conn, filters), days=await q.daily(conn, filters, q.fold(places, "k2")),
        reasons=await q.not_reached_reasons(conn, filters), names=names, types=types,
    )


async def compute(uow: UnitOfWork, scope: Scope, filters: Filters, *, start: date, end: date) -> CampaignFigures:
    """Run every aggregate for ``filters`` and put the figures together (no targets, no comparison)."""
    async with uow() as s:
        conn = await aggregate_connection(s)
        a = await aggregates(conn, filters)
        counts, case_list = await _cases(uow, conn, scope.campaign_code, scope.agency_code, start, end)
    deployed = [r for r in a.agencies if r.get("officers_person_times")]
    units = q.fold(a.grid, "unit")
    return CampaignFigures(
        scope=scope,
        agencies=a.members["agencies"],
        agency_names_zh=[str(r["label_zh"]) for r in deployed],
        agency_names_en=[str(r["label_en"]) for r in deployed],
        officers_person_times=a.members["person_times"], officers_distinct=a.members["distinct"],
        teams=a.members["teams"], raids=a.visits["raids"],
        sites_planned=a.visits["sites_planned"], sites_inspected=a.visits["sites_inspected"],
        sites_not_reached=a.visits["sites_not_reached"], goods_checked=a.visits["goods_checked"],
        suspected_items=sum(int(r["findings"]) for r in a.grid),
        suspected_quantities=q.quantities({str(r["key"]): r["quantities"][0][1] for r in units}),
        suspected_value_cny=sum((q.dec(r["value"]) for r in a.grid), Decimal(0)), leaflets=a.visits["leaflets"],
        checkins_outside_radius=a.visits["checkins_outside_radius"],
        top_site_names=a.names, inspected_site_types=a.types,
        not_reached_reasons=[GroupRow(key=r, label_zh=r or "未说明", label_en=r or "no reason given",
                                      sites_planned=n) for r, n in a.reasons],
        by_right_type=enum_rows(q.fold(a.grid, "k0"), RightType), by_suspicion=enum_rows(q.fold(a.grid, "k1"), Suspicion),
        by_action=enum_rows(q.fold(a.grid, "k2"), Action), by_agency=[group_row(r) for r in a.agencies],
        by_district=[group_row(r, str(r["key"]) or "未注明", str(r["key"]) or "unspecified") for r in a.by_district],
        by_site_type=enum_rows(a.by_site_type, SiteType),
        by_category=[group_row(r, category_label(str(r["key"]), "zh-CN") or "未分类",
                               category_label(str(r["key"]), "en") or "uncategorised")
                     for r in q.fold(a.grid, "k3")],
        by_unit=[group_row(r) for r in units],
        top_brands=[BrandRow(brand=b["brand"], rights_holder=b["rights_holder"], findings=int(b["findings"]),
                             quantities=b["quantities"]) for b in a.brands],
        daily=[DayRow(day=d["day"], sites_inspected=int(d.get("sites_inspected") or 0),
                      goods_checked=int(d.get("goods_checked") or 0), findings=int(d.get("findings") or 0))
               for d in a.days],
        cases=counts, case_list=case_list,
    )


def targets_against(targets: dict[str, Any], achieved: dict[str, Decimal]) -> list[TargetRow]:
    rows = []
    for key, value in targets.items():
        figure = TARGET_ALIASES.get(key, key)
        if figure in achieved and isinstance(value, int | float | str):
            try:
                target = Decimal(str(value))
            except ArithmeticError:
                continue
            rows.append(TargetRow(figure=figure, target=target, achieved=achieved[figure]))
    return rows


async def _campaign_row(uow: UnitOfWork, code: str) -> dict[str, Any]:
    async with uow() as s:
        conn = await s.connection()
        row = (await conn.execute(sa.select(C).where(C.c.code == code))).mappings().first()
        if row is None:
            raise NotFound(f"no campaign with code {code}", code="campaign_not_found", campaign=code)
        return dict(row)


async def issuing_office(uow: UnitOfWork, code: str, locale: str = "zh-CN") -> str:
    """The name of the campaign's lead agency, which issues its report."""
    async with uow() as s:
        conn = await s.connection()
        row = (await conn.execute(
            sa.select(A.c.name_zh, A.c.name_en).join(C, C.c.lead_agency_id == A.c.id).where(C.c.code == code)
        )).first()
    if row is None:
        return ""
    return str(row[1] or row[0]) if locale.startswith("en") else str(row[0])


async def _agency_id(uow: UnitOfWork, code: str) -> int:
    async with uow() as s:
        conn = await s.connection()
        agency_id = (await conn.execute(sa.select(A.c.id).where(A.c.code == code))).scalar()
    if agency_id is None:
        raise NotFound(f"no agency with code {code}", code="agency_not_found", agency=code, codes=[code])
    return int(agency_id)


async def _previous_campaign(uow: UnitOfWork, campaign: dict[str, Any]) -> dict[str, Any] | None:
    async with uow() as s:
        conn = await s.connection()
        row = (await conn.execute(
            sa.select(C).where(C.c.kind == campaign["kind"], C.c.starts_on < campaign["starts_on"])
            .order_by(C.c.starts_on.desc()).limit(1)
        )).mappings().first()
    return dict(row) if row else None


async def campaign_filters(
    uow: UnitOfWork, code: str, *, start: date | None = None, end: date | None = None, agency: str | None = None,
    raid_id: int | None = None,
) -> tuple[Filters, dict[str, Any]]:
    """The filters of campaign ``code`` (narrowed as asked) and the campaign row; NotFound for a bad code."""
    campaign = await _campaign_row(uow, code)
    agency_id = await _agency_id(uow, agency) if agency else None
    filters = Filters(campaign_id=campaign["id"], start=start, end=end, agency_id=agency_id, raid_id=raid_id)
    return filters, campaign


async def for_campaign(
    uow: UnitOfWork, code: str, *, start: date | None = None, end: date | None = None,
    agency: str | None = None, raid_id: int | None = None, compare: bool = True,
) -> CampaignFigures:
    """The figures of campaign ``code``; ``start``/``end`` (raid days, inclusive), ``agency`` (its
    part) and ``raid_id`` narrow them. Targets and the previous campaign of the same kind are
    compared only for the whole campaign."""
    filters, campaign = await campaign_filters(uow, code, start=start, end=end, agency=agency, raid_id=raid_id)
    scope = Scope(campaign_code=code, campaign_name=campaign["name"], start=start, end=end, agency_code=agency,
                  raid_id=raid_id)
    figures = await compute(uow, scope, filters, start=start or campaign["starts_on"], end=end or campaign["ends_on"])
    whole = start is None and end is None and agency is None and raid_id is None
    if not (compare and whole):
        return figures
    previous = await _previous_campaign(uow, campaign)
    comparison = None
    if previous is not None:
        before = await for_campaign(uow, previous["code"], compare=False)
        comparison = Comparison(previous["code"], previous["name"], before.headline())
    targets = targets_against(dict(campaign.get("targets") or {}), figures.headline())
    return replace(figures, targets=targets, previous=comparison)


async def for_period(uow: UnitOfWork, start: date, end: date, *, agency: str | None = None) -> CampaignFigures:
    """The figures of every campaign's raids from ``start`` to ``end`` (inclusive)."""
    agency_id = await _agency_id(uow, agency) if agency else None
    scope = Scope(campaign_code=None, campaign_name="", start=start, end=end, agency_code=agency)
    return await compute(uow, scope, Filters(start=start, end=end, agency_id=agency_id), start=start, end=end)
