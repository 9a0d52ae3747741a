"""Write query results: SPARQL 1.1 JSON, CSV and TSV, Markdown, a terminal table, Turtle."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.config import PREFIXES
from kg.rdf.terms import curie

__all__ = [
    "FORMATTERS", "Results", "XSD", "XSD_BOOLEAN", "XSD_STRING", "concatenated_columns",
    "json_term", "plain", "short", "term_from_json", "to_csv", "to_json", "to_markdown",
    "to_tsv", "to_turtle", "tsv_term",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"


def json_term(term: ox.Term) -> dict[str, str]:
    """A term as a SPARQL 1.1 Query Results JSON binding (language as "xml:lang").

    >>> json_term(ox.Literal("Leipzig", language="de"))
    {'type': 'literal', 'value': 'Leipzig', 'xml:lang': 'de'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def to_json(results: Results) -> str:
    """SPARQL 1.1 Query Results JSON, compact, written exactly as Oxigraph writes it (so an
    answer the build saved can be passed through by Oxigraph: kg.query.answers)."""
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if results.form == "ASK":
        return dump({"head": {}, "boolean": results.boolean}) + "\n"
    # one encode call per row: json.dumps of the whole document with indent runs in pure
    # Python, which took 7 s for 170,000 rows
    bindings = ",".join(
        dump({k: json_term(v) for k, v in row.items() if v is not None}) for row in results.rows
    )
    return f'{{"head":{dump({"vars": results.variables})},"results":{{"bindings":[{bindings}]}}}}\n'


def plain(term: ox.Term | None) -> str:
    """A term as SPARQL CSV writes it: IRI or lexical form, blank nodes as _:id."""
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def to_csv(results: Results) -> str:
    """SPARQL 1.1 Query Results CSV (CRLF line ends, as the format says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if results.form == "ASK":
        writer.writerows([["boolean"], [str(results.boolean).lower()]])
        return buffer.getvalue()
    writer.writerow(results.variables)
    writer.writerows([plain(row[v]) for v in results.variables] for row in results.rows)
    return buffer.getvalue()


def to_tsv(results: Results) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax, escaped."""
    if results.form == "ASK":
        return f"?boolean\n{str(results.boolean).lower()}\n"
    lines = ["\t".join(f"?{v}" for v in results.variables)]
    lines += ["\t".join(tsv_term(row[v]) for v in results.variables) for row in results.rows]
    return "\n".join(lines) + "\n"


_SHORT_NUMBERS = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}


def term_from_json(binding: dict) -> ox.Term:
    """A SPARQL 1.1 Query Results JSON binding as a term; the inverse of json_term.

    >>> term_from_json({"type": "literal", "value": "1", "datatype": XSD + "boolean"})
    <Literal value=true datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#boolean>>
    """
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        datatype = binding["datatype"]
        if datatype == XSD_BOOLEAN:  # "1"/"0" (Virtuoso) are valid forms of true/false
            value = {"1": "true", "0": "false"}.get(value, value)
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


def tsv_term(term: ox.Term | None) -> str:
    """A term in N-Triples syntax; numbers and booleans in Turtle's short form where their
    lexical form allows it, as the TSV format permits and Oxigraph writes them."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        pattern = _SHORT_NUMBERS.get(term.datatype.value)
        if pattern is not None and pattern.fullmatch(term.value):
            return term.value
    return str(term)


@functools.lru_cache(maxsize=65536)
def _short_iri(iri: str) -> str:
    return curie(iri, nested=False) or iri


def short(term: ox.Term | None) -> str:
    """IRIs with a known prefix written as prefix:local, for people reading tables."""
    if isinstance(term, ox.NamedNode):
        return _short_iri(term.value)
    return plain(term)


def to_markdown(results: Results) -> str:
    if results.form == "ASK":
        return f"| boolean |\n|---|\n| {str(results.boolean).lower()} |\n"

    def cell(term: ox.Term | None) -> str:
        return short(term).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(results.variables) + " |", "|" + "---|" * len(results.variables)]
    lines += [
        "| " + " | ".join(cell(row[v]) for v in results.variables) + " |" for row in results.rows
    ]
    return "\n".join(lines) + "\n"


def to_turtle(results: Results) -> str:
    return ox.serialize(
        results.triples, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(PREFIXES.items()))
    ).decode("utf-8")


FORMATTERS: dict[str, Callable[[Results], str]] = {
    "csv": to_csv,
    "tsv": to_tsv,
    "json": to_json,
    "md": to_markdown,
}


@dataclass
class Results:
    form: str  # SELECT, ASK or CONSTRUCT
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, ox.Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


_CONCAT = re.compile(
    r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?;\s*separator\s*=\s*(\"[^\"]*\"|'[^']*')\s*\)"
    r"\s*AS\s*[?$](\w+)",
    re.IGNORECASE,
)


def concatenated_columns(text: str) -> dict[str, str]:
    """Columns made by GROUP_CONCAT, with their separators."""
    return {name: separator[1:-1] for separator, name in _CONCAT.findall(text)}
