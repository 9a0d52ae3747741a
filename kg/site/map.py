"""The map of Saxony: organisations at their seats on the state's outline, as inline SVG.

The outline (assets/saxony.json) is the BKG's VG250 boundary, simplified once by
tools/saxony_outline.py (licence and attribution: assets/SAXONY-OUTLINE.md); the coordinates
of places are GeoNames' (data/places.csv). The projection is equirectangular with the
longitudes shortened by cos(latitude) at the map's middle — at the size of one state the
difference from a conformal projection is invisible. Everything here is deterministic: the
same data draws the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph

from kg.rdf.stores import PREFIXES, select
from kg.site.html import asset, esc, json_for_script, link, table

__all__ = [
    "COORDINATES", "Frame", "Located", "MapPlace", "dot_radius", "frame", "locate",
    "map_figure", "map_table", "minimap", "outline", "place_coordinates",
]

COORDINATES = (
    PREFIXES
    + """
SELECT ?p ?lat ?lon ?within WHERE {
  ?p a schema:Place .
  OPTIONAL { ?p schema:latitude ?lat ; schema:longitude ?lon }
  OPTIONAL { ?p schema:containedInPlace ?within }
}
ORDER BY ?p ?within
"""
)
MARGIN = 0.06
"""Degrees of room around the outline (dots at the border stay whole)."""


@dataclass(frozen=True)
class Located:
    """A place as the map sees it: its coordinates (if recorded) and the place it lies in."""

    lat: float | None
    lon: float | None
    within: str = ""


def place_coordinates(store: pyoxigraph.Store) -> dict[str, Located]:
    """Place IRI → its coordinates (from the graph) and enclosing place."""
    places: dict[str, Located] = {}
    for row in select(store, COORDINATES):
        lat, lon = row.get("lat"), row.get("lon")
        places.setdefault(
            row["p"],
            Located(
                float(lat) if lat else None, float(lon) if lon else None, row.get("within", "")
            ),
        )
    return places


def locate(place: str, places: dict[str, Located]) -> str | None:
    """The place itself if it has coordinates, else the nearest enclosing place that has
    (a district of Dresden is drawn at Dresden); None where no place on the way has."""
    seen: set[str] = set()
    while place and place not in seen:
        seen.add(place)
        where = places.get(place)
        if where is None:
            return None
        if where.lat is not None and where.lon is not None:
            return place
        place = where.within
    return None


@cache
def outline() -> tuple[tuple[tuple[float, float], ...], ...]:
    """The rings of Saxony's outline, each a tuple of (longitude, latitude)."""
    geometry = json.loads(asset("saxony.json"))["geometry"]
    return tuple(tuple((x, y) for x, y in ring) for ring in geometry["coordinates"])


