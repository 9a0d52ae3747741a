"""How are two members of the ecosystem connected? Shortest chains of facts, each sourced.

A step is one fact between two entities (people, organisations, clusters, events): a
membership or a role (member → organisation), acting on behalf of an organisation (member or
participant → the organisation it acts for), a participation (agent → event), an
organisation relation (ownership, subsidiary, group, unit, operator, merger) or a rename.

The search never loads the whole graph: it widens a ring around each end in turn, asking the
store only for the facts of the entities on the ring (one SPARQL query per ring, the
entities in a VALUES block), until the rings meet. That keeps `kg path` quick on the
on-disk store of a million-triple build. It then widens the smaller side once more, so
that, besides the shortest connections, connections one step longer can be offered too
(up to `limit`, shortest first, as `networkx.shortest_simple_paths` orders them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice, pairwise
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.config import base_iri, default_build_dir
from kg.layout import STORE_DIR
from kg.rdf.stores import PREFIXES, Row, open_store, select
from kg.rdf.terms import SEGMENTS

__all__ = [
    "STATEMENTS",
    "MAX_HOPS", "NEIGHBOURS_QUERY", "NoPathError", "Step", "connect", "fact_kind", "paths",
    "resolve_entity", "statement",
]

MAX_HOPS = 4
"""Default longest chain, in facts: beyond four steps nearly everything is connected
through a large cluster, and the answer no longer says much."""

_KINDS = {
    "owned-by": "ownership", "subsidiary-of": "subsidiary", "part-of-group": "group",
    "unit-of": "unit", "operated-by": "operation", "merged-into": "merger",
}
_MEMBERSHIP_ROLES = {"member", "founding-member"}

# Each branch reads one kind of fact from the side of ?node; ?forward says whether the fact
# is stated from ?node to ?other (member → organisation), so steps can say who did what.
# Every branch starts with the VALUES block: with one block above the UNION, Oxigraph
# evaluated each branch over the whole graph first (1.3 s a ring at a million triples,
# 0.1 s this way).
NEIGHBOURS_QUERY = (
    PREFIXES
    + """
