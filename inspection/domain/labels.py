"""Chinese and English labels for the enums, and the reverse lookup used when parsing input.

Written once here; the bot, the reports and the importer all use these tables.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from inspection.domain.enums import (
    Action,
    AgencyKind,
    CaseSource,
    CaseState,
    CaseType,
    GoodsCategory,
    OfficerRole,
    RightType,
    SiteType,
    Suspicion,
    VisitStatus,
)

E = TypeVar("E", bound=StrEnum)

LABELS: dict[type[StrEnum], dict[str, tuple[str, str]]] = {
    AgencyKind: {
        "ip_office": ("知识产权局", "IP office"),
        "market_regulation": ("市场监督管理局", "market regulation"),
        "drug_administration": ("药品监督管理局", "drug administration"),
        "quality_supervision": ("质量技术监督局", "quality supervision"),
        "tobacco": ("烟草专卖局", "tobacco monopoly"),
        "culture": ("文化市场综合执法", "culture market enforcement"),
        "copyright": ("版权局", "copyright office"),
        "public_security": ("公安局", "public security"),
        "customs": ("海关", "customs"),
        "other": ("其他", "other"),
    },
    OfficerRole: {
        "officer": ("执法人员", "officer"),
        "team_leader": ("组长", "team leader"),
        "coordinator": ("协调员", "coordinator"),
        "reviewer": ("法制审核", "legal reviewer"),
        "admin": ("管理员", "administrator"),
        "agency_head": ("单位负责人", "agency head"),
    },
    SiteType: {
        "supermarket": ("超市", "supermarket"),
        "retailer": ("商品流通企业", "retailer"),
        "market": ("集贸市场", "market"),
        "market_stall": ("经营户", "market stall"),
        "pharmacy": ("药店", "pharmacy"),
        "fair_booth": ("展会展位", "fair booth"),
        "bookstore": ("文化用品店", "bookstore / stationer"),
        "tobacco_shop": ("烟酒店", "tobacco shop"),
        "restaurant": ("餐饮店", "restaurant"),
        "manufacturer": ("生产企业", "manufacturer"),
        "warehouse": ("仓库", "warehouse"),
        "online_shop": ("网店", "online shop"),
        "other": ("其他", "other"),
    },
    RightType: {
        "trademark": ("商标", "trademark"),
        "patent": ("专利", "patent"),
        "copyright": ("著作权", "copyright"),
        "geographical_indication": ("地理标志", "geographical indication"),
        "other": ("其他", "other"),
    },
    Suspicion: {
        "counterfeit_trademark": ("假冒商标", "counterfeit trademark"),
        "patent_passing_off": ("假冒专利", "patent passing-off"),
        "patent_infringement": ("专利侵权", "patent infringement"),
        "piracy": ("盗版", "piracy"),
        "gi_misuse": ("冒用地理标志", "misuse of a geographical indication"),
        "other": ("其他", "other"),
    },
    Action: {
        "registered": ("登记保存", "registered"),
        "sealed": ("查封", "sealed"),
        "seized": ("扣押", "seized"),
        "confiscated": ("没收", "confiscated"),
        "sampled": ("抽样", "sampled"),
        "none": ("未采取措施", "no action"),
    },
    CaseType: {
        "patent_dispute": ("专利侵权纠纷", "patent dispute"),
        "patent_passing_off": ("假冒专利", "patent passing-off"),
        "trademark_infringement": ("商标侵权", "trademark infringement"),
        "copyright_infringement": ("著作权侵权", "copyright infringement"),
        "other": ("其他", "other"),
    },
    CaseSource: {
        "inspection": ("执法检查", "inspection"),
        "complaint": ("投诉举报", "complaint"),
        "ecommerce": ("电商平台", "e-commerce platform"),
        "referral": ("移送", "referral"),
        "other": ("其他", "other"),
    },
    CaseState: {
        "received": ("受理", "received"),
        "filed": ("立案", "filed"),
        "investigating": ("调查中", "investigating"),
        "suspended": ("中止", "suspended"),
        "decided": ("作出处理决定", "decided"),
        "mediated": ("调解", "mediated"),
        "withdrawn": ("撤回", "withdrawn"),
        "transferred": ("移送", "transferred"),
        "closed": ("结案", "closed"),
    },
    GoodsCategory: {
        "food": ("食品", "food"),
        "liquor": ("酒类", "liquor"),
        "tobacco": ("烟草制品", "tobacco products"),
        "household": ("日用品", "household goods"),
        "clothing": ("服装鞋帽", "clothing and shoes"),
        "medicines": ("药品", "medicines"),
        "cosmetics": ("化妆品", "cosmetics"),
        "books_media": ("图书音像", "books and media"),
        "electronics": ("电子产品", "electronics"),
        "other": ("其他", "other"),
    },
    VisitStatus: {
        "planned": ("待检查", "planned"),
        "checked_in": ("已到场", "checked in"),
        "closed": ("已完成", "closed"),
        "not_reached": ("未到达", "not reached"),
        "cancelled": ("已取消", "cancelled"),
    },
}

# Extra words officials write for the same thing (used only for parsing input).
ALIASES: dict[type[StrEnum], dict[str, str]] = {
    AgencyKind: {
        "知识产权": "ip_office", "科技局": "ip_office", "市场监管": "market_regulation",
        "工商局": "market_regulation", "工商": "market_regulation", "市场监督管理": "market_regulation",
        "食品药品监督管理局": "drug_administration", "药监局": "drug_administration", "药监": "drug_administration",
        "质监局": "quality_supervision", "质监": "quality_supervision", "烟草": "tobacco",
        "烟草公司": "tobacco", "文化局": "culture", "文体局": "culture", "文广局": "culture",
        "文化广电旅游局": "culture", "版权": "copyright",
    },
    SiteType: {
        "商场": "retailer", "商店": "retailer", "零售店": "retailer", "食品零售点": "retailer",
        "市场": "market", "批发市场": "market", "农贸市场": "market", "摊位": "market_stall",
        "个体经营户": "market_stall", "大药房": "pharmacy", "药房": "pharmacy", "展位": "fair_booth",
        "展会": "fair_booth", "书店": "bookstore", "音像店": "bookstore", "烟草零售": "tobacco_shop",
        "烟酒商行": "tobacco_shop", "企业": "manufacturer", "工厂": "manufacturer",
    },
    GoodsCategory: {
        "酒": "liquor", "白酒": "liquor", "烟": "tobacco", "烟草": "tobacco", "香烟": "tobacco", "卷烟": "tobacco",
        "cigarettes": "tobacco", "服装": "clothing", "鞋服": "clothing", "鞋帽": "clothing", "clothing": "clothing",
        "药": "medicines", "图书": "books_media", "音像": "books_media", "books": "books_media",
        "电子": "electronics", "household": "household",
    },
    RightType: {"商标权": "trademark", "专利权": "patent", "版权": "copyright", "著作权": "copyright"},
    Action: {"登记": "registered", "先行登记保存": "registered", "无": "none", "没收处理": "confiscated"},
    OfficerRole: {"队员": "officer", "组员": "officer", "队长": "team_leader", "协调人": "coordinator",
                  "审核员": "reviewer", "法制审核员": "reviewer",
                  "局领导": "agency_head", "负责人": "agency_head"},
}


def label(value: StrEnum, locale: str = "zh-CN") -> str:
    """The word for ``value`` in ``locale`` (zh-CN or en)."""
    zh, en = LABELS[type(value)][value.value]
    return en if locale.startswith("en") else zh


def parse_enum(enum: type[E], text: str) -> E:
    """Read an enum from its code, its Chinese or English label, or a common alias.

    Raises ``ValueError`` naming the accepted words when nothing matches.
    """
    key = text.strip()
    lowered = key.lower().replace("-", "_").replace(" ", "_")
    for member in enum:
        if lowered == member.value:
            return member
    for code, (zh, en) in LABELS.get(enum, {}).items():
        if key == zh or key.lower() == en.lower():
            return enum(code)
    alias = ALIASES.get(enum, {}).get(key)
    if alias is not None:
        return enum(alias)
    choices = "、".join(zh for zh, _ in LABELS.get(enum, {}).values()) or ", ".join(m.value for m in enum)
    raise ValueError(f"'{text}' is not one of: {choices}")


def category_code(text: str) -> str:
    """What to store for a typed goods category: the code when it names one we offer, else the text."""
    try:
        return parse_enum(GoodsCategory, text).value
    except ValueError:
        return text.strip()


def category_label(stored: str, locale: str = "zh-CN") -> str:
    """The words for a stored goods category: a code's label in ``locale``; a typed category as typed."""
    if stored in GoodsCategory._value2member_map_:
        return label(GoodsCategory(stored), locale)
    return stored
