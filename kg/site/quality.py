"""The data-quality page: a curator's work list, read from the graph with SPARQL.

For every kind of fact it counts the independent sources (distinct publishers, sources.csv
column `publisher`) of each fact; it lists the facts that rest on one publisher (the catalogue
query `single-source`), memberships and organisation relations without a start, organisations
without a seat and the facts on which sources disagree (the catalogue query `disputed`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph

from kg.query.catalogue import resolve
from kg.rdf.stores import Row, select
from kg.rdf.terms import prefix_header
from kg.site.html import esc, link, table

__all__ = [
    "KINDS", "PUBLISHERS_PER_FACT", "ORGANISATIONS_WITHOUT_SEAT", "Quality", "UNDATED_MEMBERSHIPS",
    "UNDATED_RELATIONS", "quality_body", "quality_data", "quality_page",
]

KINDS: tuple[tuple[str, str], ...] = (
    ("org:Organization", "organisation"),
    ("foaf:Person", "person"),
    ("schema:Place", "place"),
    ("schema:Event", "event"),
    ("org:Membership", "membership"),
    ("sls:Participation", "participation"),
    ("sls:OrganisationRelation", "organisation relation"),
    ("org:ChangeEvent", "rename"),
    ("schema:PropertyValue", "identifier"),
    ("sls:Observation", "observation"),
    ("sls:Award", "award"),
    ("sls:Aim", "aim"),
    ("sls:Claim", "claim"),
)
"""Class of a fact node → its kind, as the `single-source` query names it (same order)."""

_VALUES = " ".join(f'({cls} "{kind}")' for cls, kind in KINDS)

PUBLISHERS_PER_FACT = (
    prefix_header()
    + f"""
SELECT ?fact ?kind (COUNT(DISTINCT ?publisher) AS ?publishers) WHERE {{
  VALUES (?class ?kind) {{ {_VALUES} }}
  ?fact a ?class ;
        prov:wasDerivedFrom|dcterms:source ?source .
  ?source a sls:Source ;
          dcterms:publisher ?publisher .
}}
GROUP BY ?fact ?kind
ORDER BY ?kind ?fact
"""
)
UNDATED_MEMBERSHIPS = (
    prefix_header()
    + """
SELECT ?fact ?member ?organisation ?roleLabel WHERE {
  ?fact a org:Membership ;
        org:member ?member ;
        org:organization ?organisation ;
        org:role ?role .
  FILTER NOT EXISTS { ?fact schema:startDate ?start }
  ?role skos:prefLabel ?roleLabel .
  FILTER(lang(?roleLabel) = "en")
}
ORDER BY ?fact
"""
)
UNDATED_RELATIONS = (
    prefix_header()
    + """
SELECT ?fact ?subject ?object ?relationLabel WHERE {
  ?fact a sls:OrganisationRelation ;
        sls:subject ?subject ;
        sls:object ?object ;
        sls:relationType ?type .
  FILTER NOT EXISTS { ?fact schema:startDate ?start }
  ?type skos:prefLabel ?relationLabel .
  FILTER(lang(?relationLabel) = "en")
}
ORDER BY ?fact
"""
)
ORGANISATIONS_WITHOUT_SEAT = (
    prefix_header()
    + """
