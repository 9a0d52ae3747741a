"""Sound semantics: the build (ontology, vocabularies, data) together with W3C PROV-O and ORG,
closed under OWL-RL by owlrl, is consistent and still conforms to the shapes.

PROV-O and ORG are the W3C files in tests/resources/ (W3C-VOCABULARIES.md says where they
come from). The closure takes owlrl some 10-20 s on the curated build, so it runs once per
module.
"""

from __future__ import annotations

import re

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from kg.builder.mapping import ACTIVITY_SOURCE, EXTERNAL_MATCH
from kg.builder.shacl_sparql import validate_store
from kg.builder.validate import load_shapes, validate_graph
from kg.config import ONTOLOGY_DIR
from tests.paths import RESOURCES

# owlrl writes each inconsistency it finds as a node of this class with an err:error message.
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OURS = "https://w3id.org/saxony-lifescience/"
# The shapes that check the labels of the ontology's own terms and concepts in English and
# German (TermShape, ConceptShape) also reach the terms of PROV-O and ORG once these are
# loaded; they are W3C's terms, labelled by W3C, and the only nodes allowed to fail.
TERM_PATHS = {"rdfs:label", "skos:definition", "skos:prefLabel", "skos:notation", "skos:inScheme"}


def w3c_vocabularies() -> Graph:
    """PROV-O and ORG, each file's named graph merged into one graph."""
    graph = Graph()
    for name in ("prov.nq", "org.nq"):
        quads = ox.parse(path=str(RESOURCES / name), format=ox.RdfFormat.N_QUADS)
        # one parse per file: both files label their blank nodes _:c14n0, _:c14n1, ...
        graph.parse(data="\n".join(f"{quad.triple} ." for quad in quads), format="nt")
    return graph


def close(graph: Graph) -> tuple[Graph, list[str]]:
    """The OWL-RL closure of `graph` (changed in place) and owlrl's inconsistency messages."""
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    found = list(graph.subjects(RDF.type, ERR.ErrorMessage))
    errors = sorted(str(graph.value(node, ERR.error)) for node in found)
    for node in found:
        graph.remove((node, None, None))
    return graph, errors


def rdf_graph(graph: Graph) -> Graph:
    """`graph` without the generalised triples (a literal as subject) that OWL-RL derives."""
    plain = Graph()
    for triple in graph:
        if not isinstance(triple[0], Literal):
            plain.add(triple)
    return plain


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    return w3c_vocabularies()


@pytest.fixture(scope="module")
def closed(built, vocabularies) -> tuple[Graph, list[str]]:
    graph = Graph().parse(built / "kg.nt", format="nt")
    graph += vocabularies
    return close(graph)


def test_the_w3c_vocabularies_are_the_real_ones(vocabularies):
    """PROV-O's disjointness and ORG's derivation chain are what the other tests rely on."""
    assert (PROV.Activity, URIRef("http://www.w3.org/2002/07/owl#disjointWith"), PROV.Entity) in (
        vocabularies
    )
    assert len(vocabularies) > 2000
    # each file's blank nodes are its own (both files name them _:c14n0, _:c14n1, ...)
    labels = 0
    for name in ("prov.nq", "org.nq"):
        text = (RESOURCES / name).read_text(encoding="utf-8")
        labels += len(set(re.findall(r"(?:^| )(_:[A-Za-z0-9]+) ", text, re.M)))
    nodes = {t for triple in vocabularies for t in triple if isinstance(t, BNode)}
    assert len(nodes) == labels


def test_closure_has_no_inconsistency(closed):
    graph, errors = closed
    assert errors == []
    # the closure did reason: events are activities, sources entities, and nothing is both
    event = URIRef(f"{OURS}id/event/biosaxony-founding")
    assert (event, RDF.type, PROV.Activity) in graph
    assert (event, RDF.type, PROV.Entity) not in graph


def test_closed_graph_conforms_to_the_shapes(closed):
    graph = rdf_graph(closed[0])
    shapes = load_shapes(ONTOLOGY_DIR)
    violations = validate_graph(graph, shapes)
    ours = [v for v in violations if OURS in v.focus or v.focus.startswith(("id:", "sls:"))]
    assert ours == []
    assert {v.path for v in violations} <= TERM_PATHS
    # the compiled shapes agree on the closed graph
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert {v.focus for v in validate_store(store, shapes)} == {v.focus for v in violations}


def test_owl_same_as_would_merge_and_is_not_used(built, closed):
    """No owl:sameAs in the build: memberships keep exactly one organisation under OWL-RL."""
    text = (built / "kg.nt").read_text(encoding="utf-8")
    assert "<http://www.w3.org/2002/07/owl#sameAs>" not in text
    assert f"<{EXTERNAL_MATCH}>" in text
    graph = closed[0]
    org = Namespace("http://www.w3.org/ns/org#")
    for membership in graph.subjects(RDF.type, org.Membership):
        assert len(set(graph.objects(membership, org.organization))) == 1, membership


def test_owl_same_as_merges_memberships(built, vocabularies):
    """Why: with an owl:sameAs to a ROR IRI, OWL-RL gives a membership two organisations."""
    lines = (built / "kg.nt").read_text(encoding="utf-8").splitlines()
    same = "<http://www.w3.org/2002/07/owl#sameAs>"
    org_line = next(ln for ln in lines if f"> <{EXTERNAL_MATCH}> <https://ror.org/" in ln)
    entity = org_line.split(" ", 1)[0]
    kept = [ln for ln in lines if f"<http://www.w3.org/ns/org#organization> {entity}" in ln]
    kept += [ln for ln in lines if ln.startswith(entity)]
    graph = Graph().parse(
        data="\n".join([*kept, org_line.replace(f"<{EXTERNAL_MATCH}>", same)]), format="nt"
    )
    graph += vocabularies
    closed, _ = close(graph)
    org = Namespace("http://www.w3.org/ns/org#")
    membership = next(closed.subjects(org.organization, URIRef(entity.strip("<>"))))
    assert len(set(closed.objects(membership, org.organization))) == 2


def test_activities_cite_with_a_property_that_admits_them(built):
    """Events and renames cite with dcterms:source; nothing else does, nothing is uncited."""
    text = (built / "kg.nt").read_text(encoding="utf-8")
    cited = set(re.findall(rf"^(<[^>]+>) <{re.escape(str(ACTIVITY_SOURCE))}> ", text, re.M))
    assert cited and all(("/event/" in s or "/change/" in s) for s in cited)
    derived = set(re.findall(r"^(<[^>]+>) <http://www.w3.org/ns/prov#wasDerivedFrom> ", text, re.M))
    assert not cited & derived
