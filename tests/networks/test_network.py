"""Network views (kg.network) and `kg network …`: checked against SPARQL and networkx itself."""

from __future__ import annotations

import csv
import json
from collections import Counter

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli.network import network
from kg.networks import views as kn
from kg.networks.views import (
    VIEWS,
    affiliation_graph,
    collaboration_graph,
    ego_graph,
    export,
    metrics,
    ranked,
)
from kg.rdf.stores import open_store

ID = "https://w3id.org/saxony-lifescience/id/"
ORG = ID + "org/"
NUKLID = ORG + "nuklid"
CLUSTER = "nukliD – Radiopharmacy Cluster Dresden"
PREFIXES = """
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX sls: <https://w3id.org/saxony-lifescience/ontology#>
PREFIX role: <https://w3id.org/saxony-lifescience/vocab/role/>
"""


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


@pytest.fixture(scope="module")
def affiliation(store):
    return affiliation_graph(store)


@pytest.fixture(scope="module")
def collaboration(store):
    return collaboration_graph(store)


def count(store, where: str) -> int:
    query = f"{PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    return int(next(iter(store.query(query)))["n"].value)


def values(store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(PREFIXES + query)]


def edges_of(graph, edge_type: str) -> list[tuple]:
    return [(u, v, d) for u, v, d in graph.edges(data=True) if d["edge_type"] == edge_type]


def invoke(*args: str):
    return CliRunner().invoke(network, list(args))


# -- the affiliation view -----------------------------------------------------------------


def test_views_registry_names_both_views():
    assert set(VIEWS) == {"affiliation", "collaboration"}


def test_affiliation_nodes_agree_with_sparql(store, affiliation):
    types = Counter(d["type"] for _, d in affiliation.nodes(data=True))
    assert types["person"] == count(store, "?x a foaf:Person")
    assert types["organisation"] + types["cluster"] == count(store, "?x a org:Organization")
    assert types["cluster"] == count(store, "?x a org:OrganizationalCollaboration") >= 1
    assert types["event"] == count(store, "?x a schema:Event")
    assert affiliation.number_of_nodes() == sum(types.values())
    nuklid = affiliation.nodes[NUKLID]
    assert (nuklid["type"], nuklid["kind"], nuklid["iri"]) == ("cluster", "cluster", NUKLID)
    assert affiliation.nodes[ORG + "hzdr"]["kind"] == "research-institute"
    # the most specific kind, not its superclass "company"
    assert affiliation.nodes[ORG + "leap-up"]["kind"] == "cluster-management-company"


def test_affiliation_edges_agree_with_sparql(store, affiliation):
    kinds = Counter(d["edge_type"] for *_, d in affiliation.edges(data=True))
    assert kinds["membership"] == count(store, "?m a org:Membership")
    assert kinds["participation"] == count(store, "?p a sls:Participation")
    assert kinds["relation"] == count(store, "?r a sls:OrganisationRelation")
    assert kinds["rename"] == count(store, "?c a org:ChangeEvent") >= 1
    assert kinds["about"] == count(store, "?e a schema:Event ; schema:about ?o")
    on_behalf = count(
        store, "{ ?m a org:Membership } UNION { ?m a sls:Participation } ?m sls:onBehalfOf ?o"
    )
    assert kinds["on-behalf-of"] == on_behalf
    assert affiliation.number_of_edges() == sum(kinds.values())


def test_founders_of_nuklid_are_founder_edges_into_nuklid(store, affiliation):
    founders = {
        row[0]
        for row in values(
            store,
            "SELECT ?p WHERE { ?m a org:Membership ; org:member ?p ; "
            f"org:organization <{NUKLID}> ; org:role role:founder }}",
        )
    }
    edges = [
        (u, d)
        for u, v, d in edges_of(affiliation, "membership")
        if v == NUKLID and d["role"] == "founder"
    ]
    assert len(founders) == len(edges) == 11
    assert {u for u, _ in edges} == founders
    assert all(affiliation.nodes[u]["type"] == "person" for u in founders)
    for _, data in edges:
        assert data["role_label"] == "Founder"
        assert data["sources"] and data["sources"] == sorted(data["sources"])
        assert all(url.startswith("http") for url in data["sources"])


def test_on_behalf_of_ties_lead_to_the_organisation_a_founder_came_from(affiliation):
    marco = ID + "person/marco-mueller"
    ties = [(v, d) for u, v, d in edges_of(affiliation, "on-behalf-of") if u == marco]
    assert ties == [(ORG + "abx", ties[0][1])]
    assert ties[0][1]["role"] == "founder" and ties[0][1]["via"] == NUKLID


