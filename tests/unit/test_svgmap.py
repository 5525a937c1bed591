"""The console's map: our own SVG of sites, meeting points and routes; tiles only when configured."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from inspection.web.svgmap import Point, Route, colour, render_map

NS = "{http://www.w3.org/2000/svg}"


def _svg(**kw: object) -> ET.Element:
    sites = [Point(23.0 + i * 0.01, 101.0 + i * 0.01, f"超市{i}", team=1 + i % 2) for i in range(4)]
    routes = [Route(1, [(23.0, 101.0), (23.0, 101.0), (23.02, 101.02)]), Route(2, [(23.0, 101.0), (23.01, 101.01)])]
    return ET.fromstring(render_map(sites, routes, [Point(23.0, 101.0, "县政府广场", 1)], title="C1", **kw))  # type: ignore[arg-type]


def test_every_site_is_a_circle_in_its_teams_colour_with_its_name_on_hover() -> None:
    svg = _svg()
    circles = svg.findall(f"{NS}circle")
    assert len(circles) == 4 and circles[1].get("fill") == colour(2)
    assert [c.find(f"{NS}title").text for c in circles][0] == "超市0"  # type: ignore[union-attr]
    assert len(svg.findall(f"{NS}polyline")) == 2 and len(svg.findall(f"{NS}rect")) == 2  # background + meeting


def test_all_points_fall_inside_the_drawing() -> None:
    svg = _svg()
    width, height = (float(x) for x in svg.get("viewBox", "").split()[2:])
    for c in svg.findall(f"{NS}circle"):
        assert 0 <= float(c.get("cx", -1)) <= width and 0 <= float(c.get("cy", -1)) <= height


def test_tiles_are_drawn_underneath_only_when_a_tile_server_is_configured() -> None:
    assert _svg().findall(f"{NS}image") == []
    tiles = _svg(tile_url="http://tiles.local/{z}/{x}/{y}.png").findall(f"{NS}image")
    assert tiles and all(t.get("href", "").startswith("http://tiles.local/") for t in tiles)
