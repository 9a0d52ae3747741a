"""The build: outputs, determinism, IRIs, atomic replacement."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic

from kg.builder.pipeline import build
from kg.config import DEFAULT_BASE_IRI
from tests.conftest import tree_digest
from tests.paths import DATA_DIR


def test_build_writes_every_output(built):
    for name in (
        "kg.nt",
        "kg.ttl",
        "kg.jsonld",
        "ontology/sls.ttl",
        "ontology/shapes.ttl",
        "ontology/vocabularies.ttl",
    ):
        assert (built / name).stat().st_size > 0, name


def test_outputs_hold_the_same_graph(built):
    nt = Graph().parse(built / "kg.nt")
    assert len(nt) > 2000
    assert isomorphic(nt, Graph().parse(built / "kg.ttl"))
    assert isomorphic(nt, Graph().parse(built / "kg.jsonld", format="json-ld"))


def test_ntriples_are_sorted_one_triple_a_line(built):
    lines = (built / "kg.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines))
    store = pyoxigraph.Store()
    store.load(path=str(built / "kg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(store) == len(lines)


def test_two_builds_are_byte_identical(tmp_path, built):
    """Golden test: a rebuild in another process, with another hash seed, is identical."""
    other = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", "--out", str(other), "-q"], check=True, env=env
    )
    # the on-disk store is RocksDB's files, not byte-identical: its content is compared below
    assert tree_digest(other, skip=("store",)) == tree_digest(built, skip=("store",))
    assert set(tree_digest(other)) - set(tree_digest(other, skip=("store",)))


def test_the_on_disk_store_holds_kg_nt(built):
    disk = pyoxigraph.Store.read_only(str(built / "store"))
    memory = pyoxigraph.Store()
    memory.load(path=str(built / "kg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(disk) == len(memory) > 2000
    assert set(disk) == set(memory)


def test_no_blank_nodes_and_iris_under_the_base(built):
    graph = Graph().parse(built / "kg.nt")
    nodes = {n for triple in graph for n in triple}
    assert not any(isinstance(n, BNode) for n in nodes)
    assert URIRef(DEFAULT_BASE_IRI + "org/nuklid") in nodes
    assert URIRef(DEFAULT_BASE_IRI + "person/marco-mueller") in nodes


def test_base_iri_is_configurable(tmp_path):
    out = tmp_path / "b"
    build(DATA_DIR, out, base="https://example.org/kg")
    text = (out / "kg.nt").read_text(encoding="utf-8")
    assert "<https://example.org/kg/org/nuklid>" in text
    assert DEFAULT_BASE_IRI not in text


def test_base_iri_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_BASE_IRI", "https://example.net/x/")
    out = tmp_path / "b"
    build(DATA_DIR, out)
    assert "<https://example.net/x/person/klaus-kopka>" in (out / "kg.nt").read_text()


def test_rebuild_replaces_output_and_leaves_no_staging(tmp_path):
    out = tmp_path / "out"
    build(DATA_DIR, out)
    (out / "stale.txt").write_text("from an older build")
    build(DATA_DIR, out)
    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_every_fact_node_cites_a_source(built):
    graph = Graph().parse(built / "kg.nt")
    query = """
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX schema: <https://schema.org/>
    PREFIX sls: <https://w3id.org/saxony-lifescience/ontology#>
    SELECT ?s WHERE {
      VALUES ?class { org:Organization org:Membership schema:Event sls:OrganisationRelation
                      org:ChangeEvent sls:Participation foaf:Person }
      ?s a ?class .
      FILTER NOT EXISTS { ?s prov:wasDerivedFrom|dcterms:source ?src . ?src a sls:Source ;
                             schema:url ?url ; <http://purl.org/dc/terms/publisher> ?pub }
    }"""
    assert list(graph.query(query, initNs={"foaf": "http://xmlns.com/foaf/0.1/"})) == []
