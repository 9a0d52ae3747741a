"""Parameters become RDF terms bound by VALUES; no value can change a query's structure."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.config import DEFAULT_BASE_IRI
from kg.query.catalogue import NamedQuery, Param
from kg.query.engines import run_on_store
from kg.query.params import (
    MAX_VALUE_LENGTH,
    ParamError,
    apply,
    bind,
    bind_query,
    where_position,
)
from kg.rdf.stores import open_store
from kg.rdf.vocab import load_ontology, vocabulary_from

VOCAB = vocabulary_from(load_ontology())
PEOPLE_OF = NamedQuery(
    name="people-of",
    path=None,
    text="""
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?name WHERE {
  ?m org:organization ?organisation ; org:member ?p . ?p foaf:name ?name .
  FILTER(!BOUND(?who) || ?name = ?who)
} ORDER BY ?name""",
    params=(Param("organisation", "org", True), Param("who", "string")),
)
INJECTIONS = [
    'x" } ; DROP ALL ; #',
    "nuklid> } UNION { ?s ?p ?o",
    "x' } UNION { ?s ?p ?o } #",
    "a\n} UNION { ?s ?p ?o",
    '\\" } #',
    "x" * (1024 * 1024),
]


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


def names(store, given):
    text = apply(PEOPLE_OF.text, bind(PEOPLE_OF, given, DEFAULT_BASE_IRI, VOCAB))
    return [row["name"].value for row in run_on_store(store, text).rows]


def test_binding_by_slug(store):
    rows = names(store, {"organisation": "nuklid"})
    assert "Marco Müller" in rows and len(rows) >= 11


def test_string_parameter_filters(store):
    assert names(store, {"organisation": "nuklid", "who": "Klaus Kopka"}) == ["Klaus Kopka"]


@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_injection_as_string_gives_no_rows_or_a_clear_error(store, value):
    try:
        rows = names(store, {"organisation": "nuklid", "who": value})
    except ParamError as error:
        assert "too long" in str(error)
        return
    assert rows == []


@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_injection_as_entity_is_refused(value):
    with pytest.raises(ParamError):
        bind(PEOPLE_OF, {"organisation": value}, DEFAULT_BASE_IRI, VOCAB)


def test_bound_text_keeps_the_query_structure():
    bound = bind(
        PEOPLE_OF, {"organisation": "nuklid", "who": INJECTIONS[0]}, DEFAULT_BASE_IRI, VOCAB
    )
    text = apply(PEOPLE_OF.text, bound)
    assert text.count("UNION") == 0 and "DROP ALL" in text
    # the value sits inside one escaped literal: removing it leaves the original query
    literal = str(ox.Literal(INJECTIONS[0]))
    assert literal in text
    assert text.replace(literal, '"v"').count("{") == PEOPLE_OF.text.count("{") + 1


def test_value_length_limit():
    with pytest.raises(ParamError, match="too long"):
        bind(
            PEOPLE_OF,
            {"organisation": "nuklid", "who": "x" * (MAX_VALUE_LENGTH + 1)},
            DEFAULT_BASE_IRI,
            VOCAB,
        )


def test_unknown_and_missing_parameters():
    with pytest.raises(ParamError, match="unknown parameter 'colour'"):
        bind(PEOPLE_OF, {"organisation": "nuklid", "colour": "red"}, DEFAULT_BASE_IRI, VOCAB)
    with pytest.raises(ParamError, match="needs --param organisation"):
        bind(PEOPLE_OF, {}, DEFAULT_BASE_IRI, VOCAB)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("integer", "42", '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("date", "2025-01-16", '"2025-01-16"^^<http://www.w3.org/2001/XMLSchema#date>'),
        ("org-kind", "company", "<https://w3id.org/saxony-lifescience/ontology#Company>"),
        ("role", "founder", "<https://w3id.org/saxony-lifescience/vocab/role/founder>"),
        ("iri", "https://ror.org/01zy2cs03", "<https://ror.org/01zy2cs03>"),
    ],
)
def test_typed_values(kind, value, expected):
    query = NamedQuery("q", None, "SELECT * WHERE { }", params=(Param("x", kind),))
    assert [str(t) for t in bind(query, {"x": value}, DEFAULT_BASE_IRI, VOCAB)["x"]] == [expected]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("integer", "4 2"),
        ("date", "1.1.2025"),
        ("date", "2025-01"),  # a date parameter names a day: the as-of rule compares days
        ("date", "2025"),
        ("org-kind", "spaceship"),
        ("iri", "not an iri"),
        ("iri", "http://x/<y>"),
    ],
)
def test_bad_typed_values(kind, value):
    query = NamedQuery("q", None, "SELECT * WHERE { }", params=(Param("x", kind),))
    with pytest.raises(ParamError):
        bind(query, {"x": value}, DEFAULT_BASE_IRI, VOCAB)


def test_entity_binds_every_kind_of_id():
    query = NamedQuery("q", None, "SELECT * WHERE { }", params=(Param("e", "entity"),))
    terms = [t.value for t in bind(query, {"e": "hzdr"}, DEFAULT_BASE_IRI, VOCAB)["e"]]
    assert DEFAULT_BASE_IRI + "org/hzdr" in terms and DEFAULT_BASE_IRI + "person/hzdr" in terms


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o }",
        "# a comment with WHERE { braces }\nSELECT * { ?s ?p ?o }",
        'SELECT ("WHERE {" AS ?x) WHERE { ?s ?p ?o }',
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX where: <http://x/>\nASK WHERE { ?s where:p ?o }",
    ],
)
def test_values_go_into_the_where_group(text):
    at = where_position(text)
    assert text[at - 1] == "{"
    assert text[at:].strip().startswith("?s")


# Found by tests/end_to_end/test_fuzz.py: a command-line argument that is not UTF-8 reaches
# Python as lone surrogates, and pyoxigraph raised ValueError with a traceback.
def test_value_that_is_not_utf8_is_refused():
    with pytest.raises(ParamError, match=r"parameter 'who': '\\udcff' is not valid UTF-8"):
        bind(PEOPLE_OF, {"organisation": "nuklid", "who": "\udcff"}, DEFAULT_BASE_IRI, VOCAB)
    with pytest.raises(ParamError, match="not valid UTF-8"):
        bind_query("SELECT ?x WHERE { }", {"x": "a\udcffb"})


def test_kg_query_with_a_non_utf8_argument_exits_1(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", "identifiers", "--build", str(tmp_path)]
        + ["--param", b"scheme=\xff"],  # type: ignore[list-item]  (bytes: a raw argv)
        capture_output=True,
        text=True,
        env=dict(os.environ, LC_ALL="C.UTF-8"),  # argv decoded as UTF-8, surrogateescape
    )
    assert result.returncode == 1
    assert result.stderr == "parameter 'scheme': '\\udcff' is not valid UTF-8 text\n"
