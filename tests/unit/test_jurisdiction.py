"""The jurisdiction table: which agencies a site or a right needs, and a campaign's own additions."""

from __future__ import annotations

import tomllib

import pytest

from inspection.config import CONFIG_DIR
from inspection.domain.errors import InvalidInput
from inspection.domain.jurisdiction import Jurisdiction


@pytest.fixture(scope="module")
def table() -> Jurisdiction:
    with (CONFIG_DIR / "jurisdiction.toml").open("rb") as fh:
        return Jurisdiction.from_mapping(tomllib.load(fh))


def test_a_pharmacy_needs_a_drug_administration_officer(table: Jurisdiction) -> None:
    rule = table.campaign_rules({}).for_site_type("pharmacy")
    assert not rule.admits({"market_regulation", "ip_office"})
    assert rule.admits({"drug_administration", "market_regulation"})
    assert rule.missing({"market_regulation"}) == {"drug_administration"}


def test_a_bookstore_needs_one_of_culture_or_copyright(table: Jurisdiction) -> None:
    rule = table.campaign_rules({}).for_site_type("bookstore")
    assert rule.admits({"copyright", "ip_office"})
    assert rule.admits({"culture", "market_regulation"})
    assert not rule.admits({"market_regulation", "ip_office"})


def test_a_patent_campaign_puts_the_ip_office_on_every_team(table: Jurisdiction) -> None:
    rules = table.campaign_rules({"right_types": ["patent"]})
    assert not rules.for_site_type("supermarket").admits({"market_regulation", "quality_supervision"})
    assert rules.for_site_type("supermarket").admits({"ip_office", "market_regulation"})
    assert rules.for_site_type("pharmacy").needs == {"ip_office", "drug_administration"}


def test_a_campaign_can_require_an_agency_for_one_site_type(table: Jurisdiction) -> None:
    rules = table.campaign_rules({"site_types": {"market": {"needs": ["public_security"]}}})
    assert rules.for_site_type("market").needs == {"public_security"}
    assert rules.for_site_type("retailer").needs == frozenset()


def test_a_site_type_missing_from_the_table_admits_any_team(table: Jurisdiction) -> None:
    assert table.campaign_rules({}).for_site_type("other").admits({"tobacco"})


def test_an_unknown_agency_kind_is_refused_with_its_place_named() -> None:
    with pytest.raises(InvalidInput, match=r"site_types.pharmacy.needs: unknown agency kind\(s\) drugs"):
        Jurisdiction.from_mapping({"site_types": {"pharmacy": {"needs": ["drugs"]}}})


def test_an_unknown_site_type_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown name"):
        Jurisdiction.from_mapping({"site_types": {"casino": {"needs": ["tobacco"]}}})


def test_an_unknown_campaign_right_type_is_refused(table: Jurisdiction) -> None:
    with pytest.raises(InvalidInput, match="unknown right type"):
        table.campaign_rules({"right_types": ["plant_variety"]})