@dataclass(frozen=True)
class Frame:
    """The part of the earth a map shows and the SVG box it is drawn in."""

    west: float
    east: float
    south: float
    north: float
    width: float

    @property
    def scale(self) -> float:
        """SVG units per degree of latitude."""
        middle = math.radians((self.south + self.north) / 2)
        return self.width / ((self.east - self.west) * math.cos(middle))

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.scale, 1)

    def holds(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        middle = math.radians((self.south + self.north) / 2)
        x = (lon - self.west) * math.cos(middle) * self.scale
        return round(x, 1), round((self.north - lat) * self.scale, 1)


def frame(width: float = 1000) -> Frame:
    """The frame around Saxony's outline."""
    points = [p for ring in outline() for p in ring]
    return Frame(
        west=min(x for x, _ in points) - MARGIN,
        east=max(x for x, _ in points) + MARGIN,
        south=min(y for _, y in points) - MARGIN,
        north=max(y for _, y in points) + MARGIN,
        width=width,
    )


def outline_path(box: Frame) -> str:
    parts = []
    for ring in outline():
        points = [box.xy(lat, lon) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(parts)


def dot_radius(count: int) -> float:
    """A group's circle: its area grows with the number of organisations (map.js agrees)."""
    return round(5 + 3 * math.sqrt(count), 1)


@dataclass
class MapPlace:
    """One circle: a place and the organisations there (or in the places within it)."""

    slug: str
    name: str
    lat: float | None
    lon: float | None
    organisations: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(name, page link, kind key, kind as shown; seat where it is a place within this one)"""
    seats: list[str] = field(default_factory=list)


def _svg(box: Frame, body: str, label: str, cls: str, role: str) -> str:
    return (
        f'<svg class="{cls}" viewBox="0 0 {box.width:g} {box.height:g}" role="{role}" '
        f'aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">'
        f'<path class="kg-map-land" d="{outline_path(box)}"/>{body}</svg>'
    )


def _dot(box: Frame, place: MapPlace, label: str) -> str:
    x, y = box.xy(place.lat or 0.0, place.lon or 0.0)
    count = len(place.organisations)
    names = ", ".join(name for name, *_ in place.organisations)
    number = f'<text x="{x:g}" y="{y:g}" dy="0.35em">{count}</text>' if count > 1 else ""
    return (
        f'<a href="#map-{esc(place.slug)}" class="kg-map-dot" data-place="{esc(place.slug)}" '
        f'aria-label="{esc(label)}"><title>{esc(place.name)}: {esc(names)}</title>'
        f'<circle cx="{x:g}" cy="{y:g}" r="{dot_radius(count):g}"/>{number}</a>'
    )


def map_figure(
    places: Sequence[MapPlace],
    kinds: Sequence[tuple[str, str, int]],
    words: dict[str, str],
    attribution: str,
) -> str:
    """The map: kind filter, SVG with one circle per place (largest first, so small ones
    stay clickable on top), tooltip and list panel (filled by assets/map.js)."""
    # 600 units across: a single organisation's circle stays a visible target on a phone
    box = frame(600)
    drawn = [
        p for p in places
        if p.lat is not None and p.lon is not None and box.holds(p.lat, p.lon)
    ]
    drawn.sort(key=lambda p: (-len(p.organisations), p.name, p.slug))
    dots = "".join(
        _dot(box, p, words["dot"].format(place=p.name, n=len(p.organisations))) for p in drawn
    )
    boxes = "".join(
        f'<label><input type="checkbox" value="{esc(key)}" checked> {esc(shown)} '
        f'<span class="muted">({n})</span></label> '
        for key, shown, n in kinds
    )
    text = json_for_script({"dot": words["dot"]})
    return (
        f'<div id="kg-map" class="kg-map">'
        f'<fieldset class="kg-map-kinds"><legend>{esc(words["kinds"])}</legend>{boxes}</fieldset>'
        f'<figure class="kg-map-figure">{_svg(box, dots, words["title"], "kg-map-svg", "group")}'
        f'<div id="kg-map-tip" class="kg-map-tip" role="tooltip" hidden></div>'
        f'<figcaption class="kg-map-credit">{attribution}</figcaption></figure>'
        f'<div id="kg-map-panel" class="kg-map-panel" aria-live="polite"></div>'
        f'<script type="application/json" id="kg-map-text">{text}</script></div>'
    )


def map_table(places: Sequence[MapPlace], words: dict[str, str]) -> str:
    """The text alternative: every place with organisations, and the list of them."""
    box = frame()
    rows = []
    for p in places:
        note = ""
        if p.lat is None or p.lon is None:
            note = f' <span class="muted">({esc(words["unplaced"])})</span>'
        elif not box.holds(p.lat, p.lon):
            note = f' <span class="muted">({esc(words["outside"])})</span>'
        items = "".join(
            f'<li data-kind="{esc(key)}">{link(target, name)} <span class="muted">{esc(shown)}'
            f"{' · ' + esc(seat) if seat else ''}</span></li>"
            for (name, target, key, shown), seat in zip(p.organisations, p.seats, strict=True)
        )
        rows.append(
            (
                f'<span id="map-{esc(p.slug)}" class="kg-map-name">{esc(p.name)}</span>{note}',
                f'<ul class="kg-map-orgs">{items}</ul>',
            )
        )
    return table(
        (words["place"], words["organisations"]), rows, row_headers=True,
        caption=words["table"], cls="kg-reflow kg-map-table",
    )


def minimap(lat: float, lon: float, label: str, target: str, credit: str) -> str:
    """A small map of Saxony with one dot (an organisation's seat), linking to the map."""
    box = frame(240)
    if not box.holds(lat, lon):
        return ""
    x, y = box.xy(lat, lon)
    dot = f'<circle class="kg-map-seat" cx="{x:g}" cy="{y:g}" r="6"/>'
    return (
        f'<figure class="kg-minimap"><a href="{esc(target)}">'
        f'{_svg(box, dot, label, "kg-minimap-svg", "img")}</a>'
        f'<figcaption class="kg-map-credit">{credit}</figcaption></figure>'
    )
