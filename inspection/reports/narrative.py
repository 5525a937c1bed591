"""The formal summary paragraph, in Chinese (the style of county work summaries) and in English.

Every number comes from ``CampaignFigures`` as it is; a figure that is zero is left out, or said
the way a careful writer would ("未发现涉嫌侵权商品"), never printed as "0家".
"""

from __future__ import annotations

from datetime import date

from inspection.domain.enums import Action, RightType, SiteType
from inspection.domain.labels import LABELS
from inspection.reports.format import (
    join_en,
    join_zh,
    money,
    money_zh,
    number,
    percent,
    plural,
    site_word_en,
    site_word_zh,
)
from inspection.reports.model import CampaignFigures, GroupRow

RIGHT_ORDER = [r.value for r in RightType]
ACTION_ORDER = [a.value for a in Action if a is not Action.NONE]


def _ordered(rows: list[GroupRow], order: list[str]) -> list[GroupRow]:
    present = {r.key: r for r in rows if r.findings}
    return [present[k] for k in order if k in present]


def _day_zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _range_zh(start: date | None, end: date | None, name: str = "") -> str:
    """"2026年4月20日至4月21日"; without the year when the campaign's name already says it."""
    if start is None or end is None:
        return ""
    year_said = end.year == start.year and f"{start.year}年" in name
    first = f"{start.month}月{start.day}日" if year_said else _day_zh(start)
    if start == end:
        return first
    tail = f"{end.month}月{end.day}日" if end.year == start.year else _day_zh(end)
    return f"{first}至{tail}"


