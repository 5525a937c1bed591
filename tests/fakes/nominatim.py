"""A loopback Nominatim: ``GET /search?q=...&format=json&limit=1`` answered like the real server.

``places`` maps a query to (lat, lon, display_name); anything else answers ``[]`` (not found).
``rate_limit_next(n)`` makes the next n searches answer 429 Too Many Requests, as Nominatim does
when a client asks too often. ``queries`` records every search, so a test sees a cache hit as a
question never asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class FakeNominatim:
    places: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    queries: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    _limited: int = 0
    _runner: web.AppRunner | None = None
    port: int = 0

    def rate_limit_next(self, count: int = 1) -> None:
        self._limited += count

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def _search(self, request: web.Request) -> web.Response:
        query = request.query.get("q", "")
        self.queries.append(query)
        self.user_agents.append(request.headers.get("User-Agent", ""))
        if request.query.get("format") not in ("json", "jsonv2"):
            return web.json_response({"error": "format must be json"}, status=400)
        if self._limited:
            self._limited -= 1
            return web.Response(status=429, text="Too Many Requests")
        found = self.places.get(query)
        if found is None:
            return web.json_response([])
        lat, lon, name = found
        return web.json_response([{
            "place_id": 100000 + len(self.queries), "licence": "Data © OpenStreetMap contributors, ODbL 1.0",
            "osm_type": "node", "osm_id": 1, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}", "class": "shop",
            "type": "supermarket", "place_rank": 30, "importance": 0.1, "addresstype": "shop", "name": name,
            "display_name": name, "boundingbox": [f"{lat - 0.001:.7f}", f"{lat + 0.001:.7f}",
                                                   f"{lon - 0.001:.7f}", f"{lon + 0.001:.7f}"],
        }])

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/search", self._search)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
