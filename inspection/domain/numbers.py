"""Reading numbers the way officers type them on a phone.

Accepted: Arabic digits ("12", "3.5", "1,200"), full-width digits ("１２", "３．５"), Chinese numerals
("十二", "一百零五", "两千三", "三点五", "二〇二六"), financial numerals ("壹佰"), and mixtures with a
large unit ("1.5万", "3千"). Quantities may carry a unit ("12件", "３ 箱", "5千克"), money a currency
("1200元", "￥300", "1.2万元"). Anything else raises ``InvalidInput`` whose ``code`` says what is
wrong, so the bot can ask again in the officer's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from inspection.domain.errors import InvalidInput

MAX_VALUE = Decimal(10) ** 12  # a trillion: beyond any quantity or amount seen at a market stall

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_UNITS = {**_SMALL_UNITS, **_LARGE_UNITS}
_NUMBER_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "0123456789.点點廿卅,"

# Words around a number that do not change it: "约500元", "共12件", "500左右".
_PREFIXES = ("大约", "大概", "合计", "总计", "约", "共", "计", "APPROXIMATELY", "APPROX.", "APPROX", "ABOUT",
             "AROUND", "CA.", "~", "≈")
_SUFFIXES = ("左右",)
_CURRENCY_PREFIXES = ("人民币", "RMB", "CNY", "¥", "￥")
_CURRENCY_SUFFIXES = ("人民币", "元整", "块钱", "元", "块", "RMB", "CNY", "YUAN")

# Units of goods, longest first so that "千克" is a unit and not "thousand grams".
KNOWN_UNITS = tuple(sorted((
    "件", "个", "個", "双", "雙", "箱", "盒", "瓶", "包", "袋", "本", "张", "張", "套", "台", "部", "条", "條",
    "支", "只", "把", "桶", "罐", "卷", "片", "副", "顶", "件套", "对", "对儿", "册", "盘", "份", "块", "斤",
    "公斤", "千克", "克", "吨", "米", "升", "毫升", "组", "批", "kg", "g", "pcs", "pc", "pieces", "piece",
    "items", "item", "boxes", "box", "bottles", "bottle", "pairs", "pair", "sets", "set", "packs", "pack",
), key=len, reverse=True))


def _normalize(text: str) -> str:
    """Full-width to ASCII, spaces out, Chinese punctuation for the decimal point and separators."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.replace("．", ".").replace("。", ".").replace("，", ",").replace("、", ",")
    return re.sub(r"\s+", "", s)


