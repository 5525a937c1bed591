"""Small formatting helpers shared by the renderers: numbers, money, rates, lists, site words."""

from __future__ import annotations

from decimal import Decimal

from inspection.domain.enums import SiteType
from inspection.domain.labels import LABELS

# Site types officials group together as 商品流通企业 (retail businesses).
RETAIL_TYPES = {
    SiteType.SUPERMARKET.value, SiteType.RETAILER.value, SiteType.PHARMACY.value, SiteType.BOOKSTORE.value,
    SiteType.TOBACCO_SHOP.value,
}


def number(value: Decimal | int | float) -> str:
    """12 for 12.00, 2.5 for 2.50: whole quantities without decimals."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def money(value: Decimal | int | float) -> str:
    d = Decimal(str(value)).quantize(Decimal("0.01"))
    return number(d) if d == d.to_integral_value() else format(d, "f")


def percent(rate: float | None) -> str:
    if rate is None:
        return ""
    text = f"{rate * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def join_zh(items: list[str]) -> str:
    return "、".join(items)


def join_en(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def site_word_zh(site_types: list[str]) -> tuple[str, str]:
    """(noun, counter) for the inspected sites: 超市/家, 商品流通企业/家, 经营户/户, 经营单位/家."""
    if len(site_types) == 1:
        word = LABELS[SiteType].get(site_types[0], ("经营单位", ""))[0]
        return word, "户" if site_types[0] == SiteType.MARKET_STALL.value else "家"
    if site_types and set(site_types) <= RETAIL_TYPES:
        return "商品流通企业", "家"
    return "经营单位", "家"


def site_word_en(site_types: list[str], count: int) -> str:
    if len(site_types) == 1:
        word = LABELS[SiteType].get(site_types[0], ("", "site"))[1]
        word = word.split(" / ")[0]
    elif site_types and set(site_types) <= RETAIL_TYPES:
        word = "retail business"
    else:
        word = "business"
    return plural(count, word)


def plural(count: int, word: str) -> str:
    if count == 1:
        return word
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