SELECT ?fact WHERE {
  ?fact a org:Organization .
  FILTER NOT EXISTS { ?fact schema:location ?seat }
}
ORDER BY ?fact
"""
)


@dataclass
class Quality:
    """What the page shows, in no language yet (the page is written in English and German)."""

    publishers: dict[str, Counter] = field(default_factory=dict)
    """kind → number of facts by their number of distinct publishers (1, 2, 3 for 3 or more)."""
    single: list[Row] = field(default_factory=list)
    """Rows of the `single-source` query."""
    undated_memberships: list[Row] = field(default_factory=list)
    undated_relations: list[Row] = field(default_factory=list)
    without_seat: list[Row] = field(default_factory=list)
    disputed: list[Row] = field(default_factory=list)
    """Rows of the `disputed` query: one per value."""

    def single_of(self, kind: str) -> list[Row]:
        return [r for r in self.single if r["kind"] == kind]

    def disputes(self) -> dict[tuple[str, str, str], list[Row]]:
        """(subject, claim, date) → its values; one entry per disputed fact."""
        grouped: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        for row in self.disputed:
            grouped[(row["subject"], row["claim"], row.get("date", ""))].append(row)
        return dict(grouped)


def quality_data(store: pyoxigraph.Store) -> Quality:
    """Everything the data-quality page shows, from the graph in `store`."""
    publishers: dict[str, Counter] = {kind: Counter() for _, kind in KINDS}
    for row in select(store, PUBLISHERS_PER_FACT):
        publishers[row["kind"]][min(int(row["publishers"]), 3)] += 1
    return Quality(
        publishers=publishers,
        single=select(store, resolve("single-source").text),
        undated_memberships=select(store, UNDATED_MEMBERSHIPS),
        undated_relations=select(store, UNDATED_RELATIONS),
        without_seat=select(store, ORGANISATIONS_WITHOUT_SEAT),
        disputed=select(store, resolve("disputed").text),
    )


class _Site(Protocol):
    """What the page needs of kg.site.pages.Site (which imports this module)."""

    quality: Quality
    pages: dict[str, str]
    """entity IRI → its page, from the site's root"""

    def tr(self, key: str, **values: object) -> str: ...
    def term(self, label: str) -> str: ...
    def number(self, value: float | int) -> str: ...
    def day(self, value: str) -> str: ...
    def entity_link(self, iri: str, prefix: str) -> str: ...
    def sources_cell(self, fact: str) -> str: ...
    def page(self, title: str, body: str, here: str, prefix: str = "", **parts: str) -> str: ...


def _named(site: _Site, iri: str, name: str) -> str:
    """An entity by the name the query gave, linking to its page where it has one."""
    return link(site.pages.get(iri), name)


def _anchor(kind: str) -> str:
    return "single-" + kind.replace(" ", "-")


def _count(site: _Site, n: int, anchor: str) -> str:
    """A count linking to its list (plain where the list is empty); `anchor` is one of this
    module's fixed ids (html.link accepts only pages and web addresses, not fragments)."""
    shown = esc(site.number(n))
    return f'<a href="#{esc(anchor)}">{shown}</a>' if n else shown


def _kind(site: _Site, kind: str) -> str:
    return site.tr("quality_kind_" + kind.replace(" ", "_"))


def _summary(site: _Site) -> str:
    q, tr = site.quality, site.tr
    head = (tr("quality_kind"), tr("quality_facts"), tr("quality_one"), tr("quality_two"),
            tr("quality_more"))
    rows = []
    for _, kind in KINDS:
        counts = q.publishers[kind]
        if not sum(counts.values()):
            continue
        rows.append([
            esc(_kind(site, kind)),
            esc(site.number(sum(counts.values()))),
            _count(site, len(q.single_of(kind)), _anchor(kind)),
            esc(site.number(counts[2])),
            esc(site.number(counts[3])),
        ])
    return table(head, rows, row_headers=True, caption=tr("quality_sources_caption"))


def _work_list(site: _Site) -> str:
    q, tr = site.quality, site.tr
    checks = (
        ("quality_single", len(q.single), "single-source"),
        ("quality_undated_memberships", len(q.undated_memberships), "undated-memberships"),
        ("quality_undated_relations", len(q.undated_relations), "undated-relations"),
        ("quality_without_seat", len(q.without_seat), "without-seat"),
        ("quality_disputed", len(q.disputes()), "disputed"),
    )
    rows = ([esc(tr(key)), _count(site, n, anchor)] for key, n, anchor in checks)
    return table((tr("quality_check"), tr("quality_count")), rows, row_headers=True,
                 caption=tr("quality_work_list"))


