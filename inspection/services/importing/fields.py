"""Reading one cell: dates, enums, coordinates, risk levels, opening hours, licence numbers, phones.

Each parser takes the cell text and returns a value or raises ``FieldError`` with a message code
(see ``messages.py``) and the parameters that phrase it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from inspection.domain.errors import InvalidInput
from inspection.domain.labels import ALIASES, LABELS, parse_enum
from inspection.domain.numbers import parse_count

E = TypeVar("E", bound=StrEnum)


class FieldError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def normalize(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width; trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)


def refuse_scientific(text: str) -> None:
    """Excel shows long numbers as 4.11726E+14 and saves them so in CSV: the digits are lost."""
    if _SCIENTIFIC.match(normalize(text)):
        raise FieldError("scientific_notation", value=text)


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
NO_EXPIRY_WORDS = ("长期", "长期有效", "永久", "无期限")


def parse_date(text: str) -> date | None:
    """2027-06-30, 2027/6/30, 2027.6.30, 2027年6月30日, 20270630; 长期 (no expiry) and empty give None."""
    s = normalize(text)
    if not s or s in NO_EXPIRY_WORDS:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            y, mo, d = (int(g) for g in m.groups()[:3])
            try:
                return date(y, mo, d)
            except ValueError:
                raise FieldError("bad_date", value=text) from None
    raise FieldError("bad_date", value=text)


def parse_choice(enum: type[E], text: str) -> E:
    """An enum from its code, label or alias; failing that, the longest label the text contains
    (县文化市场综合执法大队 is culture, 城东大药房 is a pharmacy)."""
    try:
        return parse_enum(enum, normalize(text))
    except ValueError:
        pass
    s = normalize(text)
    words: list[tuple[str, str]] = [(zh, code) for code, (zh, _en) in LABELS.get(enum, {}).items()]
    words += list(ALIASES.get(enum, {}).items())
    contained = [(len(w), code) for w, code in words if len(w) >= 2 and w in s and code != "other"]
    if contained:
        return enum(max(contained)[1])
    choices = "、".join(zh for zh, _ in LABELS.get(enum, {}).values())
    raise FieldError("bad_choice", value=text, choices=choices)


def parse_float(text: str, low: float, high: float) -> float | None:
    s = normalize(text)
    if not s:
        return None
    try:
        value = float(s)
    except ValueError:
        raise FieldError("bad_number", value=text) from None
    if not low <= value <= high:
        raise FieldError("out_of_range", value=text, low=low, high=high)
    return value


def parse_int(text: str, low: int, high: int, default: int) -> int:
    """A whole number as ``numbers.parse_count`` reads it ("12", "１２", "十二"); "3.5" is refused."""
    if not normalize(text):
        return default
    try:
        value = parse_count(text)
    except InvalidInput:
        raise FieldError("bad_number", value=text) from None
    if not low <= value <= high:
        raise FieldError("out_of_range", value=text, low=low, high=high)
    return value


RISK_WORDS = {"低": 1, "一般": 1, "低风险": 1, "low": 1, "中": 2, "较高": 2, "中风险": 2, "medium": 2,
              "高": 3, "高风险": 3, "重点": 3, "high": 3}


def parse_risk(text: str) -> int:
    """1, 2, 3 or 低/中/高 (一般/较高/重点, low/medium/high); empty is 1."""
    s = normalize(text).lower()
    if not s:
        return 1
    if s in RISK_WORDS:
        return RISK_WORDS[s]
    if s.isdigit() and 1 <= int(s) <= 3:
        return int(s)
    raise FieldError("bad_risk", value=text)


_HOURS = re.compile(r"^(\d{1,2})[:：.](\d{2})\s*[-~～—至到]+\s*(\d{1,2})[:：.](\d{2})$")
ALL_DAY_WORDS = ("24小时", "全天", "24h", "00:00-24:00")


def parse_opening_hours(text: str) -> str:
    """'8:00-21:00', '08:00～21:00', '8:00至21:00' give '08:00-21:00'; 24小时/全天 give '00:00-24:00'."""
    s = normalize(text).replace(" ", "")
    if not s:
        return ""
    if s.lower() in ALL_DAY_WORDS:
        return "00:00-24:00"
    m = _HOURS.match(s)
    if not m:
        raise FieldError("bad_hours", value=text)
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59 or (h1 * 60 + m1) >= (h2 * 60 + m2):
        raise FieldError("bad_hours", value=text)
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The check character of a unified social credit code (GB 32100-2015)."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def parse_licence_no(text: str) -> str:
    """An 18-character unified social credit code (check character verified) or an older
    15-digit registration number; other local licence numbers of 6-40 letters and digits pass as is."""
    refuse_scientific(text)
    s = normalize(text).upper().replace(" ", "")
    if not s:
        raise FieldError("required")
    if len(s) == 18 and all(c in CREDIT_CODE_CHARS for c in s):
        if credit_code_check_char(s[:17]) != s[17]:
            raise FieldError("bad_credit_code", value=text)
        return s
    if len(s) == 18:
        raise FieldError("bad_credit_code", value=text)
    if not re.fullmatch(r"[0-9A-Z\-]{6,40}", s):
        raise FieldError("bad_licence", value=text)
    return s


def parse_phone(text: str) -> str:
    refuse_scientific(text)
    s = normalize(text).replace(" ", "")
    if not s:
        return ""
    if not re.fullmatch(r"\+?[0-9][0-9\-()]{5,25}", s) or sum(c.isdigit() for c in s) < 7:
        raise FieldError("bad_phone", value=text)
    return s


def parse_telegram(text: str) -> tuple[int | None, str]:
    """A Telegram user id (digits) or @username; empty gives (None, '')."""
    refuse_scientific(text)
    s = normalize(text).replace(" ", "")
    if not s:
        return None, ""
    if s.isdigit() and 0 < int(s) < 2**53:
        return int(s), ""
    name = s.removeprefix("@").removeprefix("https://t.me/").removeprefix("t.me/")
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{4,31}", name):
        return None, name
    raise FieldError("bad_telegram", value=text)


def parse_active(text: str) -> bool:
    s = normalize(text).lower()
    if not s or s in ("是", "在岗", "在职", "正常", "营业", "有效", "1", "y", "yes", "true", "active"):
        return True
    if s in ("否", "离岗", "离职", "停用", "注销", "停业", "歇业", "0", "n", "no", "false", "inactive"):
        return False
    raise FieldError("bad_flag", value=text)


def parse_locale(text: str) -> str:
    s = normalize(text).lower()
    if not s or s in ("zh", "zh-cn", "中文", "汉语", "chinese"):
        return "zh-CN"
    if s in ("en", "英文", "english"):
        return "en"
    raise FieldError("bad_locale", value=text)


def parse_text(text: str, max_len: int, *, required: bool = False) -> str:
    """Names and addresses as written (full-width brackets kept), runs of spaces made one."""
    s = " ".join(text.split())
    if required and not s:
        raise FieldError("required")
    if len(s) > max_len:
        raise FieldError("too_long", max=max_len)
    return s


def parse_code(text: str, max_len: int) -> str:
    """An identifier (agency code, certificate number): half-width, upper case, required."""
    refuse_scientific(text)
    return normalize(parse_text(text, max_len, required=True)).upper()
