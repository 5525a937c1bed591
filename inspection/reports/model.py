"""The figures a report is made from, as plain frozen dataclasses.

``services.figures`` fills them from aggregate SQL; everything in ``reports`` renders them and
never touches the database. Each figure is defined once, in the docstring of its field's owner
(``services/figures/queries.py``), and the reports only phrase it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from inspection.domain.references import finding_label

# Quantities of suspected items by unit, largest first: ("双", 15), ("盒", 20)... A quantity is
# summed only within its unit; bottles and boxes are never added together.
Quantities = tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class Scope:
    """What the figures cover: a campaign (or all campaigns), optionally one raid, a period, an agency."""

    campaign_code: str | None
    campaign_name: str
    start: date | None
    end: date | None
    agency_code: str | None = None
    raid_id: int | None = None


@dataclass(frozen=True)
class GroupRow:
    """One line of a breakdown (an agency, a district, a site type, a right type, a category...)."""

    key: str
    label_zh: str
    label_en: str
    sites_planned: int = 0
    sites_inspected: int = 0
    goods_checked: int = 0
    findings: int = 0
    quantities: Quantities = ()
    value_cny: Decimal = Decimal(0)
    leaflets: int = 0
    officers_person_times: int = 0
    officers_distinct: int = 0

    def label(self, locale: str) -> str:
        return self.label_en if locale.startswith("en") else self.label_zh


@dataclass(frozen=True)
class BrandRow:
    brand: str
    rights_holder: str
    findings: int
    quantities: Quantities = ()


@dataclass(frozen=True)
class DayRow:
    day: date
    sites_inspected: int
    goods_checked: int
    findings: int


@dataclass(frozen=True)
class CaseCounts:
    """Cases in the period, as counted by ``services.cases.case_figures``."""

    received: int = 0
    carried_over: int = 0
    filed: int = 0
    closed: int = 0
    suspended: int = 0
    decided: int = 0
    mediated: int = 0
    withdrawn: int = 0
    transferred: int = 0
    on_time_rate: float | None = None
    fines_cny: Decimal = Decimal(0)
    confiscation_cny: Decimal = Decimal(0)

    @property
    def penalties_cny(self) -> Decimal:
        """罚没金额: fines and confiscations together (as ``CaseFigures.penalties_cny``)."""
        return self.fines_cny + self.confiscation_cny


@dataclass(frozen=True)
class CaseRow:
    number: str
    agency: str
    case_type: str
    state: str
    received_on: date
    closed_on: date | None
    fine_cny: Decimal  # decided within the period, else 0 (as ``CaseCounts.fines_cny`` counts it)
    confiscation_cny: Decimal

    @property
    def penalty_cny(self) -> Decimal:
        """罚没金额 of this case: fine and confiscation together."""
        return self.fine_cny + self.confiscation_cny


@dataclass(frozen=True)
class TargetRow:
    """A target the campaign set (``Campaign.targets``) against what was achieved."""

    figure: str
    target: Decimal
    achieved: Decimal

    @property
    def ratio(self) -> float | None:
        return float(self.achieved / self.target) if self.target else None


@dataclass(frozen=True)
class Comparison:
    """Headline figures of the previous campaign of the same kind."""

    campaign_code: str
    campaign_name: str
    values: dict[str, Decimal]


@dataclass(frozen=True)
class CampaignFigures:
    scope: Scope
    agencies: int
    agency_names_zh: list[str]
    agency_names_en: list[str]
    officers_person_times: int
    officers_distinct: int
    teams: int
    raids: int
    sites_planned: int
    sites_inspected: int
    sites_not_reached: int
    goods_checked: int
    suspected_items: int
    suspected_quantities: Quantities
    suspected_value_cny: Decimal
    leaflets: int
    checkins_outside_radius: int
    top_site_names: list[str]
    inspected_site_types: list[str]
    not_reached_reasons: list[GroupRow] = field(default_factory=list)
    by_right_type: list[GroupRow] = field(default_factory=list)
    by_suspicion: list[GroupRow] = field(default_factory=list)
    by_action: list[GroupRow] = field(default_factory=list)
    by_agency: list[GroupRow] = field(default_factory=list)
    by_district: list[GroupRow] = field(default_factory=list)
    by_site_type: list[GroupRow] = field(default_factory=list)
    by_category: list[GroupRow] = field(default_factory=list)
    by_unit: list[GroupRow] = field(default_factory=list)
    top_brands: list[BrandRow] = field(default_factory=list)
    daily: list[DayRow] = field(default_factory=list)
    cases: CaseCounts = field(default_factory=CaseCounts)
    case_list: list[CaseRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    previous: Comparison | None = None

    def headline(self) -> dict[str, Decimal]:
        """The figures compared against targets and against the previous campaign."""
        return {
            "agencies": Decimal(self.agencies),
            "officers_person_times": Decimal(self.officers_person_times),
            "officers_distinct": Decimal(self.officers_distinct),
            "teams": Decimal(self.teams),
            "sites_planned": Decimal(self.sites_planned),
            "sites_inspected": Decimal(self.sites_inspected),
            "goods_checked": Decimal(self.goods_checked),
            "suspected_items": Decimal(self.suspected_items),
            "leaflets": Decimal(self.leaflets),
            "cases_filed": Decimal(self.cases.filed),
            "fines_cny": self.cases.fines_cny,
            "penalties_cny": self.cases.penalties_cny,
        }


@dataclass(frozen=True)
class FindingRow:
    """One suspected item in the findings list (summary sheet and streamed export)."""

    id: int
    raid_date: date
    site: str
    district: str
    site_type: str
    team: str
    product: str
    category: str
    brand: str
    rights_holder: str
    right_type: str
    suspicion: str
    quantity: Decimal
    unit: str
    value_cny: Decimal | None
    action: str
    reported_by: str
    photos: list[str]
    notes: str = ""

    @property
    def label(self) -> str:
        """The number the bot showed when the item was saved ("F-12")."""
        return finding_label(self.id)


@dataclass(frozen=True)
class TeamProgress:
    raid_date: date
    team: str  # the team's name, empty when it has none
    number: int
    leader: str
    visits_planned: int
    visits_done: int
    officers_checked_in: int
    findings: int


@dataclass(frozen=True)
class CampaignProgress:
    campaign_code: str
    campaign_name: str
    visits_planned: int
    visits_done: int
    officers_checked_in: int
    findings: int
    teams: list[TeamProgress]


@dataclass(frozen=True)
class DistrictMonth:
    """A district's figures in the bulletin month, its rank, and the same figures a month before."""

    district: str
    rank: int
    current: GroupRow
    previous: GroupRow | None


@dataclass(frozen=True)
class Bulletin:
    month: date  # first day of the month
    previous_month: date
    rows: list[DistrictMonth]
