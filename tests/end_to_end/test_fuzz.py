"""Bad input at scale: hypothesis mutates the curated tables and invents query parameters.

Every mutated data folder either loads (and builds) or gives FILE:LINE:COLUMN errors with
exit 1, never a traceback, and a failed build leaves the previous build as it was. Every
parameter value either binds as RDF terms in one VALUES block (the query's text is otherwise
unchanged) or is refused with a one-line error and exit 1.

The loader and the binding run alone with many examples; the whole `kg build` and `kg query`
with fewer. The default keeps this file under a minute; for a long run,
`KG_FUZZ_EXAMPLES=2500 python -m pytest tests/end_to_end/test_fuzz.py --hypothesis-show-statistics`
runs 2500 examples of each loader and binding test and 250 of each CLI test.
"""

from __future__ import annotations

import json
import operator
import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kg.builder.pipeline import build
from kg.cli.commands import cli
from kg.config import base_iri
from kg.curate.load import load_dataset
from kg.curate.tables import TABLES
from kg.errors import DataError
from kg.query.catalogue import NamedQuery, catalogue
from kg.query.params import ParamError, bind, bind_query, where_position
from kg.rdf.vocab import LazyVocabulary, load_ontology, vocabulary_from
from tests.conftest import tree_digest
from tests.paths import DATA_DIR

VOCAB = vocabulary_from(load_ontology())
PRISTINE = {p.name: p.read_bytes() for p in sorted(DATA_DIR.glob("*.csv"))}
ISSUE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): \S[^\n]*$")
LINE_BREAKS = re.compile(rb"\r\n|\r|\n")
_SCALE = os.environ.get("KG_FUZZ_EXAMPLES")


