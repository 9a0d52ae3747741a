"""The static site: pages and links, nothing remote, escaping, and a real browser."""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

from kg.builder.pipeline import build
from kg.networks.views import affiliation_graph, collaboration_graph, communities, simple_graph
from kg.rdf.stores import open_store
from kg.site import network_page as netpage
from kg.site.i18n import t
from kg.site.pages import LEAN_NOTE, PageTooLargeError, fit_page, page_path, write_site
from tests.browser import visit
from tools.browser import render_time

EVIL_ORG = "<img src=x onerror=alert(1)>"
EVIL_PERSON = "</script><script>alert(2)</script>"
SMALL_LARGE = 50  # the curated networks (192 and 82 nodes) count as large with this
RESOURCE = re.compile(
    r"""<(script|img|iframe|link|source|video|audio|embed)\b[^>]*?"""
    r"""\b(src|href)=["']?([^"'\s>]+)""",
    re.I,
)


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> tuple[Path, Path]:
    """A build whose labels try to be markup and script."""
    import shutil

    from tests.paths import DATA_DIR

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


def test_labels_are_escaped_on_aggregated_pages(evil_site, tmp_path):
    build_dir, _ = evil_site
    write_site(build_dir, tmp_path / "site", large=SMALL_LARGE)
    for path in pages_of(tmp_path / "site"):
        text = path.read_text(encoding="utf-8")
        assert EVIL_ORG not in text and "<script>alert" not in text, path


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


# -- at scale: communities as nodes, lean pages, radial egos ------------------------------


def network_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    block = text.split('<script type="application/json" id="kg-network-data">', 1)[1]
    return json.loads(block.split("</script>", 1)[0])


def communities_of(view) -> dict[int, list[str]]:
    members: dict[int, list[str]] = defaultdict(list)
    for node, number in sorted(communities(simple_graph(view)).items()):
        members[number].append(node)
    return members


@pytest.fixture(scope="module")
def aggregated_site(built, tmp_path_factory) -> Path:
    """The curated site with the threshold lowered, so both networks are drawn by community."""
    out = tmp_path_factory.mktemp("aggregated") / "site"
    write_site(built, out, large=SMALL_LARGE)
    return out


@pytest.mark.parametrize(
    ("slug", "view"), [("ecosystem", affiliation_graph), ("collaboration", collaboration_graph)]
)
def test_aggregated_page_has_a_node_per_community(aggregated_site, built, slug, view):
    graph = view(open_store(built))
    groups = communities_of(graph)
    data = network_data(aggregated_site / f"{slug}.html")
    assert len(data["nodes"]) == len(groups)
    assert sum(n["members"] for n in data["nodes"]) == graph.number_of_nodes()
    by_id = {n["id"]: n for n in data["nodes"]}
    for number, members in groups.items():
        node = by_id[f"community-{number + 1}"]
        assert node["members"] == len(members)
        if len(members) > 1:
            assert node["page"] == f"{slug}/community-{number + 1}.html"
            page = network_data(aggregated_site / node["page"])
            assert sorted(n["id"] for n in page["nodes"]) == members
        else:  # a community of one is its member, opening the member's own page
            assert node["page"] in (None, f"{page_path(members[0], node['type'])}")
    assert data["colourBy"] == "community"


def test_aggregated_site_links_resolve_and_load_nothing_remote(aggregated_site):
    pages = pages_of(aggregated_site)
    assert any(p.parent.name == "ecosystem" for p in pages)
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for _, _, url in RESOURCE.findall(text):
            assert not re.match(r"^(https?:)?//", url), f"{path.name} loads {url}"
            assert (path.parent / url).resolve().is_file(), f"{path.name}: {url} missing"
        for target in re.findall(r'<a href="(?!https?:)([^"#]+\.html)"', text):
            assert (path.parent / target).resolve().is_file(), f"{path.name} → {target}"


def test_aggregated_site_is_deterministic(built, aggregated_site, tmp_path):
    """Written again by another process, with another seed for str hashes (set order)."""
    again = tmp_path / "again"
    code = (
        "import sys; from kg.site.pages import write_site; "
        f"write_site(sys.argv[1], sys.argv[2], large={SMALL_LARGE})"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(built), str(again)], check=True, env=env)
    assert [p.relative_to(again) for p in pages_of(again)] == [
        p.relative_to(aggregated_site) for p in pages_of(aggregated_site)
    ]
    assert [p.read_bytes() for p in pages_of(again)] == [
        p.read_bytes() for p in pages_of(aggregated_site)
    ]


