"""The ontology reference page: every class, property, concept scheme and concept of
`ontology/`, with English and German labels and definitions, generated from the Turtle."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg.rdf import terms
from kg.rdf.vocab import load_ontology
from kg.site.html import esc, page

__all__ = ["SECTIONS", "anchor", "curie", "ontology_page"]

SECTIONS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Concept schemes", SKOS.ConceptScheme),
)


def curie(iri: URIRef) -> str:
    text = str(iri)
    short = terms.curie(text)
    if short:
        return short
    for scheme in ("relation-type", "measure", "event-kind", "identifier-scheme"):
        marker = f"/vocab/{scheme}/"
        if marker in text:
            return f"{scheme}:{text.split(marker, 1)[1]}"
    return text


def anchor(iri: URIRef) -> str:
    return curie(iri).replace(":", "-").replace("/", "-")


def _text(graph: Graph, term: URIRef, prop: URIRef, lang: str) -> str:
    return next(
        (str(o) for o in graph.objects(term, prop) if getattr(o, "language", None) == lang), ""
    )


def _row(graph: Graph, term: URIRef) -> str:
    label = SKOS.prefLabel if (term, RDF.type, SKOS.Concept) in graph else RDFS.label
    extra = []
    for prop, name in (
        (RDFS.subClassOf, "subclass of"),
        (RDFS.domain, "domain"),
        (RDFS.range, "range"),
        (SKOS.broader, "broader"),
        (SKOS.notation, "code in the tables"),
    ):
        values = sorted(
            curie(o) if isinstance(o, URIRef) else str(o) for o in graph.objects(term, prop)
        )
        if values:
            extra.append(f"{name}: {', '.join(values)}")
    return (
        f'<tr id="{esc(anchor(term))}"><td><code>{esc(curie(term))}</code></td>'
        f"<td>{esc(_text(graph, term, label, 'en'))}<br><span class='muted'>"
        f"{esc(_text(graph, term, label, 'de'))}</span></td>"
        f"<td>{esc(_text(graph, term, SKOS.definition, 'en'))}<br><span class='muted'>"
        f"{esc(_text(graph, term, SKOS.definition, 'de'))}</span></td>"
        f"<td class='muted'>{esc('; '.join(extra))}</td></tr>"
    )


def _table(graph: Graph, terms: list[URIRef]) -> str:
    head = "<tr><th>Term</th><th>Label (en / de)</th><th>Definition (en / de)</th><th></th></tr>"
    return f"<table>{head}{''.join(_row(graph, t) for t in terms)}</table>"


def ontology_page(graph: Graph | None = None) -> str:
    """The whole reference page as HTML (links to the rest of the site from the root)."""
    graph = graph or load_ontology()
    defined = set(graph.subjects(RDFS.isDefinedBy, None))
    parts = [
        "<h1>Ontology reference</h1><p>The terms this knowledge graph adds to W3C ORG, "
        "FOAF, PROV-O, schema.org, OWL-Time and SKOS, and its controlled vocabularies. "
        "Generated from <code>ontology/*.ttl</code>.</p>"
    ]
    for title, kind in SECTIONS:
        terms = sorted(
            t
            for t in graph.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and (t in defined or kind == SKOS.ConceptScheme)
        )
        parts.append(f"<h2>{title} ({len(terms)})</h2>{_table(graph, terms)}")
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = sorted(c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))
        name = _text(graph, scheme, SKOS.prefLabel, "en") or curie(scheme)
        parts.append(f"<h2>{esc(name)} ({len(concepts)})</h2>{_table(graph, concepts)}")
    return page("Ontology reference", "\n".join(parts))
