"""kg.builder.validate and kg.builder.shacl_sparql on shapes of one constraint each: the
SPARQL compiler reports what pySHACL (the reference engine) reports, on graphs of a few
triples where `ex:bad` breaks the constraint and `ex:good` keeps it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.builder.report import Violation
from kg.builder.shacl_sparql import UnsupportedShape, compile_shapes, validate_store
from kg.builder.validate import check_file, validate_graph

PREFIXES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://kg.example/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# name: (shape body on ex:S, data in Turtle)
CASES = {
    "minCount": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 1 ]",
        "ex:good a ex:T ; ex:p 1 . ex:bad a ex:T .",
    ),
    "minCount 2": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 2 ]",
        "ex:good a ex:T ; ex:p 1, 2 . ex:bad a ex:T ; ex:p 1 .",
    ),
    "maxCount": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:maxCount 1 ]",
        "ex:good a ex:T ; ex:p 1 . ex:bad a ex:T ; ex:p 1, 2 .",
    ),
    "maxCount 0": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:maxCount 0 ]",
        "ex:good a ex:T . ex:bad a ex:T ; ex:p 1, 2 .",
    ),
    "maxCount 2": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:maxCount 2 ]",
        "ex:good a ex:T ; ex:p 1, 2 . ex:bad a ex:T ; ex:p 1, 2, 3 .",
    ),
    "datatype": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:datatype xsd:date ]",
        'ex:good a ex:T ; ex:p "2014-05-10"^^xsd:date . ex:bad a ex:T ; ex:p "2014" .',
    ),
    "class, by subclass": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:class ex:C ]",
        "ex:D rdfs:subClassOf ex:C . ex:c a ex:D . ex:x a ex:E ."
        " ex:good a ex:T ; ex:p ex:c . ex:bad a ex:T ; ex:p ex:x .",
    ),
    "nodeKind": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ]",
        'ex:good a ex:T ; ex:p ex:x . ex:bad a ex:T ; ex:p "ex:x" .',
    ),
    "pattern": (
        'sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:pattern "^https://" ]',
        'ex:good a ex:T ; ex:p <https://a.example> . ex:bad a ex:T ; ex:p "ftp://a" .',
    ),
    "pattern with flags": (
        'sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:pattern "^dr" ; sh:flags "i" ]',
        'ex:good a ex:T ; ex:p "Dr. X" . ex:bad a ex:T ; ex:p "X" .',
    ),
    "minLength": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minLength 1 ]",
        'ex:good a ex:T ; ex:p "a" . ex:bad a ex:T ; ex:p "" .',
    ),
    "maxLength": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:maxLength 2 ]",
        'ex:good a ex:T ; ex:p "ab" . ex:bad a ex:T ; ex:p "abc" .',
    ),
    "min and max inclusive": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minInclusive 0 ;"
        " sh:maxInclusive 100 ]",
        "ex:good a ex:T ; ex:p 0, 100 . ex:bad a ex:T ; ex:p 100.5 .",
    ),
    "exclusive": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minExclusive 0 ;"
        " sh:maxExclusive 10 ]",
        "ex:good a ex:T ; ex:p 5 . ex:bad a ex:T ; ex:p 0 .",
    ),
    "in": (
        'sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:in ( "Dr." "Prof." ) ]',
        'ex:good a ex:T ; ex:p "Prof." . ex:bad a ex:T ; ex:p "Herr" .',
    ),
    "languageIn": (
        'sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:languageIn ( "de" "en" ) ]',
        'ex:good a ex:T ; ex:p "x"@de-AT . ex:bad a ex:T ; ex:p "x"@fr .',
    ),
    "uniqueLang": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:uniqueLang true ]",
        'ex:good a ex:T ; ex:p "a"@de, "a"@en, "b" . ex:bad a ex:T ; ex:p "a"@de, "b"@de .',
    ),
    "or": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ;"
        " sh:or ( [ sh:datatype xsd:gYear ] [ sh:datatype xsd:date ] ) ]",
        'ex:good a ex:T ; ex:p "2014"^^xsd:gYear . ex:bad a ex:T ; ex:p "2014" .',
    ),
    "xone": (
        "sh:targetClass ex:T ; sh:xone ( [ sh:path ex:p ; sh:minCount 1 ]"
        " [ sh:path ex:q ; sh:minCount 1 ] )",
        "ex:good a ex:T ; ex:p 1 . ex:bad a ex:T ; ex:p 1 ; ex:q 1 .",
    ),
    "not": (
        'sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:not [ sh:pattern "Dr\\\\." ] ]',
        'ex:good a ex:T ; ex:p "Anna" . ex:bad a ex:T ; ex:p "Dr. Anna" .',
    ),
    "node": (
        "sh:targetClass ex:T ; sh:node ex:Named",
        "ex:good a ex:T ; rdfs:label 'g' . ex:bad a ex:T .",
    ),
    "qualifiedMinCount": (
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ;"
        " sh:qualifiedValueShape [ sh:class ex:Source ] ]",
        "ex:s a ex:Source . ex:good a ex:T ; ex:p ex:s . ex:bad a ex:T ; ex:p ex:x .",
    ),
    "targetSubjectsOf": (
        "sh:targetSubjectsOf ex:r ; sh:property [ sh:path ex:p ; sh:minCount 1 ]",
        "ex:good ex:r 1 ; ex:p 1 . ex:bad ex:r 1 . ex:other ex:s 1 .",
    ),
    "targetObjectsOf": (
        "sh:targetObjectsOf ex:r ; sh:property [ sh:path ex:p ; sh:minCount 1 ]",
        "ex:x ex:r ex:good, ex:bad . ex:good ex:p 1 .",
    ),
    "targetNode": (
        "sh:targetNode ex:bad, ex:good ; sh:property [ sh:path ex:p ; sh:minCount 1 ]",
        "ex:good ex:p 1 .",
    ),
}

NAMED = "ex:Named a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .\n"


def shapes_of(body: str) -> Graph:
    return Graph().parse(data=f"{PREFIXES}{NAMED}ex:S a sh:NodeShape ; {body} .", format="turtle")


def store_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("name", CASES)
def test_both_engines_find_the_one_bad_node(name):
    body, data = CASES[name]
    shapes = shapes_of(body)
    graph = Graph().parse(data=PREFIXES + data, format="turtle")
    by_sparql = validate_store(store_of(graph), shapes)
    by_pyshacl = validate_graph(graph, shapes)
    assert {v.focus for v in by_sparql} == {"<http://kg.example/bad>"}
    assert [(v.focus, v.path, v.severity) for v in by_sparql] == [
        (v.focus, v.path, v.severity) for v in by_pyshacl
    ]


def test_messages_severity_and_value_are_reported():
    shapes = shapes_of(
        "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:datatype xsd:date ;"
        ' sh:severity sh:Warning ; sh:message "a date, please" ]'
    )
    graph = Graph().parse(data=PREFIXES + 'ex:bad a ex:T ; ex:p "2014" .', format="turtle")
    expected = Violation(
        "<http://kg.example/bad>", "<http://kg.example/p>", "a date, please", "'2014'", "Warning"
    )
    assert validate_store(store_of(graph), shapes) == [expected]
    assert validate_graph(graph, shapes) == [expected]


def test_a_deactivated_shape_checks_nothing():
    shapes = shapes_of(
        "sh:targetClass ex:T ; sh:deactivated true ; sh:property [ sh:path ex:p ; sh:minCount 1 ]"
    )
    graph = Graph().parse(data=PREFIXES + "ex:bad a ex:T .", format="turtle")
    assert validate_store(store_of(graph), shapes) == validate_graph(graph, shapes) == []


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            "sh:targetClass ex:T ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ]",
            "only single-IRI sh:path",
        ),
        ("sh:targetClass ex:T ; sh:closed true", "shacl#closed> is not supported"),
        ("sh:targetClass ex:T ; ex:note 1", "unknown predicate"),
        (
            "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:qualifiedMaxCount 1 ;"
            " sh:qualifiedValueShape [ sh:class ex:C ] ]",
            "only sh:qualifiedMinCount",
        ),
    ],
    ids=["sequence-path", "closed", "unknown-predicate", "qualified-max"],
)
def test_what_the_compiler_cannot_translate_is_an_error(body, error):
    with pytest.raises(UnsupportedShape, match=error):
        compile_shapes(shapes_of(body))


# -- check_file: what `kg validate` runs --------------------------------------------------------

SHAPES = (
    f"{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass ex:T ;"
    " sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n"
)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("suffix", ["nt", "ttl"])
def test_check_file(tmp_path, engine, suffix):
    (tmp_path / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    data = Graph().parse(data=PREFIXES + "ex:bad a ex:T . ex:good a ex:T ; ex:p 1 .", format="ttl")
    path = tmp_path / f"kg.{suffix}"
    path.write_text(data.serialize(format="nt" if suffix == "nt" else "turtle"), encoding="utf-8")
    violations, triples = check_file(path, tmp_path / "shapes.ttl", engine)
    assert triples == 3
    assert [(v.focus, v.path) for v in violations] == [
        ("<http://kg.example/bad>", "<http://kg.example/p>")
    ]


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_check_file_of_a_broken_file_is_a_syntax_error(tmp_path, engine):
    (tmp_path / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    path = tmp_path / "kg.nt"
    path.write_text("<http://kg.example/a> <http://kg.example/p> .\n", encoding="utf-8")
    with pytest.raises(SyntaxError):
        check_file(path, tmp_path / "shapes.ttl", engine)
