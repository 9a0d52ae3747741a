from decimal import Decimal

import pytest
from rdflib import XSD

from kg.curate import values as v


@pytest.mark.parametrize(
    ("text", "datatype"),
    [("2025", XSD.gYear), ("2021-03", XSD.gYearMonth), ("2025-01-16", XSD.date)],
)
def test_dates_keep_their_precision(text, datatype):
    assert v.parse_date(text).datatype == datatype
    assert str(v.parse_date(text).literal()) == text


@pytest.mark.parametrize("text", ["16.01.2025", "2025-13", "2025-02-30", "25", "2025-1-6", ""])
def test_malformed_dates_are_rejected(text):
    with pytest.raises(v.ValueProblem, match="malformed date"):
        v.parse_date(text)


def test_decimal_and_int():
    assert v.parse_decimal("74.9") == Decimal("74.9")
    with pytest.raises(v.ValueProblem):
        v.parse_decimal("74,9")
    with pytest.raises(v.ValueProblem):
        v.parse_decimal("NaN")
    with pytest.raises(v.ValueProblem):
        v.parse_int("-3")


@pytest.mark.parametrize("text", ["Dr. Marco", "Prof. Klaus", "Klaus Prof.", "Dipl.-Ing. X"])
def test_titles_are_found_in_names(text):
    assert v.TITLE_IN_NAME.search(text) or text.startswith("Dipl")


@pytest.mark.parametrize("text", ["Marco", "Müller", "Andrea", "Drewes", "Proffitt"])
def test_plain_names_pass(text):
    assert not v.TITLE_IN_NAME.search(text)


def test_lists_and_ids():
    assert v.split_list("a|b") == ("a", "b")
    with pytest.raises(v.ValueProblem):
        v.split_list("a||b")
    with pytest.raises(v.ValueProblem):
        v.parse_id("Marco Müller")
    with pytest.raises(v.ValueProblem):
        v.parse_url("nuklid.network")
