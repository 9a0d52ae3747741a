"""The N-Triples writer of kg.builder.mapping: terms, escaping, and sorted, byte-identical
output; every line read back by two parsers gives the value that was written."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import XSD, Graph, Literal, URIRef

from kg.builder.mapping import IRI, Triples, nt_iri, nt_term
from kg.curate.values import PartialDate

S, P = URIRef("http://kg.example/s"), URIRef("http://kg.example/p")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("value", "term"),
    [
        ("plain", '"plain"'),
        ('a "quoted" word', r'"a \"quoted\" word"'),
        ("one\ntwo", r'"one\ntwo"'),
        ("cr\rlf", r'"cr\rlf"'),
        ("tab\there", r'"tab\there"'),
        ("back\\slash", r'"back\\slash"'),
        ("\x00", r'"\u0000"'),
        ("Grüße ✓ 日本", '"Grüße ✓ 日本"'),  # UTF-8 as it is, not \u escapes
        ("", '""'),
        ("https://a.example", '"https://a.example"'),  # text that looks like an IRI stays text
    ],
    ids=["plain", "quotes", "newline", "cr", "tab", "backslash", "nul", "unicode", "empty", "url"],
)
def test_strings(value, term):
    assert nt_term(value) == term
    assert nt_term(Literal(value)) == term
    assert nt_term(Literal(value, datatype=XSD.string)) == term  # xsd:string is implicit


@pytest.mark.parametrize(
    ("value", "term"),
    [
        (Literal("Dresden", lang="de"), '"Dresden"@de'),
        (Literal("Wien", lang="de-AT"), '"Wien"@de-at'),  # tags are case-insensitive: lower case
        (Literal("5", datatype=XSD.integer), f'"5"^^<{XSD_NS}integer>'),
        (Literal("74.9", datatype=XSD.decimal), f'"74.9"^^<{XSD_NS}decimal>'),
        (Literal("2014-05-10", datatype=XSD.date), f'"2014-05-10"^^<{XSD_NS}date>'),
        (Literal("x", datatype=URIRef("http://kg.example/dt")), '"x"^^<http://kg.example/dt>'),
        (True, f'"true"^^<{XSD_NS}boolean>'),
        (False, f'"false"^^<{XSD_NS}boolean>'),
        (350, f'"350"^^<{XSD_NS}integer>'),
        (-3, f'"-3"^^<{XSD_NS}integer>'),
        (PartialDate("2014"), f'"2014"^^<{XSD_NS}gYear>'),
        (PartialDate("2014-05"), f'"2014-05"^^<{XSD_NS}gYearMonth>'),
        (PartialDate("2014-05-10"), f'"2014-05-10"^^<{XSD_NS}date>'),
    ],
    ids=lambda v: None if isinstance(v, str) else repr(v)[:30],
)
def test_typed_and_tagged_literals(value, term):
    assert nt_term(value) == term


@pytest.mark.parametrize(
    "iri", ["http://kg.example/a", "https://kg.example/ü/日本", "urn:isbn:0451450523", "mailto:a@b"]
)
def test_iris(iri):
    assert nt_iri(iri) == f"<{iri}>"
    assert nt_term(URIRef(iri)) == nt_term(IRI(iri)) == f"<{iri}>"


@pytest.mark.parametrize(
    "iri",
    ["", "no scheme", "http://a b", "http://a.example/<x>", 'http://a.example/"', "http://a\n"],
    ids=["empty", "relative", "space", "angle", "quote", "newline"],
)
def test_a_malformed_iri_raises_value_error(iri):
    with pytest.raises(ValueError):
        nt_iri(iri)
    with pytest.raises(ValueError):
        Triples().add((S, P, IRI(iri)))
    with pytest.raises(ValueError):
        Triples().add((IRI(iri), P, "x"))


def test_a_line_is_subject_predicate_object_and_a_dot():
    triples = Triples()
    triples.add((S, P, "x"))
    assert triples.lines == {'<http://kg.example/s> <http://kg.example/p> "x" .'}


TRICKY = [
    'a "quoted" word',
    "one\ntwo\r\nthree",
    "tab\t",
    "back\\slash",
    "\x00\x7f",
    "Grüße 日本 🧬",
    "line\u2028separator",
    "next\x85line",
    " ",
    "",
]


def test_every_value_reads_back_as_written(tmp_path):
    triples = Triples()
    for index, text in enumerate(TRICKY):
        triples.add((IRI(f"http://kg.example/{index}"), P, text))
    triples.add((S, P, Literal("Dresden", lang="de")))
    triples.add((S, P, PartialDate("2014-05")))
    path = tmp_path / "kg.nt"
    triples.write_sorted(path)
    # one triple a line, whatever the values hold
    assert path.read_bytes().count(b"\n") == len(TRICKY) + 2
    parsed = {
        (q.subject.value, q.object.value, getattr(q.object, "language", None))
        for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    }
    expected = {(f"http://kg.example/{i}", t, None) for i, t in enumerate(TRICKY)}
    assert expected | {(str(S), "Dresden", "de"), (str(S), "2014-05", None)} == parsed
    graph = Graph().parse(path, format="nt")
    assert {str(o) for o in graph.objects()} == {*TRICKY, "Dresden", "2014-05"}
    assert (S, P, Literal("2014-05", datatype=XSD.gYearMonth)) in graph


def test_duplicates_are_written_once():
    triples = Triples()
    for _ in range(3):
        triples.add((S, P, "x"))
    triples.add((S, P, Literal("x")))
    triples.add((S, P, Literal("x", datatype=XSD.string)))
    assert len(triples) == 1
    triples.update(['<http://kg.example/s> <http://kg.example/p> "x" .'])
    assert len(triples) == 1


def test_sorted_text_is_sorted_and_ends_with_a_newline():
    triples = Triples()
    for o in ("b", "a", "c"):
        triples.add((S, P, o))
    text = triples.sorted_text()
    assert text.endswith(" .\n") and text.count("\n") == 3
    assert text.splitlines() == sorted(text.splitlines())
    assert Triples().sorted_text() == ""


def test_the_same_triples_give_the_same_bytes_in_any_order(tmp_path):
    values = [*TRICKY, 5, True, PartialDate("2014"), Literal("x", lang="en"), URIRef("http://a/")]
    first, second = Triples(), Triples()
    for value in values:
        first.add((S, P, value))
    for value in reversed(values):
        second.add((S, P, value))
        second.add((S, P, value))
    assert first.sorted_text() == second.sorted_text()
    first.write_sorted(tmp_path / "one.nt")
    second.write_sorted(tmp_path / "two.nt")
    data = (tmp_path / "one.nt").read_bytes()
    assert data == (tmp_path / "two.nt").read_bytes() == first.sorted_text().encode("utf-8")
    assert b"\r\n" not in data.replace(b"\\r\\n", b"")


def test_lines_sort_by_code_point_which_is_utf8_byte_order(tmp_path):
    triples = Triples()
    for text in ("z", "ä", "Z", "日", "\U0001f9ec", "~"):
        triples.add((S, P, text))
    triples.write_sorted(tmp_path / "kg.nt")
    lines = (tmp_path / "kg.nt").read_bytes().split(b"\n")[:-1]
    assert lines == sorted(lines)
