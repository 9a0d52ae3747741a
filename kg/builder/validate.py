"""Check a graph against the SHACL shapes in ontology/shapes.ttl with pySHACL."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.term import Node

from kg.builder.report import SH, Violation, short
from kg.builder.shacl_sparql import merge, validate_store
from kg.config import ONTOLOGY_DIR

__all__ = ["check_file", "load_shapes", "validate_graph"]







def load_shapes(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    return Graph().parse(ontology_dir / "shapes.ttl", format="turtle")


def validate_graph(graph: Graph, shapes: Graph) -> list[Violation]:
    """One violation per result pySHACL reports, sorted; empty when the graph conforms.

    Only the report's own sh:result count: pySHACL also types the nested results it gives
    as sh:detail of a failed sh:node as sh:ValidationResult, and counting those too reported
    more violations than pySHACL does. A result with details says what its details say."""
    _, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    violations = []
    for result in results.objects(None, SH.result):
        leaves = sorted(_violation(results, leaf) for leaf in _leaves(results, result))
        violations.append(merge(leaves) if leaves else _violation(results, result))
    return sorted(violations)


def _leaves(results: Graph, result: Node) -> list[Node]:
    """The innermost results below `result`'s sh:detail (none when it has no details)."""
    found = []
    for detail in results.objects(result, SH.detail):
        found.extend(_leaves(results, detail) or [detail])
    return found


def _violation(results: Graph, result: Node) -> Violation:
    return Violation(
        focus=short(results.value(result, SH.focusNode)),
        path=short(results.value(result, SH.resultPath)),
        message=str(results.value(result, SH.resultMessage) or "violates a shape"),
        value=short(results.value(result, SH.value)),
        severity=short(results.value(result, SH.resultSeverity))
        .removeprefix("<")
        .split("#")[-1]
        .rstrip(">"),
    )


def check_file(
    path: Path, shapes_path: Path, engine: str = "sparql"
) -> tuple[list[Violation], int]:
    """Violations of the RDF file `path` (format from its extension) and its triple count.

    Raises SyntaxError when the file cannot be parsed."""

    shapes = Graph().parse(shapes_path, format="turtle")
    if engine == "pyshacl":
        try:
            graph = Graph().parse(path)
        except Exception as error:  # rdflib raises many parser exception types
            raise SyntaxError(str(error)) from None
        return validate_graph(graph, shapes), len(graph)

    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError) as error:
        raise SyntaxError(str(error)) from None
    return validate_store(store, shapes), len(store)
