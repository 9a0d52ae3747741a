"""Network views of the knowledge graph for networkx, Gephi and Cytoscape.

Every view is built with SPARQL from a pyoxigraph store over a build (never from the CSV
tables), so it shows exactly what the published graph says:

- `affiliation_graph`: a `networkx.MultiDiGraph` of people, organisations (clusters included)
  and events. Each fact is its own edge, keyed by the IRI of the fact it comes from
  (membership, participation, relation, change event), so parallel facts stay apart:
  memberships (member → organisation), on-behalf-of ties (member → the organisation they came
  from, one per membership or participation that names one), participations (agent → event),
  relations and renames (subject → object) and what an event is about (event → organisation).
- `collaboration_graph`: a `networkx.Graph` projection on organisations; one edge per pair the
  catalogue query `collaboration-pairs` answers, with its `weight` (number of distinct
  reasons) and its sorted `reasons`: one definition of a tie for the query and the network.

Node ids are IRIs (str). Attribute values are plain str/int/float or lists of str; a missing
value (a membership without a start date) is left out rather than stored as None.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain, pairwise
from pathlib import Path

import networkx as nx
import pyoxigraph
from networkx.readwrite.gexf import GEXFWriter

from kg.builder.lifetimes import Window, holds
from kg.config import VOCAB, default_build_dir
from kg.query.params import prepare
from kg.rdf.stores import PREFIXES, Row, open_store, select

__all__ = [
    "ABOUT_QUERY", "BETWEENNESS_MIN_SAMPLE", "BETWEENNESS_SAMPLE", "BETWEENNESS_WORK",
    "COLLABORATION_QUERY", "DIGITS", "EXACT_BETWEENNESS_LIMIT", "FORMATS", "Facts",
    "KIND_TREE_QUERY", "LIST_SEPARATOR", "LOUVAIN_TIED_ONLY", "MEMBERSHIPS_QUERY", "METRIC_KEYS",
    "NODES_QUERY", "NetworkError", "ORGANISATION_TYPES", "ORG_CLASSES_QUERY",
    "PARTICIPATIONS_QUERY", "RELATIONS_QUERY", "SEED", "SOURCES_QUERY", "UnknownEntityError",
    "VIEWS", "affiliation_graph", "betweenness", "betweenness_sample", "collaboration_graph",
    "collaboration_metrics", "collaboration_pairs", "communities", "distances", "ego_graph",
    "export", "fact_holds", "flat_copy", "load_facts", "load_nodes", "metrics", "open_views",
    "ranked", "resolve", "simple_graph", "within",
]

SEED = 42
EXACT_BETWEENNESS_LIMIT = 2000
"""Betweenness is exact up to this many nodes; above, it is estimated from seeded sources."""
BETWEENNESS_WORK = 8_000_000
"""Adjacency entries the estimate may visit (each source costs one breadth-first search,
2 entries per tie): the sample is as large as this allows, within the two bounds below, so
its time stays flat as graphs grow. At 16,000 synthetic organisations (136,000 ties) that is
29 sources, 5–7 s here; against 300 sources, 7 of the top 10 and 13 of the top 20 brokers
agree, and the rank correlation of all tied organisations is 0.98."""
BETWEENNESS_MIN_SAMPLE = 24
BETWEENNESS_SAMPLE = 500
"""The most sources an estimate uses."""
LOUVAIN_TIED_ONLY = 2000
"""Above this many nodes, Louvain runs on the nodes with ties only (an untied node is a
community of one anyway): a quarter less time at 16,000 organisations, a third of which
have no tie."""
DIGITS = 6
METRIC_KEYS = ("degree", "weighted_degree", "betweenness", "pagerank")
FORMATS = ("graphml", "gexf", "csv")
ORGANISATION_TYPES = ("organisation", "cluster")
LIST_SEPARATOR = "; "


# People, organisations and events. An organisation's kind (the most specific of its classes
# that has a kind code) is picked in Python from ORG_CLASSES_QUERY and KIND_TREE_QUERY: the
# same choice inside SPARQL (FILTER NOT EXISTS over rdfs:subClassOf+ per node and class) took
# three times as long as all the other node queries together at 16,000 organisations.
NODES_QUERY = (
    PREFIXES
    + """
