"""Accessible pages: axe-core in Chromium, table and heading structure, text alternatives of
the networks, visible focus."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kg.site.pages import write_site
from tests.browser import axe_script, visit
from tests.site.conftest import KINDS_OF_PAGE

PAGES = [*KINDS_OF_PAGE, "de/index.html", "de/ecosystem.html", "de/org/nuklid.html"]
NAMED_IN_THE_ISSUE = {"empty-table-header", "heading-order", "scope-attr-valid", "document-title"}
SMALL_LARGE = 50  # draws the curated networks by community


@pytest.fixture(scope="module")
def aggregated(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("aggregated") / "site"
    write_site(built, out, large=SMALL_LARGE)
    return out


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def violations(page, axe: str) -> list[tuple[str, str, int]]:
    page.add_script_tag(path=axe)
    found = page.evaluate(
        "axe.run(document).then(r => r.violations.map(v => [v.id, v.impact, v.nodes.length]))"
    )
    return [tuple(v) for v in found]


def assert_accessible(page, axe: str, name: str) -> None:
    found = violations(page, axe)
    bad = [v for v in found if v[1] in ("serious", "critical") or v[0] in NAMED_IN_THE_ISSUE]
    assert bad == [], f"{name}: {bad}"


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_violation(site, chromium, name):
    axe = axe_script()
    seen = visit(chromium, (site / name).as_uri())
    page = seen.page
    if page.query_selector("#kg-network"):
        page.wait_for_selector("body[data-drawn='yes']", state="attached")
        page.click("details.kg-alt summary")  # the text alternative, opened
    assert_accessible(page, axe, name)
    page.close()


def test_axe_with_the_search_results_open(site, chromium):
    axe = axe_script()
    page = visit(chromium, (site / "org" / "hzdr.html").as_uri()).page
    page.fill("#kg-find-input", "dresden")
    page.wait_for_selector("#kg-find[data-searched='dresden']", state="attached")
    page.keyboard.press("ArrowDown")
    assert page.is_visible("#kg-find-list")
    assert_accessible(page, axe, "search results")
    page.close()


def test_axe_on_aggregated_and_community_pages(aggregated, chromium):
    axe = axe_script()
    for name in ("ecosystem.html", "ecosystem/community-1.html", "collaboration.html"):
        seen = visit(chromium, (aggregated / name).as_uri())
        seen.page.wait_for_selector("body[data-drawn='yes']", state="attached")
        assert_accessible(seen.page, axe, name)
        seen.page.close()


# -- structure, over every page -------------------------------------------------------------


def test_tables_headings_and_titles_on_every_page(site):
    for path in pages_of(site):
        text = path.read_text(encoding="utf-8")
        assert "<th></th>" not in text and "<th>" not in text, path
        assert not re.search(r"<th\b(?![^>]*\bscope=)[^>]*>", text), path
        title = html.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
        assert len(title) <= 70, (path, title)
        levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", text)]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


def test_every_network_has_a_text_alternative(site):
    for path in pages_of(site):
        text = path.read_text(encoding="utf-8")
        if 'id="kg-network"' not in text:
            continue
        block = text.split('id="kg-network-data">', 1)[1].split("</script>", 1)[0]
        nodes, edges = block.count('"x":'), block.count('"from":')
        alt = text.split('<details class="kg-alt">', 1)[1].split("</details>", 1)[0]
        tables = alt.split("</table>")
        assert tables[0].count("<tr>") == nodes + 1, path
        assert tables[1].count("<tr>") == edges + 1, path


def test_text_alternative_names_the_ties(site):
    text = (site / "org" / "nuklid.html").read_text(encoding="utf-8")
    alt = text.split('<details class="kg-alt">', 1)[1]
    assert '<a href="../person/marco-mueller.html">Marco Müller</a>' in alt
    assert "Founder" in alt


def test_focus_is_visible_on_search_and_filters(site, chromium):
    page = visit(chromium, (site / "ecosystem.html").as_uri()).page
    page.wait_for_selector("body[data-drawn='yes']", state="attached")
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """(() => { const e = document.activeElement, s = getComputedStyle(e);
                return [e.id || e.type || e.tagName, s.outlineStyle,
                        parseFloat(s.outlineWidth)]; })()"""
        )
        seen.append(focused[0])
        if focused[0] in ("kg-find-input", "kg-colour", "kg-search-text", "checkbox"):
            assert focused[1] != "none" and focused[2] >= 2, focused
    # the site search comes before the network's own controls, and both are reached
    assert seen.index("kg-find-input") < seen.index("kg-colour") < seen.index("kg-search-text")
    assert "checkbox" in seen
    page.close()
