"""The ontology reference page: every class, property, concept scheme and concept of
`ontology/`, with English and German labels and definitions, generated from the Turtle."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg.rdf import terms
from kg.rdf.vocab import load_ontology
from kg.site.html import esc, page, table
from kg.site.i18n import t

__all__ = ["SECTIONS", "anchor", "curie", "ontology_page"]

SECTIONS = (
    ("onto_classes", OWL.Class),
    ("onto_object_properties", OWL.ObjectProperty),
    ("onto_datatype_properties", OWL.DatatypeProperty),
    ("onto_schemes", SKOS.ConceptScheme),
)
"""Sections of the page: the key of their heading (kg.site.i18n) and the kind of term."""


def curie(iri: URIRef) -> str:
    text = str(iri)
    short = terms.curie(text)
    if short:
        return short
    for scheme in ("relation-type", "measure", "event-kind", "identifier-scheme", "claim-kind"):
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


def _row(graph: Graph, term: URIRef, lang: str = "en") -> list[str]:
    label = SKOS.prefLabel if (term, RDF.type, SKOS.Concept) in graph else RDFS.label
    extra = []
    for prop, key in (
        (RDFS.subClassOf, "onto_subclass_of"),
        (RDFS.domain, "onto_domain"),
        (RDFS.range, "onto_range"),
        (SKOS.broader, "onto_broader"),
        (SKOS.notation, "onto_code"),
    ):
        values = sorted(
            curie(o) if isinstance(o, URIRef) else str(o) for o in graph.objects(term, prop)
        )
        if values:
            extra.append(f"{t(lang, key)}: {', '.join(values)}")
    first, second = ("en", "de") if lang == "en" else ("de", "en")

    def both(prop: URIRef) -> str:
        # the page's language first, the other one under it (marked with its lang)
        return (
            f"{esc(_text(graph, term, prop, first))}<br><span class='muted' lang='{second}'>"
            f"{esc(_text(graph, term, prop, second))}</span>"
        )

    return [
        f'<code id="{esc(anchor(term))}">{esc(curie(term))}</code>',
        both(label),
        both(SKOS.definition),
        f"<span class='muted'>{esc('; '.join(extra))}</span>",
    ]


def _table(graph: Graph, terms: list[URIRef], lang: str = "en") -> str:
    head = (t(lang, "onto_term"), t(lang, "onto_label"), t(lang, "onto_definition"))
    return table((*head, t(lang, "onto_relations")), (_row(graph, x, lang) for x in terms))


def ontology_page(graph: Graph | None = None, lang: str = "en") -> str:
    """The whole reference page as HTML (links to the rest of the site from the root)."""
    graph = graph or load_ontology()
    defined = set(graph.subjects(RDFS.isDefinedBy, None))
    parts = [
        f"<h1>{esc(t(lang, 'onto_title'))}</h1><p>{esc(t(lang, 'onto_intro'))} "
        "(<code>ontology/*.ttl</code>).</p>"
    ]
    for key, kind in SECTIONS:
        terms = sorted(
            t
            for t in graph.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and (t in defined or kind == SKOS.ConceptScheme)
        )
        title = f"{t(lang, key)} ({len(terms)})"
        parts.append(f"<h2>{esc(title)}</h2>{_table(graph, terms, lang)}")
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = sorted(c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))
        name = _text(graph, scheme, SKOS.prefLabel, lang) or curie(scheme)
        parts.append(f"<h2>{esc(name)} ({len(concepts)})</h2>{_table(graph, concepts, lang)}")
    return page(t(lang, "onto_title"), "\n".join(parts), lang=lang, here="ontology.html")
