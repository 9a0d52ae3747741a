"""Past one machine: `kg publish` to a real Virtuoso on loopback, and every catalogue query
gives the same answer there, through `kg query --endpoint`, as on the embedded store."""

from __future__ import annotations

import urllib.parse

import pytest
from click.testing import CliRunner

from kg.cli.commands import cli as kg_cli
from kg.query.catalogue import catalogue
from kg.query.engines import EndpointError, run_on_endpoint
from kg.query.publish import publish
from kg.query.service import run as run_query
from kg.rdf.stores import open_store
from tests.virtuoso import PASSWORD, USER, Virtuoso, start, stop

from .test_server import rendered

GRAPH = "https://w3id.org/saxony-lifescience/graph/kg"

# Parameter values per query: the defaults ({}), and each optional parameter once, so that the
# VALUES block kg binds them with and the `!BOUND(?x) ||` filters run on Virtuoso too.
CASES: dict[str, list[dict[str, str]]] = {
    "affiliations": [
        {}, {"entity": "nuklid"}, {"entity": "hzdr"}, {"entity": "hzdr", "as_of": "2020-01-01"},
    ],
    "aims": [{}, {"organisation": "nuklid"}],
    "awards": [{}, {"organisation": "biosaxony"}],
    "by-city": [{}, {"city": "dresden"}, {"city": "berlin"}],
    "changes": [{}, {"from": "2025-01-01", "to": "2025-01-31", "entity": "nuklid"}],
    "cluster-founders": [{}, {"cluster": "saxocell"}, {"as_of": "2024-12-31"}],
    "cluster-members": [{}, {"cluster": "saxocell"}, {"as_of": "2025-02-01"}],
    "cluster-network": [{}, {"cluster": "saxocell"}, {"as_of": "2025-02-01"}],
    "collaboration-pairs": [{}, {"organisation": "nuklid"}, {"as_of": "2020-01-01"}],
    "disputed": [{}, {"entity": "cup"}],
    "events": [
        {}, {"kind": "signing"}, {"event": "bio-europe-2025"}, {"as_of": "2025-01-16"},
    ],
    "facts-per-source": [{}],
    "history": [{}, {"organisation": "leap-up"}],
    "identifiers": [{}, {"scheme": "ror"}],
    "is-founder": [
        {}, {"person": "andre-hofmann", "cluster": "saxocell"}, {"as_of": "2024-12-31"},
    ],
    "member-counts": [{}, {"organisation": "biosaxony"}],
    "multi-affiliated": [{}, {"minimum": "3"}, {"as_of": "2022-01-01"}],
    "organisations": [
        {},
        {"kind": "company"},
        {"city": "dresden"},
        {"sector": "radiopharmaceuticals"},
    ],
    "ownership": [{}, {"entity": "biosaxony"}, {"as_of": "2015-01-01"}],
    "people": [{}],
    "role-holders": [{}, {"role": "founder"}, {"role": "managing-director", "as_of": "2020-06-30"}],
    "sectors": [{}],
    "single-source": [{}, {"entity": "cup"}],
    "sources-of": [{}, {"entity": "andre-hofmann"}, {"entity": "dresden"}],
    "summary": [{}],
    "unsourced": [{}],
}


# Differences that no query text can remove: they sit in Virtuoso 7.2's result writers, and
# kg/query.py reads them as they come (see docs/endpoints.md, "Known differences").
def cases() -> list:
    out = []
    for name, variants in CASES.items():
        for params in variants:
            label = ",".join(f"{k}={v}" for k, v in params.items()) or "defaults"
            out.append(pytest.param(name, params, id=f"{name}:{label}"))
    return out


def test_every_catalogue_query_has_cases():
    assert set(CASES) == set(catalogue())


@pytest.fixture(scope="module")
def virtuoso(built, tmp_path_factory, cli):
    server = start(tmp_path_factory.mktemp("virtuoso"))
    try:
        result = cli(*publish_args(server, built))
        assert result.exit_code == 0, result.output
        yield server
    finally:
        stop(server)
    assert server.process.returncode is not None