SELECT ?node ?label ?type ?kind ?kindLabel ?validFrom ?validUntil WHERE {
  {
    ?node a foaf:Person ; rdfs:label ?label .
    BIND("person" AS ?type)
    BIND("person" AS ?kind)
    BIND("Person" AS ?kindLabel)
  } UNION {
    ?node a org:Organization ; rdfs:label ?label .
    BIND(IF(EXISTS { ?node a org:OrganizationalCollaboration }, "cluster", "organisation")
         AS ?type)
  } UNION {
    ?node a schema:Event ; rdfs:label ?label .
    BIND("event" AS ?type)
    OPTIONAL {
      ?node sls:eventKind ?eventKind .
      ?eventKind skos:notation ?kind ; skos:prefLabel ?kindLabel .
      FILTER(lang(?kindLabel) = "en")
    }
  }
  OPTIONAL { ?node sls:validFrom ?validFrom }
  OPTIONAL { ?node sls:validUntil ?validUntil }
}
ORDER BY ?node ?type ?label ?kind
"""
)

# The classes with a kind code of every organisation, with the kind's English label.
ORG_CLASSES_QUERY = (
    PREFIXES
    + """
SELECT ?node ?class ?kind ?kindLabel WHERE {
  ?node a org:Organization , ?class .
  ?class skos:notation ?kind .
  OPTIONAL { ?class rdfs:label ?kindLabel . FILTER(lang(?kindLabel) = "en") }
}
ORDER BY ?node ?kind ?kindLabel ?class
"""
)

# Which classes with a kind code are narrower than which (transitively).
KIND_TREE_QUERY = (
    PREFIXES
    + """
SELECT DISTINCT ?class ?broader WHERE {
  ?class skos:notation ?kind ; rdfs:subClassOf+ ?broader .
  FILTER(?class != ?broader)
}
ORDER BY ?class ?broader
"""
)

MEMBERSHIPS_QUERY = (
    PREFIXES
    + """
SELECT ?fact ?member ?organisation ?role ?roleLabel ?start ?end ?onBehalfOf ?validFrom
       ?validUntil WHERE {
  ?fact a org:Membership ; org:member ?member ; org:organization ?organisation .
  OPTIONAL {
    ?fact org:role ?roleConcept .
    ?roleConcept skos:notation ?role ; skos:prefLabel ?roleLabel .
    FILTER(lang(?roleLabel) = "en")
  }
  OPTIONAL { ?fact schema:startDate ?start }
  OPTIONAL { ?fact schema:endDate ?end }
  OPTIONAL { ?fact sls:onBehalfOf ?onBehalfOf }
  OPTIONAL { ?fact sls:validFrom ?validFrom }
  OPTIONAL { ?fact sls:validUntil ?validUntil }
}
ORDER BY ?fact
"""
)

PARTICIPATIONS_QUERY = (
    PREFIXES
    + """
SELECT ?fact ?agent ?event ?role ?roleLabel ?onBehalfOf ?validFrom ?validUntil WHERE {
  ?fact a sls:Participation ; sls:participant ?agent ; sls:event ?event .
  OPTIONAL {
    ?fact org:role ?roleConcept .
    ?roleConcept skos:notation ?role ; skos:prefLabel ?roleLabel .
    FILTER(lang(?roleLabel) = "en")
  }
  OPTIONAL { ?fact sls:onBehalfOf ?onBehalfOf }
  OPTIONAL { ?fact sls:validFrom ?validFrom }
  OPTIONAL { ?fact sls:validUntil ?validUntil }
}
ORDER BY ?fact
"""
)

# Organisation relations and renames (org:ChangeEvent, typed with the renamed-to concept).
RELATIONS_QUERY = (
    PREFIXES
    + f"""
SELECT ?fact ?edgeType ?subject ?object ?relation ?relationLabel ?share ?start ?end ?validFrom
       ?validUntil WHERE {{
  {{
    ?fact a sls:OrganisationRelation ;
          sls:subject ?subject ; sls:object ?object ; sls:relationType ?type .
    BIND("relation" AS ?edgeType)
    OPTIONAL {{ ?fact sls:share ?share }}
  }} UNION {{
    ?fact a org:ChangeEvent ;
          org:originalOrganization ?subject ; org:resultingOrganization ?object .
    ?type skos:inScheme <{VOCAB}relation-type> ; skos:notation "renamed-to" .
    BIND("rename" AS ?edgeType)
  }}
  ?type skos:notation ?relation ; skos:prefLabel ?relationLabel .
  FILTER(lang(?relationLabel) = "en")
  OPTIONAL {{ ?fact schema:startDate ?start }}
  OPTIONAL {{ ?fact schema:endDate ?end }}
  OPTIONAL {{ ?fact sls:validFrom ?validFrom }}
  OPTIONAL {{ ?fact sls:validUntil ?validUntil }}
}}
ORDER BY ?fact
"""
)

ABOUT_QUERY = (
    PREFIXES
    + """
