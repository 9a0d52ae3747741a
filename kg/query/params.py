"""Bind query parameters safely: each value becomes one RDF term, bound with VALUES.

Values are never pasted into the query text as text: they are turned into terms (IRI or
typed literal) by pyoxigraph, which validates IRIs and escapes literals, and the terms go
into a VALUES block at the start of the outermost WHERE group. The same bound text runs on
the embedded store and on any SPARQL 1.1 endpoint.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from kg.config import PREFIXES, base_iri
from kg.curate.values import SLUG, ValueProblem, parse_date
from kg.query.catalogue import NamedQuery, Param, catalogue, resolve
from kg.rdf.terms import SEGMENTS
from kg.rdf.vocab import LazyVocabulary, Vocabulary

__all__ = [
    "ENTITY_SEGMENTS", "IRI", "MAX_VALUE_LENGTH", "ParamError", "QuerySyntaxError",
    "VOCABULARY_PARAMS", "XSD", "apply", "bind", "bind_query", "check_syntax",
    "parse_assignments", "prepare", "to_terms", "values_block", "where_position", "with_prefixes",
]

MAX_VALUE_LENGTH = 2000
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE = XSD + "date"
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
ENTITY_SEGMENTS = {"org": "org", "person": "person", "place": "place", "event": "event"}
VOCABULARY_PARAMS = {
    "org-kind": "org-kind",
    "role": "role",
    "sector": "sector",
    "event-kind": "event-kind",
}


class ParamError(ValueError):
    """A parameter is unknown, missing or has a value that cannot be its type."""


def parse_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParamError(f"--param takes KEY=VALUE, got {pair[:60]!r}")
        if key in values:
            raise ParamError(f"parameter {key!r} given twice")
        values[key] = value
    return values


def _iri(value: str) -> ox.NamedNode:
    if not IRI.match(value):
        raise ParamError(f"not a valid IRI: {value[:80]!r}")
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        raise ParamError(f"not a valid IRI: {value[:80]!r} ({error})") from None


def _entity(param: Param, value: str, base: str) -> list[ox.NamedNode]:
    if value.startswith(("http://", "https://")):
        return [_iri(value)]
    if not SLUG.match(value):
        raise ParamError(
            f"parameter {param.name!r}: {value[:80]!r} is neither an id "
            "(lowercase slug such as nuklid) nor an http(s) IRI"
        )
    segments = SEGMENTS.values() if param.type == "entity" else [ENTITY_SEGMENTS[param.type]]
    return [ox.NamedNode(f"{base}{segment}/{value}") for segment in sorted(segments)]


def _check_text(name: str, value: str) -> None:
    # A command-line argument that is not valid UTF-8 arrives with lone surrogates
    # (surrogateescape), which no RDF term can hold.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ParamError(f"parameter {name!r}: {value[:80]!r} is not valid UTF-8 text") from None


def to_terms(param: Param, value: str, base: str, vocab: Vocabulary) -> list[ox.Term]:
    """The candidate terms for one value (an `entity` id may name any kind of entity)."""
    if len(value) > MAX_VALUE_LENGTH:
        raise ParamError(
            f"parameter {param.name!r}: value of {len(value)} characters is too "
            f"long (at most {MAX_VALUE_LENGTH})"
        )
    _check_text(param.name, value)
    if param.type in ENTITY_SEGMENTS or param.type == "entity":
        return _entity(param, value, base)
    if param.type == "iri":
        return [_iri(value)]
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            raise ParamError(f"parameter {param.name!r}: {value[:80]!r} is not an integer")
        return [ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))]
    if param.type == "date":
        return [_day(param, value)]
    if param.type in VOCABULARY_PARAMS:
        codes = vocab.codes[VOCABULARY_PARAMS[param.type]]
        if value not in codes:
            raise ParamError(
                f"parameter {param.name!r}: unknown {param.type} {value[:80]!r}; "
                f"known: {', '.join(sorted(codes))}"
            )
        return [ox.NamedNode(str(codes[value]))]
    return [ox.Literal(value)]


def _day(param: Param, value: str) -> ox.Literal:
    """A `date` parameter names one day: the as-of rule compares days (a year is not one)."""
    try:
        date = parse_date(value)
    except ValueProblem as problem:
        raise ParamError(f"parameter {param.name!r}: {problem}") from None
    if str(date.datatype) != XSD_DATE:
        raise ParamError(f"parameter {param.name!r}: {value!r} is not a day: give YYYY-MM-DD")
    return ox.Literal(date.text, datatype=ox.NamedNode(XSD_DATE))


def bind(
    query: NamedQuery, given: dict[str, str], base: str, vocab: Vocabulary
) -> dict[str, list[ox.Term]]:
    """Check the values against the query's parameters; name → candidate terms."""
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise ParamError(
            f"unknown parameter {unknown[0]!r} for query {query.name!r} (its parameters: {known})"
        )
    bound: dict[str, list[ox.Term]] = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            if param.required:
                raise ParamError(
                    f"query {query.name!r} needs --param {param.name}=… "
                    f"({param.type}: {param.description})"
                )
            continue
        bound[param.name] = to_terms(param, value, base, vocab)
    return bound


