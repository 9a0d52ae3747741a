"""The names of the files and folders a build folder holds, in one place.

`kg build` writes them; `kg query`, `kg serve`, `kg publish`, releases and the API read them.
"""

from __future__ import annotations

__all__ = ["ANSWERS_DIR", "KG_JSONLD", "KG_NT", "KG_TTL", "ONTOLOGY_DIR", "STAMP", "STORE_DIR"]

KG_NT = "kg.nt"
"""The graph, sorted N-Triples, one triple a line: the build's primary output."""
KG_TTL = "kg.ttl"
KG_JSONLD = "kg.jsonld"
STORE_DIR = "store"
"""The on-disk Oxigraph store of the same triples."""
STAMP = "SOURCE.sha256"
"""In a store folder: the sha256 of the kg.nt it holds (a store is reloaded when it differs)."""
ANSWERS_DIR = "answers"
"""Answers to the whole-graph catalogue queries, precomputed by the build (kg.query.answers)."""
ONTOLOGY_DIR = "ontology"
"""A copy of the ontology, vocabularies and shapes the graph was built and checked with."""