def test_relation_edges_carry_type_and_share(affiliation):
    owners = {
        (u, v): d.get("share")  # a share only where a source states one
        for u, v, d in edges_of(affiliation, "relation")
        if d["relation"] == "owned-by"
    }
    assert owners[(ORG + "rotop", ID + "person/jens-junker")] == pytest.approx(25.1)
    assert owners[(ORG + "leap-up", ORG + "biosaxony")] == 100.0
    renames = [(u, v) for u, v, _ in edges_of(affiliation, "rename")]
    assert (ORG + "biosaxony-management", ORG + "leap-up") in renames


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_attribute_values_are_plain_python(view, store):
    graph = VIEWS[view](store)
    datas = [d for _, d in graph.nodes(data=True)] + [d for *_, d in graph.edges(data=True)]
    for data in datas:
        for value in data.values():
            assert type(value) in (str, int, float, bool, list), value
            if isinstance(value, list):
                assert all(type(item) is str for item in value)
    assert all(type(node) is str for node in graph)


# -- the collaboration view ---------------------------------------------------------------


def reasons(graph, a: str, b: str) -> list[str]:
    return graph.edges[ORG + a, ORG + b]["reasons"]


def test_collaboration_nodes_are_all_organisations(store, collaboration):
    assert collaboration.number_of_nodes() == count(store, "?x a org:Organization")
    assert {d["type"] for _, d in collaboration.nodes(data=True)} == {"organisation", "cluster"}


def test_collaboration_ties_carry_their_reasons(collaboration):
    assert reasons(collaboration, "abx", "nuklid") == [
        f"membership: ABX advanced biochemical compounds GmbH is founding member of {CLUSTER}",
        "shared person: Marco Müller",
    ]
    assert f"shared membership: {CLUSTER}" in reasons(collaboration, "abx", "hzdr")
    assert (
        "relation: ROTOP Pharmaka GmbH part of group MDG Molecular Diagnostics Group GmbH"
        in reasons(collaboration, "mdg", "rotop")
    )
    assert {
        "relation: leap:up GmbH owned by biosaxony e.V. (100 %)",
        "relation: leap:up GmbH subsidiary of biosaxony e.V.",
    } <= set(reasons(collaboration, "biosaxony", "leap-up"))
    assert "renamed: biosaxony Management GmbH to leap:up GmbH" in reasons(
        collaboration, "biosaxony-management", "leap-up"
    )
    assert "shared event: BIO-Europe 2025" in reasons(collaboration, "leap-up", "nuklid")
    for _, _, data in collaboration.edges(data=True):
        assert data["weight"] == len(data["reasons"]) == len(set(data["reasons"])) >= 1
        assert data["reasons"] == sorted(data["reasons"])


def test_a_common_parent_alone_is_no_tie(store, collaboration):
    """Direct ties only: two organisations under one owner, parent or group are each tied to
    it, not to each other by that alone."""
    siblings = values(
        store,
        """SELECT DISTINCT ?x ?y WHERE {
             ?r1 a sls:OrganisationRelation ; sls:subject ?x ; sls:object ?p .
             ?r2 a sls:OrganisationRelation ; sls:subject ?y ; sls:object ?p .
             FILTER(STR(?x) < STR(?y))
           }""",
    )
    assert siblings
    for x, y in siblings:
        if collaboration.has_edge(x, y):
            assert not any(r.startswith("both ") for r in collaboration.edges[x, y]["reasons"])
    assert sum(not collaboration.has_edge(x, y) for x, y in siblings) > 0


def test_shared_person_ties_agree_with_sparql(store, collaboration):
    pairs = values(
        store,
        """SELECT DISTINCT ?x ?y WHERE {
             ?m1 a org:Membership ; org:member ?p ; org:organization|sls:onBehalfOf ?x .
             ?m2 a org:Membership ; org:member ?p ; org:organization|sls:onBehalfOf ?y .
             ?p a foaf:Person .
             FILTER(STR(?x) < STR(?y))
           } ORDER BY ?x ?y""",
    )
    tied = sorted(
        tuple(sorted((u, v)))
        for u, v, d in collaboration.edges(data=True)
        if any(r.startswith("shared person: ") for r in d["reasons"])
    )
    assert tied == pairs and len(pairs) > 10


def test_event_ties_count_people_acting_for_an_organisation(collaboration):
    signing = "shared event: Signing of the Memorandum of Understanding for the Radiopharmacy"
    assert any(r.startswith(signing) for r in reasons(collaboration, "freistaat-sachsen", "hzdr"))


