"""Pages for people: phones (390×844) and entity pages that say what the reader wants first."""

from __future__ import annotations

import re

import pytest

from tests.browser import visit
from tests.site.conftest import KINDS_OF_PAGE

PHONE = (390, 844)
PAGES = [*KINDS_OF_PAGE, "de/org/hzdr.html"]


@pytest.mark.parametrize("name", PAGES)
def test_phone_pages_do_not_scroll_sideways(site, chromium, name):
    width, height = PHONE
    seen = visit(chromium, (site / name).as_uri(), width=width, height=height)
    page = seen.page
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    drawing = page.query_selector("#kg-network")
    if drawing:
        page.wait_for_selector("#kg-network canvas", state="attached")
        box = page.evaluate(
            "(() => { const r = document.querySelector('#kg-network canvas')"
            ".getBoundingClientRect(); return [r.left, r.width, r.height]; })()"
        )
        assert box[0] == 0 and box[1] == width, box
        assert box[2] >= 0.6 * height, box
    # every source link of the page's tables lies within the screen
    outside = page.evaluate(
        f"""Array.from(document.querySelectorAll('.kg-src a'))
            .filter(a => a.getBoundingClientRect().right > {width}).length"""
    )
    assert outside == 0
    assert seen.errors == [] and seen.blocked == []
    page.close()


def test_phone_tables_label_every_cell(site, chromium):
    seen = visit(chromium, (site / "org" / "hzdr.html").as_uri(), *PHONE)
    labels = seen.page.evaluate(
        """Array.from(document.querySelectorAll('table.kg-reflow td[data-label]'))
            .slice(0, 40).map(td => getComputedStyle(td, '::before').content)"""
    )
    assert labels and all(label.endswith(': "') for label in labels if label != "none")
    assert any(label == '"Sources: "' for label in labels)
    seen.page.close()


# -- entity pages --------------------------------------------------------------------------


def section(text: str, heading: str) -> str:
    """The HTML from an <h2> whose text starts with `heading` to the next <h2>."""
    start = text.index(f"<h2>{heading}")
    end = text.find("<h2>", start + 4)
    return text[start : end if end > 0 else None]


def test_member_list_does_not_repeat_the_organisation(site):
    text = (site / "org" / "nuklid.html").read_text(encoding="utf-8")
    members = section(text, "Members and roles at nukliD")
    assert members.count(">nukliD – Radiopharmacy Cluster Dresden</a>") == 0
    assert 'href="../person/marco-mueller.html"' in members
    assert "<h3>Current (" in members
    head = re.findall(r'<th scope="col">([^<]*)</th>', members)
    assert "Organisation" not in head and head[0] == "Who"


def test_roles_are_grouped_current_before_former(site):
    pages = sorted((site / "person").glob("*.html")) + sorted((site / "org").glob("*.html"))
    both = []
    for path in pages:
        # each <h2> section (roles held, members at) groups its own roles
        for text in path.read_text(encoding="utf-8").split("<h2>")[1:]:
            current, former = text.find("<h3>Current ("), text.find("<h3>Former (")
            if former >= 0:
                assert current < 0 or current < former, path
                former_table = text[former : text.index("</table>", former)]
                assert '<th scope="col">To</th>' in former_table, path
            if current >= 0 and former >= 0:
                both.append(path.name)
    assert both, "some entity has both current and former roles"


def test_person_page_lists_the_roles_held_without_the_person(site):
    text = (site / "person" / "marco-mueller.html").read_text(encoding="utf-8")
    roles = section(text, "Roles and memberships of Marco Müller")
    assert ">Marco Müller</a>" not in roles
    assert 'href="../org/abx.html"' in roles and "Managing director" in roles