def values_block(bound: dict[str, list[ox.Term]]) -> str:
    if not bound:
        return ""
    names = list(bound)
    rows = itertools.product(*(bound[n] for n in names))
    body = " ".join("(" + " ".join(str(t) for t in row) + ")" for row in rows)
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ {body} }} "


_TOKEN = re.compile(
    r'(?P<comment>#[^\n]*)|(?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')|(?P<iri><[^<>\"{}|^`\\\s]*>)|(?P<var>[?$]\w+)"
    r"|(?P<word>[A-Za-z_][\w:.-]*)|(?P<brace>\{)|(?P<other>[\s\S])"
)


def where_position(text: str) -> int:
    """Index just after the '{' that opens the outermost WHERE group."""
    seen_where = False
    form = None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            seen_where = seen_where or word == "WHERE"
        elif kind == "brace" and form is not None and (seen_where or form != "CONSTRUCT"):
            return match.end()
    raise ParamError("cannot find the WHERE clause to bind parameters in")


def apply(text: str, bound: dict[str, list[ox.Term]]) -> str:
    """The query text with the VALUES block inserted; line numbers stay as they were."""
    block = values_block(bound)
    if not block:
        return text
    at = where_position(text)
    return f"{text[:at]} {block}{text[at:]}"


class QuerySyntaxError(ValueError):
    def __init__(self, source: str, line: int, column: int, message: str):
        self.line, self.column = line, column
        super().__init__(f"{source}:{line}:{column}: syntax error: {message}")


def check_syntax(text: str, source: str) -> None:
    """Parse (on an empty store) so errors point at the user's own line and column."""
    try:
        result = ox.Store().query(text)
        if not isinstance(result, (ox.QueryBoolean, bool)):
            list(result)
    except SyntaxError as error:
        match = re.match(r"error at (\d+):(\d+): (.*)", str(error), re.S)
        line, column, message = (
            (int(match[1]), int(match[2]), match[3]) if match else (1, 1, str(error))
        )
        raise QuerySyntaxError(source, line, column, message) from None


def prepare(
    name_or_path: str, params: dict[str, str] | None = None, base: str | None = None
) -> tuple[NamedQuery, str]:
    """The named (or file) query and its text with parameters bound."""
    query = resolve(name_or_path)
    check_syntax(query.text, str(query.path))
    bound = bind(query, params or {}, base_iri(base), LazyVocabulary())
    return query, apply(query.text, bound)


def _term(value: object) -> ox.Term:
    """A Python value as an RDF term, for parameters of SPARQL text."""
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float | Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(str(value))


def bind_query(
    query: str,
    params: Mapping[str, object] | None = None,
    base: str | None = None,
    *,
    text_allowed: bool = True,
) -> tuple[NamedQuery | None, str]:
    """The one place parameters are bound: the catalogue query (by name) or .rq file with
    its declared parameter types, or SPARQL text (with `text_allowed`) with each value typed
    by its Python type (pyoxigraph.NamedNode for an IRI). Returns the named query (None for
    text) and the text to run."""
    params = params or {}
    if not text_allowed or query in catalogue() or query.endswith(".rq"):
        values = {k: v.value if isinstance(v, ox.NamedNode) else str(v) for k, v in params.items()}
        return prepare(query, values, base)
    text = with_prefixes(query)
    check_syntax(text, "<query>")
    declared = tuple(Param(k, "string") for k in params)
    spec = NamedQuery("text", Path("<query>"), text, params=declared)
    bind(spec, {k: "" for k in params}, base_iri(base), LazyVocabulary())  # checks the names
    for name, value in params.items():
        if isinstance(value, str):
            _check_text(name, value)
    return None, apply(text, {k: [_term(v)] for k, v in params.items()})


def with_prefixes(text: str) -> str:
    """SPARQL text with the project's usual prefixes (foaf:, org:, schema:, sls: ...)
    declared where the text does not declare them; on its first line, so that the line
    numbers of syntax errors stay right."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", text, re.IGNORECASE)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in sorted(PREFIXES.items()) if p not in declared]
    return " ".join(missing) + " " + text if missing else text
