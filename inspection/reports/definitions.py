"""What each figure counts, in the words readers see: the workbook's note sheet, the Word report's
note and docs/FIGURES.md (a test checks the page quotes every line here). The SQL that counts them
is ``services/figures/scope.py``; both say the same thing.
"""

from __future__ import annotations

DEFINITIONS: dict[str, tuple[str, str]] = {
    "agencies": (
        "参与执法单位：至少有一名执法人员出动（见下）的执法单位。",
        "Agencies involved: agencies with at least one officer deployed (see below).",
    ),
    "officers_person_times": (
        "出动执法人员（人次）：至少检查了一户经营单位的检查组的成员，不含拒绝任务或被替换的人员；"
        "一人参加两个检查组计两人次。检查组未检查任何经营单位的，其成员不计入。",
        "Officers deployed (person-times): members of teams that inspected at least one site, not counting "
        "members who declined or were replaced; one officer on two teams counts twice. Members of a team "
        "that inspected no site are not counted.",
    ),
    "officers_distinct": (
        "执法人员（名）：出动执法人员中的不同人员，每人只计一次。",
        "Distinct officers: the officers deployed, each person counted once.",
    ),
    "teams": (
        "检查组（个）：至少检查了一户经营单位的检查组。",
        "Teams: teams that inspected at least one site.",
    ),
    "sites_planned": (
        "计划检查（户次）：未取消的执法检查中安排的检查，同一经营单位两天各检查一次计两户次。",
        "Sites planned: visits planned on raid days that were not cancelled; a site visited on two days counts twice.",
    ),
    "sites_inspected": (
        "检查经营单位（户次）：已到场签到或已完成的检查。",
        "Sites inspected: visits checked in or closed.",
    ),
    "goods_checked": (
        "检查商品（件）：已检查的经营单位报告的检查商品件数之和。",
        "Goods checked: the goods checked reported at the sites inspected, added up.",
    ),
    "suspected_items": (
        "涉嫌侵权商品（种）：检查中登记的涉嫌侵权商品，一条登记为一种，撤回的不计。",
        "Suspected items (kinds): suspected infringing goods recorded at visits, one record being one kind; "
        "records withdrawn are not counted.",
    ),
    "suspected_quantities": (
        "涉嫌侵权商品数量：只在同一计量单位内相加（双、盒、册……分别合计），不同单位不相加。",
        "Quantities of suspected items: added up only within one unit (pairs, boxes, volumes... each on its "
        "own); different units are never added together.",
    ),
    "value_cny": (
        "货值（元）：执法人员登记的涉嫌侵权商品货值之和。",
        "Value (CNY): the value of the suspected items as the officers recorded it, added up.",
    ),
    "by_agency": (
        "按执法单位：一家单位的数字是其出动的执法人员，以及有其人员参加的检查组的检查和发现；"
        "一个检查组有多家单位参加时，计入每一家，因此各单位之和可大于合计。",
        "By agency: an agency's figures are its officers deployed and the visits and findings of the teams "
        "its officers took part in; a joint team counts for each of its agencies, so the agencies' rows may "
        "add up to more than the total.",
    ),
    "penalties_cny": (
        "罚没金额（元）：期间内作出处理决定的案件的罚款与没收金额之和。",
        "Fines and confiscations (CNY): fines plus confiscations of the cases decided in the period.",
    ),
    "on_time_rate": (
        "按期结案率：期间内结案的案件中按期结案的比例。",
        "On-time closure rate: the share of the cases closed in the period that were closed on time.",
    ),
}


def definition_lines(locale: str) -> list[str]:
    en = locale.startswith("en")
    return [en_text if en else zh for zh, en_text in DEFINITIONS.values()]
