"""Write a graph in stable, byte-identical forms: sorted N-Triples, Turtle, JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from .config import PREFIXES


def sorted_ntriples(graph: Graph) -> str:
    lines = {line for line in graph.serialize(format="nt").splitlines() if line.strip()}
    return "\n".join(sorted(lines)) + "\n"


def _canonical_graph(graph: Graph) -> Graph:
    """A copy filled in sorted order, so serialisers that follow insertion order agree."""
    canonical = Graph()
    for prefix, namespace in PREFIXES.items():
        canonical.bind(prefix, namespace, override=True, replace=True)
    for triple in sorted(graph):
        canonical.add(triple)
    return canonical


def turtle(graph: Graph) -> str:
    return _canonical_graph(graph).serialize(format="turtle")


def _sort_json(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sort_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(graph: Graph) -> str:
    context = dict(sorted(PREFIXES.items()))
    data = json.loads(_canonical_graph(graph).serialize(format="json-ld", context=context))
    return json.dumps(_sort_json(data), indent=1, ensure_ascii=False) + "\n"


FORMATS = {"kg.nt": sorted_ntriples, "kg.ttl": turtle, "kg.jsonld": jsonld}


def write_all(graph: Graph, folder: Path) -> dict[str, Path]:
    written = {}
    for name, render in FORMATS.items():
        path = folder / name
        path.write_text(render(graph), encoding="utf-8")
        written[name] = path
    return written
