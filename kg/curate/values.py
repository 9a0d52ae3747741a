"""Parsing of single cell values into typed Python values."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from rdflib import XSD, Literal, URIRef

__all__ = [
    "HONORIFICS", "LIST_SEPARATOR", "PartialDate", "SLUG", "TITLE_IN_NAME", "URL", "ValueProblem",
    "decimal_literal", "parse_bool", "parse_date", "parse_decimal", "parse_id", "parse_int",
    "parse_url", "shown", "split_list",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
TITLE_IN_NAME = re.compile(r"(?:^|\s)(?:Dr|Prof|Dipl|PD|Ing)\.?(?:\s|$)")
HONORIFICS = ("Dr.", "Prof.", "Prof. Dr.", "PD Dr.", "Dr. h. c.")
LIST_SEPARATOR = "|"
_TRUE, _FALSE = ("yes", "true"), ("no", "false")


def shown(text: str, limit: int = 80) -> str:
    """`text` quoted for a message, escapes visible and long text cut: a 1 MB cell must not
    become a 1 MB error line, nor a newline in a cell a line that is not FILE:LINE:COLUMN."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text)} characters)"


class ValueProblem(ValueError):
    """A cell value that does not fit its column; the message says why."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (YYYY, YYYY-MM, YYYY-MM-DD)."""

    text: str

    @property
    def datatype(self) -> URIRef:
        return {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(self.text), XSD.date)

    def literal(self) -> Literal:
        return Literal(self.text, datatype=self.datatype)


def parse_date(text: str) -> PartialDate:
    try:
        if re.fullmatch(r"\d{4}", text):
            pass
        elif re.fullmatch(r"\d{4}-\d{2}", text):
            dt.date.fromisoformat(text + "-01")
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            dt.date.fromisoformat(text)
        else:
            raise ValueError
    except ValueError:
        raise ValueProblem(
            f"malformed date {shown(text)}: use YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    return PartialDate(text)


def parse_decimal(text: str) -> Decimal:
    # Plain notation only: Decimal() also takes 1E-99999999, which is in (0, 100] but
    # underflows to 0 when written out.
    if not re.fullmatch(r"[+-]?\d{1,30}(?:\.\d{1,30})?", text):
        raise ValueProblem(f"not a decimal number: {shown(text)} (use a dot: 74.9)")
    return Decimal(text)


def decimal_literal(value: Decimal) -> Literal:
    """xsd:decimal in canonical lexical form (100 → "100.0"), as Turtle writers print it."""
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def parse_int(text: str) -> int:
    if not re.fullmatch(r"\d+", text):
        raise ValueProblem(f"not a whole non-negative number: {shown(text)}")
    return int(text)


def parse_bool(text: str) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueProblem(f"not yes/no: {shown(text)}")


def parse_id(text: str) -> str:
    if not SLUG.match(text):
        raise ValueProblem(
            f"malformed id {shown(text)}: use lowercase letters, digits and single hyphens"
        )
    return text


def parse_url(text: str) -> str:
    if not URL.match(text):
        raise ValueProblem(f"not a web address: {shown(text)} (expected http:// or https://)")
    return text


def split_list(text: str) -> tuple[str, ...]:
    items = tuple(part.strip() for part in text.split(LIST_SEPARATOR))
    if any(not item for item in items):
        raise ValueProblem(f"empty item in list {shown(text)} (separate items with a single '|')")
    return items
