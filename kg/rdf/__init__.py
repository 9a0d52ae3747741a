"""Shared RDF helpers: the ontology's vocabularies, stores and terms."""

__all__: list[str] = []