def _section(site: _Site, anchor: str, title: str, n: int, content: str) -> str:
    heading = f"{title} ({site.number(n)})"
    empty = f'<p class="muted">{esc(site.tr("quality_none"))}</p>'
    return f'<h2 id="{anchor}">{esc(heading)}</h2>\n{content if n else empty}\n'


def _disputed(site: _Site) -> str:
    tr, rows = site.tr, []
    for values in site.quality.disputes().values():
        for row in values:
            rows.append([
                _named(site, row["subject"], row["subjectName"]),
                esc(site.term(row["claimLabel"])),
                esc(site.day(row["date"]) if "date" in row else ""),
                esc(row["value"]),
                site.sources_cell(row["fact"]),
                esc(row.get("note", "")),
            ])
    head = (tr("quality_about"), tr("quality_claim"), tr("date"), tr("value"), tr("sources"),
            tr("note"))
    return _section(site, "disputed", tr("quality_disputed"), len(site.quality.disputes()),
                    table(head, rows))


def _single(site: _Site) -> str:
    tr, parts = site.tr, []
    head = (tr("quality_about"), tr("quality_tie"), tr("quality_publisher"), tr("sources"))
    for _, kind in KINDS:
        facts = site.quality.single_of(kind)
        if not facts:
            continue
        rows = (
            [
                _named(site, r["about"], r["aboutName"]),
                _named(site, r["other"], r["otherName"]) if "other" in r else "",
                esc(r["publisher"]),
                site.sources_cell(r["fact"]),
            ]
            for r in facts
        )
        title = f"{_kind(site, kind)} ({site.number(len(facts))})"
        parts.append(f'<h3 id="{_anchor(kind)}">{esc(title)}</h3>\n{table(head, rows)}')
    n = len(site.quality.single)
    return _section(site, "single-source", tr("quality_single"), n, "\n".join(parts))


def _undated(site: _Site) -> str:
    tr, q = site.tr, site.quality
    memberships = (
        [
            site.entity_link(r["member"], ""),
            esc(site.term(r["roleLabel"])),
            site.entity_link(r["organisation"], ""),
            site.sources_cell(r["fact"]),
        ]
        for r in q.undated_memberships
    )
    relations = (
        [
            site.entity_link(r["subject"], ""),
            esc(site.term(r["relationLabel"])),
            site.entity_link(r["object"], ""),
            site.sources_cell(r["fact"]),
        ]
        for r in q.undated_relations
    )
    head_m = (tr("quality_member"), tr("quality_role"), tr("quality_organisation"), tr("sources"))
    head_r = (tr("quality_subject"), tr("quality_relation"), tr("quality_object"), tr("sources"))
    return _section(
        site, "undated-memberships", tr("quality_undated_memberships"),
        len(q.undated_memberships), table(head_m, memberships),
    ) + _section(
        site, "undated-relations", tr("quality_undated_relations"),
        len(q.undated_relations), table(head_r, relations),
    )


def _without_seat(site: _Site) -> str:
    rows = (
        [site.entity_link(r["fact"], ""), site.sources_cell(r["fact"])]
        for r in site.quality.without_seat
    )
    head = (site.tr("quality_organisation"), site.tr("sources"))
    return _section(site, "without-seat", site.tr("quality_without_seat"),
                    len(site.quality.without_seat), table(head, rows))


def quality_body(site: _Site) -> str:
    """The page's body: counts first, each linking to its list further down."""
    tr = site.tr
    return (
        f"<h1>{esc(tr('quality_title'))}</h1>\n<p>{esc(tr('quality_intro'))}</p>\n"
        f"{_work_list(site)}\n{_summary(site)}\n"
        f"{_disputed(site)}{_single(site)}{_undated(site)}{_without_seat(site)}"
    )


def quality_page(site: _Site) -> str:
    """quality.html in the site's current language."""
    return site.page(site.tr("quality_title"), quality_body(site), "quality.html")
