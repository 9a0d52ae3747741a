"""The site-wide search: an index written by `kg viz`, a matcher of our own, in Chromium."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kg.builder.pipeline import build
from kg.site.pages import write_site
from kg.site.search import KEY_SEPARATOR, normalise
from tests.browser import visit

EVIL = "<img src=x onerror=alert(7)>"


def read_index(site: Path, name: str = "search-index.js") -> dict:
    text = (site / "assets" / name).read_text(encoding="utf-8")
    match = re.fullmatch(r"window\.kgSearchIndex = JSON\.parse\((.*)\);\n", text, re.S)
    assert match, "the index is one assignment"
    return json.loads(json.loads(match.group(1)))


def test_normalise_ignores_case_accents_and_punctuation():
    assert normalise("Wilhelm Zörgiebel") == "wilhelm zorgiebel"
    assert normalise("TU  Dresden") == normalise("tu-dresden") == "tu dresden"
    assert normalise("Straße") == "strasse"
    assert normalise("ﬁne Œuvre") == "fine œuvre"


def test_index_holds_every_page_and_place_with_its_names(site):
    index = read_index(site)
    by_path = {e[4]: e for e in index["entries"]}
    pages = {
        p.relative_to(site).as_posix()
        for p in site.glob("*/*.html")
        if p.parent.name in ("org", "person", "event")
    }
    assert pages <= set(by_path)
    itd = by_path["org/itd.html"]
    assert "itd" in itd[0].split(KEY_SEPARATOR) and itd[1] == "Isotope Technologies Dresden GmbH"
    assert "tu dresden" in by_path["org/tu-dresden.html"][0].split(KEY_SEPARATOR)
    person = by_path["person/wilhelm-zoergiebel.html"]
    assert {"wilhelm zorgiebel", "wilhelm zoergiebel"} <= set(person[0].split(KEY_SEPARATOR))
    assert index["kinds"][person[2]] == "Person"
    dresden = by_path["index.html#place-dresden"]
    assert index["kinds"][dresden[2]] == "Place" and dresden[3] == "Saxony"
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="place-dresden"' in overview


def test_every_page_has_the_search_box(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert '<input id="kg-find-input" type="search" role="combobox"' in text, path
        assert "assets/search.js" in text, path


def find(page, query: str) -> list[str]:
    page.fill("#kg-find-input", query)
    page.wait_for_selector(f"#kg-find[data-searched='{query}']", state="attached")
    return page.eval_on_selector_all(
        "#kg-find-list [role=option]", "options => options.map(o => o.textContent)"
    )


@pytest.mark.parametrize(
    ("query", "found", "rank"),
    [
        ("zorgiebel", "Wilhelm Zörgiebel Person", 12),  # among other Zörgiebels, all shown
        ("ZÖRGIEBEL", "Wilhelm Zörgiebel Person", 12),
        ("wilhelm zorg", "Wilhelm Zörgiebel Person", 1),
        ("ITD", "Isotope Technologies Dresden GmbH", 1),
        ("tu dresden", "Technische Universität Dresden", 1),
        ("marco mueller", "Marco Müller", 1),
    ],
)
def test_search_finds_names_and_other_names(site, chromium, query, found, rank):
    seen = visit(chromium, (site / "index.html").as_uri())
    options = find(seen.page, query)
    assert any(o.startswith(found) for o in options[:rank]), options
    assert seen.blocked == [] and seen.errors == []
    seen.page.close()


def test_results_show_kind_and_place_and_open_by_keyboard(site, chromium):
    seen = visit(chromium, (site / "org" / "hzdr.html").as_uri())
    page = seen.page
    options = find(page, "itd")
    assert options[0] == "Isotope Technologies Dresden GmbH Company · Dresden-Rossendorf"
    assert page.get_attribute("#kg-find-input", "aria-expanded") == "true"
    assert "found" in page.text_content("#kg-find-status")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#kg-find-input", "aria-activedescendant") == "kg-find-option-0"
    assert page.get_attribute("#kg-find-option-0", "aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url("**/org/itd.html")
    assert page.text_content("h1") == "Isotope Technologies Dresden GmbH"
    # a place opens its entry on the overview; Escape closes the list
    find(page, "dresden")
    page.keyboard.press("Escape")
    assert page.get_attribute("#kg-find-input", "aria-expanded") == "false"
    options = find(page, "radeberg")
    place = next(i for i, o in enumerate(options) if o.startswith("Radeberg Place"))
    page.click(f"#kg-find-option-{place}")
    page.wait_for_url("**/index.html#place-radeberg")
    assert "ABX" in page.text_content("#place-radeberg")
    assert seen.blocked == [] and seen.errors == []
    page.close()


def test_search_works_on_the_ontology_and_network_pages(site, chromium):
    for name in ("ontology.html", "collaboration.html"):
        seen = visit(chromium, (site / name).as_uri())
        assert find(seen.page, "nuklid")[0].startswith("nukliD"), name
        assert seen.blocked == [] and seen.errors == []
        seen.page.close()


def test_search_matcher_agrees_with_the_python_normalisation(site, chromium):
    seen = visit(chromium, (site / "index.html").as_uri())
    samples = ["Zörgiebel", "TU Dresden", "Straße", "Ärzte-Kammer", "ﬁne", "  a,b  "]
    norm = seen.page.evaluate("s => s.map(x => window.kgSearch.norm(x))", samples)
    assert norm == [normalise(s) for s in samples]
    seen.page.close()


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> Path:
    from tests.paths import DATA_DIR

    root = tmp_path_factory.mktemp("evil-search")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "organisations.csv").open("a", encoding="utf-8") as f:
        f.write(f'evil-org,"{EVIL}",company,"{EVIL} alt",,,,,,,,idw-2025-01-16,\n')
    build(data, root / "build")
    write_site(root / "build", root / "site")
    return root / "site"


def test_hostile_names_in_results_are_text(evil_site, chromium):
    seen = visit(chromium, (evil_site / "index.html").as_uri())
    options = find(seen.page, "img src")
    assert options and options[0].startswith(EVIL)
    seen.page.wait_for_timeout(200)
    assert seen.page.evaluate("document.querySelectorAll('img').length") == 0
    assert seen.dialogs == [] and seen.errors == []
    seen.page.close()
