"""Write the graph in stable, byte-identical forms, and the stores that answer SPARQL.

N-Triples are sorted line by line; Turtle is written by Oxigraph from those sorted triples
(in that order), which is both deterministic and fast (rdflib's writers took 10 s for 50,000
triples, Oxigraph's 0.2 s). JSON-LD is compacted here, in the same order: Oxigraph writes
only expanded JSON-LD (full IRIs, rdf:type as a property), which JSON-LD tools cannot frame
by @type; pyld's compaction took minutes. The on-disk Oxigraph store in `store/` lets
`kg query`, `kg serve` and notebooks open a million triples in milliseconds; its files are
RocksDB's and not byte-identical between builds (everything else is).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.config import PREFIXES
from kg.errors import BuildError
from kg.rdf.terms import curie

__all__ = [
    "STAMP", "STORE", "Writer", "jsonld", "jsonld_context", "memory_store", "ntriples_lines",
    "sorted_ntriples", "turtle", "write_derived", "write_store",
]

STORE = "store"
STAMP = "SOURCE.sha256"  # sha256 of the kg.nt a store holds (see kg.server.prepare_store)


def sorted_ntriples(graph: Graph) -> str:
    """Sorted N-Triples of an rdflib graph, each term written by Oxigraph."""
    data = graph.serialize(format="nt", encoding="utf-8")
    lines = {f"{q.triple} ." for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    return "\n".join(sorted(lines)) + "\n"


def ntriples_lines(paths: Iterable[Path]) -> set[str]:
    """The triples of RDF files (format from the extension) as N-Triples lines."""
    lines: set[str] = set()
    for path in paths:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        lines.update(f"{q.triple} ." for q in ox.parse(path=str(path), format=fmt))
    return lines


def _triples(source: str | bytes | Path) -> Iterable[ox.Triple]:
    if isinstance(source, Path):
        quads = ox.parse(path=str(source), format=ox.RdfFormat.N_TRIPLES)
    else:
        data = source.encode() if isinstance(source, str) else source
        quads = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    return (quad.triple for quad in quads)


def turtle(ntriples: str | bytes | Path, output: Path | None = None) -> bytes | None:
    """Turtle in the order of `ntriples`; written to `output` (streamed) if given."""
    prefixes = dict(sorted(PREFIXES.items()))
    target = str(output) if output else None
    return ox.serialize(_triples(ntriples), target, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Node = ox.NamedNode | ox.BlankNode


def _compact(term: Node) -> str:
    """A compact IRI by the project's prefixes, else the IRI; a blank node as `_:id`."""
    if isinstance(term, ox.BlankNode):
        return str(term)
    short = curie(term.value)
    # "p://x" would read as an absolute IRI, not as prefix p and suffix "//x"
    return short if short and not short.split(":", 1)[1].startswith("//") else term.value


def jsonld_context(iri_valued: Iterable[str] = ()) -> dict[str, object]:
    """The @context of kg.jsonld: the project's prefixes, then a term for each property in
    `iri_valued` (all of whose values are IRIs), so that its values are plain strings."""
    context: dict[str, object] = dict(sorted(PREFIXES.items()))
    for iri in sorted(iri_valued, key=lambda i: (_compact(ox.NamedNode(i)), i)):
        context[_compact(ox.NamedNode(iri))] = {"@id": iri, "@type": "@id"}
    return context


def _value(term: ox.Term, coerced: bool) -> object:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return _compact(term) if coerced else {"@id": _compact(term)}
    assert isinstance(term, ox.Literal)
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype)}


def _node_objects(triples: list[ox.Triple], coerced: set[str]) -> Iterable[dict[str, object]]:
    """One node object per subject, in the order of `triples`: @id, @type, then the
    properties by compact name; one value as itself, several as a list."""
    by_subject: dict[Node, dict[str, list[object]]] = {}
    for t in triples:
        properties = by_subject.setdefault(t.subject, {})  # type: ignore[arg-type]
        if t.predicate.value == RDF_TYPE and not isinstance(t.object, ox.Literal):
            properties.setdefault("@type", []).append(_compact(t.object))
        else:
            key = _compact(t.predicate)
            properties.setdefault(key, []).append(_value(t.object, t.predicate.value in coerced))
    for subject, properties in by_subject.items():
        node: dict[str, object] = {"@id": _compact(subject)}
        for key in sorted(properties, key=lambda k: (k != "@type", k)):
            values = properties[key]
            node[key] = values[0] if len(values) == 1 else values
        yield node


def jsonld(ntriples: str | bytes | Path, output: Path | None = None) -> bytes | None:
    """Compact JSON-LD: an @context (prefixes, and IRI-valued properties as terms), one node
    object a line in @graph, classes as @type. Byte-identical for the same N-Triples."""
    triples = list(_triples(ntriples))
    literal_valued = {t.predicate.value for t in triples if isinstance(t.object, ox.Literal)}
    coerced = {t.predicate.value for t in triples} - literal_valued - {RDF_TYPE}
    context = json.dumps({"@context": jsonld_context(coerced)}, ensure_ascii=False, indent=1)
    nodes = (json.dumps(n, ensure_ascii=False) for n in _node_objects(triples, coerced))
    text = context[:-2] + ',\n "@graph": [\n' + ",\n".join(nodes) + "\n ]\n}\n"
    if output is None:
        return text.encode("utf-8")
    output.write_text(text, encoding="utf-8", newline="\n")
    return None


def memory_store(ntriples: str | bytes | Path) -> ox.Store:
    store = ox.Store()
    if isinstance(ntriples, Path):
        store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    else:
        data = ntriples.encode() if isinstance(ntriples, str) else ntriples
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def write_store(source: Path, location: Path) -> Path:
    """An on-disk Oxigraph store holding the N-Triples file `source`, stamped with its sha256."""
    store = ox.Store(str(location))
    store.bulk_load(path=str(source), format=ox.RdfFormat.N_TRIPLES)
    store.optimize()
    store.flush()
    del store  # releases RocksDB's lock
    digest = hashlib.sha256()
    with open(source, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    (location / STAMP).write_text(digest.hexdigest())
    return location


def write_derived(folder: Path) -> None:
    """kg.ttl, kg.jsonld and the on-disk store, all from folder/kg.nt."""
    source = folder / "kg.nt"
    turtle(source, folder / "kg.ttl")
    jsonld(source, folder / "kg.jsonld")
    write_store(source, folder / STORE)


class Writer:
    """write_derived, in a separate process (started at once) or in this one (at wait)."""

    def __init__(self, folder: Path, in_process: bool = False):
        self.folder = folder
        self.process = None
        if not in_process:
            command = [sys.executable, "-m", "kg.builder.serialize", str(folder)]
            self.process = subprocess.Popen(command, stderr=subprocess.PIPE)

    def wait(self) -> None:
        if self.process is None:
            write_derived(self.folder)
            return
        _, errors = self.process.communicate()
        if self.process.returncode:
            detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise BuildError(f"writing Turtle, JSON-LD and the store failed: {detail}")

    def cancel(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    write_derived(Path(sys.argv[1]))