def _range_en(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    if start == end:
        return f"On {start.day} {start:%B %Y}"
    return f"From {start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def _intro_zh(fig: CampaignFigures) -> str:
    name = fig.scope.campaign_name
    span = _range_zh(fig.scope.start, fig.scope.end, name)
    if span and name:
        return f"{span}，在{name}中，"
    if span:
        return f"{span}，"
    return f"{name}期间，" if name else ""


def _intro_en(fig: CampaignFigures) -> str:
    name, span = fig.scope.campaign_name, _range_en(fig.scope.start, fig.scope.end)
    if span and name:
        return f"{span}, in {name}, "
    if span:
        return f"{span}, "
    return f"During {name}, " if name else ""


def narrative_zh(fig: CampaignFigures) -> str:
    intro = _intro_zh(fig)
    if fig.officers_person_times == 0 and fig.sites_inspected == 0:
        cases = _cases_zh(fig)
        return f"{intro}尚未开展执法检查。" + (f"{cases}。" if cases else "")
    who = fig.agency_names_zh[0] if fig.agencies == 1 and fig.agency_names_zh else f"{fig.agencies}家执法单位"
    parts = []
    if fig.officers_person_times:
        unit = "名" if fig.officers_person_times == fig.officers_distinct else "人次"
        parts.append(f"{who}出动执法人员{fig.officers_person_times}{unit}")
    if fig.sites_inspected:
        noun, counter = site_word_zh(fig.inspected_site_types)
        names = fig.top_site_names
        listed = f"在{join_zh(names)}{'等' if fig.sites_inspected > len(names) else ''}" if names else "检查"
        goods = f"检查各类商品{fig.goods_checked}件" if fig.goods_checked else "开展检查"
        if names:
            parts.append(f"共{listed}{fig.sites_inspected}{counter}{noun}{_by_type_zh(fig)}{goods}")
        else:
            parts.append(f"共检查{noun}{fig.sites_inspected}{counter}{_by_type_zh(fig)}")
    text = intro + "，".join(parts)
    text += "，" + _findings_zh(fig) if fig.sites_inspected else "。"
    tail = []
    if fig.leaflets:
        tail.append(f"执法人员向经营者发放宣传材料{fig.leaflets}份")
    cases = _cases_zh(fig)
    if cases:
        tail.append(cases)
    return text + ("".join(f"{t}。" for t in tail))


def _by_type_zh(fig: CampaignFigures) -> str:
    """"（其中超市2家、药店1家）" when the inspected sites are of several types."""
    if len(fig.inspected_site_types) < 2:
        return ""
    bits = []
    for r in sorted(fig.by_site_type, key=lambda r: -r.sites_inspected):
        if r.sites_inspected:
            counter = "户" if r.key == SiteType.MARKET_STALL.value else "家"
            bits.append(f"{r.label_zh}{r.sites_inspected}{counter}")
    return f"（其中{join_zh(bits)}）"


def _findings_zh(fig: CampaignFigures) -> str:
    if not fig.suspected_items:
        return "未发现涉嫌侵权商品。"
    rights = [LABELS[RightType][r.key][0] for r in _ordered(fig.by_right_type, RIGHT_ORDER)
              if r.key != RightType.OTHER.value]
    infringing = f"涉嫌侵犯{join_zh(rights)}的" if rights else "涉嫌侵权的"
    actions = [LABELS[Action][r.key][0] for r in _ordered(fig.by_action, ACTION_ORDER)]
    value = f"，货值合计{money_zh(fig.suspected_value_cny)}" if fig.suspected_value_cny else ""
    if actions:
        return f"对其中{infringing}{fig.suspected_items}种商品依法进行了{join_zh(actions)}处理{value}。"
    return f"发现{infringing}商品{fig.suspected_items}种{value}。"


def _cases_zh(fig: CampaignFigures) -> str:
    c = fig.cases
    items = [(c.received, "受理案件{}件"), (c.filed, "立案{}件"), (c.closed, "结案{}件")]
    bits = [fmt.format(n) for n, fmt in items if n]
    if c.closed and c.on_time_rate is not None:
        bits.append(f"按期结案率达到{percent(c.on_time_rate)}")
    if c.penalties_cny:
        bits.append(f"罚没金额{money_zh(c.penalties_cny)}")
    return "，".join(bits)


def narrative_en(fig: CampaignFigures) -> str:
    intro = _intro_en(fig)
    if fig.officers_person_times == 0 and fig.sites_inspected == 0:
        none = f"{intro}no inspection has been carried out yet." if intro else "No inspection has been carried out yet."
        return " ".join(s for s in (none, _cases_en(fig)) if s)
    who = fig.agency_names_en[0] if fig.agencies == 1 and fig.agency_names_en else \
        f"{fig.agencies} {plural(fig.agencies, 'agency')}"
    sentence = intro + who
    if fig.officers_person_times:
        if fig.officers_person_times == fig.officers_distinct:
            sentence += f" deployed {fig.officers_person_times} {plural(fig.officers_person_times, 'officer')}"
        else:
            sentence += (f" made {fig.officers_person_times} officer deployments"
                         f" ({fig.officers_distinct} {plural(fig.officers_distinct, 'officer')})")
    if fig.sites_inspected:
        names = fig.top_site_names
        sites = f"{fig.sites_inspected} {site_word_en(fig.inspected_site_types, fig.sites_inspected)}"
        if names:
            sites += f", {'including' if fig.sites_inspected > len(names) else 'namely'} {join_en(names)},"
        sentence += f", who inspected {sites}"
        if fig.goods_checked:
            sentence += f" and checked {fig.goods_checked} {plural(fig.goods_checked, 'item')} of goods"
    sentences = [sentence.rstrip(",") + "."]
    if fig.sites_inspected:
        sentences.append(_findings_en(fig))
    if fig.leaflets:
        sentences.append(f"The officers handed out {fig.leaflets} {plural(fig.leaflets, 'leaflet')} to the traders.")
    cases = _cases_en(fig)
    if cases:
        sentences.append(cases)
    return " ".join(s for s in sentences if s).strip()


def _findings_en(fig: CampaignFigures) -> str:
    kinds = fig.suspected_items
    if not kinds:
        return "No suspected infringing goods were found."
    rights = [plural(2, LABELS[RightType][r.key][1]) for r in _ordered(fig.by_right_type, RIGHT_ORDER)
              if r.key != RightType.OTHER.value]
    what = f"{kinds} {plural(kinds, 'kind')} of goods suspected of infringing " + (join_en(rights) or "rights")
    actions = [LABELS[Action][r.key][1] for r in _ordered(fig.by_action, ACTION_ORDER)]
    verb = "was" if kinds == 1 else "were"
    value = f" (value CNY {money(fig.suspected_value_cny)})" if fig.suspected_value_cny else ""
    if actions:
        return f"{what[0].upper()}{what[1:]}{value} {verb} {join_en(actions)} according to law."
    return f"{what[0].upper()}{what[1:]}{value} {verb} found."


def _cases_en(fig: CampaignFigures) -> str:
    c = fig.cases
    bits = []
    if c.received:
        bits.append(f"{c.received} {plural(c.received, 'case')} received")
    if c.filed:
        bits.append(f"{c.filed} filed")
    if c.closed:
        closed = f"{c.closed} closed"
        if c.on_time_rate is not None:
            closed += f" ({percent(c.on_time_rate)} on time)"
        bits.append(closed)
    text = join_en(bits)
    sentences = [f"{text[0].upper()}{text[1:]}."] if bits else []
    if c.penalties_cny:
        sentences.append(f"Fines and confiscations totalled CNY {money(c.penalties_cny)}.")
    return " ".join(sentences)


__all__ = ["narrative_en", "narrative_zh", "number"]
