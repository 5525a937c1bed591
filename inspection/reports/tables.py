"""The figures laid out as tables: one definition used by the XLSX, DOCX, CSV, HTML and text renderers.

A cell's Python type says how it is shown: ``int`` a count, ``Decimal`` money (yuan), ``Qty`` a
quantity, ``Rate`` a share shown as a percent, ``date`` a date, ``str`` text. Every breakdown ends
with a 合计 row holding the campaign's totals (the same numbers as the summary table).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from inspection.domain.enums import Action, CaseState, CaseType, RightType, SiteType, Suspicion
from inspection.domain.labels import LABELS
from inspection.reports.format import quantity_text
from inspection.reports.model import CampaignFigures, FindingRow, GroupRow


class Qty(Decimal):
    """A quantity of goods in some unit (not money)."""


class Rate(float):
    """A share between 0 and 1, shown as a percent."""


Cell = str | int | float | Decimal | date | None

WORDS: dict[str, tuple[str, str]] = {
    "summary": ("汇总", "Summary"), "by_agency": ("按执法单位", "By agency"), "by_district": ("按乡镇", "By district"),
    "by_site_type": ("按场所类型", "By site type"), "by_right_type": ("按权利类型", "By right type"),
    "by_suspicion": ("按涉嫌类型", "By suspicion"), "by_action": ("按处理措施", "By action"),
    "by_category": ("按商品类别", "By goods category"), "by_unit": ("按计量单位", "By unit"),
    "top_brands": ("主要品牌", "Top brands"), "daily": ("每日情况", "Daily"), "not_reached": ("未检查原因", "Sites not reached"),
    "cases": ("案件", "Cases"), "targets": ("目标完成", "Targets"), "findings": ("涉嫌侵权商品", "Findings"),
    "notes_sheet": ("说明", "Notes"), "total": ("合计", "Total"),
    "figure": ("项目", "Figure"), "value": ("数值", "Value"), "key": ("代码", "Code"), "name": ("名称", "Name"),
    "agencies": ("参与执法单位（家）", "Agencies involved"),
    "officers_person_times": ("出动执法人员（人次）", "Officers deployed (person-times)"),
    "officers_distinct": ("执法人员（名）", "Distinct officers"), "teams": ("检查组（个）", "Teams"),
    "raids": ("执法检查（次）", "Raid days"), "sites_planned": ("计划检查（户次）", "Sites planned"),
    "sites_inspected": ("检查经营单位（户次）", "Sites inspected"),
    "sites_not_reached": ("未到达（户次）", "Sites not reached"), "goods_checked": ("检查商品（件）", "Goods checked"),
    "suspected_items": ("涉嫌侵权商品（种）", "Suspected items (kinds)"),
    "suspected_quantities": ("涉嫌侵权商品数量", "Quantities of suspected items"),
    "value_cny": ("货值（元）", "Value (CNY)"), "leaflets": ("发放宣传材料（份）", "Leaflets handed out"),
    "checkins_outside_radius": ("超出范围签到（次）", "Check-ins outside the radius"),
    "cases_received": ("受理案件（件）", "Cases received"), "cases_carried_over": ("上期转入（件）", "Cases carried over"),
    "cases_filed": ("立案（件）", "Cases filed"), "cases_closed": ("结案（件）", "Cases closed"),
    "cases_suspended": ("中止（件）", "Cases suspended"), "cases_decided": ("作出处理决定（件）", "Decided"),
    "cases_mediated": ("调解结案（件）", "Mediated"), "cases_withdrawn": ("撤回（件）", "Withdrawn"),
    "cases_transferred": ("移送（件）", "Transferred"), "on_time_rate": ("按期结案率", "On-time closure rate"),
    "fines_cny": ("罚款（元）", "Fines (CNY)"), "confiscation_cny": ("没收金额（元）", "Confiscations (CNY)"),
    "penalties_cny": ("罚没金额（元）", "Fines and confiscations (CNY)"),
    "previous": ("上届", "Previous campaign"), "change": ("变化", "Change"), "target": ("目标", "Target"),
    "achieved": ("完成", "Achieved"), "ratio": ("完成率", "Achieved share"), "day": ("日期", "Date"),
    "brand": ("品牌", "Brand"), "rights_holder": ("权利人", "Rights holder"), "reason": ("原因", "Reason"),
    "number": ("案号", "Case number"), "agency": ("执法单位", "Agency"), "case_type": ("案件类型", "Case type"),
    "state": ("状态", "State"), "received_on": ("受理日期", "Received"), "closed_on": ("结案日期", "Closed"),
    "unit": ("计量单位", "Unit"), "quantity": ("数量", "Quantity"),
    "id": ("编号", "No."), "raid_date": ("检查日期", "Raid date"),
    "site": ("经营单位", "Site"), "district": ("乡镇", "District"), "site_type": ("场所类型", "Site type"),
    "team": ("检查组", "Team"), "product": ("商品", "Product"), "category": ("类别", "Category"),
    "right_type": ("权利类型", "Right type"), "suspicion": ("涉嫌类型", "Suspicion"),
    "action": ("处理措施", "Action"), "reported_by": ("报告人", "Reported by"), "notes": ("备注", "Notes"),
    "photos": ("照片", "Photos"),
}


def word(key: str, locale: str) -> str:
    zh, en = WORDS[key]
    return en if locale.startswith("en") else zh


def _label(enum: type, value: str, locale: str) -> str:
    pair = LABELS[enum].get(value)
    return (pair[1] if locale.startswith("en") else pair[0]) if pair else value


@dataclass(frozen=True)
class Table:
    name: str  # stable slug: CSV file name, HTML anchor
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None = None  # the 合计 row, when the table is a breakdown

    def body(self) -> list[list[Cell]]:
        """The rows, then the 合计 row (when there is one and there are rows)."""
        return [*self.rows, self.total] if self.total is not None and self.rows else list(self.rows)


def summary_rows(fig: CampaignFigures, locale: str) -> list[list[Cell]]:
    c = fig.cases
    values: list[tuple[str, Cell]] = [
        ("agencies", fig.agencies), ("officers_person_times", fig.officers_person_times),
        ("officers_distinct", fig.officers_distinct), ("teams", fig.teams), ("raids", fig.raids),
        ("sites_planned", fig.sites_planned), ("sites_inspected", fig.sites_inspected),
        ("sites_not_reached", fig.sites_not_reached), ("goods_checked", fig.goods_checked),
        ("suspected_items", fig.suspected_items),
        ("suspected_quantities", quantity_text(fig.suspected_quantities, locale) or "—"),
        ("value_cny", fig.suspected_value_cny), ("leaflets", fig.leaflets),
        ("checkins_outside_radius", fig.checkins_outside_radius), ("cases_received", c.received),
        ("cases_carried_over", c.carried_over), ("cases_filed", c.filed), ("cases_closed", c.closed),
        ("cases_suspended", c.suspended), ("cases_decided", c.decided), ("cases_mediated", c.mediated),
        ("cases_withdrawn", c.withdrawn), ("cases_transferred", c.transferred),
        ("on_time_rate", Rate(c.on_time_rate) if c.on_time_rate is not None else "—"), ("fines_cny", c.fines_cny),
        ("confiscation_cny", c.confiscation_cny), ("penalties_cny", c.penalties_cny),
    ]
    return [[word(k, locale), v] for k, v in values]


def _cell(row: GroupRow, column: str, locale: str) -> Cell:
    if column == "quantities":
        return quantity_text(row.quantities, locale)
    value = getattr(row, column)
    return value


def _totals(fig: CampaignFigures) -> GroupRow:
    return GroupRow(
        key="", label_zh="合计", label_en="Total", sites_planned=fig.sites_planned, sites_inspected=fig.sites_inspected,
        goods_checked=fig.goods_checked, findings=fig.suspected_items, quantities=fig.suspected_quantities,
        value_cny=fig.suspected_value_cny, leaflets=fig.leaflets, officers_person_times=fig.officers_person_times,
        officers_distinct=fig.officers_distinct,
    )


def _header(column: str, locale: str) -> str:
    return word({"findings": "suspected_items", "quantities": "suspected_quantities"}.get(column, column), locale)


def _group(name: str, fig: CampaignFigures, rows: list[GroupRow], columns: list[str], locale: str) -> Table:
    headers = [word("name", locale), *(_header(c, locale) for c in columns)]
    body: list[list[Cell]] = [[r.label(locale), *(_cell(r, c, locale) for c in columns)] for r in rows]
    totals = _totals(fig)
    total: list[Cell] = [word("total", locale), *(_cell(totals, c, locale) for c in columns)]
    return Table(name, word(name, locale), headers, body, total)


VISIT_COLUMNS = ["sites_planned", "sites_inspected", "goods_checked", "findings", "quantities", "leaflets"]
FINDING_COLUMNS = ["findings", "quantities", "value_cny"]


def _units(fig: CampaignFigures, locale: str) -> Table:
    rows: list[list[Cell]] = [[r.key, r.findings, Qty(r.quantities[0][1]) if r.quantities else Qty(0), r.value_cny]
                              for r in fig.by_unit]
    headers = [word("unit", locale), word("suspected_items", locale), word("quantity", locale), word("value_cny", locale)]
    total: list[Cell] = [word("total", locale), fig.suspected_items, "", fig.suspected_value_cny]
    return Table("by_unit", word("by_unit", locale), headers, rows, total)


def _cases(fig: CampaignFigures, locale: str) -> Table:
    w = lambda k: word(k, locale)  # noqa: E731
    headers = [w(k) for k in ("number", "agency", "case_type", "state", "received_on", "closed_on", "fines_cny",
                              "confiscation_cny", "penalties_cny")]
    rows: list[list[Cell]] = [
        [c.number, c.agency, _label(CaseType, c.case_type, locale), _label(CaseState, c.state, locale), c.received_on,
         c.closed_on, c.fine_cny, c.confiscation_cny, c.penalty_cny] for c in fig.case_list]
    k = fig.cases
    total: list[Cell] = [w("total"), "", "", "", None, None, k.fines_cny, k.confiscation_cny, k.penalties_cny]
    return Table("cases", w("cases"), headers, rows, total)


def report_tables(fig: CampaignFigures, locale: str = "zh-CN") -> list[Table]:
    """Every aggregate table of a report, summary first."""
    w = lambda k: word(k, locale)  # noqa: E731
    daily_total: list[Cell] = [w("total"), fig.sites_inspected, fig.goods_checked, fig.suspected_items]
    tables = [
        Table("summary", w("summary"), [w("figure"), w("value")], summary_rows(fig, locale)),
        _group("by_agency", fig, fig.by_agency, ["officers_person_times", "officers_distinct", *VISIT_COLUMNS], locale),
        _group("by_district", fig, fig.by_district, VISIT_COLUMNS, locale),
        _group("by_site_type", fig, fig.by_site_type, VISIT_COLUMNS, locale),
        _group("by_right_type", fig, fig.by_right_type, FINDING_COLUMNS, locale),
        _group("by_suspicion", fig, fig.by_suspicion, FINDING_COLUMNS, locale),
        _group("by_action", fig, fig.by_action, FINDING_COLUMNS, locale),
        _group("by_category", fig, fig.by_category, FINDING_COLUMNS, locale),
        _units(fig, locale),
        Table("top_brands", w("top_brands"),
              [w("brand"), w("rights_holder"), w("suspected_items"), w("suspected_quantities")],
              [[b.brand, b.rights_holder, b.findings, quantity_text(b.quantities, locale)] for b in fig.top_brands]),
        Table("daily", w("daily"), [w("day"), w("sites_inspected"), w("goods_checked"), w("suspected_items")],
              [[d.day, d.sites_inspected, d.goods_checked, d.findings] for d in fig.daily], daily_total),
        Table("not_reached", w("not_reached"), [w("reason"), w("sites_not_reached")],
              [[r.label(locale), r.sites_planned] for r in fig.not_reached_reasons],
              [w("total"), fig.sites_not_reached]),
        _cases(fig, locale),
    ]
    if fig.targets:
        tables.append(Table("targets", w("targets"), [w("figure"), w("target"), w("achieved"), w("ratio")],
                            [[w(t.figure) if t.figure in WORDS else t.figure, _plain(t.target), _plain(t.achieved),
                              Rate(t.ratio) if t.ratio is not None else None] for t in fig.targets]))
    if fig.previous is not None:
        now = fig.headline()
        rows: list[list[Cell]] = []
        for key, before in fig.previous.values.items():
            if key in now:
                rows.append([w(key) if key in WORDS else key, _plain(now[key]), _plain(before),
                             _plain(now[key] - before)])
        title = f"{w('previous')}: {fig.previous.campaign_name}"
        tables.append(Table("previous", title, [w("figure"), w("value"), w("previous"), w("change")], rows))
    return tables


def _plain(value: Decimal) -> Cell:
    """A headline figure: a count as int, an amount of money as Decimal."""
    return int(value) if value == value.to_integral_value() else value


FINDING_FIELDS = ["id", "raid_date", "site", "district", "site_type", "team", "product", "category", "brand",
                  "rights_holder", "right_type", "suspicion", "quantity", "unit", "value_cny", "action",
                  "reported_by", "notes", "photos"]


def finding_headers(locale: str) -> list[str]:
    return [word(k, locale) for k in FINDING_FIELDS]


def finding_cells(row: FindingRow, locale: str) -> list[Cell]:
    return [
        row.label, row.raid_date, row.site, row.district, _label(SiteType, row.site_type, locale), row.team,
        row.product, row.category, row.brand, row.rights_holder, _label(RightType, row.right_type, locale),
        _label(Suspicion, row.suspicion, locale), Qty(row.quantity), row.unit, row.value_cny,
        _label(Action, row.action, locale), row.reported_by, row.notes, " ".join(row.photos),
    ]
