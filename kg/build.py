"""Build the graph: load → map → validate → write, swapping the output in only on success."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph
from rdflib.namespace import FOAF

from . import serialize
from .atomic import replace_dir
from .config import BUILD_DIR, DATA_DIR, ONTOLOGY_DIR, ORG, PROV, SCHEMA, SLS, base_iri
from .errors import BuildError
from .load import load_dataset
from .mapping import map_dataset
from .validate import Violation, load_shapes, short, validate_graph
from .vocab import load_ontology, ontology_files, vocabulary_from

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


Progress = Callable[[str], None]


def _stage(name: str, seconds: dict[str, float], progress: Progress | None):
    class _Timer:
        def __enter__(self):
            if progress:
                progress(name)
            self.t = time.perf_counter()

        def __exit__(self, *exc):
            seconds[name] = time.perf_counter() - self.t

    return _Timer()


def build(
    data_dir: Path = DATA_DIR,
    out: Path = BUILD_DIR,
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
    with _stage("read ontology", seconds, progress):
        ontology = load_ontology(ontology_dir)
        vocab = vocabulary_from(ontology)
        shapes = load_shapes(ontology_dir)
    with _stage("load tables", seconds, progress):
        dataset = load_dataset(Path(data_dir), vocab)
    with _stage("map to RDF", seconds, progress):
        data = map_dataset(dataset, vocab, base_iri(base))
        graph = data + ontology
    with _stage("validate (SHACL)", seconds, progress):
        violations = validate_graph(graph, shapes)
        if violations:
            raise ShapeError(violations)
    with _stage("write outputs", seconds, progress):
        _write_atomically(graph, Path(out), ontology_dir)
    counts = Counter(short(o) for o in graph.objects(None, RDF.type))
    return BuildResult(
        out=Path(out),
        triples=len(graph),
        data_triples=len(data),
        counts={short(c): counts.get(short(c), 0) for c in SUMMARY_CLASSES},
        derived_from=len(set(data.subjects(PROV.wasDerivedFrom, None))),
        seconds=seconds,
    )


def check_data(data_dir: Path = DATA_DIR, ontology_dir: Path = ONTOLOGY_DIR):
    """Load and check the curated tables without building; raises DataError."""
    return load_dataset(Path(data_dir), vocabulary_from(load_ontology(ontology_dir)))


def _write_atomically(graph: Graph, out: Path, ontology_dir: Path) -> None:
    def fill(staging: Path) -> None:
        serialize.write_all(graph, staging)
        (staging / "ontology").mkdir()
        for path in [*ontology_files(ontology_dir), ontology_dir / "shapes.ttl"]:
            shutil.copyfile(path, staging / "ontology" / path.name)

    replace_dir(out, fill)
