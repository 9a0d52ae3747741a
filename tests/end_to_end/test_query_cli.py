"""`kg queries` and `kg query`: formats, ASK and CONSTRUCT, errors; the README's catalogue."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg.cli.commands import TABLE_ROWS
from kg.docs import catalogue_markdown
from kg.query.catalogue import catalogue
from tests.paths import REPO as ROOT

CATALOGUE = catalogue()
REQUIRED = {
    "organisations",
    "people",
    "affiliations",
    "cluster-founders",
    "cluster-members",
    "collaboration-pairs",
    "ownership",
    "events",
    "history",
    "sources-of",
    "unsourced",
    "multi-affiliated",
    "by-city",
    "identifiers",
    "summary",
}


def test_catalogue_has_the_required_queries():
    assert len(CATALOGUE) >= 15
    assert set(CATALOGUE) >= REQUIRED


@pytest.mark.parametrize("query", CATALOGUE.values(), ids=CATALOGUE.keys())
def test_every_query_is_documented_and_ordered(query):
    assert query.summary and query.description, query.name
    assert (
        "ORDER BY" in query.text.upper()
        or "ASK" in query.text.upper()
        or ("CONSTRUCT" in query.text.upper())
    )
    for param in query.params:
        assert param.description, f"{query.name}: {param.name}"


@pytest.mark.parametrize("query", CATALOGUE.values(), ids=CATALOGUE.keys())
def test_every_query_runs_and_returns_its_declared_columns(query, built, run):
    args = ["query", query.name, "--build", str(built), "--format", "json"]
    for param in query.params:
        if param.required and param.default is None:
            args += [
                "--param",
                f"{param.name}={'nuklid' if param.type != 'person' else 'marco-mueller'}",
            ]
    result = run(*args)
    assert result.exit_code == 0, result.output
    if query.text.upper().lstrip().find("CONSTRUCT") >= 0 and query.columns == (
        "subject",
        "predicate",
        "object",
    ):
        return
    data = json.loads(result.stdout)
    if "boolean" in data:
        return
    assert data["head"]["vars"] == list(query.columns)


def test_kg_queries_lists_the_catalogue(run):
    result = run("queries")
    assert result.exit_code == 0
    for name in REQUIRED:
        assert name in result.stdout


def test_formats(built, run):
    base = ["query", "cluster-founders", "--build", str(built), "-p", "cluster=nuklid"]
    as_bytes = run(*base, "--format", "csv").stdout_bytes
    assert as_bytes.endswith(b"\r\n")
    as_csv = as_bytes.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert "Marco Müller" in {r["founderName"] for r in rows}
    as_tsv = run(*base, "--format", "tsv").stdout
    assert as_tsv.startswith("?founder\t")
    assert '"Marco Müller"' in as_tsv
    as_json = json.loads(run(*base, "--format", "json").stdout)
    assert {"type": "literal", "value": "Marco Müller"} in [
        b["founderName"] for b in as_json["results"]["bindings"]
    ]
    as_md = run(*base, "--format", "md").stdout
    assert as_md.startswith("| founder |") and "Marco Müller" in as_md
    table = run(*base).stdout
    assert "11 row(s)" in table


def test_ask_and_construct_files(built, run, tmp_path):
    ask = tmp_path / "ask.rq"
    ask.write_text(
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "ASK { ?m org:organization <https://w3id.org/saxony-lifescience/id/org/nuklid> }"
    )
    assert run("query", str(ask), "--build", str(built)).stdout.strip() == "true"
    assert json.loads(run("query", str(ask), "--build", str(built), "--format", "json").stdout) == {
        "head": {},
        "boolean": True,
    }
    construct = tmp_path / "c.rq"
    construct.write_text(
        "PREFIX org: <http://www.w3.org/ns/org#>\nCONSTRUCT { ?o org:hasMember ?m }"
        " WHERE { ?x org:organization ?o ; org:member ?m }"
    )
    text = run("query", str(construct), "--build", str(built)).stdout
    assert "@prefix org:" in text and "org:hasMember" in text


def test_a_long_table_shows_its_first_rows_and_says_so(built, run, tmp_path):
    words = tmp_path / "words.rq"
    words.write_text(
        "SELECT DISTINCT ?word WHERE {"
        " { ?s ?p ?o BIND(STR(?o) AS ?word) } UNION"
        ' { ?s ?p ?o BIND(REPLACE(STR(?s), "^.*[/#]", "") AS ?word) }'
        ' FILTER(REGEX(?word, "^[A-Za-z0-9][A-Za-z0-9 .-]{0,58}[A-Za-z0-9]$")) } ORDER BY ?word'
    )
    listed = run("query", str(words), "--build", str(built), "--format", "tsv").stdout
    every = [line.strip('"') for line in listed.splitlines()[1:]]
    assert len(every) > TABLE_ROWS
    table = run("query", str(words), "--build", str(built)).stdout
    assert f"first {TABLE_ROWS} of {len(every)} rows" in table
    cells = {line.strip("│ ") for line in table.splitlines()}
    assert every[TABLE_ROWS - 1] in cells and every[TABLE_ROWS] not in cells


def test_graph_option_reads_any_rdf_file(built, run):
    result = run("query", "summary", "--graph", str(built / "kg.ttl"), "--format", "csv")
    assert (
        result.exit_code == 0
        and result.stdout
        == run("query", "summary", "--build", str(built), "--format", "csv").stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-query"], "unknown query 'no-such-query'; the catalogue has: "),
        (["query", "cluster-founders", "-p", "colour=red"], "unknown parameter 'colour'"),
        (["query", "cluster-founders", "-p", "cluster"], "--param takes KEY=VALUE"),
        (
            ["query", "cluster-founders", "-p", "cluster=nuklid> } UNION { ?s ?p ?o"],
            "is neither an id",
        ),
        (["query", "missing.rq"], "query file not found: missing.rq"),
    ],
)
def test_errors_are_clear(args, message, built, run):
    result = run(*args, "--build", str(built))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_required_parameter(built, run, tmp_path):
    query = tmp_path / "needs.rq"
    query.write_text(
        "#+ summary: x\n#+ params:\n#+   who: {type: person, required: true, "
        "description: a person}\nSELECT ?p WHERE { ?p ?q ?who } ORDER BY ?p\n"
    )
    result = run("query", str(query), "--build", str(built))
    assert result.exit_code == 1 and "needs --param who=" in result.stderr


def test_syntax_error_has_line_and_column(built, run, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: broken\nSELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s <bad iri> ?o .\n}\n")
    result = run("query", str(bad), "--build", str(built))
    assert result.exit_code == 1
    assert f"{bad}:4:15: syntax error" in result.stderr


def test_missing_build_is_explained(run, tmp_path):
    result = run("query", "summary", "--build", str(tmp_path / "nothing"))
    assert result.exit_code == 1 and "run `kg build` first" in result.stderr


def test_readme_catalogue_table_is_in_sync():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert catalogue_markdown() in readme, "run `python -m kg.docs` to refresh the README"
