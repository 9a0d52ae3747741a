"""Write the graph in stable, byte-identical forms, and the stores that answer SPARQL.

N-Triples are sorted line by line; Turtle and JSON-LD are written by Oxigraph from those
sorted triples (in that order), which is both deterministic and fast (rdflib's writers took
10 s for 50,000 triples, Oxigraph's 0.2 s). The on-disk Oxigraph store in `store/` lets
`kg query`, `kg serve` and notebooks open a million triples in milliseconds; its files are
RocksDB's and not byte-identical between builds (everything else is).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.config import PREFIXES
from kg.errors import BuildError

__all__ = [
    "STAMP", "STORE", "Writer", "jsonld", "memory_store", "ntriples_lines", "sorted_ntriples",
    "turtle", "write_derived", "write_store",
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


def jsonld(ntriples: str | bytes | Path, output: Path | None = None) -> bytes | None:
    """Expanded JSON-LD (no context needed to read it), one node object per subject."""
    if output is None:
        return ox.serialize(_triples(ntriples), format=ox.RdfFormat.JSON_LD) + b"\n"
    ox.serialize(_triples(ntriples), str(output), format=ox.RdfFormat.JSON_LD)
    with open(output, "ab") as file:
        file.write(b"\n")
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
