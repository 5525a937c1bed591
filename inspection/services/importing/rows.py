"""One spreadsheet row to the values of one record, with every bad cell named.

These checks need no database; references to other records (an officer's agency, a Telegram id
already taken) are checked by the service with what the store holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inspection.domain.enums import AgencyKind, OfficerRole, SiteType
from inspection.services.importing import fields as f
from inspection.services.importing.case_fields import CASE_FIELDS
from inspection.services.importing.columns import ImportKind


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as written in the file ("" for the whole row)
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    # Fields whose cell was empty and that must not overwrite what the store already holds
    # (a Telegram account linked through the bot, coordinates found by geocoding).
    keep_if_empty: set[str] = field(default_factory=set)
    headers: dict[str, str] = field(default_factory=dict)  # field -> the column's header in the file


Parser = Callable[[str], Any]

AGENCY_FIELDS: dict[str, Parser] = {
    "code": lambda s: f.parse_code(s, 32),
    "name_zh": lambda s: f.parse_text(s, 100, required=True),
    "kind": lambda s: f.parse_choice(AgencyKind, s).value if s.strip() else _required(),
    "name_en": lambda s: f.parse_text(s, 200),
    "district": lambda s: f.parse_text(s, 50),
    "active": f.parse_active,
}

OFFICER_FIELDS: dict[str, Parser] = {
    "name": lambda s: f.parse_text(s, 50, required=True),
    "agency": lambda s: f.parse_text(s, 100, required=True),
    "certificate_no": lambda s: f.parse_code(s, 40),
    "certificate_expires_on": f.parse_date,
    "phone": f.parse_phone,
    "role": lambda s: f.parse_choice(OfficerRole, s).value if s.strip() else OfficerRole.OFFICER.value,
    "home_base": lambda s: f.parse_text(s, 200),
    "home_lon": lambda s: f.parse_float(s, -180.0, 180.0),
    "home_lat": lambda s: f.parse_float(s, -90.0, 90.0),
    "district": lambda s: f.parse_text(s, 50),
    "telegram": f.parse_telegram,
    "locale": f.parse_locale,
    "active": f.parse_active,
}

SITE_FIELDS: dict[str, Parser] = {
    "name": lambda s: f.parse_text(s, 200, required=True),
    "site_type": lambda s: f.parse_choice(SiteType, s).value if s.strip() else _required(),
    "address": lambda s: f.parse_text(s, 300, required=True),
    "district": lambda s: f.parse_text(s, 50, required=True),
    "licence_no": f.parse_licence_no,
    "lon": lambda s: f.parse_float(s, -180.0, 180.0),
    "lat": lambda s: f.parse_float(s, -90.0, 90.0),
    "risk_level": f.parse_risk,
    "opening_hours": f.parse_opening_hours,
    "contact": lambda s: f.parse_text(s, 50),
    "phone": f.parse_phone,
    "complaints": lambda s: f.parse_int(s, 0, 100000, 0),
    "active": f.parse_active,
}

FIELDS: dict[ImportKind, dict[str, Parser]] = {
    ImportKind.AGENCIES: AGENCY_FIELDS,
    ImportKind.OFFICERS: OFFICER_FIELDS,
    ImportKind.SITES: SITE_FIELDS,
    ImportKind.CASES: CASE_FIELDS,
}


COORDINATE_PAIRS = {ImportKind.SITES: ("lat", "lon"), ImportKind.OFFICERS: ("home_lat", "home_lon")}


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _required() -> Any:
    raise f.FieldError("required")


def parse_row(
    kind: ImportKind, number: int, cells: list[str], positions: dict[str, int], header: list[str]
) -> tuple[ParsedRow | None, list[RowError]]:
    """The row's values, or the errors of every bad cell in it."""
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for name, parse in FIELDS[kind].items():
        if name not in positions:
            continue
        index = positions[name]
        text = _cell(cells, index)
        try:
            values[name] = parse(text)
        except f.FieldError as exc:
            errors.append(RowError(number, header[index], exc.code, exc.params))
    if kind in COORDINATE_PAIRS and not errors:
        errors += _coordinates_pair(number, values, positions, header, *COORDINATE_PAIRS[kind])
    if errors:
        return None, errors
    parsed = ParsedRow(number, values)
    if kind is ImportKind.OFFICERS:
        telegram_id, username = values.pop("telegram", (None, ""))
        if "telegram" in positions:
            values["telegram_user_id"], values["telegram_username"] = telegram_id, username
            if telegram_id is None:
                parsed.keep_if_empty |= {"telegram_user_id"}
            if not username:
                parsed.keep_if_empty |= {"telegram_username"}
        if "locale" in positions and not _cell(cells, positions["locale"]):
            parsed.keep_if_empty.add("locale")  # an officer's /lang choice stays
    if kind is ImportKind.SITES and values.get("lat") is None and ("lat" in positions or "lon" in positions):
        parsed.keep_if_empty |= {"lat", "lon", "geocoded"}
        values["geocoded"] = False
    elif kind is ImportKind.SITES and "lat" in values:
        values["geocoded"] = False  # coordinates from the file, not from a geocoder
    return parsed, errors


def _coordinates_pair(number: int, values: dict[str, Any], positions: dict[str, int], header: list[str],
                      lat_field: str, lon_field: str) -> list[RowError]:
    lat, lon = values.get(lat_field), values.get(lon_field)
    if (lat is None) == (lon is None):
        return []
    missing = lat_field if lat is None else lon_field
    if missing not in positions:
        return [RowError(number, "", "coordinates_half", {})]
    return [RowError(number, header[positions[missing]], "coordinates_half", {})]
