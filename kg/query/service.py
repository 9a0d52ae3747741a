"""Where a query runs: the one place that chooses between an endpoint, the build's
precomputed answer, its on-disk store, the graph in memory, or an RDF file.

The command line and the Python API both ask a `QueryService`; they differ only in how they
print what it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.config import default_build_dir
from kg.layout import STORE_DIR
from kg.query.answers import has_answer, read_answer
from kg.query.catalogue import NamedQuery
from kg.query.engines import load_graph, run_on_endpoint, run_on_store, sort_concatenations
from kg.query.params import bind_query
from kg.query.remote import EndpointStore
from kg.query.results import Results, concatenated_columns
from kg.rdf.stores import open_store

__all__ = ["QueryService", "run"]


class QueryService:
    """Runs queries on one graph: a build folder (default), an RDF `file`, an open `store`,
    or an `endpoint`.

    On a build, a whole-graph query the build answered (`#+ precompute: true`) is read from
    that answer when its bound text is exactly the one answered; other queries run where
    their `#+ store:` header says (on disk unless heavy), SPARQL text on disk until the graph
    is in memory anyway; `store_mode` ("disk" or "memory") overrides both and skips answers.
    """

    def __init__(
        self,
        build_dir: Path | str | None = None,
        *,
        endpoint: str | None = None,
        file: Path | str | None = None,
        store: ox.Store | None = None,
        store_mode: str | None = None,
        timeout: float = 30,
        base: str | None = None,
    ):
        self.build_dir = Path(build_dir or default_build_dir())
        self.endpoint, self.timeout, self.base = endpoint, timeout, base
        self.store_mode = store_mode
        self.from_build = not (endpoint or file or store is not None)
        self._memory: ox.Store | EndpointStore | None = store
        self._disk: ox.Store | None = None
        if endpoint:
            self._memory = EndpointStore(endpoint, timeout)
        elif file:
            self._memory = load_graph(Path(file))

    @property
    def memory(self) -> ox.Store | EndpointStore:
        """The graph in memory (or the endpoint), loaded from kg.nt on first use."""
        if self._memory is None:
            self._memory = open_store(self.build_dir, "memory")
        return self._memory

    @property
    def loaded(self) -> bool:
        return self._memory is not None

    def disk(self) -> ox.Store | None:
        """The build's on-disk store (opens in milliseconds at any size), if it has one."""
        if self._disk is None and (self.build_dir / STORE_DIR).is_dir():
            self._disk = open_store(self.build_dir, "disk")
        return self._disk

    def bind(
        self, query: str, params: Mapping[str, object] | None, text_allowed: bool = True
    ) -> tuple[NamedQuery | None, str]:
        return bind_query(query, params, self.base, text_allowed=text_allowed)

    def answered(self, named: NamedQuery | None, text: str) -> bool:
        """Whether the build's precomputed answer to exactly this text will be used."""
        return (
            self.from_build
            and self.store_mode is None
            and named is not None
            and has_answer(self.build_dir, named, text)
        )

    def results(
        self, query: str, params: Mapping[str, object] | None = None, text_allowed: bool = True
    ) -> Results:
        """Results of a catalogue name, a .rq file or (with `text_allowed`) SPARQL text."""
        named, text = self.bind(query, params, text_allowed)
        return sort_concatenations(self._run(named, text), concatenated_columns(text))

    def _run(self, named: NamedQuery | None, text: str) -> Results:
        if self.endpoint:
            return run_on_endpoint(self.endpoint, text, self.timeout)
        if self.answered(named, text):
            answer = read_answer(self.build_dir, named, text)
            if answer is not None:
                return answer
        return run_on_store(self.store_for(named), text)

    def store_for(self, named: NamedQuery | None) -> ox.Store | EndpointStore:
        if not self.from_build:
            return self.memory
        mode = self.store_mode or (named.store if named else "disk")
        if mode == "disk" and not self.loaded:
            disk = self.disk()
            if disk is not None:
                return disk
        return self.memory


def run(
    name_or_path: str,
    params: Mapping[str, object] | None = None,
    *,
    build_dir: Path | None = None,
    graph: Path | None = None,
    endpoint: str | None = None,
    store: ox.Store | None = None,
    timeout: float = 30,
    base: str | None = None,
    store_mode: str | None = None,
) -> Results:
    """Run a catalogue query (by name) or a .rq file on the build, a graph file, an open
    store or an endpoint.

    >>> run("cluster-founders", {"cluster": "nuklid"}).rows[0]["founderName"]  # doctest: +SKIP
    """
    service = QueryService(
        build_dir,
        endpoint=endpoint,
        file=graph,
        store=store,
        store_mode=store_mode,
        timeout=timeout,
        base=base,
    )
    return service.results(name_or_path, params, text_allowed=False)
