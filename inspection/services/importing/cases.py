"""``inspection import cases FILE``: the case register as offices keep it in a spreadsheet.

One row per case (案号, 办案单位, 案件类型, 受理日期, and what happened since: 立案日期, 处理结果 and its
date, 罚款, 没收金额, 结案日期). Rows are checked like the other imports — every bad cell is named
with its row and column, and a file with any bad row writes nothing — and the state, the statutory
deadline and on-time closure are derived from the dates with the rules of ``domain.cases``.
Importing the same file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain import cases as rules
from inspection.domain.enums import CaseState
from inspection.services.importing.messages import TEMPLATES
from inspection.services.importing.rows import ParsedRow, RowError
from inspection.store.tables import Agency, Campaign, Officer

TEMPLATES.update({
    "bad_money": ("“{value}”不是金额（元，最多两位小数）", "'{value}' is not an amount in yuan (at most two decimals)"),
    "unknown_campaign": ("找不到专项行动“{value}”（请填代码或名称）", "no campaign '{value}' (give its code or name)"),
    "unknown_officer": ("找不到执法证号为“{value}”的人员", "no officer with certificate '{value}'"),
    "date_order": ("{later}（{later_on}）早于{earlier}（{earlier_on}）",
                   "{later} ({later_on}) is before {earlier} ({earlier_on})"),
    "outcome_without_date": ("填写了处理结果，须同时填写其日期", "an outcome needs its date"),
    "closed_without_outcome": ("已结案的案件须填写处理结果", "a closed case needs its outcome"),
})


DATE_NAMES = {"received_on": ("受理日期", "received"), "filed_on": ("立案日期", "filed"),
              "outcome_on": ("处理日期", "outcome date"), "closed_on": ("结案日期", "closed")}


def check_case_row(row: ParsedRow) -> list[RowError]:
    """Dates in order, an outcome with its date, a closed case with its outcome."""
    v, errors = row.values, []
    steps = [k for k in ("received_on", "filed_on", "outcome_on", "closed_on") if v.get(k)]
    for earlier, later in zip(steps, steps[1:], strict=False):
        if v[later] < v[earlier]:
            errors.append(RowError(row.row, row.headers.get(later, ""), "date_order", {
                "later": DATE_NAMES[later][0], "later_on": v[later].isoformat(),
                "earlier": DATE_NAMES[earlier][0], "earlier_on": v[earlier].isoformat()}))
    if v.get("outcome") and not v.get("outcome_on"):
        errors.append(RowError(row.row, row.headers.get("outcome", ""), "outcome_without_date"))
    if v.get("closed_on") and not v.get("outcome"):
        errors.append(RowError(row.row, row.headers.get("closed_on", ""), "closed_without_outcome"))
    return errors


async def resolve_case_rows(session: AsyncSession, rows: list[ParsedRow], deadline_days: Mapping[str, int],
                            match_agency: Any) -> list[RowError]:
    """Agency, campaign and officer in charge to ids; state, deadline and on-time closure from the dates."""
    agencies = (await session.exec(select(Agency))).all()
    campaigns = (await session.exec(select(Campaign))).all()
    officers = {o.certificate_no: o.id for o in (await session.exec(select(Officer))).all()}
    errors: list[RowError] = []
    for row in rows:
        v = row.values
        errors += check_case_row(row)
        text = v.pop("agency")
        found = match_agency(agencies, text)
        if isinstance(found, int):
            v["agency_id"] = found
        else:
            code = "unknown_agency" if not found else "ambiguous_agency"
            errors.append(RowError(row.row, row.headers["agency"], code, {"value": text, "matches": "、".join(found)}))
        campaign = v.pop("campaign", "")
        v["campaign_id"] = None
        if campaign:
            ids = [c.id for c in campaigns if campaign in (c.code, c.name)]
            if ids:
                v["campaign_id"] = ids[0]
            else:
                errors.append(RowError(row.row, row.headers["campaign"], "unknown_campaign", {"value": campaign}))
        officer = v.pop("officer", "")
        v["officer_in_charge_id"] = None
        if officer:
            if officer in officers:
                v["officer_in_charge_id"] = officers[officer]
            else:
                errors.append(RowError(row.row, row.headers["officer"], "unknown_officer", {"value": officer}))
        _derive(v, deadline_days)
    return errors


def _derive(v: dict[str, Any], deadline_days: Mapping[str, int]) -> None:
    filed, outcome, outcome_on, closed = v.get("filed_on"), v.get("outcome", ""), v.get("outcome_on"), v.get("closed_on")
    v["due_on"] = None
    if filed is not None:
        period = rules.statutory_days(v["case_type"], deadline_days)
        v["due_on"] = rules.due_date(filed, period)
    if closed is not None:
        v["state"] = CaseState.CLOSED.value
        v["closed_on_time"] = rules.closed_on_time(outcome_on, v["due_on"])
    else:
        v["state"] = outcome or (CaseState.FILED.value if filed else CaseState.RECEIVED.value)
        v["closed_on_time"] = None
