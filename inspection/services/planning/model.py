"""The draft plan of a raid day as plain data: shown by the CLI and the bot, saved as JSON, published.

A draft's ``key`` is the SHA-256 of its content (campaign, day, start, surprise, teams with
their members, meeting points and visits in order): publishing stores it in ``Raid.plan_key``, so the same draft is published once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from inspection.domain.errors import InvalidInput


@dataclass(frozen=True)
class DraftOptions:
    districts: tuple[str, ...] = ()
    site_types: tuple[str, ...] = ()
    pins: tuple[tuple[int, int], ...] = ()  # (site id, team number)
    exclusions: tuple[int, ...] = ()  # site ids
    surprise: bool = False
    max_teams: int | None = None
    meeting_point: str = ""  # "name@lat,lon"; empty: each team meets at its leader's base
    late: bool = False  # plan (or record) a day whose start has passed


@dataclass(frozen=True)
class DraftMember:
    officer_id: int
    name: str
    agency_code: str
    agency_kind: str
    is_leader: bool


@dataclass(frozen=True)
class DraftVisit:
    site_id: int
    name: str
    site_type: str
    district: str
    address: str
    order: int
    eta: datetime


@dataclass
class DraftTeam:
    number: int
    leader_id: int
    members: list[DraftMember]
    meeting_point: str
    meeting_lat: float | None
    meeting_lon: float | None
    visits: list[DraftVisit] = field(default_factory=list)
    travel_m: int = 0
    back_at: datetime | None = None
    formed: int = 0  # the team's number in the formation (pins name it); ``number`` is the one shown, 1..n

    @property
    def formation_number(self) -> int:
        return self.formed or self.number

    @property
    def leader(self) -> DraftMember:
        return next(m for m in self.members if m.officer_id == self.leader_id)


@dataclass(frozen=True)
class DraftIssue:
    """A site left out of the plan or an officer left out of the teams, and why (catalog code)."""

    id: int
    name: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Draft:
    campaign_code: str
    campaign_id: int
    day: date
    starts_at: datetime
    surprise: bool
    release_at: datetime | None
    meeting_point: str
    districts: list[str]
    teams: list[DraftTeam]
    dropped_sites: list[DraftIssue]
    left_out: list[DraftIssue]
    travel_m: int
    options: DraftOptions = field(default_factory=DraftOptions)

    @property
    def key(self) -> str:
        content = {
            "campaign": self.campaign_code, "day": self.day.isoformat(), "surprise": self.surprise,
            "starts_at": self.starts_at.isoformat(),
            "teams": [[t.number, t.leader_id, sorted(m.officer_id for m in t.members), t.meeting_point,
                       t.meeting_lat, t.meeting_lon, [v.site_id for v in t.visits]] for t in self.teams],
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()

    @property
    def visit_count(self) -> int:
        return sum(len(t.visits) for t in self.teams)

    def formed_number(self, shown: int) -> int:
        """The formation's number of the team this draft shows as ``shown`` (what ``DraftOptions.pins``
        hold): a user moving a site to 第3组 means the team they saw as 第3组, whatever gaps the
        formation had."""
        for team in self.teams:
            if team.number == shown:
                return team.formation_number
        raise InvalidInput(f"the draft has no team {shown}", code="no_such_team", team=shown, teams=len(self.teams))

    def shown_pins(self) -> dict[int, int]:
        """The pins of this draft's options by the team numbers it shows (site id -> shown number)."""
        shown = {team.formation_number: team.number for team in self.teams}
        return {site: shown[formed] for site, formed in self.options.pins if formed in shown}

    def to_json(self) -> str:
        data = asdict(self)
        data["key"] = self.key
        return json.dumps(data, ensure_ascii=False, default=_encode, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Draft:
        d = json.loads(text)
        d.pop("key", None)
        teams = [DraftTeam(
            number=t["number"], leader_id=t["leader_id"], members=[DraftMember(**m) for m in t["members"]],
            meeting_point=t["meeting_point"], meeting_lat=t["meeting_lat"], meeting_lon=t["meeting_lon"],
            visits=[DraftVisit(**{**v, "eta": datetime.fromisoformat(v["eta"])}) for v in t["visits"]],
            travel_m=t["travel_m"], back_at=_dt(t["back_at"]), formed=int(t.get("formed") or t["number"]),
        ) for t in d["teams"]]
        o = d["options"]
        options = DraftOptions(
            districts=tuple(o["districts"]), site_types=tuple(o["site_types"]),
            pins=tuple((int(a), int(b)) for a, b in o["pins"]), exclusions=tuple(o["exclusions"]),
            surprise=o["surprise"], max_teams=o["max_teams"], meeting_point=o["meeting_point"],
            late=bool(o.get("late", False)),
        )
        return cls(
            campaign_code=d["campaign_code"], campaign_id=d["campaign_id"], day=date.fromisoformat(d["day"]),
            starts_at=datetime.fromisoformat(d["starts_at"]), surprise=d["surprise"], release_at=_dt(d["release_at"]),
            meeting_point=d["meeting_point"], districts=d["districts"], teams=teams,
            dropped_sites=[DraftIssue(**x) for x in d["dropped_sites"]],
            left_out=[DraftIssue(**x) for x in d["left_out"]], travel_m=d["travel_m"], options=options,
        )


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")
