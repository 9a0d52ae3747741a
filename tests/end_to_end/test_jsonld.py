"""kg.jsonld as JSON-LD users read it: compact, with an @context, classes as @type; framed
by @type with pyld it gives every organisation, and it holds exactly the triples of kg.nt."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from pyld import jsonld

from kg.builder.serialize import jsonld as write_jsonld
from kg.config import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def document(built) -> dict:
    return json.loads((built / "kg.jsonld").read_text(encoding="utf-8"))


def organisations(built) -> set[str]:
    store = ox.Store()
    store.load(path=str(built / "kg.nt"), format=ox.RdfFormat.N_TRIPLES)
    query = "SELECT DISTINCT ?o { ?o a <http://www.w3.org/ns/org#Organization> }"
    return {row["o"].value for row in store.query(query)}


def test_compact_with_a_context_and_types(document):
    context = document["@context"]
    assert {k: context[k] for k in PREFIXES} == PREFIXES
    nodes = document["@graph"]
    assert all(RDF_TYPE not in node for node in nodes)
    company = next(n for n in nodes if n["@id"] == "id:org/abx")
    assert "sls:Company" in company["@type"] and "org:Organization" in company["@type"]
    # IRI-valued properties are terms of the context: their values are plain compact IRIs
    assert context["prov:wasDerivedFrom"]["@type"] == "@id"
    assert all(v.startswith("id:source/") for v in _list(company["prov:wasDerivedFrom"]))


def test_framing_by_type_finds_every_organisation(built, document):
    frame = {"@context": document["@context"], "@type": "org:Organization"}
    framed = jsonld.frame(document, frame)
    found = {node["@id"] for node in jsonld.expand(framed)}  # full IRIs, top level
    expected = organisations(built)
    assert len(expected) > 50
    assert found == expected


def test_the_same_triples_as_ntriples(built, document):
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    theirs = {line for line in quads.splitlines() if line}
    ours = set((built / "kg.nt").read_text(encoding="utf-8").splitlines())
    assert theirs == ours


def test_byte_identical(built):
    written = (built / "kg.jsonld").read_bytes()
    assert write_jsonld(built / "kg.nt") == written == write_jsonld(built / "kg.nt")


def _list(value: object) -> list:
    return value if isinstance(value, list) else [value]