def test_radial_ego_layout_puts_the_centre_in_the_middle():
    graph = nx.star_graph(["hub", "a", "b", "c", "d"])
    coords = netpage.radial("hub")(graph, {n: 0 for n in graph})
    assert coords["hub"] == (0, 0)
    assert len(set(coords.values())) == 5
    assert {round(math.hypot(*coords[n])) for n in "abcd"} == {netpage.RING_GAP}


def test_fit_page_falls_back_to_lean_then_fails():
    def render(lean: bool) -> str:
        return "é" * (10 if lean else 100)  # two bytes a character in UTF-8

    assert fit_page("p.html", render, 200) == "é" * 100
    assert fit_page("p.html", render, 199) == "é" * 10
    assert fit_page("p.html", render, 20) == "é" * 10
    with pytest.raises(PageTooLargeError, match=r"p\.html would be 20 bytes"):
        fit_page("p.html", render, 19)


def test_pages_over_the_limit_are_drawn_without_sources(built, site, tmp_path):
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in pages_of(site)}
    biggest = max((name for name in sizes if not name.startswith("de/")), key=sizes.get)
    limit = sizes[biggest] - 1
    out = tmp_path / "lean"
    write_site(built, out, max_page_bytes=limit)
    assert all(p.stat().st_size <= limit for p in pages_of(out))
    text = (out / biggest).read_text(encoding="utf-8")
    assert LEAN_NOTE in text
    assert t("de", "lean_note") in (out / "de" / biggest).read_text(encoding="utf-8")
    data = network_data(out / biggest)
    assert all(e["sources"] == [] for e in data["edges"])
    assert all(n["sources"] == [] for n in data["nodes"])
    smaller = [name for name, size in sizes.items() if size <= limit]
    assert all(LEAN_NOTE not in (out / name).read_text(encoding="utf-8") for name in smaller)


def test_a_page_too_large_even_when_lean_fails_the_site(built, site):
    before = sorted(p.read_bytes() for p in pages_of(site))
    with pytest.raises(PageTooLargeError, match="even without sources"):
        write_site(built, site, max_page_bytes=10_000)
    assert sorted(p.read_bytes() for p in pages_of(site)) == before


def test_aggregated_pages_render_and_open_a_community(aggregated_site, built, chromium):
    groups = communities_of(affiliation_graph(open_store(built)))
    seen = visit(chromium, (aggregated_site / "ecosystem.html").as_uri())
    page = seen.page
    page.wait_for_selector("body[data-drawn='yes']", state="attached")
    assert page.evaluate("window.kgData.nodes.length") == len(groups)
    members = page.evaluate(
        "JSON.parse(document.getElementById('kg-network-data').textContent)"
        ".nodes.reduce((sum, n) => sum + n.members, 0)"
    )
    assert members == sum(len(m) for m in groups.values())
    assert page.input_value("#kg-colour") == "community"
    # double-click the largest community: its page opens with its members
    page.locator("#kg-network").scroll_into_view_if_needed()
    page.evaluate("kgNetwork.moveTo({position: kgNetwork.getPosition('community-1'), scale: 1})")
    box = page.locator("#kg-network").bounding_box()
    page.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/ecosystem/community-1.html")
    page.wait_for_selector("body[data-drawn='yes']", state="attached")
    assert sorted(page.evaluate("window.kgData.nodes.getIds()")) == groups[0]
    assert seen.errors == [] and seen.blocked == []
    # and from the list of links, the second community
    page.go_back()
    page.click("ol.kg-communities a >> text='Community 2'")
    page.wait_for_url("**/ecosystem/community-2.html")
    page.wait_for_selector("body[data-drawn='yes']", state="attached")
    assert sorted(page.evaluate("window.kgData.nodes.getIds()")) == groups[1]
    page.close()


def test_aggregated_site_pages_load_without_errors(aggregated_site, chromium):
    names = ["ecosystem.html", "collaboration.html", "org/nuklid.html", "person/marco-mueller.html"]
    names += [
        p.relative_to(aggregated_site).as_posix()
        for p in pages_of(aggregated_site)
        if p.parent.name in ("ecosystem", "collaboration")
    ][:6]
    for name in names:
        seen = visit(chromium, (aggregated_site / name).as_uri())
        seen.page.wait_for_selector("body[data-drawn='yes']", state="attached")
        assert seen.errors == [] and seen.blocked == [], name
        seen.page.close()


def test_render_time_is_measured_in_chromium(site, built, chromium):
    timing = render_time(site / "ecosystem.html", chromium=chromium)
    graph = affiliation_graph(open_store(built))
    assert 0 < timing.seconds <= timing.wall_seconds
    assert (timing.nodes, timing.edges) == (graph.number_of_nodes(), graph.number_of_edges())
    assert timing.bytes == (site / "ecosystem.html").stat().st_size and timing.errors == []