def fuzz(default: int, share: int = 1):
    """Hypothesis settings: `default` examples, or KG_FUZZ_EXAMPLES / `share` of them."""
    return settings(
        max_examples=max(1, int(_SCALE) // share) if _SCALE else default,
        deadline=None,
        database=None,  # no .hypothesis/ folder in the checkout
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- cells and table mutations -----------------------------------------------------------

CELLS_IN_DATA = sorted(
    {
        cell
        for content in PRISTINE.values()
        for line in content.decode().split("\n")
        for cell in line.split(",")
    }
)
# fmt: off
SPECIAL_CELLS = [
    "", " ", '"', '""', '"a"b', 'a"b', "a|", "|", "a||b", " x", "x ", "\x00", "\ufeff", "\t",
    "1e-99999999", "1E+999999", "NaN", "Infinity", "-1", "0", "100.0000000001", "74,9",
    "2025-02-30", "2025-13", "0000", "99999", "2025-1-1", "yes", "maybe",
    "http://", "https://x y", "https://example.org/a b", "ftp://x", "javascript:alert(1)",
    "Dr. X", "Prof.", "Prof. Dr.", "owned-by", "renamed-to", "founder", "company",
    "x> } ; DROP ALL #", "<script>", "ÄÖÜ 日本 \u202e", "\u2028", "\x85", "\x0c", "\udcff",
]
# fmt: on
HUGE_CELL = st.builds(
    operator.mul,
    st.sampled_from(["x", "é", '"', ",", "\n", "ab|", "a b"]),
    st.integers(50_000, 1_100_000),
)
CELL = st.one_of(
    st.text(max_size=30),
    st.text(st.sampled_from(list(',"|\n\r\t \x00\ufeff;\\a-é')), max_size=20),
    st.sampled_from(SPECIAL_CELLS),
    st.sampled_from(CELLS_IN_DATA),
    HUGE_CELL,
)


def _text(content: bytes) -> str:
    return content.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


@st.composite
def replace_cell(draw, content: bytes) -> bytes:
    """A cell (cut naively at commas, so also half of a quoted cell, or one past the end:
    an extra column) becomes other text, written raw or properly quoted."""
    lines = _text(content).split("\n")
    row = draw(st.integers(0, len(lines) - 1), label="row")
    cells = lines[row].split(",")
    column = draw(st.integers(0, len(cells)), label="column")
    text = draw(CELL, label="cell")
    if draw(st.booleans(), label="quoted"):
        text = '"' + text.replace('"', '""') + '"'
    cells[column : column + 1] = [text]
    lines[row] = ",".join(cells)
    return _bytes("\n".join(lines))


@st.composite
def separators(draw, content: bytes) -> bytes:
    """A comma dropped, doubled or replaced by another separator."""
    commas = [m.start() for m in re.finditer(b",", content)]
    if not commas:  # an empty or cut file: a separator where there was none
        at = draw(st.integers(0, len(content)), label="at")
        return content[:at] + b"," + content[at:]
    at = draw(st.sampled_from(commas), label="comma")
    new = draw(st.sampled_from([b"", b",,", b";", b"\t", b"|", b'","']), label="separator")
    return content[:at] + new + content[at + 1 :]


@st.composite
def line_endings(draw, content: bytes) -> bytes:
    ending = draw(st.sampled_from([b"\r\n", b"\r", b"\n\n", b"\r\r\n", b"\n\r"]), label="ending")
    if draw(st.booleans(), label="every line"):
        return content.replace(b"\n", ending)
    breaks = [m.start() for m in re.finditer(b"\n", content)] or [len(content)]
    at = draw(st.sampled_from(breaks), label="line end")
    return content[:at] + ending + content[at + 1 :]


@st.composite
def encodings(draw, content: bytes) -> bytes:
    encoding = draw(
        st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32", "utf-8-sig"]),
        label="encoding",
    )
    text = _text(content)
    if encoding in ("latin-1", "cp1252"):
        # make sure a byte that is not UTF-8 is there, as in a real latin-1 export
        text += "Zoë,\n"
    return text.encode(encoding, "replace")


@st.composite
def truncate(draw, content: bytes) -> bytes:
    return content[: draw(st.integers(0, len(content)), label="cut at")]


@st.composite
def lines_changed(draw, content: bytes) -> bytes:
    """The header or another line deleted, duplicated (a duplicate key), moved or blanked."""
    lines = content.split(b"\n")
    at = draw(st.sampled_from([0, *range(len(lines))]), label="line")
    how = draw(
        st.sampled_from(["delete", "duplicate", "move", "blank", "commas", "spaces"]), label="how"
    )
    line = lines.pop(at)
    if how == "duplicate":
        lines[at:at] = [line, line]
    elif how == "move":
        lines.insert(draw(st.integers(0, len(lines)), label="to"), line)
    elif how != "delete":
        filler = {"blank": b"", "commas": b",,,,,", "spaces": b"  \t "}[how]
        lines[at:at] = [filler, line]
    return b"\n".join(lines)


@st.composite
def raw_bytes(draw, content: bytes) -> bytes:
    at = draw(st.integers(0, len(content)), label="at")
    return content[:at] + draw(st.binary(min_size=1, max_size=8), label="bytes") + content[at:]


def mutation(content: bytes) -> st.SearchStrategy[bytes | None]:
    """One change to a table's bytes; None deletes the file."""
    return st.one_of(
        replace_cell(content),
        separators(content),
        line_endings(content),
        encodings(content),
        truncate(content),
        lines_changed(content),
        raw_bytes(content),
        st.sampled_from([b"", None]),
    )


def mutated_tables(data) -> dict[str, bytes | None]:
    """The curated tables with one to three mutations (a table may get several)."""
    files: dict[str, bytes | None] = dict(PRISTINE)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        name = data.draw(st.sampled_from(sorted(PRISTINE)), label="table")
        content = files[name]
        files[name] = data.draw(mutation(content), label=name) if content is not None else b""
    return files


def write_tables(folder: Path, files: dict[str, bytes | None]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, content in files.items():
        if content is not None:
            (folder / name).write_bytes(content)


def check_issue_line(text: str, files: dict[str, bytes | None]) -> None:
    """One FILE:LINE:COLUMN error line about a table file, at a line the file has."""
    match = ISSUE.match(text)
    assert match, f"not a FILE:LINE:COLUMN line: {text[:300]!r}"
    name = Path(match["path"]).name
    assert name in files or name in {t.filename for t in TABLES.values()}, text[:300]
    content = files.get(name) or b""
    assert 1 <= int(match["line"]) <= len(LINE_BREAKS.findall(content)) + 1, text[:300]
    assert int(match["column"]) >= 1, text[:300]
    assert len(text) < 2000, f"error line of {len(text)} characters"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz(default=150)
@given(data=st.data())
def test_mutated_tables_load_or_give_file_line_column_errors(folder, data):
    files = mutated_tables(data)
    write_tables(folder / "data", files)
    try:
        load_dataset(folder / "data", VOCAB)
    except DataError as error:
        assert error.issues
        for issue in error.issues:
            check_issue_line(str(issue), files)
        event("errors reported")
    else:
        event("loaded")


OUTPUTS = [
    ("kg.nt", ox.RdfFormat.N_TRIPLES),
    ("kg.ttl", ox.RdfFormat.TURTLE),
    ("kg.jsonld", ox.RdfFormat.JSON_LD),
]


@pytest.fixture(scope="module")
def previous_build(folder) -> Path:
    out = folder / "builds" / "out"
    build(DATA_DIR, out)
    return out


@fuzz(default=30, share=10)
@given(data=st.data())
def test_mutated_tables_build_or_exit_1_with_the_previous_build_untouched(
    folder, previous_build, data
):
    files = mutated_tables(data)
    write_tables(folder / "data", files)
    before = tree_digest(previous_build)
    result = CliRunner().invoke(
        cli,
        ["build", "--quiet", "--data", str(folder / "data"), "--out", str(previous_build)],
        catch_exceptions=False,
    )
    assert "Traceback" not in result.output
    assert sorted(p.name for p in previous_build.parent.iterdir()) == ["out"]
    if result.exit_code == 0:
        # whatever text got through, every output still parses to the same triples
        counts = {len(list(ox.parse(path=previous_build / f, format=fmt))) for f, fmt in OUTPUTS}
        assert len(counts) == 1 and counts.pop() > 1000
        event("built")
        return
    assert result.exit_code == 1, result.output
    *issues, summary = result.stderr.splitlines()
    assert issues and summary.endswith(f"{previous_build} was left as it was."), summary
    for line in issues:
        check_issue_line(line, files)
    assert tree_digest(previous_build) == before
    event("refused")


# --- query parameters --------------------------------------------------------------------

QUERIES = {q.name: q for q in catalogue().values() if q.params}
INJECTIONS = [
    'x" } ; DROP ALL ; #',
    "x> } ; DROP ALL #",
    "nuklid> } UNION { ?s ?p ?o",
    "x' } UNION { ?s ?p ?o } #",
    "a\n} UNION { ?s ?p ?o",
    '\\" } #',
    "http://x/> } ; INSERT DATA { <a:b> <a:b> <a:b> } #",
    "https://w3id.org/saxony-lifescience/id/org/nuklid",
    "https://x/\u0000",
    "}",
    ">",
    '"""',
    "'''",
    "\\u0022 } #",
    "#",
    "?s",
    "$x",
    "nuklid",
    "hzdr",
    "dresden",
    "company",
    "founder",
    "signing",
    "ror",
    "2025-01",
    "2025-02-30",
    "42",
    "-7",
    "999999999999999999999",
    "",
]
# values that fit some parameter, so that many runs get as far as an answer
REAL_VALUES = st.sampled_from(
    [
        "nuklid",
        "biosaxony",
        "hzdr",
        "marco-mueller",
        "dresden",
        "leipzig",
        "cluster",
        "company",
        "founder",
        "member",
        "managing-director",
        "biotechnology",
        "signing",
        "forum",
        "ror",
        "wikidata",
        "2",
        "2025-01-16",
        "2019-02-29",
        "https://ror.org/01zy2cs03",
    ]
)
VALUE = st.one_of(
    st.text(max_size=40),
    st.text(
        st.sampled_from(list("\"'<>{}#\\\n\r\t ?$:/.;,|^`%x") + ["\u00e9", "\x00"]), max_size=30
    ),
    st.sampled_from(INJECTIONS),
    st.text(st.characters(categories=["Cs", "Co", "Cc", "Zl", "Zp"]), min_size=1, max_size=5),
    st.builds(operator.mul, st.sampled_from(["x", "é", '"', "}"]), st.integers(1990, 2010)),
    st.builds(operator.mul, st.sampled_from(["x", "é", '"']), st.integers(100_000, 300_000)),
)


@st.composite
def assignments(draw) -> tuple[str, dict[str, str]]:
    """A parameterised query and values for some of its parameters (rarely an unknown one)."""
    name = draw(st.sampled_from(sorted(QUERIES)), label="query")
    names = [p.name for p in QUERIES[name].params]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    given = {key: draw(st.one_of(VALUE, REAL_VALUES), label=key) for key in chosen}
    if draw(st.sampled_from([False] * 9 + [True]), label="unknown key"):
        given[draw(st.text(st.characters(exclude_characters="="), min_size=1, max_size=10))] = "x"
    return name, given


def check_values_only(named: NamedQuery, given: dict[str, str], text: str) -> None:
    """The bound text is the query's own text plus one VALUES block, and that block, parsed
    by Oxigraph on its own, holds exactly the bound terms: a string value comes back as one
    literal with exactly the given text, whatever quotes, braces or keywords it holds."""
    original = named.text
    bound = bind(named, given, base_iri(None), LazyVocabulary())
    if not bound:
        assert text == original
        return
    at = where_position(original)
    block = text[at + 1 : at + 1 + len(text) - len(original) - 1]
    assert text == f"{original[:at]} {block}{original[at:]}"
    assert block.startswith("VALUES (")
    solutions = ox.Store().query(f"SELECT * WHERE {{ {block} }}")
    assert sorted(v.value for v in solutions.variables) == sorted(bound)
    rows = {tuple(s[v] for v in bound) for s in solutions}
    expected = [[]]
    for terms in bound.values():
        expected = [[*row, term] for row in expected for term in terms]
    assert rows == {tuple(row) for row in expected}
    for param in named.params:
        value = given.get(param.name)
        if value is not None and param.type == "string":
            assert [t.value for t in bound[param.name]] == [value]


@fuzz(default=400)
@given(case=assignments())
def test_parameter_values_bind_only_as_values(case):
    name, given = case
    try:
        named, text = bind_query(name, given, text_allowed=False)
    except ParamError as error:
        assert "\n" not in str(error) and len(str(error)) < 1000, str(error)[:300]
        event("refused")
        return
    assert named is not None
    check_values_only(named, given, text)
    event("bound")


@fuzz(default=100)
@given(value=VALUE)
def test_values_for_sparql_text_come_back_as_the_same_literal(value):
    """The API binds any Python string into SPARQL text: running the bound query gives that
    string back as one literal, so no quote, brace or keyword in it reached the parser."""
    try:
        _, text = bind_query("SELECT ?who WHERE { }", {"who": value})
    except ParamError as error:
        assert "not valid UTF-8" in str(error)
        with pytest.raises(UnicodeEncodeError):
            value.encode("utf-8")
        event("refused")
        return
    assert [row["who"] for row in ox.Store().query(text)] == [ox.Literal(value)]
    event("bound")


@fuzz(default=50, share=10)
@given(
    case=assignments(),
    fmt=st.sampled_from(["json", "csv", "table"]),
    raw=st.one_of(*[st.just([])] * 3, st.lists(st.text(max_size=12), min_size=1, max_size=2)),
)
def test_kg_query_answers_or_exits_1_with_one_line(built, case, fmt, raw):
    """`raw` are --param arguments as typed, without KEY=VALUE form or with a key twice."""
    name, given = case
    args = ["query", name, "--build", str(built), "--format", fmt]
    for key, value in given.items():
        args += ["--param", f"{key}={value}"]
    for text in raw:
        args += [f"--param={text}"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        if fmt == "json" and name != "cluster-network":
            assert "head" in json.loads(result.stdout)
        event("answered")
        return
    assert result.exit_code == 1, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[:500]
    event("refused")
