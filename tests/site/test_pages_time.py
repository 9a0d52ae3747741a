"""Time and paths on the pages, in headless Chromium with every non-file request blocked:
the network pages' time control, the overview's growth chart and "How are they connected?"
finder, and the entity pages' timelines."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kg.networks.views import collaboration_graph
from kg.rdf.stores import open_store
from tests.browser import visit

ORG = "https://w3id.org/saxony-lifescience/id/org/"


def payload(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="kg-network-data">(.*?)</script>',
                      text, re.S)
    return json.loads(found.group(1))


def shown(page) -> tuple[set[str], int]:
    """The nodes and the number of edges the drawing shows (not hidden)."""
    nodes = page.evaluate(
        "() => kgData.nodes.get({filter: n => !n.hidden}).map(n => n.id)"
    )
    edges = page.evaluate("() => kgData.edges.get({filter: e => !e.hidden}).length")
    return set(nodes), edges


def slide_to(page, year: int | None) -> None:
    years = page.evaluate(
        "() => JSON.parse(document.getElementById('kg-network-data').textContent).time.years"
    )
    position = years.index(year) if year is not None else len(years)
    page.eval_on_selector(
        "#kg-time input",
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
        position,
    )


def test_collaboration_time_control_matches_the_query(site, built, chromium):
    data = payload(site / "collaboration.html")
    years = data["time"]["years"]
    assert 2020 in years and 2025 in years
    seen = visit(chromium, (site / "collaboration.html").as_uri())
    page = seen.page
    page.wait_for_selector("body[data-drawn='yes']", state="attached")
    assert page.is_visible("#kg-time")
    everything = shown(page)
    positions = page.evaluate(
        "() => kgNetwork.getPositions()"
    )
    store = open_store(built)
    for year in (2015, 2020):
        slide_to(page, year)
        assert page.text_content("#kg-time output") == str(year)
        nodes, edges = shown(page)
        as_of = collaboration_graph(store, as_of=dt.date(year, 12, 31))
        assert nodes == set(as_of.nodes)
        assert edges == as_of.number_of_edges()
        # the layout stays: every node still drawn is where it was
        now = page.evaluate("() => kgNetwork.getPositions()")
        assert all(now[n] == positions[n] for n in nodes)
    assert ORG + "nuklid" not in shown(page)[0]  # founded in 2025
    slide_to(page, None)
    assert shown(page) == everything
    assert page.text_content("#kg-time output") == "all years"
    assert seen.blocked == [] and seen.errors == []
    page.close()


def test_ecosystem_time_control_hides_later_ties(site, chromium):
    seen = visit(chromium, (site / "ecosystem.html").as_uri())
    page = seen.page
    page.wait_for_selector("body[data-drawn='yes']", state="attached")
    _, all_edges = shown(page)
    slide_to(page, 2010)
    nodes, edges = shown(page)
    assert 0 < edges < all_edges
    assert ORG + "nuklid" not in nodes and ORG + "hzdr" in nodes
    # the kind filter and the time control agree: unticking and ticking a kind again does
    # not bring back nodes the time control hides
    box = page.locator("#kg-filters input[value='cluster']")
    box.uncheck()
    box.check()
    assert ORG + "nuklid" not in shown(page)[0]
    assert seen.errors == [] and seen.blocked == []
    page.close()


def test_finder_connects_through_a_person_with_sources(site, chromium):
    seen = visit(chromium, (site / "index.html").as_uri())
    page = seen.page
    page.fill("#kg-finder input[name=from]", "leap:up GmbH")
    page.fill("#kg-finder input[name=to]", "abx advanced biochemical compounds")
    page.click("#kg-finder button[type=submit]")
    page.wait_for_selector("#path-result .kg-path")
    paths = page.eval_on_selector_all("#path-result .kg-path", "els => els.length")
    assert 1 <= paths <= 3
    statements = page.eval_on_selector_all(
        "#path-result .kg-path:first-child .kg-statement", "els => els.map(e => e.textContent)"
    )
    sourced = page.eval_on_selector_all(
        "#path-result .kg-path:first-child .kg-step",
        "els => els.map(e => e.querySelectorAll('.kg-sources a').length)",
    )
    # the chain runs from leap:up to ABX, and every step names at least one source
    assert "leap:up GmbH" in statements[0] and "ABX" in statements[-1]
    assert sourced and all(n >= 1 for n in sourced)
    links = page.eval_on_selector_all(
        "#path-result .kg-path:first-child .kg-sources a", "els => els.map(a => a.href)"
    )
    assert links and all(link.startswith("http") for link in links)
    options = page.eval_on_selector_all("#kg-finder-names option", "els => els.length")
    assert options > 100  # names and other names offered as suggestions
    assert seen.blocked == [] and seen.errors == []
    page.close()


FINDER_WORDS = {
    # page, the ownership as the finder says it, its kind of fact, the unknown-name message
    "en": ("index.html", "leap:up GmbH owned by biosaxony e.V.", "ownership", "Not found: "),
    "de": ("de/index.html", "leap:up GmbH: Im Eigentum von biosaxony e.V.", "Eigentum",
           "Nicht gefunden: "),
}


@pytest.mark.parametrize("lang", sorted(FINDER_WORDS))
def test_finder_through_an_ownership_in_the_pages_language(site, chromium, lang):
    page_name, owned, kind, unknown = FINDER_WORDS[lang]
    seen = visit(chromium, (site / page_name).as_uri())
    page = seen.page
    page.fill("#kg-finder input[name=from]", "leap:up GmbH")
    page.fill("#kg-finder input[name=to]", "biosaxony e.V.")
    page.click("#kg-finder button[type=submit]")
    page.wait_for_selector("#path-result .kg-path")
    first = page.text_content("#path-result .kg-path:first-child")
    assert owned in first
    assert kind in page.text_content("#path-result .kg-path:first-child .kg-fact-kind")
    assert FINDER_WORDS["de" if lang == "en" else "en"][1] not in first
    page.fill("#kg-finder input[name=to]", "no such organisation anywhere")
    page.click("#kg-finder button[type=submit]")
    assert unknown in page.text_content("#path-result")
    assert seen.blocked == [] and seen.errors == []
    page.close()


def test_finder_data_keeps_text_as_text(site):
    text = (site / "assets" / "finder-data.js").read_text(encoding="utf-8")
    assert text.startswith("window.kgFinder = JSON.parse(")
    script = (site / "assets" / "finder.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "textContent" in script


def test_overview_has_growth_and_entity_pages_a_timeline(site):
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert '<svg class="kg-growth"' in overview and 'id="path-result"' in overview
    assert 'name="from"' in overview and 'name="to"' in overview
    page = (site / "person" / "marco-mueller.html").read_text(encoding="utf-8")
    timeline = page[page.index('class="kg-timeline"'):]
    assert timeline.index("2024-08-01") < timeline.index("2025-01-16")
    assert "https://abx.de/de/news/Geschaeftsfuehrerwechsel" in timeline
    assert "Marco Müller: managing director of ABX" in timeline
    german = (site / "de" / "person" / "marco-mueller.html").read_text(encoding="utf-8")
    timeline = german[german.index('class="kg-timeline"'):]
    assert "Marco Müller: Geschäftsführer/in bei ABX" in timeline
    assert "managing director of" not in timeline
