"""Check a graph against the SHACL shapes in ontology/shapes.ttl with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

from .config import ONTOLOGY_DIR, PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}{value}"


def short(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    if isinstance(node, URIRef):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    return repr(text) if len(text) < 80 else repr(text[:77] + "...")


def load_shapes(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    return Graph().parse(ontology_dir / "shapes.ttl", format="turtle")


def validate_graph(graph: Graph, shapes: Graph) -> list[Violation]:
    """Every SHACL result for `graph`, sorted; empty when the graph conforms."""
    _, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        violations.append(
            Violation(
                focus=short(results.value(result, SH.focusNode)),
                path=short(results.value(result, SH.resultPath)),
                message=str(results.value(result, SH.resultMessage) or "violates a shape"),
                value=short(results.value(result, SH.value)),
                severity=short(results.value(result, SH.resultSeverity))
                .removeprefix("<")
                .split("#")[-1]
                .rstrip(">"),
            )
        )
    return sorted(violations)


def check_file(
    path: Path, shapes_path: Path, engine: str = "sparql"
) -> tuple[list[Violation], int]:
    """Violations of the RDF file `path` (format from its extension) and its triple count.

    Raises SyntaxError when the file cannot be parsed."""
    import pyoxigraph as ox

    shapes = Graph().parse(shapes_path, format="turtle")
    if engine == "pyshacl":
        try:
            graph = Graph().parse(path)
        except Exception as error:  # rdflib raises many parser exception types
            raise SyntaxError(str(error)) from None
        return validate_graph(graph, shapes), len(graph)
    from .shacl_sparql import validate_store

    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError) as error:
        raise SyntaxError(str(error)) from None
    return validate_store(store, shapes), len(store)