def _strip_words(s: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if s.upper().startswith(p.upper()) and len(s) > len(p):
                s, changed = s[len(p):], True
        for x in suffixes:
            if s.upper().endswith(x.upper()) and len(s) > len(x):
                s, changed = s[: -len(x)], True
    return s


def _tokens(s: str) -> list[tuple[str, int, bool]]:
    """(kind, value, is_arabic) with kind "n" (a number) or "u" (a unit multiplier)."""
    out: list[tuple[str, int, bool]] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isdigit() and ch.isascii():
            j = i
            while j < len(s) and s[j].isascii() and s[j].isdigit():
                j += 1
            out.append(("n", int(s[i:j]), True))
            i = j
            continue
        if ch in _DIGITS:
            out.append(("n", _DIGITS[ch], False))
        elif ch in _UNITS:
            out.append(("u", _UNITS[ch], False))
        elif ch in "廿卅":
            out.extend([("n", 2 if ch == "廿" else 3, False), ("u", 10, False)])
        else:
            raise InvalidInput(f"'{ch}' is not part of a number", code="number_unreadable", text=s)
        i += 1
    return out


def _integer(s: str) -> int:
    """An integer written in Arabic digits, Chinese numerals or a mixture ("3万5千", "一百零五")."""
    tokens = _tokens(s)
    if not tokens:
        raise InvalidInput("no number", code="number_empty")
    if all(kind == "n" for kind, _, _ in tokens):
        if len(tokens) > 1 and any(arabic for _, _, arabic in tokens):
            raise InvalidInput(f"'{s}' mixes digits", code="number_unreadable", text=s)
        return int("".join(str(v) for _, v, _ in tokens))  # "12", "二〇二六"
    total = mid = section = 0
    number: int | None = None
    for kind, value, _ in tokens:
        if kind == "n":
            if number:  # two numbers in a row ("一二百") unless the first was a placeholder zero
                raise InvalidInput(f"'{s}' is not a number", code="number_unreadable", text=s)
            number = value
        elif value in (10, 100, 1000):
            if number is None:
                if value != 10 or section:
                    raise InvalidInput(f"'{s}' is not a number", code="number_unreadable", text=s)
                number = 1  # "十二"
            section += number * value
            number = None
        elif value == 10**4:
            group = section + (number or 0)
            if not group or mid:
                raise InvalidInput(f"'{s}' is not a number", code="number_unreadable", text=s)
            mid, section, number = group * value, 0, None
        else:  # 亿
            group = mid + section + (number or 0)
            if not group:
                raise InvalidInput(f"'{s}' is not a number", code="number_unreadable", text=s)
            total, mid, section, number = (total + group) * value, 0, 0, None
    if number is not None:
        before = tokens[-2] if len(tokens) >= 2 else None
        # "三百五" is 350 and "一万五" 15000: a bare digit right after a unit of 100 or more.
        if before is not None and before[0] == "u" and before[1] >= 100 and not tokens[-1][2]:
            number *= before[1] // 10
        section += number
    return total + mid + section


def _fraction_digits(s: str) -> str:
    digits = []
    for ch in s:
        if ch.isascii() and ch.isdigit():
            digits.append(ch)
        elif ch in _DIGITS:
            digits.append(str(_DIGITS[ch]))
        else:
            raise InvalidInput(f"'{s}' is not a decimal fraction", code="number_unreadable", text=s)
    if not digits:
        raise InvalidInput("nothing after the decimal point", code="number_unreadable", text=s)
    return "".join(digits)


def _split_multiplier(s: str) -> tuple[str, int]:
    """"1.5万" -> ("1.5", 10000): large units after a decimal fraction multiply it."""
    multiplier = 1
    while s and s[-1] in _UNITS:
        multiplier *= _UNITS[s[-1]]
        s = s[:-1]
    return s, multiplier


def parse_number(text: str) -> Decimal:
    """A non-negative number from what an officer typed; raises ``InvalidInput`` otherwise."""
    s = _strip_words(_normalize(text), _PREFIXES, _SUFFIXES)
    if not s:
        raise InvalidInput("no number", code="number_empty")
    if s[0] in "-−" or s.startswith("负"):
        raise InvalidInput(f"'{text}' is negative", code="number_negative", text=text)
    if s[0] == "+":
        s = s[1:]
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    if "," in s:
        raise InvalidInput(f"'{text}' is not one number", code="number_unreadable", text=text)
    s = s.replace("點", ".").replace("点", ".")
    if s.count(".") > 1:
        raise InvalidInput(f"'{text}' has two decimal points", code="number_unreadable", text=text)
    try:
        if "." in s:
            whole, rest = s.split(".", 1)
            rest, multiplier = _split_multiplier(rest)
            value = Decimal(f"{_integer(whole) if whole else 0}.{_fraction_digits(rest)}") * multiplier
        else:
            value = Decimal(_integer(s))
    except InvalidInput as exc:
        exc.params["text"] = text
        raise
    except InvalidOperation:
        raise InvalidInput(f"'{text}' is not a number", code="number_unreadable", text=text) from None
    if value >= MAX_VALUE:
        raise InvalidInput(f"'{text}' is too large", code="number_too_large", text=text)
    return value


def _as_typed(text: str, read: Callable[[], Decimal]) -> Decimal:
    """Run ``read``; a refusal quotes what the officer typed, not what was left after trimming."""
    try:
        return read()
    except InvalidInput as exc:
        if "text" in exc.params:
            exc.params["text"] = text.strip()
        raise


def parse_count(text: str, units: tuple[str, ...] = ()) -> int:
    """A whole number of things (goods checked, leaflets): "12", "１２", "十二"; "3.5" is refused.

    ``units`` are the words the question names ("件", "份"): "120件" and "30份" are read too.
    """
    s = _normalize(text)
    for unit in sorted(units, key=len, reverse=True):
        if s.lower().endswith(_normalize(unit).lower()) and len(s) > len(unit):
            s = s[: -len(_normalize(unit))]
            break
    value = _as_typed(text, lambda: parse_number(s))
    if value != value.to_integral_value():
        raise InvalidInput(f"'{text}' is not a whole number", code="number_not_whole", text=text)
    return int(value)


def parse_quantity(text: str) -> tuple[Decimal, str]:
    """A quantity and the unit typed after it ("12件" -> (12, "件")); the unit is "" when none."""
    s = _normalize(text)
    unit = ""
    lowered = s.lower()
    for known in KNOWN_UNITS:
        if lowered.endswith(known.lower()) and len(s) > len(known):
            unit, s = s[-len(known):], s[: -len(known)]
            break
    else:
        match = re.fullmatch(rf"([{re.escape(_NUMBER_CHARS)}+\-−负约共计大概合总左右]+)(\D{{1,10}})", s)
        if match and not any(ch in _NUMBER_CHARS for ch in match.group(2)):
            s, unit = match.group(1), match.group(2)
    value = _as_typed(text, lambda: parse_number(s if s else text))
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(f"'{text}' has more than two decimals", code="number_too_precise", text=text)
    return value, unit


def parse_money(text: str) -> Decimal:
    """An amount in yuan ("1200", "1200元", "￥300", "1.2万元"), kept to the fen (two decimals)."""
    s = _strip_words(_normalize(text), _PREFIXES + _CURRENCY_PREFIXES, _SUFFIXES + _CURRENCY_SUFFIXES)
    value = _as_typed(text, lambda: parse_number(s))
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(f"'{text}' has more than two decimals", code="number_too_precise", text=text)
    return value.quantize(Decimal("0.01"))
