"""Jurisdiction: which agency kinds must (or may) be on the team that inspects a site.

The table comes from ``inspection/resources/jurisdiction.toml`` (read by the services, parsed here): per site
type and per right type, ``needs`` (every kind must be on the team) and ``allows`` (at least one
of them must be). A campaign adds requirements of its own in ``Campaign.requirements``:
``needs`` (kinds every team needs), ``right_types`` (the campaign's focus; each brings its rule)
and ``site_types`` (extra rules per site type).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from inspection.domain.enums import AgencyKind, RightType, SiteType
from inspection.domain.errors import InvalidInput

_KINDS = {k.value for k in AgencyKind}


@dataclass(frozen=True)
class SiteRule:
    """What a team needs to inspect one site: all of ``needs`` and one of ``allows`` (if any)."""

    needs: frozenset[str] = frozenset()
    allows: frozenset[str] = frozenset()

    def admits(self, team_kinds: Iterable[str]) -> bool:
        return not self.missing(team_kinds) and not self.missing_one_of(team_kinds)

    def missing(self, team_kinds: Iterable[str]) -> frozenset[str]:
        """Kinds this rule needs that the team lacks."""
        return self.needs - frozenset(team_kinds)

    def missing_one_of(self, team_kinds: Iterable[str]) -> frozenset[str]:
        """The ``allows`` set when the team has none of it (empty when satisfied)."""
        if not self.allows or self.allows & frozenset(team_kinds):
            return frozenset()
        return self.allows

    def merged(self, other: SiteRule) -> SiteRule:
        if self.allows and other.allows:
            both = self.allows & other.allows
            allows = both if both else self.allows | other.allows
        else:
            allows = self.allows or other.allows
        needs = self.needs | other.needs
        return SiteRule(needs=needs, allows=frozenset() if allows & needs else allows)


def _kinds(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidInput(f"{where}: expected a list of agency kinds", code="bad_jurisdiction", where=where)
    kinds = frozenset(str(v) for v in value)
    unknown = sorted(kinds - _KINDS)
    if unknown:
        raise InvalidInput(
            f"{where}: unknown agency kind(s) {', '.join(unknown)}", code="bad_jurisdiction", where=where
        )
    return kinds


def _rule(data: Any, where: str) -> SiteRule:
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{where}: expected a table with needs/allows", code="bad_jurisdiction", where=where)
    extra = set(data) - {"needs", "allows"}
    if extra:
        raise InvalidInput(f"{where}: unknown key(s) {', '.join(sorted(extra))}", code="bad_jurisdiction",
                           where=where)
    return SiteRule(needs=_kinds(data.get("needs"), f"{where}.needs"),
                    allows=_kinds(data.get("allows"), f"{where}.allows"))


def _rules(data: Any, enum_values: set[str], where: str) -> dict[str, SiteRule]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{where}: expected a table", code="bad_jurisdiction", where=where)
    unknown = sorted(set(data) - enum_values)
    if unknown:
        raise InvalidInput(f"{where}: unknown name(s) {', '.join(unknown)}", code="bad_jurisdiction", where=where)
    return {name: _rule(value, f"{where}.{name}") for name, value in data.items()}


@dataclass(frozen=True)
class Jurisdiction:
    site_types: Mapping[str, SiteRule]
    right_types: Mapping[str, SiteRule]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Jurisdiction:
        """Parse the jurisdiction table; raises ``InvalidInput`` naming the bad entry."""
        return cls(
            site_types=_rules(data.get("site_types"), {s.value for s in SiteType}, "site_types"),
            right_types=_rules(data.get("right_types"), {r.value for r in RightType}, "right_types"),
        )

    def campaign_rules(self, requirements: Mapping[str, Any] | None) -> CampaignRules:
        """The rules of one campaign: this table plus what ``requirements`` adds."""
        req = requirements or {}
        base = SiteRule(needs=_kinds(req.get("needs"), "requirements.needs"))
        for right in req.get("right_types") or []:
            if str(right) not in {r.value for r in RightType}:
                raise InvalidInput(f"requirements.right_types: unknown right type {right}",
                                   code="bad_jurisdiction", where="requirements.right_types")
            base = base.merged(self.right_types.get(str(right), SiteRule()))
        extra = _rules(req.get("site_types"), {s.value for s in SiteType}, "requirements.site_types")
        return CampaignRules(self, base, extra)


@dataclass(frozen=True)
class CampaignRules:
    jurisdiction: Jurisdiction
    every_site: SiteRule
    per_site_type: Mapping[str, SiteRule]

    def for_site_type(self, site_type: str) -> SiteRule:
        rule = self.jurisdiction.site_types.get(site_type, SiteRule()).merged(self.every_site)
        return rule.merged(self.per_site_type.get(site_type, SiteRule()))
