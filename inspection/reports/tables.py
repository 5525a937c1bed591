"""The figures laid out as tables: one definition used by the XLSX, CSV and HTML renderers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from inspection.domain.enums import Action, RightType, SiteType, Suspicion
from inspection.domain.labels import LABELS
from inspection.reports.format import percent
from inspection.reports.model import CampaignFigures, FindingRow, GroupRow

Cell = str | int | float | Decimal | None

WORDS: dict[str, tuple[str, str]] = {
    "summary": ("汇总", "Summary"), "by_agency": ("按执法单位", "By agency"), "by_district": ("按乡镇", "By district"),
    "by_site_type": ("按场所类型", "By site type"), "by_right_type": ("按权利类型", "By right type"),
    "by_suspicion": ("按涉嫌类型", "By suspicion"), "by_action": ("按处理措施", "By action"),
    "by_category": ("按商品类别", "By goods category"), "top_brands": ("主要品牌", "Top brands"),
    "daily": ("每日情况", "Daily"), "not_reached": ("未检查原因", "Sites not reached"),
    "cases": ("案件", "Cases"), "targets": ("目标完成", "Targets"), "findings": ("涉嫌侵权商品", "Findings"),
    "figure": ("项目", "Figure"), "value": ("数值", "Value"), "key": ("代码", "Code"), "name": ("名称", "Name"),
    "agencies": ("参与执法单位（家）", "Agencies involved"),
    "officers_person_times": ("出动执法人员（人次）", "Officers deployed (person-times)"),
    "officers_distinct": ("执法人员（名）", "Distinct officers"), "teams": ("检查组（个）", "Teams"),
    "raids": ("执法检查（次）", "Raid days"), "sites_planned": ("计划检查（户次）", "Sites planned"),
    "sites_inspected": ("检查经营单位（户次）", "Sites inspected"),
    "sites_not_reached": ("未到达（户次）", "Sites not reached"), "goods_checked": ("检查商品（件）", "Goods checked"),
    "suspected_item_kinds": ("涉嫌侵权商品（种）", "Suspected item kinds"),
    "suspected_quantity": ("涉嫌侵权商品数量", "Suspected quantity"), "findings_n": ("涉嫌侵权商品（条）", "Findings"),
    "value_cny": ("估值（元）", "Estimated value (CNY)"), "leaflets": ("发放宣传材料（份）", "Leaflets handed out"),
    "checkins_outside_radius": ("超出范围签到（次）", "Check-ins outside the radius"),
    "cases_received": ("受理案件（件）", "Cases received"), "cases_carried_over": ("上期转入（件）", "Cases carried over"),
    "cases_filed": ("立案（件）", "Cases filed"), "cases_closed": ("结案（件）", "Cases closed"),
    "cases_suspended": ("中止（件）", "Cases suspended"), "cases_decided": ("作出处理决定（件）", "Decided"),
    "cases_mediated": ("调解结案（件）", "Mediated"), "cases_withdrawn": ("撤回（件）", "Withdrawn"),
    "cases_transferred": ("移送（件）", "Transferred"), "on_time_rate": ("按期结案率", "On-time closure rate"),
    "fines_cny": ("罚款（元）", "Fines (CNY)"), "confiscation_cny": ("没收金额（元）", "Confiscations (CNY)"),
    "previous": ("上届", "Previous campaign"), "change": ("变化", "Change"), "target": ("目标", "Target"),
    "achieved": ("完成", "Achieved"), "ratio": ("完成率", "Achieved share"), "day": ("日期", "Date"),
    "brand": ("品牌", "Brand"), "rights_holder": ("权利人", "Rights holder"), "reason": ("原因", "Reason"),
    "number": ("案号", "Case number"), "agency": ("执法单位", "Agency"), "case_type": ("案件类型", "Case type"),
    "state": ("状态", "State"), "received_on": ("受理日期", "Received"), "closed_on": ("结案日期", "Closed"),
    "fine_cny": ("罚没金额（元）", "Penalty (CNY)"), "id": ("编号", "No."), "raid_date": ("检查日期", "Raid date"),
    "site": ("经营单位", "Site"), "district": ("乡镇", "District"), "site_type": ("场所类型", "Site type"),
    "team": ("检查组", "Team"), "product": ("商品", "Product"), "category": ("类别", "Category"),
    "right_type": ("权利类型", "Right type"), "suspicion": ("涉嫌类型", "Suspicion"), "quantity": ("数量", "Quantity"),
    "unit": ("单位", "Unit"), "action": ("处理措施", "Action"), "reported_by": ("报告人", "Reported by"),
    "photos": ("照片", "Photos"),
}


def word(key: str, locale: str) -> str:
    zh, en = WORDS[key]
    return en if locale.startswith("en") else zh


@dataclass(frozen=True)
class Table:
    name: str  # stable slug: CSV file name, HTML anchor
    title: str
    headers: list[str]
    rows: list[list[Cell]]


def summary_rows(fig: CampaignFigures, locale: str) -> list[list[Cell]]:
    c = fig.cases
    values: list[tuple[str, Cell]] = [
        ("agencies", fig.agencies), ("officers_person_times", fig.officers_person_times),
        ("officers_distinct", fig.officers_distinct), ("teams", fig.teams), ("raids", fig.raids),
        ("sites_planned", fig.sites_planned), ("sites_inspected", fig.sites_inspected),
        ("sites_not_reached", fig.sites_not_reached), ("goods_checked", fig.goods_checked),
        ("suspected_item_kinds", fig.suspected_item_kinds), ("suspected_quantity", fig.suspected_quantity),
        ("value_cny", fig.suspected_value_cny), ("leaflets", fig.leaflets),
        ("checkins_outside_radius", fig.checkins_outside_radius), ("cases_received", c.received),
        ("cases_carried_over", c.carried_over), ("cases_filed", c.filed), ("cases_closed", c.closed),
        ("cases_suspended", c.suspended), ("cases_decided", c.decided), ("cases_mediated", c.mediated),
        ("cases_withdrawn", c.withdrawn), ("cases_transferred", c.transferred),
        ("on_time_rate", percent(c.on_time_rate) or "—"), ("fines_cny", c.fines_cny),
        ("confiscation_cny", c.confiscation_cny),
    ]
    return [[word(k, locale), v] for k, v in values]


def _group(name: str, rows: list[GroupRow], columns: list[str], locale: str) -> Table:
    headers = [word("name", locale), *(word("findings_n" if c == "findings" else c, locale) for c in columns)]
    body: list[list[Cell]] = [[r.label(locale), *(getattr(r, c) for c in columns)] for r in rows]
    return Table(name, word(name, locale), headers, body)


VISIT_COLUMNS = ["sites_planned", "sites_inspected", "goods_checked", "findings", "suspected_quantity", "leaflets"]
FINDING_COLUMNS = ["findings", "suspected_quantity", "value_cny"]


def report_tables(fig: CampaignFigures, locale: str = "zh-CN") -> list[Table]:
    """Every aggregate table of a report, summary first."""
    w: Callable[[str], str] = lambda k: word(k, locale)  # noqa: E731
    tables = [
        Table("summary", w("summary"), [w("figure"), w("value")], summary_rows(fig, locale)),
        _group("by_agency", fig.by_agency, ["officers_person_times", "officers_distinct", *VISIT_COLUMNS], locale),
        _group("by_district", fig.by_district, VISIT_COLUMNS, locale),
        _group("by_site_type", fig.by_site_type, VISIT_COLUMNS, locale),
        _group("by_right_type", fig.by_right_type, FINDING_COLUMNS, locale),
        _group("by_suspicion", fig.by_suspicion, FINDING_COLUMNS, locale),
        _group("by_action", fig.by_action, FINDING_COLUMNS, locale),
        _group("by_category", fig.by_category, FINDING_COLUMNS, locale),
        Table("top_brands", w("top_brands"), [w("brand"), w("rights_holder"), w("findings_n"), w("suspected_quantity")],
              [[b.brand, b.rights_holder, b.findings, b.suspected_quantity] for b in fig.top_brands]),
        Table("daily", w("daily"), [w("day"), w("sites_inspected"), w("goods_checked"), w("findings_n")],
              [[d.day.isoformat(), d.sites_inspected, d.goods_checked, d.findings] for d in fig.daily]),
        Table("not_reached", w("not_reached"), [w("reason"), w("sites_not_reached")],
              [[r.label(locale), r.sites_planned] for r in fig.not_reached_reasons]),
        Table("cases", w("cases"), [w(k) for k in ("number", "agency", "case_type", "state", "received_on",
                                                   "closed_on", "fine_cny")],
              [[c.number, c.agency, c.case_type, c.state, c.received_on.isoformat(),
                c.closed_on.isoformat() if c.closed_on else "", c.fine_cny] for c in fig.case_list]),
    ]
    if fig.targets:
        tables.append(Table("targets", w("targets"), [w("figure"), w("target"), w("achieved"), w("ratio")],
                            [[w(t.figure) if t.figure in WORDS else t.figure, t.target, t.achieved,
                              percent(t.ratio)] for t in fig.targets]))
    if fig.previous is not None:
        now = fig.headline()
        rows: list[list[Cell]] = []
        for key, before in fig.previous.values.items():
            rows.append([w(key) if key in WORDS else key, now[key], before, now[key] - before])
        title = f"{w('previous')}: {fig.previous.campaign_name}"
        tables.append(Table("previous", title, [w("figure"), w("value"), w("previous"), w("change")], rows))
    return tables


FINDING_FIELDS = ["id", "raid_date", "site", "district", "site_type", "team", "product", "category", "brand",
                  "rights_holder", "right_type", "suspicion", "quantity", "unit", "value_cny", "action",
                  "reported_by", "photos"]


def finding_headers(locale: str) -> list[str]:
    return [word(k, locale) for k in FINDING_FIELDS]


def finding_cells(row: FindingRow, locale: str) -> list[Cell]:
    en = locale.startswith("en")

    def lab(enum: type, value: str) -> str:
        pair = LABELS[enum].get(value)
        return (pair[1] if en else pair[0]) if pair else value

    return [
        row.id, row.raid_date.isoformat(), row.site, row.district, lab(SiteType, row.site_type), row.team, row.product,
        row.category, row.brand, row.rights_holder, lab(RightType, row.right_type), lab(Suspicion, row.suspicion),
        row.quantity, row.unit, row.value_cny, lab(Action, row.action), row.reported_by, " ".join(row.photos),
    ]
