"""`kg viz`: the static site — overview, two networks, one page per organisation and person.

Every page is self-contained (CSS, vis-network and data inlined) and works from disk with
no network. Text from data is escaped on the server side and set with textContent in the
browser.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph

from kg.atomic import replace_dir
from kg.config import default_site_dir
from kg.errors import BuildError
from kg.networks.views import (
    affiliation_graph,
    collaboration_graph,
    communities,
    ego_graph,
    simple_graph,
)
from kg.rdf.stores import Row, open_store
from kg.rdf.terms import SEGMENT_OF_TYPE
from kg.site import network_page as netpage
from kg.site.data import ID_LINKS, SiteData, load_site_data
from kg.site.html import esc, link, page, write_assets
from kg.site.ontology_page import ontology_page

__all__ = [
    "LARGE_NETWORK", "LARGE_NETWORK_EDGES", "LEAN_NOTE", "MAX_PAGE_BYTES", "NEIGHBOURS_SHOWN",
    "PageTooLargeError", "Site", "fit_page", "page_path", "write_site",
]

LARGE_NETWORK = 5000
"""A network page of more nodes than this draws its Louvain communities as nodes, each
opening into a page of its own; a site whose ecosystem network is that large also lays out
its thousands of drawings cheaply (radial egos, spring layouts; no Kamada-Kawai) and
colours them by the communities of the whole network."""
LARGE_NETWORK_EDGES = 20_000
"""A network page of more edges than this is drawn by communities too: the collaboration
network of 4,000 organisations (32,000 ties) drawn in full is an 11 MB page that takes
Chromium over 5 s to draw."""
MAX_PAGE_BYTES = 15_000_000
"""No page may be larger: one that would be is drawn without the sources of its nodes and
edges, and if it is still too large, `kg viz` fails and names it."""
LEAN_NOTE = (
    "To keep this page small, the drawing leaves out the sources of single ties; the page "
    "of each organisation, person and event lists them."
)
NEIGHBOURS_SHOWN = 12


class PageTooLargeError(BuildError):
    """A page stays over MAX_PAGE_BYTES even when drawn without sources."""


def page_path(iri: str, node_type: str) -> str | None:
    segment = SEGMENT_OF_TYPE.get(node_type)
    return f"{segment}/{iri.rsplit('/', 1)[-1]}.html" if segment else None


def _by_entity(rows: list[Row], keys: Iterable[str]) -> dict[str, list[Row]]:
    """Entity → the rows that name it under one of `keys`, in their order: one pass, where
    a scan of all rows for every page made the site quadratic."""
    index: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for entity in dict.fromkeys(row[key] for key in keys if row.get(key)):
            index[entity].append(row)
    return index


def _byte_size(text: str) -> int:
    return len(text.encode("utf-8"))


def fit_page(name: str, render: Callable[[bool], str], limit: int = MAX_PAGE_BYTES) -> str:
    """`render(False)` (the page in full), or `render(True)` (lean) where the full page is
    over `limit` bytes; raises PageTooLargeError when even the lean page is.

    >>> fit_page("p.html", lambda lean: "ab" if lean else "abcd", limit=3)
    'ab'
    """
    text = render(False)
    if _byte_size(text) <= limit:
        return text
    text = render(True)
    if (size := _byte_size(text)) > limit:
        raise PageTooLargeError(
            f"{name} would be {size:,} bytes even without sources, over the limit of {limit:,}"
        )
    return text


class Site:
    def __init__(
        self,
        store: pyoxigraph.Store,
        large: int = LARGE_NETWORK,
        max_page_bytes: int = MAX_PAGE_BYTES,
        large_edges: int = LARGE_NETWORK_EDGES,
    ):
        self.data: SiteData = load_site_data(store)
        self.affiliation = affiliation_graph(store, self.data.facts)
        self.collaboration = collaboration_graph(store, self.data.facts)
        self.large, self.large_edges = large, large_edges
        self.max_page_bytes = max_page_bytes
        self.at_scale = self.affiliation.number_of_nodes() > large
        # at scale, ego drawings take their colours from the communities of the whole
        # network (the same as on its community pages) rather than run Louvain each
        self.community = communities(simple_graph(self.affiliation)) if self.at_scale else {}
        self.pages = {
            n: p
            for n, attrs in self.affiliation.nodes(data=True)
            if (p := page_path(n, attrs.get("type", "")))
        }
        facts = self.data.facts
        self.memberships_of = _by_entity(
            facts.memberships, ("member", "organisation", "onBehalfOf")
        )
        self.relations_of = _by_entity(facts.relations, ("subject", "object"))
        self.events_of = _by_entity(facts.participations, ("agent", "event", "onBehalfOf"))

    # -- pieces -----------------------------------------------------------------------
    def sources_cell(self, fact: str, prefix: str = "") -> str:
        cited = self.data.cited(fact)
        return (
            "<br>".join(
                f'<span class="kg-src">{link(s["url"], s["title"], s.get("publisher"))}</span>'
                for s in cited
            )
            or '<span class="muted">—</span>'
        )

    def entity_link(self, iri: str, prefix: str) -> str:
        target = self.pages.get(iri)
        return link(f"{prefix}{target}" if target else None, self.data.label(iri))

    def network_parts(
        self,
        graph: nx.Graph,
        title: str,
        intro: str,
        prefix: str = "",
        small: bool = False,
        heading: str = "h1",
        extra: str = "",
        layout: netpage.Layout | None = None,
        lean: bool = False,
        community: dict[str, int] | None = None,
    ) -> tuple[str, str]:
        """The body (heading, intro, drawing) and the scripts of one network's drawing."""
        pages = {n: f"{prefix}{self.pages[n]}" for n in graph if n in self.pages}
        data = netpage.payload(
            graph,
            pages=pages,
            sources=self.node_sources,
            names=self.data.label,
            layout=layout or (netpage.spring if self.at_scale else netpage.standard),
            lean=lean,
            community=community,
        )
        note = f'<p class="muted">{esc(LEAN_NOTE)}</p>\n' if lean else ""
        body = (
            f"<{heading}>{esc(title)}</{heading}>\n<p>{intro}</p>\n{extra}{note}"
            f"{netpage.section(data, small=small, caption=title)}"
        )
        return body, netpage.scripts(data, prefix)

    def network_page(
        self, name: str, graph: nx.Graph, title: str, intro: str, prefix: str = "", extra: str = ""
    ) -> str:
        """A page with one network drawn in full, or lean where that is too large."""

        def render(lean: bool) -> str:
            body, scripts = self.network_parts(
                graph, title, intro, prefix=prefix, extra=extra, lean=lean
            )
            return page(title, body, prefix=prefix, scripts=scripts, styles=netpage.styles(prefix))

        return self.fitted(name, render)

    def fitted(self, name: str, render: Callable[[bool], str]) -> str:
        return fit_page(name, render, self.max_page_bytes)

    def node_sources(self, key: str) -> list[dict]:
        """Sources of a node (by IRI) or a source given by its URL."""
        if key in self.data.sources:
            return [self.data.source(key)]
        return self.data.cited(key)

    # -- pages ------------------------------------------------------------------------
    def index(self) -> str:
        counts = "".join(
            f"<tr><td>{esc(what)}</td><td>{n}</td></tr>" for what, n in self.data.counts
        )
        by_type: dict[str, list[str]] = defaultdict(list)
        for node, attrs in self.affiliation.nodes(data=True):
            by_type[attrs.get("type", "")].append(node)
        lists = []
        for node_type, title in (
            ("cluster", "Clusters and networks"),
            ("organisation", "Organisations"),
            ("person", "People"),
            ("event", "Events"),
        ):
            items = sorted(by_type.get(node_type, []), key=self.data.label)
            entries = "".join(
                f"<li>{self.entity_link(n, '')} <span class='muted'>"
                f"{esc(self.affiliation.nodes[n].get('kind_label', ''))}</span></li>"
                for n in items
            )
            lists.append(f"<h2>{title} ({len(items)})</h2><ul>{entries}</ul>")
        body = f"""<h1>The Saxon life-science ecosystem</h1>
<p>Companies, research institutes, clusters, public bodies and people of biotechnology,
medical technology and health economy in Saxony, and how they are tied together. Every fact
is curated from a public source, shown beside it.</p>
<ul><li>{link("ecosystem.html", "The ecosystem network")} — people, organisations, clusters
and events, each tie a membership, role, participation or ownership.</li>
<li>{link("collaboration.html", "The organisation collaboration network")} — organisations
tied by shared people, clusters, events and ownership.</li>
<li>{link("ontology.html", "The ontology")} — classes, properties and vocabularies.</li></ul>
<h2>What the graph holds</h2><table class="kg-counts">{counts}</table>
{"".join(lists)}"""
        return page("Overview", body)

    def ecosystem(self) -> Iterator[tuple[str, str]]:
        return self.network_pages(
            "ecosystem",
            self.affiliation,
            self.community,
            "The ecosystem network",
            "People, organisations, clusters and events. Each edge is one fact: a membership "
            "or role, a participation, an ownership, group or unit tie, or a rename. Node size "
            "follows the number of ties; hover for details and sources.",
        )

    def collaboration_page(self) -> Iterator[tuple[str, str]]:
        return self.network_pages(
            "collaboration",
            self.collaboration,
            None,
            "Organisation collaboration",
            "Organisations tied by shared people, shared clusters, shared events and "
            "ownership or group relations; the wider the edge, the more reasons.",
        )

    def network_pages(
        self,
        slug: str,
        graph: nx.Graph,
        community: dict[str, int] | None,
        title: str,
        intro: str,
    ) -> Iterator[tuple[str, str]]:
        """(path, page) of a network: `slug`.html, drawn in full up to `large` nodes (and
        LARGE_NETWORK_EDGES edges); beyond, with its communities (given, or found here) as
        nodes, each opening into slug/community-N.html."""
        if graph.number_of_nodes() <= self.large and graph.number_of_edges() <= self.large_edges:
            yield f"{slug}.html", self.network_page(f"{slug}.html", graph, title, intro)
            return
        simple = simple_graph(graph)
        quotient = netpage.community_graph(simple, community or communities(simple))
        paths = {
            c: f"{slug}/{netpage.community_id(c)}.html"
            for c, members in quotient.nodes(data="members")
            if len(members) > 1
        }
        yield f"{slug}.html", self.aggregated_page(slug, simple, quotient, paths, title, intro)
        for number, path in paths.items():
            yield path, self.community_page(path, graph, quotient, number, paths, title)

    def aggregated_page(
        self,
        slug: str,
        simple: nx.Graph,
        quotient: nx.Graph,
        paths: dict[int, str],
        title: str,
        intro: str,
    ) -> str:
        data = netpage.aggregate_payload(simple, quotient, pages=self.pages, community_pages=paths)
        singles = quotient.number_of_nodes() - len(paths)
        drawing = netpage.section(
            data,
            caption=title,
            hint="Click a community for its members; double-click opens its page.",
            units=("communities", "tied pairs of communities"),
        )
        body = (
            f"<h1>{esc(title)}</h1>\n<p>{intro}</p>\n<p>Its {simple.number_of_nodes():,} "
            "nodes are too many to draw at once: each circle is a community (Louvain, seed "
            "42) sized by its members, and the edges are the ties between communities. "
            "Double-click a community, or pick it from the list below, to open its "
            f"drawing.</p>\n{drawing}\n<h2>Communities</h2>\n"
            f"{self.community_list(quotient, paths)}\n<p class='muted'>{singles:,} "
            "communities of a single node (without ties) are drawn as that node; the "
            "overview lists every entity.</p>"
        )
        text = page(title, body, scripts=netpage.scripts(data, ""), styles=netpage.styles(""))
        return self.fitted(f"{slug}.html", lambda lean: text)

    def community_list(self, quotient: nx.Graph, paths: dict[int, str]) -> str:
        items = "".join(
            f"<li>{link(path, netpage.community_name(c))}: "
            f"{esc('; '.join(quotient.nodes[c]['summary']))}</li>"
            for c, path in paths.items()
        )
        return f'<ol class="kg-communities">{items}</ol>'

    def community_page(
        self,
        path: str,
        graph: nx.Graph,
        quotient: nx.Graph,
        number: int,
        paths: dict[int, str],
        title: str,
    ) -> str:
        members = quotient.nodes[number]["members"]
        overview = "../" + path.split("/", 1)[0] + ".html"
        intro = (
            f"{len(members):,} of the {graph.number_of_nodes():,} nodes of "
            f"{link(overview, title)}, found together by Louvain community detection "
            f"(seed 42). {esc('; '.join(quotient.nodes[number]['summary']))}."
        )
        return self.network_page(
            path,
            graph.subgraph(members),
            f"{netpage.community_name(number)} · {title}",
            intro,
            prefix="../",
            extra=self.neighbour_links(quotient, number, paths),
        )

    def neighbour_links(self, quotient: nx.Graph, number: int, paths: dict[int, str]) -> str:
        """The communities this one has most ties with, linked (a single node: its page)."""
        ranked = sorted(quotient[number].items(), key=lambda item: (-item[1]["weight"], item[0]))
        if not ranked:
            return ""
        links = ", ".join(
            f"{self.community_link(quotient, other, paths)} ({data['weight']:,})"
            for other, data in ranked[:NEIGHBOURS_SHOWN]
        )
        more = len(ranked) - NEIGHBOURS_SHOWN
        tail = f" and {more:,} more" if more > 0 else ""
        return f"<p>Most ties with: {links}{tail}.</p>\n"

    def community_link(self, quotient: nx.Graph, number: int, paths: dict[int, str]) -> str:
        """A link, from a community page, to another community's page (or a single node's)."""
        if number in paths:
            return link("../" + paths[number], netpage.community_name(number))
        return self.entity_link(quotient.nodes[number]["members"][0], "../")

    def entity(self, iri: str) -> str:
        attrs = self.affiliation.nodes[iri]
        info = self.data.entities.get(iri, {})
        prefix = "../"
        title = " ".join(p for p in (info.get("honorific"), info.get("label", iri)) if p)
        facts = self.entity_facts(iri, info, attrs)
        tables = "".join(
            part
            for part in (
                self.roles(iri, prefix),
                self.relations(iri, prefix),
                self.events(iri, prefix),
                self.figures(iri),
            )
            if part
        )
        ego = ego_graph(self.affiliation, iri, radius=1)

        def render(lean: bool) -> str:
            drawing, scripts = self.network_parts(
                ego,
                f"Ties of {info.get('label', iri)}",
                "Its direct ties in the ecosystem network.",
                prefix=prefix,
                small=True,
                heading="h2",
                layout=netpage.radial(iri) if self.at_scale else None,
                lean=lean,
                community={n: self.community[n] for n in ego} if self.at_scale else None,
            )
            body = (
                f"<h1>{esc(title)}</h1>\n<p class='muted'>{esc(attrs.get('kind_label', ''))}"
                f"</p>\n{facts}{tables}{drawing}"
            )
            styles = netpage.styles(prefix)
            return page(info.get("label", iri), body, prefix=prefix, scripts=scripts, styles=styles)

        return self.fitted(self.pages[iri], render)

    def entity_facts(self, iri: str, info: dict, attrs: dict) -> str:
        rows = [("Name", esc(info.get("label", "")), self.sources_cell(iri))]
        if names := self.data.names.get(iri):
            rows.append(("Also written", esc("; ".join(names)), ""))
        rows.append(("Kind", esc(attrs.get("kind_label", "")), ""))
        if info.get("placeLabel"):
            rows.append(
                ("Place" if attrs.get("type") != "person" else "Place", esc(info["placeLabel"]), "")
            )
        if sites := self.data.sites.get(iri):
            rows.append(("Other sites", esc(", ".join(sites)), ""))
        if info.get("founded"):
            rows.append(
                ("Founded" if attrs.get("type") != "event" else "Date", esc(info["founded"]), "")
            )
        if info.get("homepage"):
            rows.append(("Website", link(info["homepage"], info["homepage"]), ""))
        for ident in self.data.identifiers.get(iri, []):
            template = ID_LINKS.get(ident["scheme"])
            url = template.format(ident["value"]) if template else None
            rows.append(
                (
                    f"{ident['scheme'].upper()} id",
                    link(url, ident["value"]),
                    self.sources_cell(ident["id"]),
                )
            )
        if info.get("note"):
            rows.append(("Note", esc(info["note"]), ""))
        body = "".join(f"<tr><th>{k}</th><td>{v}</td><td>{s}</td></tr>" for k, v, s in rows)
        return f"<table><tr><th></th><th></th><th>Sources</th></tr>{body}</table>"

    def roles(self, iri: str, prefix: str) -> str:
        rows = self.memberships_of.get(iri, [])
        if not rows:
            return ""
        body = "".join(
            f"<tr><td>{self.entity_link(m['member'], prefix)}</td>"
            f"<td>{esc(m.get('roleLabel', ''))}</td>"
            f"<td>{self.entity_link(m['organisation'], prefix)}</td>"
            f"<td>{self.entity_link(m['onBehalfOf'], prefix) if m.get('onBehalfOf') else ''}</td>"
            f"<td>{esc(m.get('start', ''))}</td><td>{esc(m.get('end', ''))}</td>"
            f"<td>{self.sources_cell(m['fact'])}</td></tr>"
            for m in rows
        )
        return (
            "<h2>Roles and memberships</h2><table><tr><th>Who</th><th>Role</th>"
            "<th>Organisation</th><th>On behalf of</th><th>From</th><th>To</th>"
            f"<th>Sources</th></tr>{body}</table>"
        )

    def relations(self, iri: str, prefix: str) -> str:
        rows = self.relations_of.get(iri, [])
        if not rows:
            return ""
        body = "".join(
            f"<tr><td>{self.entity_link(r['subject'], prefix)}</td>"
            f"<td>{esc(r.get('relationLabel', ''))}</td>"
            f"<td>{self.entity_link(r['object'], prefix)}</td>"
            f"<td>{esc(format(float(r['share']), 'g') + ' %' if 'share' in r else '')}</td>"
            f"<td>{esc(r.get('start', ''))}</td><td>{self.sources_cell(r['fact'])}</td></tr>"
            for r in rows
        )
        return (
            "<h2>Owners, parents, groups and renames</h2><table><tr><th>Organisation</th>"
            "<th>Tie</th><th>To</th><th>Share</th><th>Since</th><th>Sources</th></tr>"
            f"{body}</table>"
        )

    def events(self, iri: str, prefix: str) -> str:
        rows = self.events_of.get(iri, [])
        if not rows:
            return ""
        body = "".join(
            f"<tr><td>{self.entity_link(p['event'], prefix)}</td>"
            f"<td>{esc(self.data.entities.get(p['event'], {}).get('founded', ''))}</td>"
            f"<td>{self.entity_link(p['agent'], prefix)}</td>"
            f"<td>{esc(p.get('roleLabel', ''))}</td>"
            f"<td>{self.entity_link(p['onBehalfOf'], prefix) if p.get('onBehalfOf') else ''}</td>"
            f"<td>{self.sources_cell(p['fact'])}</td></tr>"
            for p in rows
        )
        return (
            "<h2>Events</h2><table><tr><th>Event</th><th>Date</th><th>Who</th><th>Role</th>"
            f"<th>On behalf of</th><th>Sources</th></tr>{body}</table>"
        )

    def figures(self, iri: str) -> str:
        rows = self.data.observations.get(iri, [])
        if not rows:
            return ""
        body = "".join(
            f"<tr><td>{esc(o['measure'])}</td><td>"
            f"{'about ' if o['approximate'] == 'true' else ''}{esc(o['value'])}</td>"
            f"<td>{esc(o['date'])}</td><td>{self.sources_cell(o['fact'])}</td></tr>"
            for o in rows
        )
        return (
            "<h2>Figures</h2><table><tr><th>Measure</th><th>Value</th><th>Date</th>"
            f"<th>Sources</th></tr>{body}</table>"
        )

    # -- all --------------------------------------------------------------------------
    def iter_files(self) -> Iterator[tuple[str, str]]:
        """(path, page) of every page, one at a time (a large site does not fit in memory
        all at once)."""
        yield "index.html", self.index()
        yield from self.ecosystem()
        yield from self.collaboration_page()
        yield "ontology.html", ontology_page()
        for iri, path in sorted(self.pages.items()):
            yield path, self.entity(iri)

    def files(self) -> dict[str, str]:
        return dict(self.iter_files())


def write_site(
    build_dir: Path | None = None,
    out: Path | None = None,
    store: pyoxigraph.Store | None = None,
    large: int = LARGE_NETWORK,
    max_page_bytes: int = MAX_PAGE_BYTES,
    large_edges: int = LARGE_NETWORK_EDGES,
) -> list[str]:
    """Write the site into `out` (replaced only on success); returns the pages written.
    `large`, `max_page_bytes`, `large_edges`: see LARGE_NETWORK, MAX_PAGE_BYTES and
    LARGE_NETWORK_EDGES.

    >>> write_site()  # doctest: +SKIP
    ['collaboration.html', 'ecosystem.html', 'index.html', 'org/abx.html', ...]
    """
    out = Path(out or default_site_dir())
    site = Site(store or open_store(build_dir), large, max_page_bytes, large_edges)
    written: list[str] = []

    def fill(staging: Path) -> None:
        write_assets(staging / "assets")
        folders: set[Path] = set()
        for name, text in site.iter_files():
            target = staging / name
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_text(text, encoding="utf-8")
            written.append(name)

    replace_dir(Path(out), fill)
    return sorted(written)
