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
import itertools
import json
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.layout import ANSWERS_DIR
from kg.query.catalogue import NamedQuery, catalogue
from kg.query.params import prepare
from kg.query.results import Results, concatenated_columns

__all__ = [
    "FORMATS", "formatted_answer", "has_answer", "head_of_answer", "precomputed",
    "read_answer", "write_answers",
]



def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def precomputed(queries: dict[str, NamedQuery] | None = None) -> list[NamedQuery]:
    """The catalogue queries whose header asks for a build-time answer."""
    return [q for q in (queries or catalogue()).values() if q.precompute]


def write_answers(store: ox.Store, out_dir: Path, base: str | None = None) -> list[str]:
    """Run every precomputed query without parameters on `store`; write the answers into
    `out_dir/answers/`, in the form `kg query` prints (GROUP_CONCAT items sorted). Returns
    the names answered."""
    names = []
    folder = Path(out_dir) / ANSWERS_DIR
    for query in precomputed():
        _, text = prepare(query.name, {}, base)
        folder.mkdir(exist_ok=True)
        # Oxigraph writes a running query's answer faster than Python reads it term by term
        raw = store.query(text).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
        answer = _sorted_concatenations(raw, concatenated_columns(text))
        (folder / f"{query.name}.tsv").write_text(answer, encoding="utf-8")
        (folder / f"{query.name}.sha256").write_text(_digest(text) + "\n", encoding="utf-8")
        names.append(query.name)
    return names


def _sorted_concatenations(tsv: str, columns: dict[str, str]) -> str:
    """The TSV answer with the items of its GROUP_CONCAT cells sorted, as
    kg.query.sort_concatenations sorts them, but on the text: a row is one line, and a
    concatenation a plain literal "item; item" whose items sort by their unescaped value."""
    lines = tsv.split("\n")
    names = [name.lstrip("?") for name in lines[0].split("\t")]
    where = {names.index(c): sep for c, sep in columns.items() if c in names and sep}
    if not where:
        return tsv
    for number in range(1, len(lines)):
        cells = lines[number].split("\t")
        for index, separator in where.items():
            cell = cells[index] if index < len(cells) else ""
            if separator in cell and cell.startswith('"') and cell.endswith('"'):
                items = sorted(cell[1:-1].split(separator), key=_unescaped)
                cells[index] = '"' + separator.join(items) + '"'
        lines[number] = "\t".join(cells)
    return "\n".join(lines)


def _unescaped(item: str) -> str:
    # N-Triples string escapes are JSON's, but for \U with eight digits (not used by Oxigraph
    # below U+10000) and \' (never written)
    return json.loads(f'"{item}"') if "\\" in item else item


def _parse(answer: bytes | BinaryIO, limit: int | None = None) -> Results:
    """A TSV answer as Results: every row, or the first `limit`."""
    solutions = ox.parse_query_results(answer, format=ox.QueryResultsFormat.TSV)
    variables = [v.value for v in solutions.variables]
    rows = [dict(zip(variables, row, strict=True)) for row in itertools.islice(solutions, limit)]
    return Results("SELECT", variables=variables, rows=rows)


def _answer(build_dir: Path, query: NamedQuery, text: str) -> Path | None:
    """The build's answer file for `query` if it is precomputed and answered exactly `text`."""
    if not query.precompute:
        return None
    folder = Path(build_dir) / ANSWERS_DIR
    try:
        digest = (folder / f"{query.name}.sha256").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return folder / f"{query.name}.tsv" if digest == _digest(text) else None


def has_answer(build_dir: Path, query: NamedQuery, text: str) -> bool:
    """Whether the build answered `query` with exactly this `text`."""
    return _answer(build_dir, query, text) is not None


def read_answer(build_dir: Path, query: NamedQuery, text: str) -> Results | None:
    """The build's answer to `query` if it is precomputed and the build answered exactly
    `text`, else None."""
    path = _answer(build_dir, query, text)
    if path is None:
        return None
    with open(path, "rb") as answer:
        return _parse(answer)


FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


def formatted_answer(build_dir: Path, query: NamedQuery, text: str, fmt: str) -> bytes | None:
    """The build's answer as `kg query --format fmt` prints it, written by Oxigraph without a
    Python object per term (kg.query.results writes these formats exactly as Oxigraph does);
    None if there is no answer to this text or Oxigraph cannot write `fmt`."""
    path = _answer(build_dir, query, text)
    if path is None or fmt not in FORMATS:
        return None
    with open(path, "rb") as answer:
        solutions = ox.parse_query_results(answer, format=ox.QueryResultsFormat.TSV)
        written = solutions.serialize(format=FORMATS[fmt])
    # kg.query.results ends JSON with a newline
    return written + b"\n" if fmt == "json" else written


def head_of_answer(
    build_dir: Path, query: NamedQuery, text: str, limit: int
) -> tuple[Results, int] | None:
    """The first `limit` rows of the build's answer and how many it has in all (a TSV row
    is one line): what a terminal table shows, without reading 100,000 rows into Python."""
    path = _answer(build_dir, query, text)
    if path is None:
        return None
    data = path.read_bytes()
    return _parse(data, limit), data.count(b"\n") - 1
