"""Geocoding sites through a loopback Nominatim: asked once per address, misses listed, 429 retried."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from inspection.config import Settings
from inspection.domain.coords import bd09_to_wgs84, gcj02_to_bd09, wgs84_to_gcj02
from inspection.services.geocoding import place_sites
from inspection.store.engine import UnitOfWork
from inspection.store.tables import GeocodeCache, Site
from tests import factories as f
from tests.fakes.nominatim import FakeNominatim


@pytest.fixture
async def nominatim() -> AsyncIterator[FakeNominatim]:
    fake = FakeNominatim(places={"县城人民路1号": (23.0123, 101.0456, "人民路1号, 城关镇")})
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def geo_settings(settings: Settings, nominatim: FakeNominatim) -> Settings:
    return settings.model_copy(update={"geocoder": settings.geocoder.model_copy(update={
        "provider": "nominatim", "domain": nominatim.domain, "scheme": "http", "min_delay_s": 0.0, "retry_wait_s": 0.05})})


async def unplaced(uow: UnitOfWork, address: str) -> Site:
    async with uow() as s:
        site = await f.site(s, address=address, lat=None, lon=None)
        await s.commit()
    return site


async def test_a_site_is_placed_stored_and_its_address_asked_only_once(
        uow: UnitOfWork, geo_settings: Settings, nominatim: FakeNominatim) -> None:
    site = await unplaced(uow, "县城人民路1号")
    placed = await place_sites(uow, geo_settings, [site])
    assert placed == {site.id: (pytest.approx(23.0123), pytest.approx(101.0456))}
    async with uow() as s:
        stored = await s.get(Site, site.id)
        assert stored is not None and stored.geocoded and stored.lat == pytest.approx(23.0123)
    again = await place_sites(uow, geo_settings, [site])
    assert again == placed
    assert nominatim.queries == ["县城人民路1号"]
    assert nominatim.user_agents[0].startswith("inspection")


async def test_an_address_nominatim_cannot_find_is_left_unplaced_and_not_asked_again(
        uow: UnitOfWork, geo_settings: Settings, nominatim: FakeNominatim) -> None:
    site = await unplaced(uow, "无名村99号")
    assert await place_sites(uow, geo_settings, [site]) == {}
    assert await place_sites(uow, geo_settings, [site]) == {}
    assert nominatim.queries == ["无名村99号"]
    async with uow() as s:
        row = (await s.exec(select(GeocodeCache))).one()
        assert (row.provider, row.query, row.found) == ("nominatim", "无名村99号", False)


async def test_a_rate_limited_search_is_retried_and_succeeds(
        uow: UnitOfWork, geo_settings: Settings, nominatim: FakeNominatim) -> None:
    site = await unplaced(uow, "县城人民路1号")
    nominatim.rate_limit_next(1)
    placed = await place_sites(uow, geo_settings, [site])
    assert site.id in placed
    assert nominatim.queries == ["县城人民路1号", "县城人民路1号"]


async def test_a_geocoder_that_keeps_refusing_caches_nothing_so_the_site_is_tried_next_time(
        uow: UnitOfWork, geo_settings: Settings, nominatim: FakeNominatim) -> None:
    site = await unplaced(uow, "县城人民路1号")
    nominatim.rate_limit_next(3)
    assert await place_sites(uow, geo_settings, [site]) == {}
    async with uow() as s:
        assert (await s.exec(select(GeocodeCache))).all() == []
    assert site.id in await place_sites(uow, geo_settings, [site])


async def test_no_geocoder_configured_places_nothing_and_asks_nobody(
        uow: UnitOfWork, settings: Settings, nominatim: FakeNominatim) -> None:
    site = await unplaced(uow, "县城人民路1号")
    assert await place_sites(uow, settings, [site]) == {}
    assert nominatim.queries == []


def test_baidu_coordinates_come_back_to_wgs84_within_a_metre() -> None:
    wgs = (23.0123, 101.0456)
    bd = gcj02_to_bd09(*wgs84_to_gcj02(*wgs))
    assert abs(bd[0] - wgs[0]) > 1e-4  # the datums really differ here
    back = bd09_to_wgs84(*bd)
    assert abs(back[0] - wgs[0]) < 1e-5 and abs(back[1] - wgs[1]) < 1e-5