SELECT ?event ?organisation WHERE {
  ?event a schema:Event ; schema:about ?organisation .
  ?organisation a org:Organization .
}
ORDER BY ?event ?organisation
"""
)

SOURCES_QUERY = (
    PREFIXES
    + """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?fact ?url WHERE {
  ?fact prov:wasDerivedFrom|dcterms:source ?source .
  ?source schema:url ?url .
}
ORDER BY ?fact ?url
"""
)


class NetworkError(Exception):
    """A view cannot be built or an entity is not in it; the message is one line."""


class UnknownEntityError(NetworkError, LookupError):
    """An entity (IRI or slug) that is not a node of the graph, or names several."""


@dataclass
class Facts:
    """The rows the views are built from, each a dict of variable → lexical value."""

    nodes: dict[str, Row]
    memberships: list[Row]
    participations: list[Row]
    relations: list[Row]
    about: list[Row]
    sources: dict[str, list[str]] = field(default_factory=dict)

    def as_of(self, day: dt.date) -> Facts:
        """The facts that held on `day` (kg.builder.lifetimes): organisations founded by then
        and not dissolved, events begun by then (past events stay, as history), people
        always; memberships, participations and relations by the rule of every as-of query."""
        nodes = {n: row for n, row in self.nodes.items() if _exists(row, day)}
        return Facts(
            nodes=nodes,
            memberships=[r for r in self.memberships if fact_holds(r, day)],
            participations=[r for r in self.participations if fact_holds(r, day)],
            relations=[r for r in self.relations if fact_holds(r, day)],
            about=[r for r in self.about if r["event"] in nodes and r["organisation"] in nodes],
            sources=self.sources,
        )


def _window(row: Row) -> Window:
    return tuple(  # type: ignore[return-value]
        dt.date.fromisoformat(row[key]) if key in row else None
        for key in ("validFrom", "validUntil")
    )


def fact_holds(row: Row, day: dt.date) -> bool:
    """Whether a fact row (with its validFrom and validUntil) held on `day`."""
    return holds(_window(row), day)


def _exists(row: Row, day: dt.date) -> bool:
    start, end = _window(row)
    if row["type"] == "event":
        return start is None or start <= day
    return holds((start, end), day)


def _org_kinds(store: pyoxigraph.Store) -> dict[str, Row]:
    """Organisation → {kind, kindLabel}: its most specific labelled class with a kind code
    (none of the organisation's other classes with a code lies below it); the smallest code
    where several remain."""
    narrower: dict[str, set[str]] = defaultdict(set)
    for row in select(store, KIND_TREE_QUERY):
        narrower[row["broader"]].add(row["class"])
    classes: dict[str, list[Row]] = defaultdict(list)
    for row in select(store, ORG_CLASSES_QUERY):
        classes[row["node"]].append(row)
    kinds: dict[str, Row] = {}
    for node, rows in classes.items():
        own = {row["class"] for row in rows}
        for row in rows:  # sorted by kind code
            if "kindLabel" in row and not (narrower[row["class"]] & own) - {row["class"]}:
                kinds[node] = {"kind": row["kind"], "kindLabel": row["kindLabel"]}
                break
    return kinds


def load_nodes(store: pyoxigraph.Store) -> dict[str, Row]:
    """Node IRI → row with label, type, kind and kindLabel (kind left out where unknown)."""
    nodes: dict[str, Row] = {}
    for row in select(store, NODES_QUERY):
        nodes.setdefault(row["node"], row)
    for node, kind in _org_kinds(store).items():
        if node in nodes and nodes[node]["type"] in ORGANISATION_TYPES:
            nodes[node].update(kind)
    return nodes


def load_facts(store: pyoxigraph.Store, sources: bool = True) -> Facts:
    """Everything the views need, fetched with the module's SPARQL queries; the sources of
    facts only when asked (the collaboration view does not need them).

    >>> facts = load_facts(open_store())                            # doctest: +SKIP
    >>> facts.nodes["https://w3id.org/saxony-lifescience/id/org/abx"]["kind"]  # doctest: +SKIP
    'company'
    """
    cited: dict[str, list[str]] = defaultdict(list)
    for row in select(store, SOURCES_QUERY) if sources else []:
        cited[row["fact"]].append(row["url"])
    return Facts(
        nodes=load_nodes(store),
        memberships=select(store, MEMBERSHIPS_QUERY),
        participations=select(store, PARTICIPATIONS_QUERY),
        relations=select(store, RELATIONS_QUERY),
        about=select(store, ABOUT_QUERY),
        sources={fact: sorted(urls) for fact, urls in cited.items()},
    )


# -- the affiliation view -----------------------------------------------------------------


def _node_attrs(row: Row) -> dict[str, str]:
    kind = row.get("kind", row["type"])
    return {
        "label": row["label"],
        "type": row["type"],
        "kind": kind,
        "kind_label": row.get("kindLabel", kind),
        "iri": row["node"],
        **_pick(row, valid_from="validFrom", valid_until="validUntil"),
    }


def _add_nodes(graph: nx.Graph, facts: Facts, types: Iterable[str] | None = None) -> None:
    wanted = set(types) if types is not None else None
    for iri, row in sorted(facts.nodes.items()):
        if wanted is None or row["type"] in wanted:
            graph.add_node(iri, **_node_attrs(row))


def _pick(row: Row, **names: str) -> dict[str, str]:
    """Attributes named as keyword → SPARQL variable, for the variables that are bound."""
    return {attr: row[var] for attr, var in names.items() if var in row}


def _add_edge(graph: nx.MultiDiGraph, u: str, v: str, key: str, **attrs: object) -> None:
    if u in graph and v in graph:  # only ties between typed nodes
        graph.add_edge(u, v, key=key, **attrs)


def _add_roles(
    graph: nx.MultiDiGraph, facts: Facts, rows: list[Row], edge_type: str, ends: tuple[str, str]
) -> None:
    """Memberships (member → organisation) or participations (agent → event), and for rows
    naming one, the on-behalf-of tie (member or agent → the organisation it acts for)."""
    for row in rows:
        fact, agent, target = row["fact"], row[ends[0]], row[ends[1]]
        attrs = _pick(row, role="role", role_label="roleLabel", start="start", end="end")
        attrs |= _pick(row, valid_from="validFrom", valid_until="validUntil")
        attrs["sources"] = facts.sources.get(fact, [])
        extra = _pick(row, on_behalf_of="onBehalfOf")
        _add_edge(graph, agent, target, fact, edge_type=edge_type, **attrs, **extra)
        if "onBehalfOf" in row:
            key, behalf = f"{fact}#on-behalf-of", row["onBehalfOf"]
            _add_edge(graph, agent, behalf, key, edge_type="on-behalf-of", via=target, **attrs)


def _add_relations(graph: nx.MultiDiGraph, facts: Facts) -> None:
    for row in facts.relations:
        attrs: dict[str, object] = _pick(
            row, relation="relation", relation_label="relationLabel", start="start", end="end",
            valid_from="validFrom", valid_until="validUntil",
        )
        if "share" in row:
            attrs["share"] = float(row["share"])
        attrs["sources"] = facts.sources.get(row["fact"], [])
        _add_edge(
            graph, row["subject"], row["object"], row["fact"], edge_type=row["edgeType"], **attrs
        )
    for row in facts.about:
        event = row["event"]
        sources = facts.sources.get(event, [])
        _add_edge(
            graph, event, row["organisation"], f"{event}#about", edge_type="about", sources=sources
        )


def affiliation_graph(
    store: pyoxigraph.Store, facts: Facts | None = None, as_of: dt.date | None = None
) -> nx.MultiDiGraph:
    """People, organisations and events, one directed edge per fact (key = the fact's IRI).

    `facts` (from `load_facts`) saves the queries when the caller holds them already.
    Edge attributes: `edge_type` (membership, on-behalf-of, participation, relation, rename,
    about), `role`/`role_label` or `relation`/`relation_label`, `start`, `end`, `share`,
    `valid_from`/`valid_until` (the first and last day the fact can hold: as-of rule),
    `on_behalf_of`, `via` (the organisation or event an on-behalf-of tie was stated for) and
    `sources` (sorted source URLs); absent values are left out. With `as_of`, the network
    as it was on that day (`Facts.as_of`).

    >>> g = affiliation_graph(open_store())                        # doctest: +SKIP
    >>> g.nodes["https://w3id.org/saxony-lifescience/id/org/nuklid"]["type"]  # doctest: +SKIP
    'cluster'
    """
    facts = _dated(load_facts(store) if facts is None else facts, as_of)
    graph = nx.MultiDiGraph(view="affiliation")
    _add_nodes(graph, facts)
    _add_roles(graph, facts, facts.memberships, "membership", ("member", "organisation"))
    _add_roles(graph, facts, facts.participations, "participation", ("agent", "event"))
    _add_relations(graph, facts)
    return graph


# -- the collaboration view ---------------------------------------------------------------


COLLABORATION_QUERY = "collaboration-pairs"
"""The catalogue query that defines a collaboration tie: the view is its answer, so `kg query
collaboration-pairs`, the view, its metrics, exports and pages cannot disagree."""


def collaboration_pairs(store: pyoxigraph.Store, as_of: dt.date | None = None) -> list[Row]:
    """The rows of the catalogue's collaboration-pairs query on `store`, as of a day or not."""
    _, text = prepare(COLLABORATION_QUERY, {"as_of": as_of.isoformat()} if as_of else {})
    return select(store, text)


def _dated(facts: Facts, as_of: dt.date | None) -> Facts:
    return facts if as_of is None else facts.as_of(as_of)


def _tie(row: Row) -> tuple[str, str, dict]:
    # GROUP_CONCAT gives the reasons in no fixed order; the weight is the query's own COUNT,
    # so a "; " inside a name could split a reason in two but never change the weight
    reasons = sorted(row["reasons"].split(LIST_SEPARATOR))
    return row["a"], row["b"], {"weight": int(row["weight"]), "reasons": reasons}


def collaboration_graph(
    store: pyoxigraph.Store, facts: Facts | None = None, as_of: dt.date | None = None
) -> nx.Graph:
    """Organisations tied as the catalogue query `collaboration-pairs` ties them: by a shared
    person, a shared membership, a membership of one in the other, a shared event, an
    ownership, subsidiary, group or unit relation, or a rename — direct ties only.

    Every organisation is a node, tied or not. Edge attributes: `weight` (int, distinct
    reasons) and `reasons` (sorted, the query's texts). `facts` (from `load_facts`, sources
    not needed) saves the node queries when held already. With `as_of`, the network as it
    was on that day: the query's `as_of` parameter, organisations that existed then.

    >>> g = collaboration_graph(open_store())                      # doctest: +SKIP
    >>> org = "https://w3id.org/saxony-lifescience/id/org/"
    >>> g.edges[org + "abx", org + "nuklid"]["weight"]  # doctest: +SKIP
    2
    """
    facts = _dated(load_facts(store, sources=False) if facts is None else facts, as_of)
    graph = nx.Graph(view="collaboration")
    _add_nodes(graph, facts, ORGANISATION_TYPES)
    # sorted pairs: simple_graph relies on the edges being added in sorted order
    graph.add_edges_from(sorted(_tie(row) for row in collaboration_pairs(store, as_of)))
    return graph


VIEWS: dict[str, Callable[..., nx.Graph]] = {
    "affiliation": affiliation_graph,
    "collaboration": collaboration_graph,
}


def open_views(
    build_dir: Path | None = None,
    names: Iterable[str] = tuple(VIEWS),
    as_of: dt.date | None = None,
) -> dict:
    """The named views (default: all) of a build, from one store loaded from build_dir/kg.nt.

    Raises kg.errors.BuildError when the build is missing, NetworkError for an unknown view.

    >>> views = open_views(Path("build"), ["collaboration"])        # doctest: +SKIP
    >>> views["collaboration"].number_of_nodes()  # doctest: +SKIP
    34
    """
    names = list(names)
    unknown = sorted(set(names) - set(VIEWS))
    if unknown:
        raise NetworkError(f"unknown view {unknown[0]!r}; choose from {', '.join(VIEWS)}")
    store = open_store(build_dir or default_build_dir())
    return {name: VIEWS[name](store, as_of=as_of) for name in names}


# -- ego networks -------------------------------------------------------------------------


def resolve(graph: nx.Graph, node: str) -> str:
    """The node id (IRI) for an IRI or a slug such as "nuklid" (IRI ending in "/nuklid").

    >>> resolve(nx.Graph([("https://x.org/org/a", "https://x.org/org/b")]), "a")
    'https://x.org/org/a'
    """
    if node in graph:
        return node
    matches = sorted(n for n in graph if isinstance(n, str) and n.endswith("/" + node))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UnknownEntityError(f"{node!r} is ambiguous: {', '.join(matches)}")
    raise UnknownEntityError(f"no entity {node!r} in this view")


def ego_graph(graph: nx.Graph, node: str, radius: int = 1) -> nx.Graph:
    """The subgraph within `radius` ties of `node` (edge directions ignored), as a copy.

    The result's graph attributes hold the resolved `center` and the `radius`.

    >>> g = nx.path_graph(["https://x.org/a", "https://x.org/b", "https://x.org/c"])
    >>> sorted(ego_graph(g, "a", radius=1))
    ['https://x.org/a', 'https://x.org/b']
    """
    center = resolve(graph, node)
    ego = graph.subgraph(within(graph, center, radius)).copy()
    ego.graph.update(center=center, radius=radius)
    return ego


def within(graph: nx.Graph, center: str, radius: int | None = None) -> dict[str, int]:
    """Node → number of ties from `center`, edge directions ignored, up to `radius` ties.

    nx.ego_graph(undirected=True) copies the whole graph on each call, and even an
    undirected view of a directed graph costs time in proportion to the whole graph (3 s
    and 2 ms per ego at 9,000 nodes); this walks successors and predecessors directly.

    >>> within(nx.DiGraph([("a", "b"), ("c", "b")]), "a")
    {'a': 0, 'b': 1, 'c': 2}
    """
    neighbours = (
        (lambda n: chain(graph.succ[n], graph.pred[n])) if graph.is_directed() else graph.adj.get
    )
    seen, frontier, hops = {center: 0}, [center], 0
    while frontier and (radius is None or hops < radius):
        hops += 1
        reached = []
        for node in frontier:
            for other in neighbours(node):
                if other not in seen:
                    seen[other] = hops
                    reached.append(other)
        frontier = reached
    return seen


def distances(graph: nx.Graph, node: str) -> dict[str, int]:
    """Number of ties from `node` (IRI or slug) to every node it reaches, directions ignored.

    >>> distances(nx.path_graph(["https://x.org/a", "https://x.org/b"]), "b")
    {'https://x.org/b': 0, 'https://x.org/a': 1}
    """
    center = resolve(graph, node)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    return dict(nx.single_source_shortest_path_length(undirected, center))


# -- metrics ------------------------------------------------------------------------------


def simple_graph(graph: nx.Graph) -> nx.Graph:
    """An undirected simple graph, nodes and edges in sorted order; parallel and opposite
    edges merge into one whose weight is the sum of their `weight` (default 1).

    A graph already in that form (undirected, simple, nodes and every node's neighbours in
    sorted order, as the collaboration view is built) is returned itself, not copied.

    >>> simple_graph(nx.MultiDiGraph([("a", "b"), ("b", "a")])).edges["a", "b"]["weight"]
    2
    """
    if not graph.is_directed() and not graph.is_multigraph() and _in_order(graph):
        return graph
    simple = nx.Graph()
    simple.add_nodes_from((node, graph.nodes[node]) for node in sorted(graph))
    weights: dict[tuple, float] = defaultdict(int)
    for u, v, weight in graph.edges(data="weight", default=1):
        weights[(u, v) if u <= v else (v, u)] += weight
    simple.add_edges_from((u, v, {"weight": w}) for (u, v), w in sorted(weights.items()))
    return simple


def _in_order(graph: nx.Graph) -> bool:
    """Whether the nodes, and the neighbours of each node, iterate in sorted order."""
    try:
        return _ascending(graph) and all(_ascending(nbrs) for nbrs in graph.adj.values())
    except TypeError:  # ids that do not compare with each other
        return False


def _ascending(items: Iterable) -> bool:
    return all(a < b for a, b in pairwise(items))


def communities(graph: nx.Graph) -> dict[str, int]:
    """Node → Louvain community (weight, seed 42), numbered by (−size, smallest member id).
    Above LOUVAIN_TIED_ONLY nodes, Louvain sees only the nodes with ties; each untied node
    is a community of its own either way.

    >>> communities(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]))
    {'c': 0, 'd': 0, 'e': 0, 'a': 1, 'b': 1}
    """
    if graph.number_of_nodes() == 0:
        return {}
    alone: list[set[str]] = []
    if graph.number_of_nodes() > LOUVAIN_TIED_ONLY:
        alone = [{node} for node in graph if not graph.degree(node)]
        if alone:
            graph = _bare(graph, [node for node in graph if graph.degree(node)])
    found = alone + nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: number for number, members in enumerate(ordered) for node in members}


def betweenness_sample(graph: nx.Graph) -> int:
    """How many sources estimate the betweenness of `graph` (see BETWEENNESS_WORK).

    >>> betweenness_sample(nx.empty_graph(3))
    500
    """
    work = max(1, 2 * graph.number_of_edges())
    return min(BETWEENNESS_SAMPLE, max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_WORK // work))


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Unweighted, normalised betweenness: exact up to EXACT_BETWEENNESS_LIMIT nodes, else
    estimated from `betweenness_sample` sources drawn with seed 42 among the nodes that have
    ties (an untied source adds nothing), scaled to the whole graph's normalisation.

    >>> betweenness(nx.path_graph(["a", "b", "c"]))["b"]
    1.0
    """
    n = graph.number_of_nodes()
    if n <= EXACT_BETWEENNESS_LIMIT:
        return nx.betweenness_centrality(graph)
    tied = [node for node in graph if graph.degree(node)]
    core = graph if len(tied) == n else _bare(graph, tied)
    k = betweenness_sample(core)
    found = nx.betweenness_centrality(core, k=k if k < len(tied) else None, seed=SEED)
    # networkx normalised by the core's (n'-1)(n'-2) ordered pairs; the graph has more
    m = len(tied)
    scale = (m - 1) * (m - 2) / ((n - 1) * (n - 2)) if m > 2 else 1.0
    result = dict.fromkeys(graph, 0.0)
    result.update((node, value * scale) for node, value in found.items())
    return result


def _bare(graph: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The graph on `nodes` (all that have ties) with weights only, as a graph of its own
    (a subgraph view doubles the time of every breadth-first search, and iterates a small
    subset of nodes in no fixed order)."""
    bare = nx.Graph()
    bare.add_nodes_from(nodes)
    bare.add_weighted_edges_from(graph.edges(data="weight", default=1))
    return bare


def _timed(timings: dict[str, float] | None, step: str, func: Callable, *args, **kwargs):
    """func(*args, **kwargs), its wall-clock seconds recorded under `step` if asked."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    if timings is not None:
        timings[step] = round(time.perf_counter() - start, 3)
    return result


def _number(value: float) -> int | float:
    return value if isinstance(value, int) else round(float(value), DIGITS)


def metrics(graph: nx.Graph, timings: dict[str, float] | None = None) -> list[dict]:
    """Per node: id, label, type, kind, degree, weighted_degree, betweenness, pagerank and
    community, sorted by id. Computed on `simple_graph(graph)`: degree counts distinct
    neighbours, weighted_degree sums weights (for the affiliation view: the number of facts);
    PageRank uses the weights, betweenness does not. Floats are rounded to 6 decimals.
    `timings`, if given, receives the seconds of each step (simple graph, betweenness,
    pagerank, communities, rows).

    >>> metrics(nx.Graph([("a", "b")]))[0]["degree"]
    1
    """
    simple = _timed(timings, "simple graph", simple_graph, graph)
    if simple.number_of_nodes() == 0:
        return []
    between = _timed(timings, "betweenness", betweenness, simple)
    rank = _timed(timings, "pagerank", nx.pagerank, simple, weight="weight")
    community = _timed(timings, "communities", communities, simple)
    return _timed(timings, "rows", _metric_rows, simple, between, rank, community)


def _metric_rows(
    simple: nx.Graph, between: dict, rank: dict, community: dict[str, int]
) -> list[dict]:
    rows = []
    for node, data in simple.nodes(data=True):
        rows.append(
            {
                "id": node,
                "label": str(data.get("label", node)),
                "type": str(data.get("type", "")),
                "kind": str(data.get("kind", "")),
                "degree": simple.degree(node),
                "weighted_degree": _number(simple.degree(node, weight="weight")),
                "betweenness": _number(between[node]),
                "pagerank": _number(rank[node]),
                "community": community[node],
            }
        )
    return sorted(rows, key=lambda row: row["id"])


def collaboration_metrics(
    store: pyoxigraph.Store, timings: dict[str, float] | None = None
) -> tuple[nx.Graph, list[dict]]:
    """The collaboration view and its metrics from a store, queries included: what the scale
    benchmark times (issue #7: at most 30 s at 16,000 synthetic organisations). `timings`,
    if given, receives seconds per step: sparql, projection, then those of `metrics`.

    >>> graph, rows = collaboration_metrics(open_store())            # doctest: +SKIP
    """
    facts = _timed(timings, "sparql", load_facts, store, sources=False)
    graph = _timed(timings, "projection", collaboration_graph, store, facts)
    return graph, metrics(graph, timings)


def ranked(rows: list[dict], by: str = "degree", top: int | None = None) -> list[dict]:
    """Metric rows sorted by `by` (highest first, ties by id), the first `top` of them.

    >>> [r["id"] for r in ranked(metrics(nx.star_graph(["hub", "a", "b"])), "degree", 1)]
    ['hub']
    """
    if by not in METRIC_KEYS:
        raise ValueError(f"cannot sort by {by!r}; choose from {', '.join(METRIC_KEYS)}")
    ordered = sorted(rows, key=lambda row: (-row[by], row["id"]))
    return ordered[:top] if top else ordered


# -- export -------------------------------------------------------------------------------


def _flat(data: dict, rename: dict[str, str] | None = None) -> dict:
    """Attributes in sorted order, lists joined with "; ", keys renamed where asked."""
    rename = rename or {}
    return {
        rename.get(key, key): LIST_SEPARATOR.join(map(str, value))
        if isinstance(value, list | tuple | set)
        else value
        for key, value in sorted(data.items())
    }


# GEXF reads edge start/end as dynamic time spells and type as directed/undirected.
_GEXF_RENAMES = {"start": "start_date", "end": "end_date", "type": "edge_kind"}


def flat_copy(graph: nx.Graph, gexf: bool = False) -> nx.Graph:
    """A copy for writers: nodes and edges sorted, attribute lists joined with "; ".

    For GEXF, edge attributes start/end/type become start_date/end_date/edge_kind and
    multigraph edges get their key as id.

    >>> flat_copy(nx.Graph([("b", "a", {"reasons": ["x", "y"]})])).edges["a", "b"]
    {'reasons': 'x; y'}
    """
    copy = graph.__class__()
    copy.graph.update(_flat(graph.graph))
    for node in sorted(graph):
        copy.add_node(node, **_flat(graph.nodes[node]))
    renames = _GEXF_RENAMES if gexf else None
    if graph.is_multigraph():
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
            extra = {"id": str(key)} if gexf else {}
            copy.add_edge(u, v, key=key, **_flat(data, renames), **extra)
        return copy
    ends = (lambda u, v: (u, v)) if graph.is_directed() else (lambda u, v: (min(u, v), max(u, v)))
    for u, v, data in sorted(
        ((*ends(u, v), data) for u, v, data in graph.edges(data=True)), key=lambda e: e[:2]
    ):
        copy.add_edge(u, v, **_flat(data, renames))
    return copy


def _write_gexf(graph: nx.Graph, path: Path) -> None:
    writer = GEXFWriter(version="1.2draft")
    writer.add_graph(graph)
    meta = writer.xml.find("meta")
    if meta is not None:  # today's date would make identical data export differently
        meta.attrib.pop("lastmodifieddate", None)
    with open(path, "wb") as handle:
        writer.write(handle)


def _write_rows(path: Path, header: list[str], rows: Iterable[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_csv(graph: nx.Graph, path: Path) -> list[Path]:
    nodes_path = path.parent / f"{path.stem}-nodes.csv"
    edges_path = path.parent / f"{path.stem}-edges.csv"
    node_cols = sorted({k for _, d in graph.nodes(data=True) for k in d})
    _write_rows(
        nodes_path,
        ["id", *node_cols],
        ([node, *(data.get(c, "") for c in node_cols)] for node, data in graph.nodes(data=True)),
    )
    edge_cols = sorted({k for *_, d in graph.edges(data=True) for k in d})
    multi = graph.is_multigraph()
    edges = graph.edges(keys=True, data=True) if multi else graph.edges(data=True)
    _write_rows(
        edges_path,
        ["source", "target", *(["key"] if multi else []), *edge_cols],
        ([*edge[:-1], *(edge[-1].get(c, "") for c in edge_cols)] for edge in edges),
    )
    return [nodes_path, edges_path]


def export(graph: nx.Graph, path: Path | str, fmt: str = "graphml") -> list[Path]:
    """Write `graph` as graphml, gexf or csv (PATH-nodes.csv + PATH-edges.csv, the stem of
    PATH); returns the files written. Same graph ⇒ byte-identical files.

    >>> export(collaboration_graph(open_store()), "net.csv", "csv")  # doctest: +SKIP
    [PosixPath('net-nodes.csv'), PosixPath('net-edges.csv')]
    """
    if fmt not in FORMATS:
        raise NetworkError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    path = Path(path)
    flat = flat_copy(graph, gexf=fmt == "gexf")
    if fmt == "csv":
        return _write_csv(flat, path)
    if fmt == "gexf":
        _write_gexf(flat, path)
    else:
        nx.write_graphml(flat, path)
    return [path]