# -- ego networks -------------------------------------------------------------------------


def test_ego_network_of_nuklid_holds_its_founders(store, affiliation):
    founders = {
        row[0]
        for row in values(
            store,
            f"SELECT ?p WHERE {{ ?m org:member ?p ; org:organization <{NUKLID}> ; "
            "org:role role:founder }",
        )
    }
    ego = ego_graph(affiliation, "nuklid")
    assert ego.graph["center"] == NUKLID and ego.graph["radius"] == 1
    assert len(founders) == 11 and founders <= set(ego)
    assert set(ego) == set(ego_graph(affiliation, NUKLID, radius=1))
    assert set(ego) == {NUKLID} | set(affiliation.predecessors(NUKLID)) | set(
        affiliation.successors(NUKLID)
    )
    assert set(ego_graph(affiliation, "nuklid", radius=0)) == {NUKLID}
    assert len(ego_graph(affiliation, "nuklid", radius=2)) > len(ego)


@pytest.mark.parametrize("radius", [0, 1, 2])
def test_ego_graph_is_the_same_as_networkx_makes_it(affiliation, radius):
    for center in (NUKLID, ORG + "hzdr", ID + "person/marco-mueller"):
        ours = ego_graph(affiliation, center, radius)
        theirs = nx.ego_graph(affiliation, center, radius=radius, undirected=True)
        assert set(ours) == set(theirs)
        assert sorted(ours.edges(keys=True)) == sorted(theirs.edges(keys=True))


def test_within_counts_ties_in_both_directions():
    graph = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    assert kn.within(graph, "a") == {"a": 0, "b": 1, "c": 2, "d": 3}
    assert kn.within(graph, "a", radius=2) == {"a": 0, "b": 1, "c": 2}


def test_ego_network_of_an_unknown_entity_is_an_error(affiliation):
    with pytest.raises(kn.UnknownEntityError, match="no-such-thing"):
        ego_graph(affiliation, "no-such-thing")


# -- metrics ------------------------------------------------------------------------------


def small_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=3)
    graph.add_edge("b", "c", weight=1)
    graph.add_edge("c", "a", weight=1)
    graph.add_edge("c", "d", weight=2)
    graph.add_edge("d", "e", weight=1)
    graph.add_edge("e", "f", weight=4)
    graph.add_edge("f", "d", weight=1)
    graph.add_node("g", label="Lonely", type="organisation", kind="company")
    return graph


def test_metrics_match_networkx_on_a_small_graph():
    graph = small_graph()
    rows = {row["id"]: row for row in metrics(graph)}
    between = nx.betweenness_centrality(graph)
    rank = nx.pagerank(graph, weight="weight")
    assert list(rows) == sorted(graph)
    for node in graph:
        row = rows[node]
        assert row["degree"] == graph.degree(node)
        assert row["weighted_degree"] == graph.degree(node, weight="weight")
        assert row["betweenness"] == round(between[node], 6)
        assert row["pagerank"] == round(rank[node], 6)
    assert rows["g"]["label"] == "Lonely" and rows["g"]["kind"] == "company"
    assert rows["a"]["label"] == "a"
    found = nx.community.louvain_communities(graph, weight="weight", seed=42)
    expected = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    numbered = {n: i for i, c in enumerate(expected) for n in c}
    assert {n: r["community"] for n, r in rows.items()} == numbered
    assert rows["g"]["community"] == len(expected) - 1  # a singleton is numbered last


def test_metrics_merge_parallel_edges_into_weights():
    graph = nx.MultiDiGraph([("p", "o"), ("p", "o"), ("o", "p"), ("q", "o")])
    rows = {row["id"]: row for row in metrics(graph)}
    assert rows["o"]["degree"] == 2  # two distinct neighbours
    assert rows["o"]["weighted_degree"] == graph.degree("o") == 4  # four facts


def test_betweenness_is_sampled_with_a_fixed_seed_above_the_limit(monkeypatch):
    graph = nx.karate_club_graph()
    monkeypatch.setattr(kn, "EXACT_BETWEENNESS_LIMIT", 10)
    monkeypatch.setattr(kn, "BETWEENNESS_SAMPLE", 8)
    sampled = nx.betweenness_centrality(graph, k=8, seed=42)
    first, second = metrics(graph), metrics(graph)
    assert first == second
    assert {r["id"]: r["betweenness"] for r in first} == {
        n: round(v, 6) for n, v in sampled.items()
    }


def karate_with_loners() -> nx.Graph:
    graph = nx.relabel_nodes(nx.karate_club_graph(), lambda n: f"k{n:02d}")
    graph.add_nodes_from(f"lone{i}" for i in range(10))
    return graph


