"""The figures as JSON. The top-level keys listed in ``REQUIRED_KEYS`` are a promise to other tools."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from inspection.reports.definitions import DEFINITIONS
from inspection.reports.model import CampaignFigures, GroupRow, Quantities

REQUIRED_KEYS = (
    "agencies", "officers_person_times", "officers_distinct", "teams", "sites_planned", "sites_inspected",
    "goods_checked", "suspected_items", "suspected_quantities", "by_right_type", "by_action", "by_agency",
    "by_district", "by_unit", "leaflets", "fines_cny", "confiscation_cny", "penalties_cny", "cases",
    "case_list", "definitions", "narrative_zh", "narrative_en",
)


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _quantities(q: Quantities) -> dict[str, int | float]:
    """{unit: quantity}: a quantity is only ever summed within its unit."""
    return {unit: _num(value) for unit, value in q}


def _group(rows: list[GroupRow]) -> list[dict[str, Any]]:
    return [
        {"key": r.key, "label_zh": r.label_zh, "label_en": r.label_en, "sites_planned": r.sites_planned,
         "sites_inspected": r.sites_inspected, "goods_checked": r.goods_checked, "findings": r.findings,
         "suspected_quantities": _quantities(r.quantities), "value_cny": _num(r.value_cny), "leaflets": r.leaflets,
         "officers_person_times": r.officers_person_times, "officers_distinct": r.officers_distinct}
        for r in rows
    ]


def figures_json(fig: CampaignFigures, *, narrative_zh: str, narrative_en: str) -> dict[str, Any]:
    c = fig.cases
    s = fig.scope
    return {
        "campaign": s.campaign_code, "campaign_name": s.campaign_name,
        "period": {"from": s.start.isoformat() if s.start else None, "to": s.end.isoformat() if s.end else None},
        "agency": s.agency_code, "agencies": fig.agencies, "agency_names_zh": fig.agency_names_zh,
        "officers_person_times": fig.officers_person_times, "officers_distinct": fig.officers_distinct,
        "teams": fig.teams, "raids": fig.raids, "sites_planned": fig.sites_planned,
        "sites_inspected": fig.sites_inspected, "sites_not_reached": fig.sites_not_reached,
        "not_reached_reasons": {r.key: r.sites_planned for r in fig.not_reached_reasons},
        "goods_checked": fig.goods_checked, "suspected_items": fig.suspected_items,
        "suspected_quantities": _quantities(fig.suspected_quantities),
        "suspected_value_cny": _num(fig.suspected_value_cny),
        "by_right_type": _group(fig.by_right_type), "by_suspicion": _group(fig.by_suspicion),
        "by_action": _group(fig.by_action), "by_agency": _group(fig.by_agency), "by_district": _group(fig.by_district),
        "by_site_type": _group(fig.by_site_type), "by_category": _group(fig.by_category),
        "by_unit": _group(fig.by_unit),
        "top_brands": [{"brand": b.brand, "rights_holder": b.rights_holder, "findings": b.findings,
                        "suspected_quantities": _quantities(b.quantities)} for b in fig.top_brands],
        "daily": [{"day": d.day.isoformat(), "sites_inspected": d.sites_inspected, "goods_checked": d.goods_checked,
                   "findings": d.findings} for d in fig.daily],
        "leaflets": fig.leaflets, "checkins_outside_radius": fig.checkins_outside_radius,
        "fines_cny": _num(c.fines_cny), "confiscation_cny": _num(c.confiscation_cny),
        "penalties_cny": _num(c.penalties_cny),
        "case_list": [{"number": k.number, "agency": k.agency, "case_type": k.case_type, "state": k.state,
                       "received_on": k.received_on.isoformat(),
                       "closed_on": k.closed_on.isoformat() if k.closed_on else None,
                       "fines_cny": _num(k.fine_cny), "confiscation_cny": _num(k.confiscation_cny),
                       "penalties_cny": _num(k.penalty_cny)} for k in fig.case_list],
        "cases": {"received": c.received, "carried_over": c.carried_over, "filed": c.filed, "closed": c.closed,
                  "suspended": c.suspended, "decided": c.decided, "mediated": c.mediated, "withdrawn": c.withdrawn,
                  "transferred": c.transferred, "on_time_rate": c.on_time_rate},
        "targets": [{"figure": t.figure, "target": _num(t.target), "achieved": _num(t.achieved), "ratio": t.ratio}
                    for t in fig.targets],
        "previous": None if fig.previous is None else {
            "campaign": fig.previous.campaign_code, "campaign_name": fig.previous.campaign_name,
            "values": {k: _num(v) for k, v in fig.previous.values.items()}},
        "definitions": {key: {"zh": zh, "en": en} for key, (zh, en) in DEFINITIONS.items()},
        "narrative_zh": narrative_zh, "narrative_en": narrative_en,
    }
