"""The Python API for notebooks and scripts; the command line calls the same functions.

>>> import kg
>>> kg.sparql("cluster-founders", cluster="nuklid")          # doctest: +SKIP
>>> g = kg.network("collaboration")                           # doctest: +SKIP
>>> kg.show(kg.ego("nuklid"))                                  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import rdflib

from kg.builder.pipeline import build as _build
from kg.config import base_iri, default_build_dir, default_data_dir
from kg.networks import views as _network
from kg.networks.growth import GROWTH_COLUMNS
from kg.networks.growth import growth as _growth
from kg.networks.paths import MAX_HOPS, connect
from kg.query.remote import EndpointStore
from kg.query.results import Results, to_turtle
from kg.query.service import QueryService
from kg.site import network_page as netpage
from kg.site.html import esc, page

__all__ = [
    "Day", "FLOATS", "Graph", "INTEGERS", "Inline", "XSD", "build", "ego", "graph", "growth",
    "metrics", "network", "path", "show", "sparql", "to_python", "use",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
    )
}
FLOATS = {XSD + t for t in ("decimal", "double", "float")}


class Graph:
    """The knowledge graph, embedded (a build folder or an RDF file) or remote (an endpoint).

    >>> graph = Graph()           # build/ as `kg build` wrote it  # doctest: +SKIP
    >>> graph = Graph(endpoint="http://127.0.0.1:7878/query")   # doctest: +SKIP
    """

    def __init__(
        self,
        build_dir: Path | str | None = None,
        *,
        endpoint: str | None = None,
        file: Path | str | None = None,
        timeout: float = 60,
    ):
        self.service = QueryService(build_dir, endpoint=endpoint, file=file, timeout=timeout)
        self.endpoint, self.build_dir = endpoint, self.service.build_dir

    @property
    def store(self) -> ox.Store | EndpointStore:
        """The graph in memory (or the endpoint), loaded from kg.nt on first use."""
        return self.service.memory

    def __repr__(self) -> str:
        if self.endpoint:
            return f"<kg.Graph {self.endpoint}>"
        where = "in memory" if self.service.loaded else "on disk"
        store = self.service.memory if self.service.loaded else self.service.disk()
        return f"<kg.Graph {len(store)} triples {where}>"

    def results(self, query: str, **params: object) -> Results:
        """Raw results (kg.query.results.Results) of a catalogue name, a .rq file or SPARQL
        text, run where kg.query.service.QueryService decides."""
        return self.service.results(query, params)

    def sparql(self, query: str, **params: object) -> pd.DataFrame | bool | object:
        """A SELECT as a DataFrame with typed columns (dates, numbers; IRIs as strings);
        ASK gives a bool and CONSTRUCT an rdflib Graph.

        >>> founders = Graph().sparql("cluster-founders", cluster="nuklid")  # doctest: +SKIP
        >>> founders.founderName.tolist()[:2]                                # doctest: +SKIP
        ['Andreas Kluge', 'André Hofmann']
        """
        return to_python(self.results(query, **params))

    def network(self, view: str = "collaboration", as_of: Day = None) -> nx.Graph:
        """A networkx view: "affiliation" (people, organisations, events; one edge per fact)
        or "collaboration" (organisation pairs weighted by shared people, clusters, events,
        ownership); with `as_of` (a date or "YYYY-MM-DD") as it was on that day.

        >>> Graph().network("collaboration", as_of="2024-12-31").number_of_edges()  # doctest: +SKIP
        """
        if view not in _network.VIEWS:
            raise ValueError(f"unknown view {view!r}; choose from {', '.join(_network.VIEWS)}")
        return _network.VIEWS[view](self.store, as_of=_day(as_of))

    def metrics(self, view: str = "collaboration", as_of: Day = None) -> pd.DataFrame:
        """Degree, weighted degree, betweenness, PageRank and community per node.

        >>> Graph().metrics().sort_values("betweenness").tail(3)  # doctest: +SKIP
        """
        return pd.DataFrame(_network.metrics(self.network(view, as_of)))

    def growth(self) -> pd.DataFrame:
        """Per year: organisations founded, ties begun and ended, events, ties held on 31
        December (kg.networks.growth).

        >>> Graph().growth().plot(x="year", y="ties_held")  # doctest: +SKIP
        """
        facts = _network.load_facts(self.store, sources=False)
        return pd.DataFrame(_growth(facts), columns=list(GROWTH_COLUMNS))

    def path(
        self, a: str, b: str, *, max_hops: int = MAX_HOPS, as_of: Day = None, limit: int = 3
    ) -> list[list[dict]]:
        """How are `a` and `b` (ids or IRIs) connected? Up to `limit` shortest chains of facts,
        each step a dict with from, to, fact, role, start, end, statement and sources (url,
        title). Raises kg.networks.paths.NoPathError when there is none within `max_hops`.

        >>> Graph().path("marco-mueller", "leap-up")[0][0]["statement"]  # doctest: +SKIP
        'Marco Müller: founder of nukliD – Radiopharmacy Cluster Dresden'
        """
        store = self.service.store_for(None)
        found = connect(
            store, a, b, base=base_iri(), max_hops=max_hops, as_of=_day(as_of), limit=limit
        )
        return [[step.as_dict() for step in steps] for steps in found]

    def ego(self, entity: str, radius: int = 1, view: str = "affiliation") -> nx.Graph:
        """The ego network of an entity (slug such as "nuklid" or an IRI).

        >>> Graph().ego("nuklid").number_of_nodes()  # doctest: +SKIP
        """
        return _network.ego_graph(self.network(view), entity, radius)


Day = dt.date | str | None


def _day(value: Day) -> dt.date | None:
    """A day from a date, a datetime or "YYYY-MM-DD"; ValueError otherwise."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"as_of: {value!r} is not a day: give YYYY-MM-DD") from None


