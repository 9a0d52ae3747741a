"""The ontology: reuse, bilingual labels and definitions, required vocabularies, shapes."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg.builder.report import SH
from kg.config import ONTOLOGY_DIR, SLS
from kg.rdf.vocab import load_ontology, vocabulary_from

REQUIRED_ROLES = {
    "founder",
    "founding-member",
    "signatory",
    "coordinator",
    "managing-director",
    "ceo",
    "owner",
    "board-chair",
    "deputy-chair",
    "treasurer",
    "board-member",
    "institute-director",
    "speaker",
    "member",
}
REQUIRED_KINDS = {
    "company",
    "research-institute",
    "university",
    "hospital",
    "public-body",
    "association",
    "cluster",
    "cluster-management-company",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def test_required_roles_and_kinds(ontology):
    vocab = vocabulary_from(ontology)
    assert set(vocab.codes["role"]) >= REQUIRED_ROLES
    assert set(vocab.codes["org-kind"]) >= REQUIRED_KINDS
    assert vocab.codes["sector"]


def test_every_term_has_english_and_german_label_and_definition(ontology):
    terms = (
        set(ontology.subjects(RDFS.isDefinedBy, None))
        | set(ontology.subjects(RDF.type, SKOS.Concept))
        | set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    )
    assert len(terms) > 80
    for term in terms:
        labels = {
            lit.language for p in (RDFS.label, SKOS.prefLabel) for lit in ontology.objects(term, p)
        }
        definitions = {lit.language for lit in ontology.objects(term, SKOS.definition)}
        assert {"en", "de"} <= labels, term
        assert {"en", "de"} <= definitions, term


def test_reuses_standard_vocabularies(ontology):
    used = {str(o) for o in ontology.objects(None, RDFS.subClassOf)}
    for namespace in (
        "http://www.w3.org/ns/org#",
        "https://schema.org/",
        "http://www.w3.org/ns/prov#",
    ):
        assert any(u.startswith(namespace) for u in used), namespace
    assert (
        SLS.Cluster,
        RDFS.subClassOf,
        URIRef("http://www.w3.org/ns/org#OrganizationalCollaboration"),
    ) in ontology


def test_every_node_of_the_data_has_a_shape(built):
    """Each typed data node has at least one type that a SHACL shape targets."""
    data = Graph().parse(built / "kg.nt")
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    targeted = set(shapes.objects(None, SH.targetClass))
    base = "https://w3id.org/saxony-lifescience/id/"
    nodes = {s for s in data.subjects(RDF.type, None) if str(s).startswith(base)}
    assert len(nodes) > 200
    unshaped = {n for n in nodes if not set(data.objects(n, RDF.type)) & targeted}
    assert not unshaped, sorted(unshaped)[:5]