SELECT ?node ?other ?fact ?type ?forward ?code ?label ?start ?end ?validFrom ?validUntil ?via
WHERE {
  {
    VALUES ?node { %(nodes)s }
    ?fact org:member ?node ; a org:Membership ; org:organization ?other .
    BIND("membership" AS ?type)
    BIND(true AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact org:organization ?node ; a org:Membership ; org:member ?other .
    BIND("membership" AS ?type)
    BIND(false AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact sls:onBehalfOf ?node ; a org:Membership ; org:member ?other ; org:organization ?via .
    BIND("on behalf of" AS ?type)
    BIND(false AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact org:member ?node ; a org:Membership ; sls:onBehalfOf ?other ; org:organization ?via .
    BIND("on behalf of" AS ?type)
    BIND(true AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact sls:participant ?node ; a sls:Participation ; sls:event ?other .
    BIND("participation" AS ?type)
    BIND(true AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact sls:event ?node ; a sls:Participation ; sls:participant ?other .
    BIND("participation" AS ?type)
    BIND(false AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact sls:onBehalfOf ?node ; a sls:Participation ; sls:participant ?other ; sls:event ?via .
    BIND("on behalf of" AS ?type)
    BIND(false AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact sls:participant ?node ; a sls:Participation ; sls:onBehalfOf ?other ; sls:event ?via .
    BIND("on behalf of" AS ?type)
    BIND(true AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact sls:subject|sls:object ?node ; a sls:OrganisationRelation ;
          sls:subject|sls:object ?other .
    BIND("relation" AS ?type)
    BIND(EXISTS { ?fact sls:subject ?node } AS ?forward)
  } UNION {
    VALUES ?node { %(nodes)s }
    ?fact org:originalOrganization|org:resultingOrganization ?node ; a org:ChangeEvent ;
          org:originalOrganization|org:resultingOrganization ?other .
    BIND("rename" AS ?type)
    BIND(EXISTS { ?fact org:originalOrganization ?node } AS ?forward)
  }
  FILTER(?other != ?node)
  OPTIONAL {
    ?fact org:role|sls:relationType ?concept .
    ?concept skos:notation ?code ; skos:prefLabel ?label .
    FILTER(lang(?label) = "en")
  }
  OPTIONAL { ?fact schema:startDate ?ownStart }
  OPTIONAL { ?fact schema:endDate ?ownEnd }
  OPTIONAL { ?fact sls:event ?event . ?event schema:startDate ?eventStart }
  OPTIONAL { ?fact sls:event ?event . ?event schema:endDate ?eventEnd }
  BIND(COALESCE(?ownStart, ?eventStart) AS ?start)
  BIND(COALESCE(?ownEnd, ?eventEnd) AS ?end)
  OPTIONAL { ?fact sls:validFrom ?validFrom }
  OPTIONAL { ?fact sls:validUntil ?validUntil }
}
"""
)

_DETAILS_QUERY = (
    PREFIXES
    + """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?node ?name ?url ?title WHERE {
  VALUES ?node { %s }
  { ?node rdfs:label ?name }
  UNION
  { ?node prov:wasDerivedFrom|dcterms:source ?source .
    ?source schema:url ?url ; rdfs:label ?title }
}
"""
)


class NoPathError(LookupError):
    """An unknown entity, or no connection within the allowed number of steps."""


@dataclass(frozen=True)
class Step:
    """One fact on a path, read from `from_` towards `to`."""

    from_: str
    to: str
    fact: str
    fact_id: str
    role: str | None
    start: str | None
    end: str | None
    via: str | None
    sources: tuple[dict[str, str], ...] = ()
    from_name: str = ""
    to_name: str = ""
    statement: str = ""

    def as_dict(self) -> dict[str, object]:
        """The JSON shape: from, to, fact, role, start, end, sources (url, title), plus the
        names, the fact's IRI and, for on-behalf-of steps, the organisation or event (via)."""
        return {
            "from": self.from_, "from_name": self.from_name, "to": self.to,
            "to_name": self.to_name, "fact": self.fact, "fact_id": self.fact_id,
            "role": self.role, "start": self.start, "end": self.end, "via": self.via,
            "statement": self.statement, "sources": list(self.sources),
        }


def _values(nodes: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(n)) for n in sorted(nodes))


def resolve_entity(store, entity: str, base: str) -> str:
    """The IRI of an entity given by IRI or by id (slug); NoPathError if it is not there."""
    candidates = [entity] if ":" in entity else [base + s + "/" + entity for s in SEGMENTS.values()]
    try:
        rows = select(store, f"SELECT ?n WHERE {{ VALUES ?n {{ {_values(candidates)} }} "
                             "?n <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    except (ValueError, SyntaxError):
        rows = []
    found = sorted({row["n"] for row in rows})
    if len(found) != 1:
        what = "names several entities" if found else "is not an entity of the graph"
        raise NoPathError(f"{entity!r} {what} (give an id such as nuklid, or an IRI)")
    return found[0]


def _holds(row: Row, day: dt.date | None) -> bool:
    if day is None:
        return True
    start, end = row.get("validFrom"), row.get("validUntil")
    return (start is None or start <= day.isoformat()) and (end is None or day.isoformat() <= end)


class _Search:
    """The explored part of the graph: a MultiGraph whose edges are facts (key = fact IRI)."""

    def __init__(self, store, as_of: dt.date | None):
        self.store, self.as_of = store, as_of
        self.graph = nx.MultiGraph()
        self.expanded: set[str] = set()

    def expand(self, ring: set[str]) -> set[str]:
        """Add the facts of the entities on `ring`; the entities newly reached."""
        ring = ring - self.expanded
        self.expanded |= ring
        if not ring:
            return set()
        reached = set()
        for row in select(self.store, NEIGHBOURS_QUERY % {"nodes": _values(ring)}):
            if not _holds(row, self.as_of):
                continue
            node, other = row["node"], row["other"]
            if other not in self.graph:
                reached.add(other)
            self.graph.add_edge(node, other, key=row["fact"] + "|" + row["type"], row=row)
        return reached


def connect(
    store,
    a: str,
    b: str,
    *,
    base: str,
    max_hops: int = MAX_HOPS,
    as_of: dt.date | None = None,
    limit: int = 3,
) -> list[list[Step]]:
    """Up to `limit` distinct shortest chains of facts from `a` to `b` (ids or IRIs), each
    at most `max_hops` steps, as of a day or not; NoPathError if none.

    >>> connect(open_store(), "marco-mueller", "leap-up", base=BASE)  # doctest: +SKIP
    """
    source, target = resolve_entity(store, a, base), resolve_entity(store, b, base)
    if source == target:
        raise NoPathError(f"{a!r} and {b!r} are the same entity")
    search = _Search(store, as_of)
    search.graph.add_nodes_from([source, target])
    rings = {source: {source}, target: {target}}
    depth = {source: 0, target: 0}
    met = False
    while not met and depth[source] + depth[target] < max_hops:
        side = min(rings, key=lambda s: (len(rings[s]), depth[s]))
        reached = search.expand(rings[side])
        rings[side], depth[side] = reached, depth[side] + 1
        met = nx.has_path(search.graph, source, target)
        if not reached and not met:
            break
    if not met:
        within = f"within {max_hops} steps" + (f" as of {as_of}" if as_of else "")
        raise NoPathError(f"no connection between {a!r} and {b!r} {within}")
    if depth[source] + depth[target] < max_hops:
        side = min(rings, key=lambda s: len(rings[s]))
        search.expand(rings[side])  # for connections one step longer than the shortest
    return _steps(search, source, target, max_hops, limit)


def paths(
    build_dir: Path | None,
    a: str,
    b: str,
    *,
    max_hops: int = MAX_HOPS,
    as_of: dt.date | None = None,
    limit: int = 3,
) -> list[list[dict[str, object]]]:
    """`connect` on a build's on-disk store (its graph in memory if it has none), as dicts:
    what `kg path` prints as JSON. Opening the disk store takes milliseconds at any size.

    >>> paths(None, "leap-up", "biosaxony")[0][0]["fact"]  # doctest: +SKIP
    'ownership'
    """
    build_dir = Path(build_dir or default_build_dir())
    mode = "disk" if (build_dir / STORE_DIR).is_dir() else "memory"
    store = open_store(build_dir, mode)
    found = connect(store, a, b, base=base_iri(), max_hops=max_hops, as_of=as_of, limit=limit)
    return [[step.as_dict() for step in steps] for steps in found]


def _steps(
    search: _Search, source: str, target: str, max_hops: int, limit: int
) -> list[list[Step]]:
    simple = nx.Graph(search.graph)  # shortest_simple_paths needs a simple graph
    found = []
    for nodes in islice(nx.shortest_simple_paths(simple, source, target), limit):
        if len(nodes) - 1 > max_hops:
            break
        found.append([_best(search.graph, u, v) for u, v in pairwise(nodes)])
    return _with_details(search.store, found)


def _best(graph: nx.MultiGraph, u: str, v: str) -> tuple[str, str, Row]:
    """Of several facts between two entities, the one with a date and a role, then by IRI:
    the same answer every time."""
    rows = [data["row"] for data in graph.get_edge_data(u, v).values()]
    rows.sort(key=lambda r: ("start" not in r, "label" not in r, r["fact"], r["type"]))
    return u, v, rows[0]


STATEMENTS = {
    "on behalf of": "{subject} acts for {obj} ({role} of {via})",
    "rename": "{subject} renamed to {obj}",
    "relation": "{subject} {role} {obj}",
    "role": "{subject}: {role} of {obj}",
    "plain": "{subject} – {obj}",
}
"""How a fact is said in English: by kind of fact, with the role's label in it ("role" for
memberships and participations with a role, "plain" for those without)."""


def statement(
    fact_type: str, subject: str, obj: str, label: str = "", via: str = "",
    words: dict[str, str] = STATEMENTS, lower: bool = True,
) -> str:
    """A fact in words, in the direction it is stated (member → organisation, agent → event,
    subject → object of a relation, old → new name): the same words in `kg path` and on the
    pages' finder. `words` say it in another language; `lower` lower-cases a role label
    inside the sentence (English, not German nouns).

    >>> statement("membership", "Marco Müller", "nukliD", "Founder")
    'Marco Müller: founder of nukliD'
    >>> statement("relation", "leap:up GmbH", "biosaxony e.V.", "Owned by")
    'leap:up GmbH owned by biosaxony e.V.'
    """
    role = label[:1].lower() + label[1:] if lower and label[1:2].islower() else label
    kind = fact_type if fact_type in ("on behalf of", "rename", "relation") else "role"
    if kind == "role" and not role:
        kind = "plain"
    return words[kind].format(subject=subject, obj=obj, role=role, via=via)


def fact_kind(fact_type: str, code: str | None) -> str:
    """membership or role (by the role's code), ownership, subsidiary … (by the relation's),
    participation, on behalf of, rename."""
    if fact_type == "membership":
        return "membership" if code in _MEMBERSHIP_ROLES else "role"
    if fact_type == "relation":
        return _KINDS.get(code or "", "relation")
    return fact_type


def _statement(row: Row, names: dict[str, str]) -> str:
    ends = [names.get(row[k], row[k]) for k in ("node", "other")]
    subject, obj = ends if row.get("forward") == "true" else ends[::-1]
    via = names.get(row["via"], row["via"]) if "via" in row else ""
    return statement(row["type"], subject, obj, row.get("label", ""), via)


def _with_details(store, found: list[list[tuple[str, str, Row]]]) -> list[list[Step]]:
    wanted = {
        x for path in found for _, _, row in path
        for x in (row["node"], row["other"], row["fact"], row.get("via")) if x
    }
    names: dict[str, str] = {}
    sources: dict[str, set[tuple[str, str]]] = {}
    for row in select(store, _DETAILS_QUERY % _values(wanted)):
        if "name" in row:
            names.setdefault(row["node"], row["name"])
        if "url" in row:
            sources.setdefault(row["node"], set()).add((row["url"], row["title"]))
    return [
        [
            Step(
                from_=u, to=v, fact=fact_kind(row["type"], row.get("code")), fact_id=row["fact"],
                role=row.get("label"), start=row.get("start"), end=row.get("end"),
                via=names.get(row["via"], row["via"]) if "via" in row else None,
                sources=tuple(
                    {"url": url, "title": title}
                    for url, title in sorted(sources.get(row["fact"], ()))
                ),
                from_name=names.get(u, u), to_name=names.get(v, v),
                statement=_statement(row, names),
            )
            for u, v, row in path
        ]
        for path in found
    ]