def _python(term: ox.Term | None) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in INTEGERS:
                return int(term.value)
            if datatype in FLOATS:
                return float(term.value)
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
            if datatype == XSD + "date":
                return dt.date.fromisoformat(term.value)
        except ValueError:
            return term.value
    return term.value


def _column(values: list[object]) -> pd.Series:
    present = [v for v in values if v is not None]
    if any(isinstance(v, dt.date) for v in present) and any(isinstance(v, str) for v in present):
        # dates of mixed precision (2025, 2025-01, 2025-01-16): keep them all as ISO text
        values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
        return pd.Series(values, dtype="object")
    if present and all(isinstance(v, dt.date) for v in present):
        return pd.Series(pd.to_datetime(values))
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean")
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="Int64")
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="float64")
    return pd.Series(values, dtype="object")


def to_python(results: Results) -> pd.DataFrame | bool | object:
    if results.form == "ASK":
        return bool(results.boolean)
    if results.form == "CONSTRUCT":
        return rdflib.Graph().parse(data=to_turtle(results), format="turtle")
    columns = {v: _column([_python(row[v]) for row in results.rows]) for v in results.variables}
    return pd.DataFrame(columns, columns=results.variables)


_BUILD: dict[str, Path | None] = {"dir": None}  # None: the project folder's build/


@cache
def _default_graph() -> Graph:
    return Graph(_BUILD["dir"])


def use(build_dir: Path | str) -> Graph:
    """Make `build_dir` the graph that kg.sparql, kg.network ... read (also: $KG_BUILD_DIR).

    >>> kg.use("/data/kg-build")  # doctest: +SKIP
    """
    _BUILD["dir"] = Path(build_dir)
    _default_graph.cache_clear()
    return _default_graph()


def graph(build_dir: Path | str | None = None, *, endpoint: str | None = None) -> Graph:
    """The built graph (cached), another build folder, or a remote endpoint.

    >>> kg.graph(endpoint="https://query.example.org/sparql")  # doctest: +SKIP
    """
    if endpoint or build_dir:
        return Graph(build_dir, endpoint=endpoint)
    return _default_graph()


