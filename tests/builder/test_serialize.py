"""kg.builder.serialize on a graph of a few triples: Turtle and JSON-LD hold the same triples
as the N-Triples they are written from, byte-identical on every run; the store is stamped."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld
from rdflib import Graph, Literal, URIRef

from kg.builder.serialize import (
    STAMP,
    STORE,
    Writer,
    jsonld,
    jsonld_context,
    memory_store,
    ntriples_lines,
    sorted_ntriples,
    turtle,
    write_derived,
    write_store,
)
from kg.config import PREFIXES
from kg.errors import BuildError

ID = PREFIXES["id"]
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
NT = f"""\
<{ID}org/a> {TYPE} <http://www.w3.org/ns/org#Organization> .
<{ID}org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@de .
<{ID}org/a> <http://www.w3.org/ns/prov#wasDerivedFrom> <{ID}source/s1> .
<{ID}org/a> <https://schema.org/foundingDate> "2014"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<{ID}org/a> <https://schema.org/name> "A \\"GmbH\\"\\nDresden" .
<{ID}org/a> <https://schema.org/sameAs> <http://www.wikidata.org/entity/Q42> .
<{ID}source/s1> {TYPE} <http://www.w3.org/ns/prov#Entity> .
<{ID}source/s1> {TYPE} <{PREFIXES["sls"]}Source> .
<{ID}source/s1> <https://schema.org/about> "text" .
<{ID}source/s1> <https://schema.org/about> <{ID}org/a> .
"""


def triples_of(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    return {str(q.triple) for q in ox.parse(data, format=fmt)}


NT_TRIPLES = triples_of(NT.encode(), ox.RdfFormat.N_TRIPLES)


def test_turtle_holds_the_same_triples_with_the_project_prefixes():
    data = turtle(NT)
    assert triples_of(data, ox.RdfFormat.TURTLE) == NT_TRIPLES
    text = data.decode("utf-8")
    for prefix, namespace in PREFIXES.items():
        assert f"@prefix {prefix}: <{namespace}> ." in text
    assert "org:Organization" in text and '"2014"^^xsd:gYear' in text


def test_turtle_from_text_bytes_and_a_file_is_the_same(tmp_path):
    source = tmp_path / "kg.nt"
    source.write_text(NT, encoding="utf-8")
    turtle(source, tmp_path / "kg.ttl")
    assert (tmp_path / "kg.ttl").read_bytes() == turtle(NT) == turtle(NT.encode())


def test_jsonld_is_compact_with_a_context():
    document = json.loads(jsonld(NT))
    context = document["@context"]
    assert {k: context[k] for k in PREFIXES} == PREFIXES
    # only the properties whose every value is an IRI become @id-typed terms
    assert context["prov:wasDerivedFrom"] == {
        "@id": "http://www.w3.org/ns/prov#wasDerivedFrom",
        "@type": "@id",
    }
    assert "schema:about" not in context
    assert document["@graph"] == [
        {
            "@id": "id:org/a",
            "@type": "org:Organization",
            "prov:wasDerivedFrom": "id:source/s1",
            "rdfs:label": {"@value": "A", "@language": "de"},
            "schema:foundingDate": {"@value": "2014", "@type": "xsd:gYear"},
            "schema:name": 'A "GmbH"\nDresden',
            "schema:sameAs": "http://www.wikidata.org/entity/Q42",
        },
        {
            "@id": "id:source/s1",
            "@type": ["prov:Entity", "sls:Source"],
            "schema:about": ["text", {"@id": "id:org/a"}],
        },
    ]


def test_jsonld_means_the_same_triples():
    expanded = pyld.to_rdf(json.loads(jsonld(NT)), {"format": "application/n-quads"})
    assert triples_of(expanded.encode(), ox.RdfFormat.N_TRIPLES) == NT_TRIPLES


def test_jsonld_keeps_an_iri_that_would_read_as_a_scheme():
    # "schema:" + "//x" would be read as the absolute IRI schema://x, so it stays whole
    nt = f'<{ID}a> <https://schema.org///x> "v" .\n<{ID}a> <https://schema.org//y> "w" .\n'
    document = json.loads(jsonld(nt))
    assert document["@graph"] == [{"@id": "id:a", "https://schema.org///x": "v", "schema:/y": "w"}]
    expanded = pyld.to_rdf(document, {"format": "application/n-quads"})
    assert triples_of(expanded.encode(), ox.RdfFormat.N_TRIPLES) == triples_of(
        nt.encode(), ox.RdfFormat.N_TRIPLES
    )


def test_jsonld_context_orders_its_terms():
    context = jsonld_context(["https://schema.org/url", "http://www.w3.org/ns/org#member"])
    assert list(context)[: len(PREFIXES)] == sorted(PREFIXES)
    assert list(context)[len(PREFIXES) :] == ["org:member", "schema:url"]


def test_outputs_are_byte_identical_across_processes(tmp_path):
    (tmp_path / "kg.nt").write_text(NT, encoding="utf-8")
    script = (
        "import sys, hashlib; from pathlib import Path; "
        "from kg.builder.serialize import turtle, jsonld; p = Path(sys.argv[1]); "
        "print(hashlib.sha256(turtle(p) + jsonld(p)).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "kg.nt")],
            env=os.environ | {"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    here = hashlib.sha256(turtle(tmp_path / "kg.nt") + jsonld(tmp_path / "kg.nt")).hexdigest()
    assert digests == {here + "\n"}


def test_sorted_ntriples_of_an_rdflib_graph():
    graph = Graph()
    s = URIRef(f"{ID}org/a")
    graph.add((s, URIRef("https://schema.org/name"), Literal("B")))
    graph.add((s, URIRef("https://schema.org/name"), Literal("A", lang="de")))
    assert sorted_ntriples(graph) == (
        f'<{ID}org/a> <https://schema.org/name> "A"@de .\n'
        f'<{ID}org/a> <https://schema.org/name> "B" .\n'
    )


def test_ntriples_lines_of_files_by_extension(tmp_path):
    (tmp_path / "a.nt").write_text(NT, encoding="utf-8")
    (tmp_path / "b.ttl").write_bytes(turtle(NT))
    expected = {line for line in NT_TRIPLES}
    assert {line.removesuffix(" .") for line in ntriples_lines([tmp_path / "a.nt"])} == expected
    assert ntriples_lines([tmp_path / "b.ttl"]) == ntriples_lines([tmp_path / "a.nt"])


def test_memory_store_from_text_bytes_or_file(tmp_path):
    (tmp_path / "kg.nt").write_text(NT, encoding="utf-8")
    for source in (NT, NT.encode(), tmp_path / "kg.nt"):
        assert len(memory_store(source)) == len(NT_TRIPLES)


def test_write_store_is_stamped_with_the_sha256_of_its_source(tmp_path):
    source = tmp_path / "kg.nt"
    source.write_text(NT, encoding="utf-8")
    location = write_store(source, tmp_path / STORE)
    stamp = (location / STAMP).read_text()
    assert stamp == hashlib.sha256(source.read_bytes()).hexdigest()
    assert len(ox.Store.read_only(str(location))) == len(NT_TRIPLES)


def test_write_derived_in_this_process(tmp_path):
    (tmp_path / "kg.nt").write_text(NT, encoding="utf-8")
    Writer(tmp_path, in_process=True).wait()
    assert (tmp_path / "kg.ttl").read_bytes() == turtle(NT)
    assert (tmp_path / "kg.jsonld").read_bytes() == jsonld(NT)
    assert (tmp_path / STORE / STAMP).is_file()
    write_derived(tmp_path)  # again, over the first: the same files
    assert (tmp_path / "kg.ttl").read_bytes() == turtle(NT)


def test_a_failed_writer_process_is_a_build_error(tmp_path):
    writer = Writer(tmp_path)  # no kg.nt in the folder
    with pytest.raises(BuildError, match="writing Turtle, JSON-LD and the store failed"):
        writer.wait()
