"""A SPARQL endpoint that answers like the embedded store, so the network views and the
site can read a remote graph through the same code."""

from __future__ import annotations

import pyoxigraph as ox

from kg.query.engines import run_on_endpoint

__all__ = ["EndpointStore"]


class _Solutions:
    def __init__(self, variables: list[str], rows: list[dict]):
        self.variables = [ox.Variable(name) for name in variables]
        self._rows = [tuple(row[name] for name in variables) for row in rows]

    def __iter__(self):
        return iter(self._rows)


class EndpointStore:
    """`store.query(text)` over the SPARQL 1.1 Protocol, for SELECT queries.

    >>> from kg.networks import collaboration_graph
    >>> collaboration_graph(EndpointStore("http://127.0.0.1:7878/query"))  # doctest: +SKIP
    """

    def __init__(self, endpoint: str, timeout: float = 60):
        self.endpoint, self.timeout = endpoint, timeout

    def query(self, text: str) -> _Solutions:
        results = run_on_endpoint(self.endpoint, text, self.timeout)
        return _Solutions(results.variables, results.rows)
