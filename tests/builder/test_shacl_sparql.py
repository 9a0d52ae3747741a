"""The shapes compiled to SPARQL find what pySHACL finds: on the curated graph and on broken
variants of it, one per kind of constraint the shapes use."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from kg.builder.report import SH, short
from kg.builder.shacl_sparql import UnsupportedShape, compile_shapes, validate_store
from kg.builder.validate import load_shapes, validate_graph
from kg.config import ONTOLOGY_DIR

ID = "https://w3id.org/saxony-lifescience/id/"
NUKLID = f"<{ID}org/nuklid>"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _drop(pattern: str):
    return lambda lines: [ln for ln in lines if not re.search(pattern, ln)]


def _add(*extra: str):
    return lambda lines: [*lines, *extra]


def _sub(pattern: str, replacement: str):
    return lambda lines: [re.sub(pattern, replacement, ln) for ln in lines]


MUTATIONS = {
    "minCount (label)": _drop(rf"^{re.escape(NUKLID)} <[^>]*rdf-schema#label>"),
    "minCount (source)": _drop(rf"^{re.escape(NUKLID)} <[^>]*wasDerivedFrom>"),
    "maxCount": _add(f'{NUKLID} <http://www.w3.org/2004/02/skos/core#prefLabel> "Zweitname" .'),
    "datatype": _add(
        f'{NUKLID} <https://schema.org/foundingDate> "2020-01-01T10:00:00"^^<{XSD}dateTime> .'
    ),
    "class": _sub(r"(org#organization> <)https://w3id.org/", r"\1https://example.org/"),
    "sh:not pattern (title in name)": _sub(r'(foaf/0\.1/name> ")', r"\1Dr. "),
    "sh:in (honorific)": _sub(r'(honorificPrefix> )"[^"]*"', r'\1"Herr"'),
    "maxInclusive (share)": _sub(r'(share> )"[0-9.]+"', r'\1"150.0"'),
    "pattern (url)": _sub(r"(schema\.org/url> <)https", r"\1ftp"),
    "nodeKind": _add(f'{NUKLID} <http://xmlns.com/foaf/0.1/homepage> "not an IRI" .'),
    "sh:or (agent)": _sub(r"(org#member> <)https://w3id.org/", r"\1https://example.org/"),
    "sh:xone (instant)": lambda lines: [
        *lines,
        *[
            ln.replace("inXSDDate>", "inXSDgYear>").split(' "')[0] + f' "2001"^^<{XSD}gYear> .'
            for ln in lines
            if "inXSDDate>" in ln
        ][:2],
    ],
    "uniqueLang": _add(
        "<https://w3id.org/saxony-lifescience/ontology#Source> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Zweite Quelle"@de .'
    ),
    "languageIn": _add(
        "<https://w3id.org/saxony-lifescience/ontology#Source> "
        '<http://www.w3.org/2004/02/skos/core#definition> "une source"@fr .'
    ),
    "minLength": _sub(r'^(<[^>]*/source/[^>]*> <[^>]*rdf-schema#label> )"[^"\\]*" \.$', r'\1"" .'),
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(ONTOLOGY_DIR)


@pytest.fixture(scope="module")
def lines(built) -> list[str]:
    return (built / "kg.nt").read_text(encoding="utf-8").splitlines()


def store_of(text: str) -> ox.Store:
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def pyshacl_focus_nodes(text: str, shapes: Graph) -> set[str]:
    graph = Graph().parse(data=text, format="nt")
    from pyshacl import validate

    _, report, _ = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    focus: set[Node] = {
        report.value(r, SH.focusNode) for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    return {short(f) for f in focus}


def test_the_curated_graph_conforms_under_both(lines, shapes):
    text = "\n".join(lines) + "\n"
    assert validate_store(store_of(text), shapes) == []
    assert validate_graph(Graph().parse(data=text, format="nt"), shapes) == []


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_same_focus_nodes_as_pyshacl(name, lines, shapes):
    broken = MUTATIONS[name](lines)
    assert broken != lines, f"the mutation {name!r} changed nothing"
    text = "\n".join(broken) + "\n"
    ours = validate_store(store_of(text), shapes)
    assert ours, f"{name}: no violation found"
    theirs = pyshacl_focus_nodes(text, shapes)
    # pySHACL also reports the nested results of sh:node and sh:or, whose focus is the
    # offending value itself; we report the node that holds the value, with the value.
    assert {v.focus for v in ours} <= theirs
    assert theirs <= {v.focus for v in ours} | {v.value for v in ours}


def test_violations_name_path_value_and_message(lines, shapes):
    text = "\n".join(MUTATIONS["maxInclusive (share)"](lines)) + "\n"
    violation = validate_store(store_of(text), shapes)[0]
    assert violation.path == "sls:share"
    assert violation.value.strip("'") in ("150", "150.0")
    assert "percentage" in violation.message and violation.severity == "Violation"


def test_unsupported_features_are_errors_not_skipped():
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="closed"):
        compile_shapes(shapes)


def test_sequence_paths_are_refused():
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="sh:path"):
        compile_shapes(shapes)


def test_subclass_instances_are_targets(shapes):
    """sh:targetClass reaches instances of subclasses through rdfs:subClassOf in the data."""
    text = (
        f"<{ID}org/x> <{RDF.type}> <https://example.org/Lab> .\n"
        f"<https://example.org/Lab> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
        f"<http://www.w3.org/ns/org#Organization> .\n"
    )
    focus = {v.focus for v in validate_store(store_of(text), shapes)}
    assert focus == {short(URIRef(f"{ID}org/x"))} == pyshacl_focus_nodes(text, shapes)


def test_counts_agree_with_pyshacl(lines, shapes, run, tmp_path):
    """`kg validate`, with either engine, counts the violations as pySHACL itself does: one per
    result of its report, whose sh:detail results (a failed sh:node) are not counted again."""
    event = f"<{ID}event/biosaxony-founding>"
    broken = _drop(rf"^{re.escape(NUKLID)} <[^>]*(wasDerivedFrom|rdf-schema#label)>")(lines)
    broken = _drop(rf"^<{ID}membership/marco-mueller/[^>]*> <[^>]*#role>")(broken)
    broken = _drop(rf"^{re.escape(event)} <http://purl.org/dc/terms/source>")(broken)
    broken = _add(
        f"{event} <http://www.w3.org/ns/prov#wasDerivedFrom> <{ID}source/x> .",
        # two constraints of one node shape (shp:Labelled) fail on one node: one result
        f'<{ID}org/abx> <http://www.w3.org/2000/01/rdf-schema#label> "" .',
    )(broken)
    text = "\n".join(broken) + "\n"
    from pyshacl import validate

    _, report, report_text = validate(
        Graph().parse(data=text, format="nt"),
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
    )
    theirs = len(list(report.objects(None, SH.result)))
    assert f"Results ({theirs}):" in report_text
    nested = len(set(report.subjects(RDF.type, SH.ValidationResult)))
    assert nested > theirs  # the case that was counted wrong
    assert len(validate_graph(Graph().parse(data=text, format="nt"), shapes)) == theirs
    assert len(validate_store(store_of(text), shapes)) == theirs
    path = tmp_path / "broken.nt"
    path.write_text(text, encoding="utf-8")
    for engine in ("pyshacl", "sparql"):
        result = run("validate", "--engine", engine, str(path))
        assert result.exit_code == 1
        assert f"{theirs} violation(s)" in result.stderr, engine
