"""A data folder of a few rows in tmp_path, and the loader's verdict on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg.curate.load import load_dataset
from kg.errors import DataError
from kg.rdf.vocab import Vocabulary, load_ontology, vocabulary_from

SOURCES = (
    "id,title,url,publisher,published,retrieved,licence,note",
    "s1,A page,https://example.org/a,Example,,,,",
)


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    """The codes of the shipped ontology: the loader accepts exactly these."""
    return vocabulary_from(load_ontology())


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """`data/` holding only sources.csv (source `s1`); the working folder is tmp_path, so
    messages name files as `data/NAME.csv`."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, "sources", *SOURCES)
    return folder


def write(folder: Path, table: str, *lines: str) -> Path:
    """`table`.csv with `lines` (header first), LF-terminated."""
    path = folder / f"{table}.csv"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def problems(data, vocab) -> Callable[[], list[str]]:
    """Loads `data/` and returns every issue as `FILE:LINE:COLUMN: message`, or []."""

    def load() -> list[str]:
        try:
            load_dataset(Path("data"), vocab)
        except DataError as error:
            return [str(issue) for issue in error.issues]
        return []

    return load
