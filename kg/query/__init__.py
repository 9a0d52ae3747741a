"""Queries: the catalogue, parameters, engines, answers, the endpoint, publishing.

Named `query`, not `sparql`: `kg.sparql()` is the Python API's function."""

__all__: list[str] = []
