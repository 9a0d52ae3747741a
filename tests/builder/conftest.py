"""One-row datasets for the mapping: written as CSV to tmp_path and read by the real loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF

from kg.config import PREFIXES, VOCAB
from kg.curate.load import load_dataset
from kg.curate.records import Dataset
from kg.rdf.vocab import Vocabulary, load_ontology, vocabulary_from

SOURCES = (
    "id,title,url,publisher,published,retrieved,licence,note",
    "s1,A page,https://example.org/a,Example,,,,",
    "s2,Another page,https://example.org/b,Example,,,,",
)


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return vocabulary_from(load_ontology())


@pytest.fixture
def dataset(tmp_path, vocab):
    """dataset(places="id,name,...\\nrow", ...) → the checked Dataset of the tables given,
    each as CSV text; sources.csv, unless given, holds sources s1 and s2."""

    def load(**tables: str) -> Dataset:
        folder = tmp_path / "data"
        folder.mkdir(exist_ok=True)
        tables.setdefault("sources", "\n".join(SOURCES))
        for name, text in tables.items():
            (folder / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8")
        return load_dataset(Path(folder), vocab)

    return load


def nt(*triples: tuple[str, str, str]) -> set[str]:
    """N-Triples lines from (s, p, o) in short form: `prefix:local` is an IRI by the
    project's prefixes, rdf: and vocab: (`id:` is the default base), `a` is rdf:type;
    `<…>` IRIs and `"…"` literals stay as they are."""
    return {" ".join(_term(t) for t in triple) + " ." for triple in triples}


_NAMESPACES = PREFIXES | {"rdf": str(RDF), "vocab": VOCAB}


def _term(text: str) -> str:
    if text == "a":
        return f"<{RDF.type}>"
    if text.startswith(("<", '"')):
        return text
    prefix, local = text.split(":", 1)
    return f"<{_NAMESPACES[prefix]}{local}>"
