"""The static site: pages and links, nothing remote, escaping, and a real browser."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from kg.build import build
from kg.networks import affiliation_graph, collaboration_graph
from kg.site import write_site
from kg.store import open_store

from .browser import browser, visit

EVIL_ORG = "<img src=x onerror=alert(1)>"
EVIL_PERSON = "</script><script>alert(2)</script>"
RESOURCE = re.compile(
    r"""<(script|img|iframe|link|source|video|audio|embed)\b[^>]*?"""
    r"""\b(src|href)=["']?([^"'\s>]+)""",
    re.I,
)


@pytest.fixture(scope="module")
def site(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(built, out)
    return out


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> tuple[Path, Path]:
    """A build whose labels try to be markup and script."""
    import shutil

    from kg.config import DATA_DIR

    root = tmp_path_factory.mktemp("evil")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "organisations.csv").open("a", encoding="utf-8") as f:
        f.write(f'evil-org,"{EVIL_ORG}",company,,,,,,,,,idw-2025-01-16,"{EVIL_PERSON}"\n')
    with (data / "people.csv").open("a", encoding="utf-8") as f:
        f.write(f'evil-person,Eve,"{EVIL_PERSON}",,idw-2025-01-16,\n')
    with (data / "memberships.csv").open("a", encoding="utf-8") as f:
        f.write("evil-person,evil-org,managing-director,,,,idw-2025-01-16,\n")
        f.write("evil-org,nuklid,member,,,,idw-2025-01-16,\n")
    build(data, root / "build")
    write_site(root / "build", root / "site")
    return root / "build", root / "site"


