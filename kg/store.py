"""The embedded SPARQL store (pyoxigraph) over a build."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from .config import BUILD_DIR
from .errors import BuildError


def open_store(build_dir: Path = BUILD_DIR) -> pyoxigraph.Store:
    """An in-memory store loaded from `build_dir/kg.nt`.

    >>> store = open_store()                                         # doctest: +SKIP
    >>> next(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))["n"]  # doctest: +SKIP
    """
    path = Path(build_dir) / "kg.nt"
    if not path.is_file():
        raise BuildError(f"{path} not found: run `kg build` first")
    store = pyoxigraph.Store()
    store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store
