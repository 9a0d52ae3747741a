"""One definition of a collaboration tie: the catalogue query `collaboration-pairs` (as `kg
query` answers it, from the build's precomputed answer or from a store) and the collaboration
view (and so its metrics, exports and pages) hold the same pairs with the same weights and
reasons, on the curated data and on synthetic data."""

from __future__ import annotations

import pytest

from kg.builder.pipeline import build
from kg.curate.synth import synth
from kg.networks.views import COLLABORATION_QUERY, collaboration_graph
from kg.query.answers import has_answer
from kg.query.params import prepare
from kg.query.service import run
from kg.rdf.stores import open_store

Pairs = dict[tuple[str, str], tuple[int, list[str]]]


def query_pairs(results) -> Pairs:
    pairs: Pairs = {}
    for row in results.rows:
        a, b = sorted((row["a"].value, row["b"].value))
        pairs[(a, b)] = (int(row["weight"].value), sorted(row["reasons"].value.split("; ")))
    return pairs


def view_pairs(graph) -> Pairs:
    return {
        tuple(sorted((a, b))): (data["weight"], data["reasons"])
        for a, b, data in graph.edges(data=True)
    }


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("tie")
    synth(150, root / "data", seed=11)
    build(root / "data", root / "build")
    return root / "build"


@pytest.mark.parametrize("which", ["curated", "synthetic"])
def test_query_and_view_agree(which, built, synthetic_build):
    build_dir = built if which == "curated" else synthetic_build
    store = open_store(build_dir)
    view = view_pairs(collaboration_graph(store))
    # what `kg query collaboration-pairs` prints: the build's precomputed answer ...
    query, text = prepare(COLLABORATION_QUERY, {})
    assert has_answer(build_dir, query, text)
    answered = query_pairs(run(COLLABORATION_QUERY, build_dir=build_dir))
    # ... and the query run afresh on the store
    fresh = query_pairs(run(COLLABORATION_QUERY, store=store))
    assert view == answered == fresh
    assert len(view) > 20
    assert all(weight == len(reasons) for weight, reasons in view.values())
