"""kg.curate.values beyond tests/curate/test_values.py: how values are shown in messages, the
canonical decimal, booleans, ids, web addresses, lists and partial dates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import XSD, Literal

from kg.curate import values as v


def test_shown_quotes_and_cuts():
    assert v.shown("abc") == "'abc'"
    assert v.shown("a\nb") == "'a\\nb'"
    assert v.shown("x" * 80) == repr("x" * 80)
    assert v.shown("x" * 81) == f"{'x' * 80!r}… (81 characters)"
    assert v.shown("abcdef", limit=3) == "'abc'… (6 characters)"


@pytest.mark.parametrize(
    ("text", "lexical"),
    [
        ("100", "100.0"),
        ("74.90", "74.9"),
        ("0.5", "0.5"),
        ("+5", "5.0"),
        ("-0.25", "-0.25"),
        ("1000", "1000.0"),
    ],
)
def test_decimal_literal_is_canonical(text, lexical):
    assert v.decimal_literal(v.parse_decimal(text)) == Literal(lexical, datatype=XSD.decimal)


@pytest.mark.parametrize("text", ["1.", ".5", "1E2", "1" * 31, " 5", "5 %", "0x10"])
def test_decimal_wants_plain_notation(text):
    with pytest.raises(v.ValueProblem, match="not a decimal number"):
        v.parse_decimal(text)


def test_int_is_digits_only():
    assert v.parse_int("007") == 7
    for text in ("3.0", "1e3", "", "+3"):
        with pytest.raises(v.ValueProblem, match="not a whole non-negative number"):
            v.parse_int(text)


@pytest.mark.parametrize(
    ("text", "value"), [("yes", True), ("TRUE", True), ("No", False), ("false", False)]
)
def test_bool(text, value):
    assert v.parse_bool(text) is value


@pytest.mark.parametrize("text", ["y", "1", "ja", ""])
def test_bool_rejects(text):
    with pytest.raises(v.ValueProblem, match="not yes/no"):
        v.parse_bool(text)


@pytest.mark.parametrize("text", ["a", "a1", "hzdr", "abx-cro", "2025-fair"])
def test_ids_accepted(text):
    assert v.parse_id(text) == text


@pytest.mark.parametrize("text", ["-a", "a-", "a--b", "A", "a_b", "ä", "a b", ""])
def test_ids_rejected(text):
    with pytest.raises(v.ValueProblem, match="malformed id"):
        v.parse_id(text)


@pytest.mark.parametrize("text", ["https://a.example", "http://a.example/x?y=1#z"])
def test_urls_accepted(text):
    assert v.parse_url(text) == text


@pytest.mark.parametrize("text", ["http://", "https:// a.example", "ftp://a.example", "a.example"])
def test_urls_rejected(text):
    with pytest.raises(v.ValueProblem, match="not a web address"):
        v.parse_url(text)


def test_list_items_are_stripped():
    assert v.split_list("a | b|c") == ("a", "b", "c")
    assert v.split_list("one") == ("one",)
    for text in ("a|", "|a", "a| |b"):
        with pytest.raises(v.ValueProblem, match="empty item"):
            v.split_list(text)


def test_partial_dates_order_by_text_and_keep_their_literal():
    assert v.parse_date("2014") < v.parse_date("2014-05") < v.parse_date("2014-05-10")
    assert v.parse_date("2024-02-29").literal() == Literal("2024-02-29", datatype=XSD.date)
    assert v.parse_date("2014-05").literal() == Literal("2014-05", datatype=XSD.gYearMonth)
    with pytest.raises(v.ValueProblem, match="malformed date '2023-02-29'"):
        v.parse_date("2023-02-29")


def test_decimal_values_are_exact():
    assert v.parse_decimal("0.1") + v.parse_decimal("0.2") == Decimal("0.3")
