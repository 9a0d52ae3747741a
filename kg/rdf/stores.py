"""The embedded SPARQL store (pyoxigraph) over a build: on disk, or loaded into memory.

`kg build` writes both `kg.nt` and an on-disk Oxigraph store (`store/`). Opening the on-disk
store takes milliseconds at any size, and lookups run as fast as in memory; heavy joins and
aggregates run several times faster in memory, at the price of parsing kg.nt first (about
3 s per million triples). So each use chooses (measured in bench/): `kg query` opens the
disk store unless a catalogue query's header says `store: memory`; networks and pages,
which run many heavy queries, load the graph into memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pyoxigraph
import rdflib

from kg.config import default_build_dir
from kg.errors import BuildError
from kg.layout import KG_NT, STORE_DIR

__all__ = [
    "Mode", "PREFIXES", "Row", "load_store", "open_store", "rdflib_term", "select", "select_terms",
]


Mode = Literal["memory", "disk"]


def open_store(build_dir: Path | None = None, mode: Mode = "memory") -> pyoxigraph.Store:
    """The graph of `build_dir`: read-only on disk, or in memory from kg.nt.

    >>> store = open_store()                                         # doctest: +SKIP
    >>> next(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))["n"]  # doctest: +SKIP
    """
    build_dir = Path(build_dir or default_build_dir())
    if mode == "disk":
        location = build_dir / STORE_DIR
        if not (location / "SOURCE.sha256").is_file():
            raise BuildError(f"{location}: no on-disk store there: run `kg build` first")
        return pyoxigraph.Store.read_only(str(location))
    path = build_dir / KG_NT
    if not path.is_file():
        raise BuildError(f"{path} not found: run `kg build` first")
    return load_store(path)


def load_store(
    path: Path | str, fmt: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.N_TRIPLES
) -> pyoxigraph.Store:
    """A new in-memory store holding the RDF file at `path` (bulk-loaded: no transaction)."""
    store = pyoxigraph.Store()
    store.bulk_load(path=str(path), format=fmt)
    return store


PREFIXES = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX sls: <https://w3id.org/saxony-lifescience/ontology#>
"""


Row = dict[str, str]


def select_terms(store: pyoxigraph.Store, query: str) -> list[dict[str, pyoxigraph.Term]]:
    """Rows of a SELECT query as dicts of terms; unbound variables are left out."""
    answer = store.query(query)
    names = [v.value for v in answer.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in answer]


def select(store: pyoxigraph.Store, query: str) -> list[Row]:
    """Rows of a SELECT query as dicts of lexical values; unbound variables are left out.

    >>> select(store, "SELECT ?n WHERE { BIND(1 AS ?n) }")   # doctest: +SKIP
    [{'n': '1'}]
    """
    result = store.query(query)
    names = [v.value for v in result.variables]
    return [
        {name: term.value for name, term in zip(names, solution, strict=True) if term is not None}
        for solution in result
    ]


def rdflib_term(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal,
) -> rdflib.URIRef | rdflib.BNode | rdflib.Literal:
    """The same term for rdflib (the release's metadata and the SHACL report are rdflib
    graphs): IRIs, blank nodes and literals with their language or datatype.

    >>> rdflib_term(pyoxigraph.Literal("2014", datatype=pyoxigraph.NamedNode(
    ...     "http://www.w3.org/2001/XMLSchema#gYear"))).datatype.endswith("gYear")
    True
    """
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == str(rdflib.XSD.string):
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
