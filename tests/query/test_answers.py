"""Answers the build computes for whole-graph queries (kg.query.answers), and when they are read."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

import kg
from kg.layout import ANSWERS_DIR
from kg.query.answers import precomputed
from kg.query.catalogue import CatalogueError, read_query
from kg.query.service import run as run_query

HEAVY = [q.name for q in precomputed()]


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def build_copy(built, tmp_path) -> Path:
    """A copy of the curated build whose answers a test may change."""
    target = tmp_path / "build"
    shutil.copytree(built, target)
    return target


def drop_last_row(answer: Path) -> None:
    lines = answer.read_text(encoding="utf-8").splitlines(keepends=True)
    answer.write_text("".join(lines[:-1]), encoding="utf-8")


def test_the_heavy_whole_graph_queries_are_precomputed():
    assert {"collaboration-pairs", "history"} <= set(HEAVY)


@pytest.mark.parametrize("name", HEAVY)
def test_the_answer_equals_the_query_run_on_the_store(name, built):
    assert (built / ANSWERS_DIR / f"{name}.tsv").is_file()
    answered = run_query(name, build_dir=built)
    live = run_query(name, build_dir=built, store_mode="disk")
    assert answered.variables == live.variables
    assert answered.rows == live.rows and len(live.rows) > 0


@pytest.mark.parametrize("name", HEAVY)
def test_kg_query_reads_the_answer(name, build_copy, run):
    answer = build_copy / ANSWERS_DIR / f"{name}.tsv"
    full = rows_of(run("query", name, "--build", str(build_copy), "--format", "csv").stdout)
    drop_last_row(answer)  # proves which one is read: the answer, not the store
    read = rows_of(run("query", name, "--build", str(build_copy), "--format", "csv").stdout)
    assert read == full[:-1]
    live = run("query", name, "--build", str(build_copy), "--format", "csv", "--store", "disk")
    assert rows_of(live.stdout) == full


def test_with_a_parameter_the_query_runs_on_the_store(build_copy):
    answer = build_copy / ANSWERS_DIR / "collaboration-pairs.tsv"
    answer.write_text(answer.read_text(encoding="utf-8").splitlines()[0] + "\n")
    given = {"organisation": "nuklid"}
    pairs = run_query("collaboration-pairs", given, build_dir=build_copy)
    assert (
        pairs.rows
        == run_query("collaboration-pairs", given, build_dir=build_copy, store_mode="disk").rows
    )
    assert len(pairs.rows) > 3


def test_an_answer_to_another_query_text_is_not_read(build_copy):
    folder = build_copy / ANSWERS_DIR
    drop_last_row(folder / "history.tsv")
    stamp = folder / "history.sha256"
    stamp.write_text("0" * 64 + "\n")  # as if the query file had changed since the build
    assert (
        run_query("history", build_dir=build_copy).rows
        == run_query("history", build_dir=build_copy, store_mode="disk").rows
    )
    stamp.unlink()
    assert len(run_query("history", build_dir=build_copy).rows) == len(
        run_query("history", build_dir=build_copy, store_mode="disk").rows
    )


def test_notebooks_read_the_answer_of_their_build_only(build_copy):
    drop_last_row(build_copy / ANSWERS_DIR / "history.tsv")
    live = run_query("history", build_dir=build_copy, store_mode="disk").rows
    assert len(kg.Graph(build_copy).results("history").rows) == len(live) - 1
    from_file = kg.Graph(build_copy, file=build_copy / "kg.nt").results("history")
    assert from_file.rows == live


def test_precompute_needs_a_query_without_required_parameters(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(
        "#+ precompute: true\n#+ params:\n#+   org: {type: org, required: true}\n"
        "SELECT * WHERE { ?org ?p ?o }\n"
    )
    with pytest.raises(CatalogueError, match="without parameters"):
        read_query(query)
    query.write_text("#+ precompute: yes please\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(CatalogueError, match="true or false"):
        read_query(query)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "md", "table"])
@pytest.mark.parametrize("name", HEAVY)
def test_every_format_prints_the_answer_as_the_store_would(name, fmt, built, run):
    """csv, tsv and json are written from the answer by Oxigraph, md through kg.results."""
    args = ("query", name, "--build", str(built), "--format", fmt)
    answered, live = run(*args).stdout_bytes, run(*args, "--store", "disk").stdout_bytes
    assert answered == live and len(answered) > 1000


def test_a_long_answer_shows_as_the_head_of_a_table(built, run, monkeypatch):
    monkeypatch.setattr("kg.cli.commands.TABLE_ROWS", 5)
    args = ("query", "history", "--build", str(built))
    answered, live = run(*args).stdout, run(*args, "--store", "disk").stdout
    total = len(run_query("history", build_dir=built).rows)
    assert answered == live and f"first 5 of {total} rows" in answered