def pages_of(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_site_has_index_networks_and_entity_pages(site, built):
    names = {p.relative_to(site).as_posix() for p in pages_of(site)}
    assert {
        "index.html",
        "ecosystem.html",
        "collaboration.html",
        "org/nuklid.html",
        "org/hzdr.html",
        "person/marco-mueller.html",
    } <= names
    graph = affiliation_graph(open_store(built))
    people_orgs = [n for n, a in graph.nodes(data=True) if a["type"] != "event"]
    assert len([n for n in names if n.startswith(("org/", "person/"))]) == len(people_orgs)


def test_no_remote_resources_and_links_resolve(site):
    for path in pages_of(site):
        text = path.read_text(encoding="utf-8")
        for _, _, url in RESOURCE.findall(text):
            assert not re.match(r"^(https?:)?//", url), f"{path.name} loads {url}"
            assert (path.parent / url).resolve().is_file(), f"{path.name}: {url} missing"
        assert "@import" not in text and "url(http" not in text
        for target in re.findall(r'<a href="(?!https?:)([^"#]+\.html)"', text):
            assert (path.parent / target).resolve().is_file(), f"{path.name} → {target}"


def test_entity_page_shows_facts_with_sources(site):
    text = (site / "org" / "hzdr.html").read_text(encoding="utf-8")
    assert "https://ror.org/01zy2cs03" in text and "https://www.wikidata.org/wiki/Q883545" in text
    assert "Founding member" in text
    person = (site / "person" / "marco-mueller.html").read_text(encoding="utf-8")
    assert "Managing director" in person and "2024-08-01" in person
    assert 'href="https://abx.de/de/news/Geschaeftsfuehrerwechsel"' in person
    assert 'href="../org/abx.html"' in person


def test_site_is_deterministic(built, site, tmp_path):
    again = tmp_path / "again"
    write_site(built, again)
    assert [p.read_bytes() for p in pages_of(again)] == [p.read_bytes() for p in pages_of(site)]


def test_labels_are_escaped_in_the_html(evil_site):
    _, site = evil_site
    for path in pages_of(site):
        text = path.read_text(encoding="utf-8")
        assert EVIL_ORG not in text, path
        assert "<script>alert" not in text, path


def test_failed_viz_keeps_the_previous_site(site, tmp_path, run):
    before = sorted(p.read_bytes() for p in pages_of(site))
    result = run("viz", "--build", str(tmp_path / "no-build"), "--out", str(site))
    assert result.exit_code == 1 and "left as it was" in result.stderr
    assert sorted(p.read_bytes() for p in pages_of(site)) == before


# -- in a real browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


def test_every_page_loads_offline_without_errors(site, chromium):
    for path in pages_of(site):
        seen = visit(chromium, path.as_uri())
        assert seen.blocked == [], f"{path}: requested {seen.blocked}"
        assert seen.errors == [], f"{path}: {seen.errors}"
        seen.page.close()


@pytest.mark.parametrize(
    ("name", "view"),
    [("ecosystem.html", affiliation_graph), ("collaboration.html", collaboration_graph)],
)
def test_network_holds_every_node_and_edge(site, built, chromium, name, view):
    graph = view(open_store(built))
    seen = visit(chromium, (site / name).as_uri())
    page = seen.page
    page.wait_for_function("window.kgData !== undefined")
    counts = page.evaluate("[window.kgData.nodes.length, window.kgData.edges.length]")
    assert counts == [graph.number_of_nodes(), graph.number_of_edges()]
    page.close()


def test_search_colour_and_filter(site, chromium):
    page = visit(chromium, (site / "ecosystem.html").as_uri()).page
    page.fill("#kg-search-text", "marco m")
    page.click("#kg-search button")
    assert "Marco Müller" in page.text_content("#kg-details")
    nuklid = "https://w3id.org/saxony-lifescience/id/org/nuklid"
    colours = "JSON.stringify(window.kgData.nodes.get().map(n => n.color))"
    before = page.evaluate(colours)
    page.select_option("#kg-colour", "community")
    assert page.evaluate(colours) != before
    assert "Community 1" in page.text_content("#kg-legend")
    page.uncheck("#kg-filters input[value='person']")
    hidden = page.evaluate("window.kgData.nodes.get({filter: n => n.hidden}).length")
    people = page.evaluate(
        "window.kgData.nodes.get().filter(n => n.id.includes('/person/')).length"
    )
    assert hidden == people > 0
    tip = page.evaluate(f"""(() => {{ const t = window.kgData.nodes.get('{nuklid}').title;
        return [t instanceof HTMLElement, t.textContent,
                Array.from(t.querySelectorAll('a')).map(a => a.href)]; }})()""")
    assert tip[0] is True and "nukliD" in tip[1]
    assert tip[2] and all(h.startswith("https://") for h in tip[2])
    page.close()


def test_malicious_labels_run_nothing(evil_site, chromium):
    build_dir, site = evil_site
    for name in (
        "ecosystem.html",
        "collaboration.html",
        "index.html",
        "org/evil-org.html",
        "person/evil-person.html",
    ):
        seen = visit(chromium, (site / name).as_uri())
        seen.page.wait_for_timeout(300)
        assert seen.dialogs == [] and seen.errors == [], name
        assert seen.page.evaluate("document.querySelectorAll('img').length") == 0, name
        seen.page.close()
    seen = visit(chromium, (site / "org" / "evil-org.html").as_uri())
    assert seen.page.text_content("h1") == EVIL_ORG
    seen.page.close()
    seen = visit(chromium, (site / "ecosystem.html").as_uri())
    label = seen.page.evaluate(
        "window.kgData.nodes.get('https://w3id.org/saxony-lifescience/id/org/evil-org').label"
    )
    assert label == EVIL_ORG
    seen.page.close()


def test_screenshot_of_the_ecosystem_is_not_blank(site, chromium, tmp_path):
    from PIL import Image, ImageStat

    page = visit(chromium, (site / "ecosystem.html").as_uri()).page
    page.wait_for_selector("body[data-drawn='yes']")
    shot = page.locator("#kg-network").screenshot(path=str(tmp_path / "ecosystem.png"))
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50
    assert max(ImageStat.Stat(image).stddev) > 10
    page.close()