@pytest.fixture(scope="module")
def cli():
    """`kg` through click's CliRunner (module-scoped, for the Virtuoso fixture)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(kg_cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


def endpoint(server: Virtuoso, graph: str = GRAPH) -> str:
    """The SPARQL endpoint with the published graph as the default graph of every query."""
    return f"{server.sparql}?default-graph-uri={urllib.parse.quote(graph, safe='')}"


def count(server: Virtuoso, graph: str) -> int:
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(run_on_endpoint(server.sparql, text, timeout=60).rows[0]["n"].value)


def publish_args(server: Virtuoso, built) -> list[str]:
    return [
        "publish",
        "--endpoint",
        server.graph_store,
        "--graph",
        GRAPH,
        "--user",
        USER,
        "--password",
        PASSWORD,
        "--build",
        str(built),
    ]


@pytest.mark.parametrize(("name", "params"), cases())
def test_catalogue_query_same_on_embedded_store_and_virtuoso(name, params, virtuoso, store, cli):
    embedded = rendered(run_query(name, params, store=store))
    options = [o for k, v in params.items() for o in ("--param", f"{k}={v}")]
    served = cli("query", name, *options, "--endpoint", endpoint(virtuoso), "--format", "json")
    assert served.exit_code == 0, served.output
    assert served.output == embedded


def test_csv_the_same_from_virtuoso(virtuoso, built, cli):
    args = ("query", "cluster-founders", "--param", "cluster=nuklid", "--format", "csv")
    local = cli(*args, "--build", str(built))
    remote = cli(*args, "--endpoint", endpoint(virtuoso))
    assert remote.exit_code == 0 and remote.output == local.output
    assert "Marco Müller" in remote.output


def test_publish_replaces_the_graph(virtuoso, built, cli):
    lines = (built / "kg.nt").read_text(encoding="utf-8").count("\n")
    assert count(virtuoso, GRAPH) == lines
    again = cli(*publish_args(virtuoso, built))
    assert again.exit_code == 0 and "HTTP 20" in again.output
    assert count(virtuoso, GRAPH) == lines  # replaced, not added


def test_large_publish_at_once_and_in_chunks(virtuoso, tmp_path):
    """6 MB: more than Virtuoso reads of a body it answers with 401 (urllib's own handlers,
    sending it without credentials first, broke the pipe); then the same in three chunks."""
    graph = "https://example.org/graph/large"
    folder = tmp_path / "large"
    folder.mkdir()
    with (folder / "kg.nt").open("w", encoding="utf-8") as out:
        for i in range(50_000):
            out.write(
                f"<https://example.org/s/{i // 10}> <https://example.org/p/{i % 10}> "
                f'"synthetic value {i}, long enough to make the body large" .\n'
            )
    assert (folder / "kg.nt").stat().st_size > 5_000_000
    login = {"build_dir": folder, "user": USER, "password": PASSWORD}
    assert publish(virtuoso.graph_store, graph, **login) in (200, 201, 204)
    assert count(virtuoso, graph) == 50_000
    publish(virtuoso.graph_store, graph, chunk_triples=20_000, **login)
    assert count(virtuoso, graph) == 50_000  # the first chunk replaced, the others added
    (folder / "kg.nt").write_text('<https://example.org/s> <https://example.org/p> "o" .\n')
    publish(virtuoso.graph_store, graph, chunk_triples=20_000, **login)
    assert count(virtuoso, graph) == 1


def test_publish_with_a_wrong_password(virtuoso, built):
    with pytest.raises(EndpointError, match="refused user .dba. and the password given"):
        publish(virtuoso.graph_store, GRAPH, build_dir=built, user=USER, password="wrong")
    lines = (built / "kg.nt").read_text(encoding="utf-8").count("\n")
    assert count(virtuoso, GRAPH) == lines  # nothing was sent


def test_publish_without_credentials(virtuoso, built):
    with pytest.raises(EndpointError, match="asks for credentials"):
        publish(virtuoso.graph_store, GRAPH, build_dir=built)


def test_without_default_graph_virtuoso_queries_all_its_graphs(virtuoso, store):
    """Why the endpoint URL names the graph: Virtuoso's default graph is the union of all its
    graphs, its own system graphs included."""

    def triples(results) -> int:
        return next(int(r["count"].value) for r in results.rows if r["measure"].value == "triples")

    local = triples(run_query("summary", store=store))
    assert triples(run_query("summary", endpoint=endpoint(virtuoso), timeout=60)) == local
    assert triples(run_query("summary", endpoint=virtuoso.sparql, timeout=60)) > local
