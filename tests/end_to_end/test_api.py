"""The Python API researchers use in notebooks: typed DataFrames, networks, inline pages,
and the same calls on a remote endpoint."""

from __future__ import annotations

import os

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest

import kg
from kg.api import Graph
from kg.query.params import ParamError


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph(built)


@pytest.fixture(scope="module")
def remote(server) -> Graph:
    return Graph(endpoint=f"{server}/query")


def test_catalogue_query_as_dataframe(graph):
    founders = graph.sparql("cluster-founders", cluster="nuklid")
    assert isinstance(founders, pd.DataFrame)
    assert list(founders.columns) == list(kg.queries()["cluster-founders"].columns)
    assert founders.founder.nunique() == 11
    assert founders.founder.str.startswith("https://").all()


def test_columns_are_typed(graph):
    counts = graph.sparql("member-counts")
    assert str(counts.value.dtype) == "Int64"
    assert str(counts.approximate.dtype) == "boolean"
    events = graph.sparql(
        "SELECT ?e ?d WHERE { ?e a <https://schema.org/Event> ; "
        "<https://schema.org/startDate> ?d FILTER(datatype(?d) = "
        "<http://www.w3.org/2001/XMLSchema#date>) } ORDER BY ?e"
    )
    assert pd.api.types.is_datetime64_any_dtype(events.d)


def test_sparql_text_with_bound_parameters(graph):
    text = (
        "SELECT ?p WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name "
        "FILTER(?name = ?who) } ORDER BY ?p"
    )
    assert graph.sparql(text, who="Klaus Kopka").p.tolist() == [
        "https://w3id.org/saxony-lifescience/id/person/klaus-kopka"
    ]
    assert graph.sparql(text, who='x" } UNION { ?p ?q ?name } #').empty


def test_catalogue_parameters_are_checked(graph):
    with pytest.raises(ParamError):
        graph.sparql("cluster-founders", cluster="nuklid> } UNION { ?s ?p ?o")
    with pytest.raises(ParamError, match="unknown parameter"):
        graph.sparql("cluster-founders", colour="red")


def test_ask_and_construct(graph):
    assert graph.sparql("ASK { ?s a <http://www.w3.org/ns/org#Membership> }") is True
    built = graph.sparql(
        "CONSTRUCT { ?o <http://www.w3.org/ns/org#hasMember> ?m } WHERE "
        "{ ?x <http://www.w3.org/ns/org#organization> ?o ; "
        "<http://www.w3.org/ns/org#member> ?m }"
    )
    assert len(built) > 50


def test_networks_and_metrics(graph):
    collaboration = graph.network("collaboration")
    assert isinstance(collaboration, nx.Graph) and collaboration.number_of_nodes() > 20
    metrics = graph.metrics("collaboration")
    assert set(metrics.columns) >= {"degree", "betweenness", "pagerank", "community"}
    ego = graph.ego("nuklid")
    assert "https://w3id.org/saxony-lifescience/id/org/nuklid" in ego
    with pytest.raises(ValueError, match="unknown view"):
        graph.network("nope")


def test_show_is_inline_and_writes_nothing(graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shown = kg.show(graph.ego("nuklid"), title="nukliD")
    html = shown._repr_html_()
    assert html.startswith("<iframe srcdoc=")
    assert "vis.Network" in html.replace("&quot;", '"') or "vis-network" in html
    assert os.listdir(tmp_path) == []


def test_show_has_no_remote_resources(graph):
    import html as html_lib
    import re

    page = html_lib.unescape(kg.show(graph.network("collaboration"))._repr_html_())
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?https?:", page)


def test_remote_endpoint_gives_the_same_answers(graph, remote):
    for name in ("cluster-founders", "organisations", "member-counts"):
        pd.testing.assert_frame_equal(remote.sparql(name), graph.sparql(name))
    local, far = graph.network("collaboration"), remote.network("collaboration")
    assert sorted(local.edges) == sorted(far.edges)


def test_module_level_functions_use_the_chosen_build(built):
    import kg.api

    previous = kg.api._BUILD["dir"]
    kg.use(built)
    try:
        assert kg.sparql("summary").shape[0] > 5
        assert isinstance(kg.network("affiliation"), nx.MultiDiGraph)
        assert kg.sparql("SELECT ?n WHERE { ?p foaf:name ?n } ORDER BY ?n LIMIT 1").shape == (1, 1)
    finally:
        kg.api._BUILD["dir"] = previous
        kg.api._default_graph.cache_clear()


def test_partial_dates_stay_text(built):
    """A column mixing 2025, 2025-11 and 2025-01-16 stays ISO text, whatever the filter."""
    starts = Graph(built).sparql("events")["start"].dropna().tolist()
    assert all(isinstance(v, str) for v in starts)
    assert "2025-01-16" in starts and any(len(v) == 4 for v in starts)


def test_graph_from_a_file(built):
    assert Graph(file=built / "kg.ttl").sparql("summary").equals(Graph(built).sparql("summary"))
    assert isinstance(Graph(built).store, ox.Store)


def test_a_build_opens_on_disk_and_loads_into_memory_only_when_needed(built):
    graph = Graph(built)
    assert graph.service.disk() is not None and not graph.service.loaded
    on_disk = graph.sparql("cluster-founders", cluster="nuklid")
    assert not graph.service.loaded  # answered by the on-disk store
    graph.network("collaboration")
    assert graph.service.loaded  # networks load the graph into memory
    assert graph.sparql("cluster-founders", cluster="nuklid").equals(on_disk)
