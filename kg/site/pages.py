"""`kg viz`: the static site — overview, two networks, one page per organisation and person.

Every page is self-contained (CSS, vis-network and data inlined) and works from disk with
no network. Text from data is escaped on the server side and set with textContent in the
browser.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph

from kg.atomic import replace_dir
from kg.config import default_site_dir
from kg.errors import BuildError
from kg.networks.growth import GROWTH_COLUMNS, growth
from kg.networks.views import (
    affiliation_graph,
    collaboration_graph,
    communities,
    ego_graph,
    simple_graph,
)
from kg.rdf.stores import Row, open_store
from kg.rdf.terms import SEGMENT_OF_TYPE
from kg.site import i18n
from kg.site import network_page as netpage
from kg.site.data import ID_LINKS, SiteData, load_site_data
from kg.site.finder import finder_file, finder_script
from kg.site.html import asset_root, esc, index_file, link, page, table, write_assets
from kg.site.i18n import LANGS, Words, t
from kg.site.map import MapPlace, locate, map_figure, map_table, minimap, place_coordinates
from kg.site.ontology_page import ontology_page
from kg.site.quality import quality_data, quality_page
from kg.site.search import Entry, index_script
from kg.site.timeline import collaboration_years, growth_chart, tie_years, timeline_html

__all__ = [
    "LARGE_NETWORK", "LARGE_NETWORK_EDGES", "LEAN_NOTE", "MAX_PAGE_BYTES", "NEIGHBOURS_SHOWN",
    "PageTooLargeError", "Site", "fit_page", "page_path", "place_anchor", "write_site",
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
LEAN_NOTE = t("en", "lean_note")
NEIGHBOURS_SHOWN = 12
MAPPED = ("organisation", "cluster")
"""Node types drawn on the map at their seat."""
MAP_WORDS = ("title", "kinds", "dot", "table", "outside", "unplaced")


class PageTooLargeError(BuildError):
    """A page stays over MAX_PAGE_BYTES even when drawn without sources."""


def page_path(iri: str, node_type: str) -> str | None:
    segment = SEGMENT_OF_TYPE.get(node_type)
    return f"{segment}/{iri.rsplit('/', 1)[-1]}.html" if segment else None


def place_anchor(iri: str) -> str:
    """The overview's anchor of a place (its list of what is there)."""
    return "place-" + iri.rsplit("/", 1)[-1]


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
        self.lang = "en"
        self.languages = {lang: Words(lang, self.data.german) for lang in LANGS}
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
        self.quality = quality_data(store)  # kg.site.quality: the data-quality page
        self.located = place_coordinates(store)  # kg.site.map: where places are
        self.events_of = _by_entity(facts.participations, ("agent", "event", "onBehalfOf"))
        # the years the network pages' time control offers; a collaboration tie carries the
        # years at whose end the catalogue query names it (kg.site.timeline)
        self.years = tie_years(facts)
        if self.collaboration.number_of_nodes() <= large:
            held = collaboration_years(store, self.years)
            for a, b, data in self.collaboration.edges(data=True):
                data["years"] = held.get((min(a, b), max(a, b)), [])

    # -- language -----------------------------------------------------------------------
    @property
    def words(self) -> Words:
        """The language of the pages being written (`lang`)."""
        return self.languages[self.lang]

    def tr(self, key: str, **values: object) -> str:
        """Interface text in the language of the pages being written."""
        return t(self.lang, key, **values)

    def term(self, label: str) -> str:
        """A vocabulary label (kind, role, tie, measure) in the pages' language."""
        return self.words.term(label)

    def day(self, value: str) -> str:
        return i18n.date(value, self.lang)

    def number(self, value: float | int) -> str:
        return i18n.number(value, self.lang)

    def page(self, title: str, body: str, here: str, prefix: str = "", **parts: str) -> str:
        """A page in the current language; `here`: its path from the language's root."""
        return page(title, body, prefix=prefix, lang=self.lang, here=here, **parts)

    def assets(self, prefix: str) -> str:
        """From a page to the folder that holds assets/ (German pages are one further down)."""
        return asset_root(prefix, self.lang)

    def figure(self, value: str) -> str:
        """A number from the data as the language writes it; other text as it is."""
        try:
            number = float(value)
        except ValueError:
            return value
        return self.number(int(number) if number.is_integer() else number)

    # -- pieces -----------------------------------------------------------------------
    def sources_cell(self, fact: str) -> str:
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
            words=self.words,
            years=self.years,
        )
        note = f'<p class="muted">{esc(self.tr("lean_note"))}</p>\n' if lean else ""
        drawing = netpage.section(
            data, small=small, caption=title, level=int(heading[1]) + 1, lang=self.lang
        )
        body = f"<{heading}>{esc(title)}</{heading}>\n<p>{intro}</p>\n{extra}{note}{drawing}"
        return body, netpage.scripts(data, self.assets(prefix))

    def network_page(
        self, name: str, graph: nx.Graph, title: str, intro: str, prefix: str = "", extra: str = ""
    ) -> str:
        """A page with one network drawn in full, or lean where that is too large."""

        def render(lean: bool) -> str:
            body, scripts = self.network_parts(
                graph, title, intro, prefix=prefix, extra=extra, lean=lean
            )
            styles = netpage.styles(self.assets(prefix))
            return self.page(title, body, name, prefix, scripts=scripts, styles=styles)

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
        counts = table(
            (self.tr("what"), self.tr("how_many")),
            ([esc(self.term(what)), esc(self.number(n))] for what, n in self.data.counts),
            cls="kg-counts",
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
                f"{esc(self.term(self.affiliation.nodes[n].get('kind_label', '')))}</span></li>"
                for n in items
            )
            heading = f"{self.term(title)} ({self.number(len(items))})"
            lists.append(f"<h2>{esc(heading)}</h2><ul>{entries}</ul>")
        tr = self.tr
        body = f"""<h1>{esc(tr("index_title"))}</h1>
<p>{esc(tr("index_intro"))}</p>
<ul><li>{link("ecosystem.html", tr("index_ecosystem"))} — {esc(tr("index_ecosystem_about"))}</li>
<li>{link("collaboration.html", tr("index_collaboration"))} — \
{esc(tr("index_collaboration_about"))}</li>
<li>{link("ontology.html", tr("index_ontology"))} — {esc(tr("index_ontology_about"))}</li>
<li>{link("quality.html", tr("index_quality"))} — {esc(tr("index_quality_about"))}</li>
<li>{link("map.html", tr("map"))} — {esc(tr("index_map_about"))}</li></ul>
<h2>{esc(tr("index_counts"))}</h2>{counts}
{self.growth_section()}{self.finder_section()}
{"".join(lists)}{self.places_section("")}
<div id="kg-more" class="kg-more"></div>"""
        scripts = "".join(
            f'<script src="{esc(self.assets(""))}assets/{name}"></script>'
            for name in (finder_file(self.lang), "finder.js")
        )
        return self.page(tr("overview"), body, "index.html", scripts=scripts)

    # -- time and paths (issue: the ecosystem as of any date) ---------------------------
    def growth_section(self) -> str:
        rows = growth(self.data.facts)
        if not rows:
            return ""
        tr = self.tr
        labels = {
            "founded": tr("growth_founded"), "begun": tr("growth_begun"), "held": tr("growth_held")
        }
        numbers = table(
            tr("growth_columns").split("|"),
            ([esc(row[c]) if c == "year" else esc(self.number(row[c])) for c in GROWTH_COLUMNS]
             for row in rows),
        )
        return (
            f'<section id="growth"><h2>{esc(tr("growth_title"))}</h2>'
            f'<p>{esc(tr("growth_intro"))}</p>{growth_chart(rows, tr("growth_title"), labels)}'
            f'<details><summary>{esc(tr("growth_table"))}</summary>{numbers}</details></section>'
        )

    def finder_section(self) -> str:
        tr = self.tr
        words = {
            "unknown": tr("finder_unknown"), "several": tr("finder_several"),
            "same": tr("finder_same"), "none": tr("finder_none", n="{n}"),
            "connection": tr("finder_connection"), "steps": tr("finder_steps"),
            "nosource": tr("finder_nosource"),
        }
        text = esc(json.dumps(words, ensure_ascii=False, sort_keys=True))
        inputs = "".join(
            f'<label>{esc(tr("finder_" + name))} <input name="{name}" type="text" '
            f'list="kg-finder-names" autocomplete="off" required></label> '
            for name in ("from", "to")
        )
        return (
            f'<section id="finder"><h2>{esc(tr("finder_title"))}</h2>'
            f'<p>{esc(tr("finder_intro"))}</p>'
            f'<form id="kg-finder" class="kg-finder" data-text="{text}">{inputs}'
            f'<button type="submit">{esc(tr("finder_go"))}</button>'
            f'<datalist id="kg-finder-names"></datalist></form>'
            f'<div id="path-result" aria-live="polite"></div></section>'
        )

    def timeline(self, iri: str) -> str:
        """The entity's roles, memberships, relations and events in date order."""
        label = self.data.label
        items = []
        for row in self.memberships_of.get(iri, []):
            words = self.words.statement("membership", label(row["member"]),
                                         label(row["organisation"]), row.get("roleLabel", ""))
            items.append((row.get("start", ""), row.get("end", ""), words, row["fact"]))
        for row in self.relations_of.get(iri, []):
            kind = "rename" if row["edgeType"] == "rename" else "relation"
            words = self.words.statement(kind, label(row["subject"]), label(row["object"]),
                                         row.get("relationLabel", ""))
            items.append((row.get("start", ""), row.get("end", ""), words, row["fact"]))
        for row in self.events_of.get(iri, []):
            event = self.data.entities.get(row["event"], {})
            words = self.words.statement("participation", label(row["agent"]),
                                         label(row["event"]), row.get("roleLabel", ""))
            # the event's date as its source gives it ("founded" holds an event's start)
            items.append((event.get("founded", ""), "", words, row["fact"]))
        shown = [
            (start, self._span(start, end), words, self.data.cited(fact))
            for start, end, words, fact in items
        ]
        return timeline_html(shown, self.tr("timeline"), self.tr("timeline_undated"))

    def _span(self, start: str, end: str) -> str:
        if not start and not end:
            return ""
        return f"{self.day(start) if start else '…'} – {self.day(end)}" if end else self.day(start)

    def at_place(self) -> dict[str, list[str]]:
        """Place IRI → the entities with a page that are there, by name."""
        there: dict[str, list[str]] = defaultdict(list)
        for iri in sorted(self.pages, key=lambda n: (self.data.label(n), n)):
            if place := self.data.entities.get(iri, {}).get("place"):
                there[place].append(iri)
        return there

    def places_section(self, prefix: str) -> str:
        """Every place with what is there: the target of a place found by the search."""
        there = self.at_place()
        items = []
        for iri, place in sorted(self.data.places.items(), key=lambda p: (p[1]["name"], p[0])):
            within = f" ({esc(place['within'])})" if place.get("within") else ""
            entries = ", ".join(self.entity_link(n, prefix) for n in there.get(iri, []))
            items.append(
                f'<li id="{esc(place_anchor(iri))}"><strong>{esc(place["name"])}</strong>'
                f"{within}{': ' + entries if entries else ''}</li>"
            )
        return (
            f"<h2>{esc(self.tr('places'))} ({self.number(len(items))})</h2>"
            f"<ul class='kg-places'>{''.join(items)}</ul>"
        )

    def search_entries(self) -> Iterator[Entry]:
        """What the site's search finds: every entity with a page, and every place."""
        for iri, path in self.pages.items():
            attrs = self.affiliation.nodes[iri]
            info = self.data.entities.get(iri, {})
            yield Entry(
                label=info.get("label") or attrs.get("label", iri),
                kind=self.term(attrs.get("kind_label", "")),
                place=info.get("placeLabel", ""),
                path=path,
                names=tuple(self.data.names.get(iri, ())),
            )
        for iri, place in self.data.places.items():
            yield Entry(
                label=place["name"],
                kind=self.tr("place"),
                place=place.get("within", ""),
                path=f"index.html#{place_anchor(iri)}",
            )

    def search_index(self) -> str:
        """The search index of the current language's pages (kinds in that language)."""
        return index_script(self.search_entries())

    def ecosystem(self) -> Iterator[tuple[str, str]]:
        return self.network_pages(
            "ecosystem",
            self.affiliation,
            self.community,
            self.tr("ecosystem_title"),
            esc(self.tr("ecosystem_intro")),
        )

    def collaboration_page(self) -> Iterator[tuple[str, str]]:
        return self.network_pages(
            "collaboration",
            self.collaboration,
            None,
            self.tr("collaboration"),
            esc(self.tr("collaboration_intro")),
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
        quotient = netpage.community_graph(
            simple, community or communities(simple), words=self.words
        )
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
        data = netpage.aggregate_payload(
            simple, quotient, pages=self.pages, community_pages=paths, words=self.words
        )
        singles = quotient.number_of_nodes() - len(paths)
        tr = self.tr
        drawing = netpage.section(
            data,
            caption=title,
            hint=tr("community_hint"),
            units=(tr("communities_unit"), tr("community_ties_unit")),
            lang=self.lang,
        )
        body = (
            f"<h1>{esc(title)}</h1>\n<p>{intro}</p>\n"
            f"<p>{esc(tr('aggregated_intro', n=self.number(simple.number_of_nodes())))}</p>\n"
            f"{drawing}\n<h2>{esc(tr('communities'))}</h2>\n"
            f"{self.community_list(quotient, paths)}\n<p class='muted'>"
            f"{esc(tr('singles', n=self.number(singles)))}</p>"
        )
        assets = self.assets("")
        parts = {"scripts": netpage.scripts(data, assets), "styles": netpage.styles(assets)}
        text = self.page(title, body, f"{slug}.html", **parts)
        return self.fitted(f"{slug}.html", lambda lean: text)

    def community_list(self, quotient: nx.Graph, paths: dict[int, str]) -> str:
        items = "".join(
            f"<li>{link(path, netpage.community_name(c, self.words))}: "
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
        intro = self.tr(
            "community_intro",
            n=self.number(len(members)),
            of=self.number(graph.number_of_nodes()),
            network=link(overview, title),
            summary=esc("; ".join(quotient.nodes[number]["summary"])),
        )
        return self.network_page(
            path,
            graph.subgraph(members),
            f"{netpage.community_name(number, self.words)} · {title}",
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
            f"{self.community_link(quotient, other, paths)} ({self.number(data['weight'])})"
            for other, data in ranked[:NEIGHBOURS_SHOWN]
        )
        more = len(ranked) - NEIGHBOURS_SHOWN
        tail = esc(self.tr("and_more", n=self.number(more))) if more > 0 else ""
        return f"<p>{esc(self.tr('most_ties_with'))}: {links}{tail}.</p>\n"

    def community_link(self, quotient: nx.Graph, number: int, paths: dict[int, str]) -> str:
        """A link, from a community page, to another community's page (or a single node's)."""
        if number in paths:
            return link("../" + paths[number], netpage.community_name(number, self.words))
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
                self.timeline(iri),
            )
            if part
        )
        ego = ego_graph(self.affiliation, iri, radius=1)

        def render(lean: bool) -> str:
            drawing, scripts = self.network_parts(
                ego,
                self.tr("ties_of", name=info.get("label", iri)),
                esc(self.tr("ego_intro")),
                prefix=prefix,
                small=True,
                heading="h2",
                layout=netpage.radial(iri) if self.at_scale else None,
                lean=lean,
                community={n: self.community[n] for n in ego} if self.at_scale else None,
            )
            kind = esc(self.term(attrs.get("kind_label", "")))
            seat = self.seat_map(iri)
            body = (
                f"<h1>{esc(title)}</h1>\n<p class='muted'>{kind}</p>\n"
                f"{facts}{seat}{tables}{drawing}"
            )
            styles = netpage.styles(self.assets(prefix))
            here = self.pages[iri]
            return self.page(
                info.get("label", iri), body, here, prefix, scripts=scripts, styles=styles
            )

        return self.fitted(self.pages[iri], render)

    def entity_facts(self, iri: str, info: dict, attrs: dict) -> str:
        tr = self.tr
        kind = attrs.get("type")
        rows = [(tr("name"), esc(info.get("label", "")), self.sources_cell(iri))]
        if names := self.data.names.get(iri):
            rows.append((tr("also_written"), esc("; ".join(names)), ""))
        rows.append((tr("kind"), esc(self.term(attrs.get("kind_label", ""))), ""))
        if info.get("placeLabel"):
            rows.append((tr("place"), esc(info["placeLabel"]), ""))
        if sites := self.data.sites.get(iri):
            rows.append((tr("other_sites"), esc(", ".join(sites)), ""))
        if info.get("founded"):
            rows.append(
                (tr("date" if kind == "event" else "founded"), esc(self.day(info["founded"])), "")
            )
        if info.get("homepage"):
            rows.append((tr("website"), link(info["homepage"], info["homepage"]), ""))
        for ident in self.data.identifiers.get(iri, []):
            template = ID_LINKS.get(ident["scheme"])
            url = template.format(ident["value"]) if template else None
            rows.append(
                (
                    tr("identifier", scheme=ident["scheme"].upper()),
                    link(url, ident["value"]),
                    self.sources_cell(ident["id"]),
                )
            )
        if info.get("note"):
            rows.append((tr("note"), esc(info["note"]), ""))
        head = (tr("fact"), tr("value"), tr("sources"))
        return table(head, rows, row_headers=True, cls="kg-reflow kg-facts")

    def roles(self, iri: str, prefix: str) -> str:
        """Memberships and roles, in up to three parts — the entity's own roles, the members
        of the entity, and roles held on its behalf — each current before former, and no
        column that would repeat the entity itself."""
        rows = self.memberships_of.get(iri, [])
        parts = []
        for key, ends, heading in (
            ("member", ("organisation", "onBehalfOf"), "roles_held"),
            ("organisation", ("member", "onBehalfOf"), "members"),
            ("onBehalfOf", ("member", "organisation"), "on_behalf"),
        ):
            own = [m for m in rows if m.get(key) == iri]
            if own:
                title = self.tr(heading, name=self.data.label(iri))
                parts.append(f"<h2>{esc(title)}</h2>{self.role_tables(own, ends, prefix)}")
        return "".join(parts)

    def role_tables(self, rows: list[Row], ends: tuple[str, str], prefix: str) -> str:
        """Current roles (without an end date), then former ones (latest end first)."""
        current = [m for m in rows if not m.get("end")]
        former = sorted((m for m in rows if m.get("end")), key=lambda m: m["end"], reverse=True)
        column = {"member": "who", "organisation": "organisation", "onBehalfOf": "on_behalf_of"}
        parts = []
        for group, title, dated in ((current, "current", False), (former, "former", True)):
            if not group:
                continue
            head = [self.tr(column[ends[0]]), self.tr("role"), self.tr(column[ends[1]])]
            head += [self.tr("from"), *([self.tr("to")] if dated else []), self.tr("sources")]
            body = [
                [
                    self.entity_link(m[ends[0]], prefix),
                    esc(self.term(m.get("roleLabel", ""))),
                    self.entity_link(m[ends[1]], prefix) if m.get(ends[1]) else "",
                    esc(self.day(m.get("start", ""))),
                    *([esc(self.day(m["end"]))] if dated else []),
                    self.sources_cell(m["fact"]),
                ]
                for m in group
            ]
            parts.append(
                f"<h3>{esc(self.tr(title, n=self.number(len(group))))}</h3>{table(head, body)}"
            )
        return "".join(parts)

    def relations(self, iri: str, prefix: str) -> str:
        rows = self.relations_of.get(iri, [])
        if not rows:
            return ""
        body = [
            [
                self.entity_link(r["subject"], prefix),
                esc(self.term(r.get("relationLabel", ""))),
                self.entity_link(r["object"], prefix),
                esc(self.number(float(r["share"])) + " %" if "share" in r else ""),
                esc(self.day(r.get("start", ""))),
                self.sources_cell(r["fact"]),
            ]
            for r in rows
        ]
        tr = self.tr
        head = (tr("organisation"), tr("tie"), tr("to_whom"), tr("share"), tr("since"))
        return f"<h2>{esc(tr('relations'))}</h2>{table((*head, tr('sources')), body)}"

    def events(self, iri: str, prefix: str) -> str:
        """Participations; on an event's page without the event, on a participant's page
        without the participant."""
        rows = self.events_of.get(iri, [])
        if not rows:
            return ""
        tr = self.tr
        show_event = any(p["event"] != iri for p in rows)
        show_agent = any(p["agent"] != iri for p in rows)
        head = [*((tr("event"), tr("date")) if show_event else ())]
        head += [*((tr("who"),) if show_agent else ()), tr("role"), tr("on_behalf_of")]
        body = []
        for p in rows:
            date = self.data.entities.get(p["event"], {}).get("founded", "")
            row = [self.entity_link(p["event"], prefix), esc(self.day(date))] if show_event else []
            row += [self.entity_link(p["agent"], prefix)] if show_agent else []
            row += [
                esc(self.term(p.get("roleLabel", ""))),
                self.entity_link(p["onBehalfOf"], prefix) if p.get("onBehalfOf") else "",
                self.sources_cell(p["fact"]),
            ]
            body.append(row)
        heading = tr("participants" if not show_event else "events")
        return f"<h2>{esc(heading)}</h2>{table((*head, tr('sources')), body)}"

    def figures(self, iri: str) -> str:
        rows = self.data.observations.get(iri, [])
        if not rows:
            return ""
        tr = self.tr
        body = [
            [
                esc(self.term(o["measure"])),
                (tr("about") + " " if o["approximate"] == "true" else "")
                + esc(self.figure(o["value"])),
                esc(self.day(o["date"])),
                self.sources_cell(o["fact"]),
            ]
            for o in rows
        ]
        head = (tr("measure"), tr("value"), tr("date"), tr("sources"))
        return f"<h2>{esc(tr('figures'))}</h2>{table(head, body)}"

    # -- the map (kg.site.map) --------------------------------------------------------
    def map_places(self) -> list[MapPlace]:
        """The organisations (and clusters) with a seat, grouped by the place they are drawn
        at: the seat, or the nearest place around it with coordinates."""
        groups: dict[str, MapPlace] = {}
        for iri in sorted(self.pages, key=lambda n: (self.data.label(n), n)):
            attrs = self.affiliation.nodes[iri]
            seat = self.data.entities.get(iri, {}).get("place")
            if attrs.get("type") not in MAPPED or not seat:
                continue
            at = locate(seat, self.located) or seat
            if at not in groups:
                where = self.located.get(at)
                name = self.data.places.get(at, {}).get("name", at.rsplit("/", 1)[-1])
                lat, lon = (where.lat, where.lon) if where else (None, None)
                groups[at] = MapPlace(at.rsplit("/", 1)[-1], name, lat, lon)
            kind = attrs.get("kind_label", "")
            groups[at].organisations.append(
                (self.data.label(iri), self.pages[iri], kind, self.term(kind))
            )
            groups[at].seats.append(
                self.data.places.get(seat, {}).get("name", "") if seat != at else ""
            )
        return sorted(groups.values(), key=lambda p: (p.name, p.slug))

    def map_credit(self) -> str:
        """The attribution the outline's licence asks for, and the coordinates' source."""
        tr = self.tr
        return (
            f'{esc(tr("map_credit_outline"))} '
            f'({link("https://www.govdata.de/dl-de/by-2-0", "dl-de/by-2-0")}); '
            f'{esc(tr("map_credit_places"))} {link("https://www.geonames.org/", "GeoNames")} '
            f"(CC BY 4.0)."
        )

    def map_page(self) -> str:
        tr = self.tr
        places = self.map_places()
        words = {key: tr(f"map_{key}") for key in MAP_WORDS}
        words |= {"place": tr("place"), "organisations": tr("map_organisations")}
        counts: dict[str, int] = defaultdict(int)
        for place in places:
            for _, _, kind, _ in place.organisations:
                counts[kind] += 1
        kinds = sorted(((k, self.term(k), n) for k, n in counts.items()), key=lambda k: k[1])
        body = (
            f"<h1>{esc(tr('map_title'))}</h1>\n<p>{esc(tr('map_intro'))}</p>\n"
            f"{map_figure(places, kinds, words, self.map_credit())}\n"
            f"<h2>{esc(tr('map_table'))}</h2>\n{map_table(places, words)}"
        )
        scripts = f'<script src="{esc(self.assets(""))}assets/map.js"></script>'
        return self.page(tr("map_title"), body, "map.html", scripts=scripts)

    def seat_map(self, iri: str) -> str:
        """An organisation's seat on a small map of Saxony, where its place (or the place
        around it) has coordinates inside the map."""
        seat = self.data.entities.get(iri, {}).get("place")
        if self.affiliation.nodes[iri].get("type") not in MAPPED or not seat:
            return ""
        at = locate(seat, self.located)
        where = self.located.get(at or "")
        if where is None or where.lat is None or where.lon is None:
            return ""
        label = self.tr("map_at", name=self.data.places.get(seat, {}).get("name", ""))
        target = f"../map.html#map-{at.rsplit('/', 1)[-1]}"
        drawn = minimap(where.lat, where.lon, label, target, self.map_credit())
        return f"<h2>{esc(self.tr('map_seat'))}</h2>{drawn}" if drawn else ""

    # -- all --------------------------------------------------------------------------
    def iter_files(self) -> Iterator[tuple[str, str]]:
        """(path, page) of every page, one at a time (a large site does not fit in memory
        all at once)."""
        for lang in LANGS:
            self.lang = lang
            folder = "" if lang == "en" else f"{lang}/"
            for path, text in self.language_files():
                yield folder + path, text
        self.lang = "en"

    def language_files(self) -> Iterator[tuple[str, str]]:
        """(path from the language's root, page) of every page in the current language."""
        yield "index.html", self.index()
        yield from self.ecosystem()
        yield from self.collaboration_page()
        yield "ontology.html", ontology_page(lang=self.lang)
        yield "quality.html", quality_page(self)
        yield "map.html", self.map_page()
        for iri, path in sorted(self.pages.items()):
            yield path, self.entity(iri)


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
        for lang in LANGS:
            site.lang = lang
            index = site.search_index()
            (staging / "assets" / index_file(lang)).write_text(index, encoding="utf-8")
            finder = finder_script(site.affiliation, site.data, site.pages, site.words)
            (staging / "assets" / finder_file(lang)).write_text(finder, encoding="utf-8")
        site.lang = "en"
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