def sparql(query: str, *, endpoint: str | None = None, **params: object):
    """Run a catalogue query by name, a .rq file, or SPARQL text → DataFrame (SELECT).

    >>> sparql("organisations", kind="research-institute")    # doctest: +SKIP
    >>> sparql("SELECT ?n WHERE { ?p foaf:name ?n } ORDER BY ?n")  # doctest: +SKIP
    """
    return graph(endpoint=endpoint).sparql(query, **params)


def network(
    view: str = "collaboration", *, as_of: Day = None, endpoint: str | None = None
) -> nx.Graph:
    """A networkx view of the graph ("affiliation" or "collaboration"), as of a day or not.

    >>> nx.number_connected_components(network("collaboration"))  # doctest: +SKIP
    >>> network("collaboration", as_of="2020-01-01").number_of_edges()  # doctest: +SKIP
    """
    return graph(endpoint=endpoint).network(view, as_of)


def metrics(
    view: str = "collaboration", *, as_of: Day = None, endpoint: str | None = None
) -> pd.DataFrame:
    """Centralities and communities of a view as a DataFrame, as of a day or not.

    >>> metrics().nlargest(5, "betweenness")  # doctest: +SKIP
    """
    return graph(endpoint=endpoint).metrics(view, as_of)


def growth(*, endpoint: str | None = None) -> pd.DataFrame:
    """The growth of the ecosystem per year, from its dated facts.

    >>> growth().tail(3)  # doctest: +SKIP
    """
    return graph(endpoint=endpoint).growth()


def path(
    a: str,
    b: str,
    *,
    max_hops: int = MAX_HOPS,
    as_of: Day = None,
    limit: int = 3,
    endpoint: str | None = None,
) -> list[list[dict]]:
    """How are `a` and `b` connected? Up to three shortest chains of facts, each step with
    its kind, role, dates and sources (see Graph.path).

    >>> [step["statement"] for step in path("peter-moll", "nuklid")[0]]  # doctest: +SKIP
    """
    return graph(endpoint=endpoint).path(a, b, max_hops=max_hops, as_of=as_of, limit=limit)


def ego(
    entity: str, radius: int = 1, view: str = "affiliation", *, endpoint: str | None = None
) -> nx.Graph:
    """The ego network of an entity (slug or IRI).

    >>> show(ego("nuklid", radius=1))  # doctest: +SKIP
    """
    return graph(endpoint=endpoint).ego(entity, radius, view)


def build(data_dir: Path | str | None = None, out: Path | str | None = None, **options):
    """Build the graph from curated tables (see kg.build.build); resets the cached graph.

    >>> build()  # doctest: +SKIP
    """
    data_dir, out = Path(data_dir or default_data_dir()), Path(out or default_build_dir())
    result = _build(data_dir, out, **options)
    _default_graph.cache_clear()
    return result


class Inline:
    """An interactive network for Jupyter: an iframe whose srcdoc holds the whole page
    (vis-network inlined), so it works offline and writes nothing to disk."""

    def __init__(self, html: str, height: int):
        self.html, self.height = html, height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{esc(self.html)}" style="width:100%;height:{self.height}px;'
            f'border:1px solid #d9e2ec" sandbox="allow-scripts"></iframe>'
        )


def show(g: nx.Graph, title: str = "Network", height: int = 640) -> Inline:
    """Draw a networkx graph (a view, an ego network, or any graph whose nodes have
    `label` and `kind`) inline in a notebook.

    >>> show(network("collaboration"))  # doctest: +SKIP
    """
    data = netpage.payload(g)
    body = netpage.section(data, small=True, caption=title, hint="Click a node for details.")
    html = page(
        title, body, prefix=None, scripts=netpage.scripts(data, None), styles=netpage.styles(None)
    )
    return Inline(html, height)
