"""The sample county loads on both back ends, and the directory counts what it holds in SQL."""

from __future__ import annotations

from datetime import date

from inspection.config import CONFIG_DIR
from inspection.domain.enums import SiteType
from inspection.services.directory import directory_summary, list_officers, list_sites
from inspection.services.importing import ImportKind, import_file
from inspection.store.engine import UnitOfWork

SAMPLE = CONFIG_DIR / "sample"
DAY = date(2026, 11, 25)


async def load_sample(uow: UnitOfWork) -> None:
    for kind, name in ((ImportKind.AGENCIES, "agencies.csv"), (ImportKind.OFFICERS, "officers.csv"),
                       (ImportKind.SITES, "sites.xlsx")):
        await import_file(uow, kind, SAMPLE / name)


async def test_the_sample_county_has_six_agencies_and_about_thirty_officers(uow: UnitOfWork) -> None:
    await load_sample(uow)
    summary = await directory_summary(uow, DAY)
    assert [a.code for a in summary.agencies] == ["AMR", "CUL", "DRUG", "IPO", "QTS", "TOB"]
    assert summary.officers == 31
    assert sum(a.certificates_expired for a in summary.agencies) == 4
    assert sum(a.telegram_unlinked for a in summary.agencies) == 8
    culture = next(a for a in summary.agencies if a.code == "CUL")
    assert (culture.kind, culture.name) == ("culture", "云溪县文化市场综合执法大队")
    officers = await list_officers(uow, DAY)
    roles = {o.role for o in officers}
    assert roles == {"officer", "team_leader", "coordinator", "reviewer"}
    assert sum(o.role == "coordinator" for o in officers) == 2
    assert sum(o.role == "reviewer" for o in officers) == 1


async def test_the_sample_sites_cover_every_type_around_the_county_town(uow: UnitOfWork) -> None:
    await load_sample(uow)
    summary = await directory_summary(uow, DAY)
    assert summary.sites == 120
    assert set(summary.sites_by_type) == {t.value for t in SiteType}
    assert set(summary.sites_by_district) == {"城关镇", "东城街道", "西城街道", "南湖镇", "北山乡", "河口镇"}
    assert summary.sites_without_coordinates == 6  # the online shop is not visited, so not geocoded
    placed = [s for s in await list_sites(uow) if s.lat is not None and s.lon is not None]
    assert all(abs(s.lat - 33.9512) < 0.1 and abs(s.lon - 113.5186) < 0.12 for s in placed)  # ~10 km
    pharmacies = await list_sites(uow, site_type="pharmacy", district="城关镇")
    assert {s.name for s in pharmacies} >= {"久盛堂药店", "济民大药房"}


async def test_officers_of_one_agency_are_listed_with_their_certificate_state(uow: UnitOfWork) -> None:
    await load_sample(uow)
    amr = await list_officers(uow, DAY, agency="amr")
    assert len(amr) == 8 and {o.agency_code for o in amr} == {"AMR"}
    expired = [o for o in amr if not o.certificate_valid]
    assert [o.certificate_expires_on for o in expired] == [date(2025, 12, 31)]
