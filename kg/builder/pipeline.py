"""Build the graph: load → map → validate → write, swapping the output in only on success."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib.namespace import FOAF

from kg.atomic import replace_dir
from kg.builder import serialize
from kg.builder.mapping import map_dataset
from kg.builder.report import Violation, short
from kg.builder.shacl_sparql import validate_store
from kg.builder.validate import load_shapes
from kg.config import (
    ONTOLOGY_DIR,
    ORG,
    PROV,
    SCHEMA,
    SLS,
    base_iri,
    default_build_dir,
    default_data_dir,
)
from kg.curate.load import load_dataset
from kg.errors import BuildError
from kg.query.answers import write_answers
from kg.rdf.vocab import load_ontology, ontology_files, vocabulary_from

__all__ = [
    "BuildResult", "PARALLEL_FROM", "Progress", "SUMMARY_CLASSES", "ShapeError", "build",
    "check_data",
]

SUMMARY_CLASSES = (
    ORG.Organization,
    FOAF.Person,
    ORG.OrganizationalCollaboration,
    ORG.Membership,
    SLS.Participation,
    SCHEMA.Event,
    SLS.OrganisationRelation,
    ORG.ChangeEvent,
    SCHEMA.Place,
    SCHEMA.PropertyValue,
    SLS.Observation,
    SLS.Award,
    SLS.Aim,
    SLS.Claim,
    SLS.Source,
)


class ShapeError(BuildError):
    def __init__(self, violations: list[Violation]):
        self.violations = violations
        super().__init__("\n".join(str(v) for v in violations))


@dataclass
class BuildResult:
    out: Path
    triples: int
    data_triples: int
    counts: dict[str, int]
    derived_from: int
    seconds: dict[str, float] = field(default_factory=dict)


PARALLEL_FROM = 100_000
"""From this many data triples on, Turtle, JSON-LD and the store are written by a second
process while this one validates (below, starting that process costs more than it saves)."""

# progress(stage, None) when a stage starts, progress(stage, seconds) when it ends.
Progress = Callable[[str, float | None], None]


def _stage(name: str, seconds: dict[str, float], progress: Progress | None):
    class _Timer:
        def __enter__(self):
            if progress:
                progress(name, None)
            self.t = time.perf_counter()

        def __exit__(self, kind, *exc):
            seconds[name] = time.perf_counter() - self.t
            if progress and kind is None:
                progress(name, seconds[name])

    return _Timer()


def build(
    data_dir: Path | None = None,
    out: Path | None = None,
    *,
    base: str | None = None,
    ontology_dir: Path = ONTOLOGY_DIR,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the graph from `data_dir` into `out`.

    Raises DataError (curated rows) or BuildError (shapes, I/O); on any error `out`
    keeps what it held before.

    >>> result = build()                     # doctest: +SKIP
    >>> result.counts["org:Organization"]    # doctest: +SKIP
    """
    seconds: dict[str, float] = {}
    with _stage("read ontology and shapes", seconds, progress):
        ontology = load_ontology(ontology_dir)
        vocab = vocabulary_from(ontology)
        shapes = load_shapes(ontology_dir)
    with _stage("load tables", seconds, progress):
        dataset = load_dataset(Path(data_dir or default_data_dir()), vocab)
    with _stage("map to RDF", seconds, progress):
        data = map_dataset(dataset, vocab, base_iri(base))
        del dataset
    out = Path(out or default_build_dir())
    result = BuildResult(out, 0, len(data), {}, 0, seconds)
    data.update(serialize.ntriples_lines(ontology_files(ontology_dir)))

    def fill(staging: Path) -> None:
        with _stage("sort and write N-Triples", seconds, progress):
            nt_path = staging / "kg.nt"
            data.write_sorted(nt_path)
            data.lines.clear()  # a million lines: free them before the stores fill up
        # Turtle, JSON-LD and the on-disk store are written beside validation, by another
        # process when the graph is large: on two cores that saves a third of the time.
        writer = serialize.Writer(staging, in_process=result.data_triples < PARALLEL_FROM)
        try:
            with _stage("load the store", seconds, progress):
                store = serialize.memory_store(nt_path)
            with _stage("validate (SHACL)", seconds, progress):
                violations = validate_store(store, shapes)
            if violations:
                raise ShapeError(violations)
            with _stage("count", seconds, progress):
                _summarise(store, result)
            with _stage("answer whole-graph queries", seconds, progress):
                write_answers(store, staging, base)
            del store
            _copy_ontology(ontology_dir, staging / "ontology")
        except BaseException:
            writer.cancel()
            raise
        with _stage("write Turtle, JSON-LD, on-disk store", seconds, progress):
            writer.wait()

    replace_dir(out, fill)
    return result


def _copy_ontology(ontology_dir: Path, target: Path) -> None:
    target.mkdir()
    for path in [*ontology_files(ontology_dir), ontology_dir / "shapes.ttl"]:
        shutil.copyfile(path, target / path.name)


def _summarise(store: pyoxigraph.Store, result: BuildResult) -> None:
    result.triples = len(store)
    result.counts = _class_counts(store)
    # entities cite with prov:wasDerivedFrom, activities (events, renames) with dcterms:source
    cites = f"<{PROV.wasDerivedFrom}>|<http://purl.org/dc/terms/source>"
    result.derived_from = _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s {cites} ?o }}")


def _count(store: pyoxigraph.Store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def _class_counts(store: pyoxigraph.Store) -> dict[str, int]:
    return {
        short(cls): _count(store, f"SELECT (COUNT(*) AS ?n) {{ ?s a <{cls}> }}")
        for cls in SUMMARY_CLASSES
    }


def check_data(data_dir: Path | None = None, ontology_dir: Path = ONTOLOGY_DIR):
    """Load and check the curated tables without building; raises DataError."""
    vocab = vocabulary_from(load_ontology(ontology_dir))
    return load_dataset(Path(data_dir or default_data_dir()), vocab)