def test_sampled_betweenness_draws_sources_among_tied_nodes(monkeypatch):
    monkeypatch.setattr(kn, "EXACT_BETWEENNESS_LIMIT", 10)
    monkeypatch.setattr(kn, "BETWEENNESS_SAMPLE", 8)
    graph = karate_with_loners()
    core = nx.Graph()
    core.add_nodes_from(sorted(n for n in graph if graph.degree(n)))
    core.add_edges_from(kn.simple_graph(graph).edges)
    sampled = nx.betweenness_centrality(core, k=8, seed=42)
    n, m = graph.number_of_nodes(), core.number_of_nodes()
    expected = {
        node: round(sampled.get(node, 0.0) * (m - 1) * (m - 2) / ((n - 1) * (n - 2)), 6)
        for node in graph
    }
    assert {r["id"]: r["betweenness"] for r in metrics(graph)} == expected
    assert expected["lone0"] == 0.0 and max(expected.values()) > 0


def test_betweenness_sample_follows_the_work_budget(monkeypatch):
    monkeypatch.setattr(kn, "BETWEENNESS_WORK", 1000)
    assert kn.betweenness_sample(nx.path_graph(2)) == kn.BETWEENNESS_SAMPLE  # 2 entries/source
    assert kn.betweenness_sample(nx.path_graph(11)) == 50  # 10 ties: 20 entries per source
    assert kn.betweenness_sample(nx.complete_graph(100)) == kn.BETWEENNESS_MIN_SAMPLE


def test_metrics_report_the_time_of_each_step():
    timings: dict[str, float] = {}
    metrics(karate_with_loners(), timings)
    assert set(timings) == {"simple graph", "betweenness", "pagerank", "communities", "rows"}
    assert all(seconds >= 0 for seconds in timings.values())


def test_collaboration_metrics_from_the_store(store, collaboration):
    timings: dict[str, float] = {}
    graph, rows = kn.collaboration_metrics(store, timings)
    assert list(graph.edges(data=True)) == list(collaboration.edges(data=True))
    assert rows == metrics(collaboration)
    assert {"sparql", "projection", "betweenness", "pagerank", "communities"} <= set(timings)


