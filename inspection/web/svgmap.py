"""Sites and routes drawn as SVG by our own code: no tile server needed. With ``map_tile_url``
configured, the map is laid over that server's tiles (an ``<image>`` per tile)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, PAD = 880, 560, 40
MIN_SPAN = 3e-4  # radians, about 2 km
COLOURS = ["#c0392b", "#1f77b4", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b8860b"]


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    label: str
    team: int = 0  # 0: not in a team
    status: str = ""


@dataclass(frozen=True)
class Route:
    team: int
    stops: list[tuple[float, float]]  # meeting point first, then the visits in order


def colour(team: int) -> str:
    return "#555" if team <= 0 else COLOURS[(team - 1) % len(COLOURS)]


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def render_map(points: list[Point], routes: list[Route], meetings: list[Point], *, title: str = "",
               tile_url: str = "") -> str:
    everything = [(p.lat, p.lon) for p in points + meetings] + [s for r in routes for s in r.stops]
    if not everything:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 120" role="img">'
                f'<text x="20" y="60">{escape(title)}</text></svg>')
    xs = [lon for _, lon in everything]
    ys = [_mercator_y(lat) for lat, _ in everything]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    # at least ~2 km across, so one site alone is not drawn at an absurd zoom
    scale = min((WIDTH - 2 * PAD) / max(math.radians(x1 - x0), MIN_SPAN),
                (HEIGHT - 2 * PAD) / max(y1 - y0, MIN_SPAN))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (WIDTH / 2 + math.radians(lon - cx) * scale, HEIGHT / 2 - (_mercator_y(lat) - cy) * scale)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="map" role="img" '
           f'aria-label="{escape(title)}">', f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f1ea"/>']
    if tile_url:
        out.append(_tile_layer(tile_url, cx, cy, scale))
    for r in routes:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(*s) for s in r.stops))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour(r.team)}" stroke-width="2.5" '
                   f'stroke-opacity="0.8" stroke-linejoin="round"/>')
    for m in meetings:
        x, y = xy(m.lat, m.lon)
        out.append(f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour(m.team)}" '
                   f'stroke="#000"><title>{escape(m.label)}</title></rect>')
    for n, p in enumerate(points):
        x, y = xy(p.lat, p.lon)
        ring = ' stroke="#000" stroke-width="2.5"' if p.status in ("checked_in", "closed") else ' stroke="#fff"'
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{colour(p.team)}"{ring} data-site="{n}">'
                   f'<title>{escape(p.label)}</title></circle>')
        if len(points) <= 40:
            out.append(f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" font-size="17" paint-order="stroke" stroke="#f4f1ea" stroke-width="4">{escape(p.label[:16])}</text>')
    out.append(_scale_bar(scale, cy))
    out.append("</svg>")
    return "\n".join(out)


def _scale_bar(scale: float, cy: float) -> str:
    """A bar of a round number of kilometres, bottom left."""
    lat = math.degrees(2 * math.atan(math.exp(cy)) - math.pi / 2)
    metres_per_px = 6_371_000 * math.cos(math.radians(lat)) / scale
    km = next((k for k in (0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if k * 1000 / metres_per_px >= 60), 100)
    px = km * 1000 / metres_per_px
    y = HEIGHT - 14
    return (f'<line x1="{PAD}" y1="{y}" x2="{PAD + px:.1f}" y2="{y}" stroke="#000" stroke-width="3"/>'
            f'<text x="{PAD}" y="{y - 6}" font-size="15">{km:g} km</text>')


def _tile_layer(tile_url: str, cx: float, cy: float, scale: float) -> str:
    """Web-Mercator tiles under the drawing, at the zoom closest to our scale."""
    zoom = max(0, min(19, round(math.log2(scale * 2 * math.pi / 256))))
    n = 2 ** zoom
    px_per_tile = scale * 2 * math.pi / n
    left_lon = cx - math.degrees((WIDTH / 2) / scale)
    right_lon = cx + math.degrees((WIDTH / 2) / scale)
    tx0 = int((left_lon + 180) / 360 * n)
    tx1 = int((right_lon + 180) / 360 * n)
    top_y, bottom_y = cy + (HEIGHT / 2) / scale, cy - (HEIGHT / 2) / scale
    ty0 = int((1 - top_y / math.pi) / 2 * n)
    ty1 = int((1 - bottom_y / math.pi) / 2 * n)
    images = []
    for tx in range(max(0, tx0), min(n - 1, tx1) + 1):
        for ty in range(max(0, ty0), min(n - 1, ty1) + 1):
            lon = tx / n * 360 - 180
            merc = math.pi * (1 - 2 * ty / n)
            x = WIDTH / 2 + math.radians(lon - cx) * scale
            y = HEIGHT / 2 - (merc - cy) * scale
            url = tile_url.replace("{z}", str(zoom)).replace("{x}", str(tx)).replace("{y}", str(ty))
            images.append(f'<image href="{escape(url)}" x="{x:.1f}" y="{y:.1f}" width="{px_per_tile:.1f}" '
                          f'height="{px_per_tile:.1f}" opacity="0.7"/>')
    return "".join(images)
