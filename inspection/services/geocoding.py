"""Placing sites on the map: the configured geocoder, asked once per address (GeocodeCache).

Nominatim (``geocoder.domain`` and ``scheme`` for a self-hosted server) or BaiduV3 (``api_key``;
answers in BD-09, converted to WGS-84 in ``domain.coords``), through geopy's aiohttp adapter and
its rate limiter. An answer, found or not, is cached; a geocoder that fails (down, rate limit
after the retries) is not cached, so the site is tried again next time. Sites still unplaced are
the caller's to list.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from geopy.adapters import AioHTTPAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import AsyncRateLimiter
from geopy.geocoders import BaiduV3, Nominatim
from sqlmodel import select

from inspection.config import Settings
from inspection.domain.coords import bd09_to_wgs84
from inspection.services.audit import audit
from inspection.store.engine import UnitOfWork
from inspection.store.tables import GeocodeCache, Site

log = logging.getLogger(__name__)
Placed = dict[int, tuple[float, float]]


def site_query(site: Site) -> str:
    """The text asked of the geocoder: the address, or the name when there is none."""
    return (site.address or site.name).strip()[:400]


def _geocoder(settings: Settings) -> Any:
    g = settings.geocoder
    common: dict[str, Any] = {"user_agent": g.user_agent, "timeout": g.timeout_s, "adapter_factory": AioHTTPAdapter,
                              "proxies": {}}
    if g.provider == "nominatim":
        domain = g.domain or "nominatim.openstreetmap.org"
        return Nominatim(domain=domain, scheme=g.scheme, **common)
    key = g.api_key.get_secret_value() if g.api_key else ""
    security = g.security_key.get_secret_value() if g.security_key else None
    return BaiduV3(api_key=key, security_key=security, scheme=g.scheme, **common)


async def _cached(uow: UnitOfWork, provider: str, queries: list[str]) -> dict[str, GeocodeCache]:
    if not queries:
        return {}
    async with uow() as s:
        rows = (await s.exec(select(GeocodeCache).where(GeocodeCache.provider == provider,
                                                         GeocodeCache.query.in_(queries)))).all()  # type: ignore[attr-defined]
    return {r.query: r for r in rows}


async def _ask(geocode: Callable[..., Awaitable[Any]], provider: str, query: str) -> GeocodeCache | None:
    """The geocoder's answer as a cache row (found or not); None when the geocoder failed."""
    try:
        location = await geocode(query, exactly_one=True)
    except GeopyError as exc:
        log.warning("geocoder failed for %r: %s", query, exc)
        return None
    if location is None:
        return GeocodeCache(provider=provider, query=query, found=False)
    lat, lon = float(location.latitude), float(location.longitude)
    if provider == "baidu":
        lat, lon = bd09_to_wgs84(lat, lon)
    return GeocodeCache(provider=provider, query=query, found=True, lat=lat, lon=lon,
                        display_name=str(location.address or "")[:400])


async def place_sites(uow: UnitOfWork, settings: Settings, sites: Sequence[Site]) -> Placed:
    """WGS-84 positions for ``sites`` (those without one); stored on the sites. Unplaced are absent."""
    provider = settings.geocoder.provider
    if provider == "none" or not sites:
        return {}
    queries = {s.id: site_query(s) for s in sites if s.id is not None and site_query(s)}
    known = await _cached(uow, provider, sorted(set(queries.values())))
    missing = sorted({q for q in queries.values() if q not in known})
    if missing:
        async with _geocoder(settings) as geocoder:
            geocode = AsyncRateLimiter(geocoder.geocode, min_delay_seconds=settings.geocoder.min_delay_s,
                                       max_retries=2, error_wait_seconds=settings.geocoder.retry_wait_s,
                                       swallow_exceptions=False)
            for query in missing:
                row = await _ask(geocode, provider, query)
                if row is None:
                    continue
                async with uow() as s:
                    s.add(row)
                    await s.commit()
                known[query] = row
    placed: Placed = {sid: (row.lat, row.lon) for sid, q in queries.items()
                      if sid is not None and (row := known.get(q)) is not None and row.found
                      and row.lat is not None and row.lon is not None}
    if placed:
        async with uow() as s:
            for sid, (lat, lon) in placed.items():
                site = await s.get(Site, sid)
                if site is not None:
                    site.lat, site.lon, site.geocoded = lat, lon, True
                    s.add(site)
            audit(s, "sites.geocode", actor="planning", entity="site", count=len(placed), provider=provider)
            await s.commit()
    return placed