def test_simple_graph_keeps_a_graph_already_in_order(collaboration):
    assert kn.simple_graph(collaboration) is collaboration
    shuffled = nx.Graph()
    shuffled.add_nodes_from(reversed(list(collaboration.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(collaboration.edges(data=True))))
    simple = kn.simple_graph(shuffled)
    assert simple is not shuffled
    assert list(simple) == list(collaboration)
    assert [(u, v, d["weight"]) for u, v, d in simple.edges(data=True)] == [
        (u, v, d["weight"]) for u, v, d in collaboration.edges(data=True)
    ]


def test_kinds_are_the_most_specific_as_sparql_defines_them(store, affiliation):
    query = """
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?node ?kind WHERE {
      ?node a org:Organization , ?class .
      ?class skos:notation ?kind ; rdfs:label ?kindLabel . FILTER(lang(?kindLabel) = "en")
      FILTER NOT EXISTS {
        ?node a ?narrower .
        ?narrower skos:notation ?other ; rdfs:subClassOf+ ?class .
        FILTER(?narrower != ?class)
      }
    } ORDER BY ?node ?kind"""
    expected: dict[str, str] = {}
    for node, kind in values(store, query):
        expected.setdefault(node, kind)
    found = {n: d["kind"] for n, d in affiliation.nodes(data=True) if n in expected}
    assert found == expected and len(expected) == count(store, "?x a org:Organization")


def test_metrics_are_deterministic(store, collaboration, affiliation):
    assert metrics(collaboration) == metrics(collaboration_graph(store))
    assert metrics(affiliation) == metrics(affiliation_graph(store))
    assert metrics(nx.Graph()) == []


def test_communities_are_numbered_by_size(collaboration):
    rows = metrics(collaboration)
    sizes = Counter(row["community"] for row in rows)
    assert sorted(sizes) == list(range(len(sizes)))
    assert [sizes[i] for i in range(len(sizes))] == sorted(sizes.values(), reverse=True)


def test_top_brokers_of_the_collaboration_view(collaboration):
    between = nx.betweenness_centrality(collaboration)
    expected = sorted(between, key=lambda n: (-between[n], n))[:3]
    top = [row["id"] for row in ranked(metrics(collaboration), "betweenness", 3)]
    assert top == expected
    assert {ORG + "hzdr", NUKLID} & set(top)


def test_ranked_refuses_unknown_keys():
    with pytest.raises(ValueError, match="cannot sort"):
        ranked([], "closeness")


# -- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_graphml_and_gexf_read_back(view, store, tmp_path):
    graph = VIEWS[view](store)
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"{view}.{fmt}"
        assert export(graph, path, fmt) == [path]
        back = read(path)
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        assert back.is_directed() == graph.is_directed()
        assert back.nodes[NUKLID]["label"] == CLUSTER
        again = tmp_path / f"again.{fmt}"
        export(graph, again, fmt)
        assert again.read_bytes() == path.read_bytes()
    assert 'mode="dynamic"' not in (tmp_path / f"{view}.gexf").read_text(encoding="utf-8")


def test_exported_lists_are_joined(collaboration, tmp_path):
    export(collaboration, tmp_path / "c.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "c.graphml")
    edge = back.edges[ORG + "abx", NUKLID]
    assert edge["reasons"] == (
        f"membership: ABX advanced biochemical compounds GmbH is founding member of {CLUSTER}"
        "; shared person: Marco Müller"
    )
    assert edge["weight"] == 2


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_csv_export_writes_nodes_and_edges(view, store, tmp_path):
    graph = VIEWS[view](store)
    nodes_path, edges_path = export(graph, tmp_path / "net.csv", "csv")
    assert (nodes_path.name, edges_path.name) == ("net-nodes.csv", "net-edges.csv")
    with open(nodes_path, encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with open(edges_path, encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert [row["id"] for row in nodes] == sorted(graph)
    assert {"source", "target"} <= set(edges[0])
    assert [(e["source"], e["target"]) for e in edges] == sorted(
        (e["source"], e["target"]) for e in edges
    )


def test_export_refuses_unknown_formats(collaboration, tmp_path):
    with pytest.raises(kn.NetworkError, match="unknown export format"):
        export(collaboration, tmp_path / "x.dot", "dot")


# -- the command line ---------------------------------------------------------------------


def test_cli_metrics_json_matches_the_api(built, collaboration):
    result = invoke("metrics", "--build", str(built), "--sort", "pagerank", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    expected = ranked(metrics(collaboration), "pagerank", 20)
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert rows[0]["rank"] == 1 and rows[0]["pagerank"] == expected[0]["pagerank"]


def test_cli_metrics_csv_and_table(built, affiliation):
    result = invoke(
        "metrics", "--view", "affiliation", "--top", "0", "--format", "csv", "--build", str(built)
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert len(rows) == affiliation.number_of_nodes()
    degrees = [int(row["degree"]) for row in rows]
    assert degrees == sorted(degrees, reverse=True)
    table = invoke("metrics", "--top", "3", "--sort", "betweenness", "--build", str(built))
    assert table.exit_code == 0 and "top 3 by betweenness" in table.stdout


def test_cli_export(built, tmp_path):
    out = tmp_path / "sub" / "collab.gexf"
    result = invoke("export", "--format", "gexf", "--out", str(out), "--build", str(built))
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).number_of_nodes() > 0
    result = invoke(
        "export",
        "--view",
        "affiliation",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "aff"),
        "--build",
        str(built),
    )
    assert result.exit_code == 0
    assert (tmp_path / "aff-nodes.csv").is_file() and (tmp_path / "aff-edges.csv").is_file()


def test_cli_ego_lists_the_founders(built, store):
    result = invoke("ego", "nuklid", "--format", "json", "--build", str(built))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "distance": 0,
        "id": NUKLID,
        "label": CLUSTER,
        "type": "cluster",
        "kind": "cluster",
    }
    people = {row["id"] for row in rows if row["type"] == "person"}
    assert len(people) == 11
    assert {row["distance"] for row in rows} == {0, 1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["metrics", "--build", "{missing}"], "run `kg build` first"),
        (["export", "--out", "{tmp}/x.graphml", "--build", "{missing}"], "kg.nt not found"),
        (["ego", "nuklid", "--build", "{missing}"], "kg.nt not found"),
        (["ego", "no-such-thing", "--build", "{built}"], "no entity 'no-such-thing'"),
    ],
)
def test_cli_errors_are_one_line(args, message, built, tmp_path):
    fill = {"missing": str(tmp_path / "nothing"), "built": str(built), "tmp": str(tmp_path)}
    result = invoke(*(arg.format(**fill) for arg in args))
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_refuses_unknown_views(built):
    result = invoke("metrics", "--view", "nope", "--build", str(built))
    assert result.exit_code == 2 and "nope" in result.stderr
