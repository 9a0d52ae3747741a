"""Answers computed at build time for the catalogue's heaviest whole-graph queries.

A few catalogue queries, asked without parameters, read the whole graph: on a million
triples `collaboration-pairs` builds 174,000 pairs from half a million reasons, which takes
Oxigraph 100 s on disk and 15 s in memory. Their header says `#+ precompute: true`; the
build, which holds the graph in memory anyway for validation, runs them there and writes
each answer beside the store (`answers/NAME.tsv`: SPARQL 1.1 TSV, which keeps every term
exactly, and parses faster than JSON). `kg query NAME` and `kg.Graph` read that answer when
the query text is exactly the one answered (same file, no parameters); with parameters, with
`--store`, or once the query file has changed, the query runs on the store as usual. The
answer is part of the build: written in the same staging folder, swapped in with it,
byte-identical across rebuilds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from .catalogue import NamedQuery, catalogue
from .query import Results, prepare

ANSWERS_DIR = "answers"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def precomputed(queries: dict[str, NamedQuery] | None = None) -> list[NamedQuery]:
    """The catalogue queries whose header asks for a build-time answer."""
    return [q for q in (queries or catalogue()).values() if q.precompute]


def write_answers(store: ox.Store, out_dir: Path, base: str | None = None) -> list[str]:
    """Run every precomputed query without parameters on `store`; write the answers into
    `out_dir/answers/`. Returns the names answered."""
    names = []
    for query in precomputed():
        _, text = prepare(query.name, {}, base)
        folder = Path(out_dir) / ANSWERS_DIR
        folder.mkdir(exist_ok=True)
        # serialised by Oxigraph, without Python objects for each term: five times faster
        store.query(text).serialize(str(folder / f"{query.name}.tsv"), ox.QueryResultsFormat.TSV)
        (folder / f"{query.name}.sha256").write_text(_digest(text) + "\n", encoding="utf-8")
        names.append(query.name)
    return names


def read_answer(build_dir: Path, name: str, text: str) -> Results | None:
    """The build's answer to query `name` if it answered exactly `text`, else None."""
    folder = Path(build_dir) / ANSWERS_DIR
    try:
        digest = (folder / f"{name}.sha256").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if digest != _digest(text):
        return None
    with open(folder / f"{name}.tsv", "rb") as answer:
        solutions = ox.parse_query_results(answer, format=ox.QueryResultsFormat.TSV)
        variables = [v.value for v in solutions.variables]
        rows = [dict(zip(variables, solution, strict=True)) for solution in solutions]
    # the items of GROUP_CONCAT columns are sorted by the caller, as for any other answer
    return Results("SELECT", variables=variables, rows=rows)
