"""The map of Saxony (issue #17, item 3): organisations at their seats, grouped, filtered by
kind, escaped, offline; a small map on organisation pages; coordinates checked on load.
The `site` and `chromium` fixtures are tests/site/conftest.py's."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kg.builder.pipeline import ShapeError, build
from kg.errors import DataError
from kg.rdf.stores import open_store
from kg.site.map import dot_radius, frame, outline
from kg.site.pages import Site
from tests.browser import visit
from tests.paths import DATA_DIR

EVIL = "<img src=x onerror=alert(7)>"
DOT = re.compile(r'<a href="#map-([a-z0-9-]+)" class="kg-map-dot"[^>]*>(.*?)</a>', re.S)


def rows(name: str, data: Path = DATA_DIR) -> list[dict[str, str]]:
    with open(data / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def dots(text: str) -> dict[str, str]:
    return {slug: inner for slug, inner in DOT.findall(text)}


def expected_counts(data: Path = DATA_DIR, kind: str | None = None) -> dict[str, int]:
    """From the curated tables alone: place drawn → organisations seated there or in a
    place within it (the nearest enclosing place with coordinates inside the map)."""
    places = {p["id"]: p for p in rows("places", data)}
    box = frame()
    counts: dict[str, int] = {}
    for org in rows("organisations", data):
        if kind and org["kind"] != kind:
            continue
        place = org["place"]
        while place and not places[place]["latitude"]:
            place = places[place]["part_of"]
        if not place:
            continue
        lat, lon = float(places[place]["latitude"]), float(places[place]["longitude"])
        if box.holds(lat, lon):
            counts[place] = counts.get(place, 0) + 1
    return counts


def test_outline_is_small_and_inside_saxony():
    path = Path("kg/site/assets/saxony.json")
    assert path.stat().st_size < 30_000
    (ring,) = outline()
    assert len(ring) > 100
    assert all(11.8 < lon < 15.1 and 50.1 < lat < 51.7 for lon, lat in ring)
    notice = Path("kg/site/assets/SAXONY-OUTLINE.md").read_text(encoding="utf-8")
    assert "© GeoBasis-DE / BKG" in notice and "dl-de/by-2-0" in notice


def test_places_have_cited_geonames_coordinates():
    places = rows("places")
    located = [p for p in places if p["latitude"]]
    assert {"dresden", "leipzig", "chemnitz", "goerlitz"} <= {p["id"] for p in located}
    for place in located:
        assert place["longitude"] and "geonames" in place["sources"].split("|"), place["id"]
    assert not any(p["latitude"] for p in places if p["kind"] in ("district", "site"))
    assert any(s["id"] == "geonames" for s in rows("sources"))


def test_map_in_both_languages_with_attribution(site):
    for page, lang, title in (("map.html", "en", "Organisations on a map of Saxony"),
                              ("de/map.html", "de", "Organisationen auf einer Karte Sachsens")):
        text = (site / page).read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in text and f"<h1>{title}</h1>" in text
        assert "© GeoBasis-DE / BKG 2017" in text and "GeoNames" in text
        assert 'class="kg-map-land"' in text and "assets/map.js" in text
    assert 'href="map.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="map.html"' in (site / "de" / "index.html").read_text(encoding="utf-8")


def test_every_seated_place_with_coordinates_is_drawn_once_with_its_count(site):
    drawn = dots((site / "map.html").read_text(encoding="utf-8"))
    counts = expected_counts()
    assert set(drawn) == set(counts) and len(counts) >= 5
    for slug, n in counts.items():
        assert f'r="{dot_radius(n):g}"' in drawn[slug], slug
        assert (f">{n}</text>" in drawn[slug]) == (n > 1), slug
    # a district of Dresden is drawn at Dresden, and the table says where it lies
    table = (site / "map.html").read_text(encoding="utf-8").split('kg-map-table"')[1]
    assert "Dresden-Rossendorf" in table
    # places outside the map are listed, not drawn
    assert 'id="map-berlin"' in table and "outside the map of Saxony" in table


def test_two_organisations_at_one_place_are_one_circle_and_names_are_escaped(data_copy, tmp_path):
    with open(data_copy / "places.csv", "a", encoding="utf-8") as places:
        places.write(f'testort,"Testort {EVIL}",city,saxony,51.2,13.0,geonames,\n')
    with open(data_copy / "organisations.csv", "a", encoding="utf-8") as orgs:
        for slug, kind in (("evil-a", "company"), ("evil-b", "hospital")):
            orgs.write(f'{slug},"{EVIL} {slug}",{kind},,testort,,,,,,,geonames,\n')
    site = Site(open_store(build(data_copy, tmp_path / "build").out))
    text = site.map_page()
    drawn = dots(text)
    assert f'r="{dot_radius(2):g}"' in drawn["testort"] and ">2</text>" in drawn["testort"]
    assert EVIL not in text and "&lt;img src=x onerror=alert(7)&gt; evil-a" in text
    assert [slug for slug, _ in DOT.findall(text)].count("testort") == 1
    page = site.entity("https://w3id.org/saxony-lifescience/id/org/evil-a")
    assert 'class="kg-minimap"' in page and "../map.html#map-testort" in page
    assert EVIL not in page


def test_organisation_pages_have_their_seat_on_a_small_map(site):
    hzdr = (site / "org" / "hzdr.html").read_text(encoding="utf-8")
    assert 'class="kg-minimap"' in hzdr and "../map.html#map-dresden" in hzdr
    assert hzdr.count('class="kg-map-seat"') == 1 and "© GeoBasis-DE / BKG" in hzdr
    german = (site / "de" / "org" / "hzdr.html").read_text(encoding="utf-8")
    assert "Sitz auf der Karte" in german and "auf einer Karte Sachsens" in german
    seats = {o["id"]: o["place"] for o in rows("organisations")}
    abroad = next(i for i, p in seats.items() if p == "london")
    assert "kg-minimap" not in (site / "org" / f"{abroad}.html").read_text(encoding="utf-8")


def test_hover_click_and_kind_filter_in_chromium(site, chromium):
    seen = visit(chromium, (site / "map.html").resolve().as_uri())
    page = seen.page
    dresden = page.locator('.kg-map-dot[data-place="dresden"]')
    dresden.hover()
    tip = page.locator("#kg-map-tip")
    assert tip.is_visible() and tip.text_content().startswith("Dresden: ")
    assert "Helmholtz-Zentrum Dresden-Rossendorf" in tip.text_content()
    dresden.click()
    panel = page.locator("#kg-map-panel")
    links = panel.locator("a")
    assert links.count() == expected_counts()["dresden"]
    assert panel.locator("h2").text_content().startswith("Dresden (")
    # only hospitals: places without one disappear, the others shrink to their hospitals
    boxes = page.locator(".kg-map-kinds input")
    for i in range(boxes.count()):
        if boxes.nth(i).get_attribute("value") != "Hospital":
            boxes.nth(i).uncheck()
    visible = page.eval_on_selector_all(
        ".kg-map-dot",
        "ds => ds.filter(d => d.style.display !== 'none').map(d => [d.dataset.place,"
        " d.querySelector('circle').getAttribute('r')])",
    )
    hospitals = expected_counts(kind="hospital")
    assert 0 < len(hospitals) < len(expected_counts())
    assert {place: float(r) for place, r in visible} == {
        place: dot_radius(n) for place, n in hospitals.items()
    }
    # the open list follows the filter
    assert panel.locator("li").count() == hospitals.get("dresden", 0)
    row = page.locator("#map-leipzig").locator("xpath=ancestor::tr")
    assert row.is_hidden() == ("leipzig" not in hospitals)
    assert seen.errors == [] and seen.blocked == [] and seen.dialogs == []
    page.close()


def test_a_bad_latitude_is_reported_at_its_cell(data_copy, tmp_path):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("dresden,"))
    lines[line - 1] = lines[line - 1].replace("51.05089", "51,05N").replace(",51,05N", ',"51,05N"')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=rf"places\.csv:{line}:5: not a decimal number"):
        build(data_copy, tmp_path / "build")


def test_map_fits_a_phone(site, chromium):
    seen = visit(chromium, (site / "map.html").resolve().as_uri(), 390, 844)
    page = seen.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    svg = page.locator(".kg-map-svg").bounding_box()
    assert svg and svg["width"] >= 330
    assert seen.errors == [] and seen.blocked == []
    page.close()


def test_a_latitude_off_the_earth_breaks_the_shape(data_copy, tmp_path):
    path = data_copy / "places.csv"
    text = path.read_text(encoding="utf-8")
    assert "dresden,Dresden,city,saxony,51.05089," in text
    path.write_text(text.replace("saxony,51.05089,", "saxony,95.05089,"), encoding="utf-8")
    with pytest.raises(ShapeError, match=r"latitude is one xsd:decimal in \[-90, 90\]"):
        build(data_copy, tmp_path / "build")
