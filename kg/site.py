"""`kg viz`: the static site — overview, two networks, one page per organisation and person.

Every page is self-contained (CSS, vis-network and data inlined) and works from disk with
no network. Text from data is escaped on the server side and set with textContent in the
browser.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph

from . import netpage
from .atomic import replace_dir
from .config import BUILD_DIR, ROOT
from .networks import affiliation_graph, collaboration_graph, ego_graph
from .ontopage import ontology_page
from .sitedata import ID_LINKS, SiteData, load_site_data
from .store import open_store
from .webpage import esc, link, page, write_assets

SITE_DIR = ROOT / "site"
SEGMENT_OF_TYPE = {"organisation": "org", "cluster": "org", "person": "person", "event": "event"}


def page_path(iri: str, node_type: str) -> str | None:
    segment = SEGMENT_OF_TYPE.get(node_type)
    return f"{segment}/{iri.rsplit('/', 1)[-1]}.html" if segment else None


class Site:
    def __init__(self, store: pyoxigraph.Store):
        self.data: SiteData = load_site_data(store)
        self.affiliation = affiliation_graph(store)
        self.collaboration = collaboration_graph(store)
        self.pages = {
            n: p
            for n, attrs in self.affiliation.nodes(data=True)
            if (p := page_path(n, attrs.get("type", "")))
        }

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

    def network_page(
        self,
        graph: nx.Graph,
        title: str,
        intro: str,
        prefix: str = "",
        small: bool = False,
        heading: str = "h1",
        extra: str = "",
    ) -> str:
        pages = {n: f"{prefix}{p}" for n, p in self.pages.items()}
        data = netpage.payload(graph, pages=pages, sources=self.node_sources, names=self.data.label)
        body = (
            f"<{heading}>{esc(title)}</{heading}>\n<p>{intro}</p>\n{extra}"
            f"{netpage.section(data, small=small, caption=title)}"
        )
        return page(
            title,
            body,
            prefix=prefix,
            scripts=netpage.scripts(data, prefix),
            styles=netpage.styles(prefix),
        )

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

    def ecosystem(self) -> str:
        return self.network_page(
            self.affiliation,
            "The ecosystem network",
            "People, organisations, clusters and events. Each edge is one fact: a membership "
            "or role, a participation, an ownership, group or unit tie, or a rename. Node size "
            "follows the number of ties; hover for details and sources.",
        )

    def collaboration_page(self) -> str:
        return self.network_page(
            self.collaboration,
            "Organisation collaboration",
            "Organisations tied by shared people, shared clusters, shared events and "
            "ownership or group relations; the wider the edge, the more reasons.",
        )

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
        network = self.network_page(
            ego,
            f"Ties of {info.get('label', iri)}",
            "Its direct ties in the ecosystem network.",
            prefix=prefix,
            small=True,
            heading="h2",
        )
        # the network page is a whole page; take its body section and its scripts
        body_part = network.split("<main>\n", 1)[1].split("\n</main>", 1)[0]
        scripts = network.split("\n</main>\n", 1)[1].rsplit("\n</body>", 1)[0]
        body = (
            f"<h1>{esc(title)}</h1>\n<p class='muted'>{esc(attrs.get('kind_label', ''))}"
            f"</p>\n{facts}{tables}{body_part}"
        )
        return page(
            info.get("label", iri),
            body,
            prefix=prefix,
            scripts=scripts,
            styles=netpage.styles(prefix),
        )

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
        rows = [
            m
            for m in self.data.facts.memberships
            if iri in (m["member"], m["organisation"], m.get("onBehalfOf"))
        ]
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
        rows = [r for r in self.data.facts.relations if iri in (r["subject"], r["object"])]
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
        rows = [
            p
            for p in self.data.facts.participations
            if iri in (p["agent"], p["event"], p.get("onBehalfOf"))
        ]
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
    def files(self) -> dict[str, str]:
        files = {
            "index.html": self.index(),
            "ecosystem.html": self.ecosystem(),
            "collaboration.html": self.collaboration_page(),
            "ontology.html": ontology_page(),
        }
        for iri, path in sorted(self.pages.items()):
            files[path] = self.entity(iri)
        return files


def write_site(
    build_dir: Path = BUILD_DIR, out: Path = SITE_DIR, store: pyoxigraph.Store | None = None
) -> list[str]:
    """Write the site into `out` (replaced only on success); returns the pages written.

    >>> write_site()  # doctest: +SKIP
    ['collaboration.html', 'ecosystem.html', 'index.html', 'org/abx.html', ...]
    """
    site = Site(store or open_store(build_dir))
    files = site.files()

    def fill(staging: Path) -> None:
        write_assets(staging / "assets")
        for name, text in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    replace_dir(Path(out), fill)
    return sorted(files)
