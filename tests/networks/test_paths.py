"""How are two members connected: `kg path` and kg.path on the curated build."""

from __future__ import annotations

import json

import pytest

import kg
from kg.networks.paths import NoPathError

ORG = "https://w3id.org/saxony-lifescience/id/org/"
PERSON = "https://w3id.org/saxony-lifescience/id/person/"
STEP_KEYS = {"from", "to", "fact", "role", "start", "end", "sources"}


@pytest.fixture(scope="module")
def graph(built):
    return kg.Graph(built)


def _check_chain(steps: list[dict], a: str, b: str) -> None:
    assert steps[0]["from"] == a and steps[-1]["to"] == b
    for step, following in zip(steps, steps[1:], strict=False):
        assert step["to"] == following["from"]
    for step in steps:
        assert set(step) >= STEP_KEYS
        assert step["sources"], f"a step without a source: {step['statement']}"
        for source in step["sources"]:
            assert source["url"].startswith("http") and source["title"]


def test_a_path_through_a_person(graph):
    paths = graph.path("hzdr", "abx")
    assert 1 <= len(paths) <= 3
    for steps in paths:
        _check_chain(steps, ORG + "hzdr", ORG + "abx")
    nodes = [[s["to"] for s in steps[:-1]] for steps in graph.path("leap-up", "abx", max_hops=3)]
    assert any(n.startswith(PERSON) for inner in nodes for n in inner)


def test_a_path_through_an_ownership(graph):
    paths = graph.path("leap-up", "biosaxony")
    assert len(paths[0]) == 1  # leap:up is owned by biosaxony e.V.: one fact
    kinds = {step["fact"] for steps in paths for step in steps}
    assert kinds & {"ownership", "subsidiary"}
    step = next(s for steps in paths for s in steps if s["fact"] == "ownership")
    assert "owned by" in step["statement"]
    _check_chain(paths[0], ORG + "leap-up", ORG + "biosaxony")


def test_paths_are_distinct_and_shortest_first(graph):
    paths = graph.path("marco-mueller", "leap-up")
    chains = [tuple(s["to"] for s in steps) for steps in paths]
    assert len(set(chains)) == len(chains)
    assert [len(c) for c in chains] == sorted(len(c) for c in chains)


def test_as_of_and_max_hops_limit_the_answer(graph):
    with pytest.raises(NoPathError, match="within 2 steps"):
        graph.path("marco-mueller", "leap-up", max_hops=2)
    with pytest.raises(NoPathError, match="as of 2020-01-01"):
        graph.path("marco-mueller", "nuklid", as_of="2020-01-01")
    assert graph.path("marco-mueller", "nuklid", as_of="2025-01-16")


def test_cli_json_and_errors(built, run):
    result = run("path", "peter-moll", "nuklid", "--build", str(built), "--format", "json")
    assert result.exit_code == 0, result.output
    paths = json.loads(result.output)
    _check_chain(paths[0], PERSON + "peter-moll", ORG + "nuklid")
    assert paths[0][0]["start"] == "1997"  # the founding of ABX, as the source states it
    unknown = run("path", "peter-moll", "no-such-entity", "--build", str(built))
    assert unknown.exit_code == 1
    assert "'no-such-entity' is not an entity of the graph" in unknown.output
    far = run("path", "peter-moll", "leap-up", "--max-hops", "1", "--build", str(built))
    assert far.exit_code == 1 and "no connection" in far.output
    table = run("path", "leap-up", "biosaxony", "--build", str(built))
    assert table.exit_code == 0 and "owned by" in table.output


def test_iris_work_as_well_as_ids(graph):
    assert graph.path(ORG + "leap-up", "biosaxony") == graph.path("leap-up", ORG + "biosaxony")
