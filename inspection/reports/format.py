"""Small formatting helpers shared by the renderers: numbers, money, rates, lists, site words."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from inspection.domain.enums import SiteType
from inspection.domain.labels import LABELS

# Site types that are places rather than businesses: a mix including one is 场所 ("places").
PLACE_TYPES = {
    SiteType.MARKET.value, SiteType.FAIR_BOOTH.value, SiteType.WAREHOUSE.value, SiteType.ONLINE_SHOP.value,
    SiteType.OTHER.value,
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
    """(noun, counter) for the inspected sites: the type's own word when all are of one type (超市/家,
    商品流通企业/家 only when every site is a retailer, 经营户/户), else 经营单位/家, or 场所/处 when the
    mix includes places that are not businesses (markets, fair booths...)."""
    if len(site_types) == 1:
        word = LABELS[SiteType].get(site_types[0], ("经营单位", ""))[0]
        if site_types[0] == SiteType.OTHER.value:
            return "场所", "处"
        return word, "户" if site_types[0] == SiteType.MARKET_STALL.value else "家"
    if set(site_types) & PLACE_TYPES:
        return "场所", "处"
    return "经营单位", "家"


def site_word_en(site_types: list[str], count: int) -> str:
    if len(site_types) == 1:
        word = LABELS[SiteType].get(site_types[0], ("", "site"))[1]
        word = word.split(" / ")[0]
    elif set(site_types) & PLACE_TYPES:
        word = "place"
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


def quantity_text(quantities: tuple[tuple[str, Decimal], ...], locale: str = "zh-CN") -> str:
    """"15双、20盒" (zh) or "15 双, 20 盒" (en): each unit on its own, never added across units."""
    if locale.startswith("en"):
        return ", ".join(f"{number(q)} {unit}" for unit, q in quantities)
    return "、".join(f"{number(q)}{unit}" for unit, q in quantities)


TEN_THOUSAND = Decimal(10_000)


def money_zh(value: Decimal | int | float) -> str:
    """Money as officials write it: "8500元", "2.7万元", "12万元" (万元 from 10,000 yuan on)."""
    d = Decimal(str(value))
    if abs(d) >= TEN_THOUSAND:
        wan = (d / TEN_THOUSAND).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        return f"{format(wan, 'f')}万元"
    return f"{money(d)}元"


# OWASP CSV injection: a cell beginning with one of these is read as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralised(text: str) -> str:
    """``text`` made inert for a CSV file: prefixed with an apostrophe when a spreadsheet would run it."""
    return "'" + text if is_formula_like(text) else text
