"""The codes a curator may write in the tables, read from the ontology itself.

Roles, sectors, kinds and identifier schemes are defined once, in `ontology/`; the loader
accepts exactly the codes (skos:notation) found there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg.config import ONTOLOGY_DIR, SLS, VOCAB

__all__ = ["LazyVocabulary", "Vocabulary", "load_ontology", "ontology_files", "vocabulary_from"]

# Which superclass marks a class as an organisation kind or a place kind.
_KIND_ROOTS = {
    "org-kind": URIRef("http://www.w3.org/ns/org#Organization"),
    "place-kind": URIRef("https://schema.org/Place"),
}
_SCHEMES = {
    "role": "role",
    "sector": "sector",
    "relation": "relation-type",
    "measure": "measure",
    "event-kind": "event-kind",
    "identifier-scheme": "identifier-scheme",
    "claim": "claim-kind",
}


@dataclass
class Vocabulary:
    codes: dict[str, dict[str, URIRef]] = field(default_factory=dict)
    """vocabulary name → code → IRI (a concept, or a class for kinds)."""
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    iri_templates: dict[str, str] = field(default_factory=dict)
    ancestors: dict[URIRef, tuple[URIRef, ...]] = field(default_factory=dict)
    """class → its superclasses, so outputs state them without a reasoner."""

    def iri(self, vocabulary: str, code: str) -> URIRef:
        return self.codes[vocabulary][code]


def ontology_files(ontology_dir: Path = ONTOLOGY_DIR) -> list[Path]:
    """The ontology's Turtle files, shapes excluded, in a stable order."""
    return sorted(p for p in ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")


def load_ontology(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    graph = Graph()
    for path in ontology_files(ontology_dir):
        graph.parse(path, format="turtle")
    return graph


def _superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = [cls]
    while todo:
        for sup in graph.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup not in seen:
                seen.add(sup)
                todo.append(sup)
    return seen


def _kind_codes(graph: Graph, root: URIRef) -> dict[str, URIRef]:
    codes: dict[str, URIRef] = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        notation = graph.value(cls, SKOS.notation)
        if isinstance(cls, URIRef) and notation is not None and root in _superclasses(graph, cls):
            codes[str(notation)] = cls
    return codes


def _scheme_codes(graph: Graph, scheme: str) -> dict[str, URIRef]:
    scheme_iri = URIRef(VOCAB + scheme)
    return {
        str(graph.value(concept, SKOS.notation)): concept
        for concept in graph.subjects(SKOS.inScheme, scheme_iri)
        if isinstance(concept, URIRef) and graph.value(concept, SKOS.notation) is not None
    }


def vocabulary_from(graph: Graph) -> Vocabulary:
    vocab = Vocabulary()
    for name, root in _KIND_ROOTS.items():
        vocab.codes[name] = _kind_codes(graph, root)
    for name, scheme in _SCHEMES.items():
        vocab.codes[name] = _scheme_codes(graph, scheme)
    for cls in graph.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef):
            vocab.ancestors[cls] = tuple(sorted(_superclasses(graph, cls) - {OWL.Thing}))
    for code, concept in vocab.codes["identifier-scheme"].items():
        if (pattern := graph.value(concept, SLS.pattern)) is not None:
            vocab.patterns[code] = re.compile(str(pattern))
        if (template := graph.value(concept, SLS.iriTemplate)) is not None:
            vocab.iri_templates[code] = str(template)
    return vocab


class LazyVocabulary:
    """The ontology's vocabulary, parsed on first use only: parsing costs a quarter second,
    and most queries have no parameter that needs it."""

    def __getattr__(self, name: str):
        vocabulary = _default_vocabulary()
        return getattr(vocabulary, name)


@cache
def _default_vocabulary() -> Vocabulary:
    return vocabulary_from(load_ontology())
