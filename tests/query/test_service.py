"""One place decides where a query runs (kg.query.service); the CLI and the API only print."""

from __future__ import annotations

import pytest

from kg.api import Graph
from kg.query.catalogue import CatalogueError
from kg.query.service import QueryService, run


def test_a_whole_graph_query_is_read_from_the_builds_answer(built):
    service = QueryService(built)
    named, text = service.bind("collaboration-pairs", {})
    assert service.answered(named, text)
    assert not QueryService(built, store_mode="memory").answered(named, text)
    with_param, bound = service.bind("collaboration-pairs", {"organisation": "nuklid"})
    assert not service.answered(with_param, bound)


def test_stores_follow_the_header_until_the_graph_is_in_memory(built):
    service = QueryService(built)
    light, _ = service.bind("cluster-founders", {"cluster": "nuklid"})
    assert service.store_for(light) is service.disk()
    assert service.store_for(None) is service.disk()  # SPARQL text
    memory = service.memory
    assert service.store_for(light) is memory


def test_disk_memory_and_api_give_the_same_rows(built):
    params = {"cluster": "nuklid"}
    disk = run("cluster-founders", params, build_dir=built, store_mode="disk")
    memory = run("cluster-founders", params, build_dir=built, store_mode="memory")
    assert disk.rows == memory.rows and len({r["founder"] for r in disk.rows}) == 11
    assert Graph(built).results("cluster-founders", **params).rows == disk.rows


def test_the_command_line_names_only_queries(built):
    with pytest.raises(CatalogueError):
        QueryService(built).results("SELECT * WHERE { ?s ?p ?o }", text_allowed=False)
    rows = QueryService(built).results("SELECT ?n WHERE { BIND(?v AS ?n) }", {"v": 3}).rows
    assert rows[0]["n"].value == "3"
