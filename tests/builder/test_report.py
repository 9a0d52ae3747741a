"""kg.builder.report: how a SHACL violation is printed, whichever engine found it."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from kg.builder.report import SH, Violation, short


def test_a_violation_names_severity_focus_path_message_and_value():
    violation = Violation("id:org/a", "schema:name", "Less than 1 values", "'x'", "Violation")
    assert str(violation) == "Violation: id:org/a schema:name: Less than 1 values (value: 'x')"


def test_path_and_value_are_left_out_when_empty():
    assert str(Violation("id:org/a", "", "closed shape", "", "Warning")) == (
        "Warning: id:org/a: closed shape"
    )


def test_violations_sort_by_focus_then_path():
    b = Violation("id:org/b", "", "m", "", "Violation")
    a2 = Violation("id:org/a", "schema:url", "m", "", "Violation")
    a1 = Violation("id:org/a", "schema:name", "m", "", "Violation")
    assert sorted([b, a2, a1]) == [a1, a2, b]


def test_short_gives_compact_iris_and_quoted_literals():
    assert short(None) == ""
    assert short(URIRef("https://w3id.org/saxony-lifescience/id/org/a")) == "id:org/a"
    assert short(SH.Violation) == "<http://www.w3.org/ns/shacl#Violation>"  # no sh: prefix
    assert short(URIRef("http://kg.example/x")) == "<http://kg.example/x>"
    assert short(Literal("Dresden")) == "'Dresden'"
    assert short(Literal("2014", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))) == (
        "'2014'"
    )
    assert short(BNode("b0")) == "'b0'"


def test_short_cuts_long_literals():
    assert short(Literal("x" * 79)) == repr("x" * 79)
    assert short(Literal("x" * 80)) == repr("x" * 77 + "...")
