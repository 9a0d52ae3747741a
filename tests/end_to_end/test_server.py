"""A real SPARQL server (kg serve: Oxigraph behind its front) on loopback: same answers as the
embedded store, read-only, publishing, and clear errors from endpoints that are down, slow or
answer garbage."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.builder.pipeline import build
from kg.query.catalogue import catalogue
from kg.query.engines import EndpointError
from kg.query.publish import publish
from kg.query.results import to_json, to_turtle
from kg.query.server import start, stop
from kg.query.service import run
from kg.rdf.stores import open_store
from tests.conftest import free_port, wait_ready
from tests.paths import DATA_DIR

from .serving import start_kg_serve


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


def rendered(results) -> str:
    return to_turtle(results) if results.form == "CONSTRUCT" else to_json(results)


@pytest.mark.parametrize("name", list(catalogue()))
def test_catalogue_query_same_on_embedded_store_and_server(name, store, server):
    embedded = run(name, store=store)
    served = run(name, endpoint=f"{server}/query")
    assert rendered(served) == rendered(embedded)


def test_nuklid_founders_over_http(server):
    results = run("cluster-founders", {"cluster": "nuklid"}, endpoint=f"{server}/query")
    assert len({row["founder"].value for row in results.rows}) == 11


def test_data_survives_a_refused_update(server, store):
    request = urllib.request.Request(
        f"{server}/update", data=b"DROP ALL", method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403  # more kinds of write: test_server_safety.py
    after = run("summary", endpoint=f"{server}/query")
    assert to_json(after) == to_json(run("summary", store=store))


def test_endpoint_down():
    with pytest.raises(EndpointError, match="cannot reach"):
        run("summary", endpoint=f"http://127.0.0.1:{free_port()}/query", timeout=2)


def test_endpoint_slow(slow_endpoint):
    started = time.monotonic()
    with pytest.raises(EndpointError, match="no answer within 1 s"):
        run("summary", endpoint=slow_endpoint, timeout=1)
    assert time.monotonic() - started < 10


def test_endpoint_garbage(garbage_endpoint):
    with pytest.raises(EndpointError, match="not a SPARQL result"):
        run("summary", endpoint=garbage_endpoint, timeout=5)


def test_cli_reports_endpoint_errors_without_trace(run_cli_env):
    result = run_cli_env("query", "summary", "--endpoint", f"http://127.0.0.1:{free_port()}/q")
    assert result.returncode == 1
    assert "cannot reach" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def run_cli_env():
    def invoke(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "-m", "kg.cli", *args],
            capture_output=True,
            text=True,
            timeout=60,
            **kwargs,
        )

    return invoke


def test_publish_replaces_a_named_graph(built, tmp_path):
    port = free_port()
    process = start(tmp_path / "empty-store", "127.0.0.1", port, writable=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        graph = "https://example.org/graph/test"
        for _ in range(2):  # a second publish replaces, it does not add
            assert publish(f"{url}/store", graph, build_dir=built) in (200, 201, 204)
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        with urllib.request.urlopen(
            f"{url}/query?query={urllib.parse.quote(text)}", timeout=5
        ) as response:
            body = response.read().decode()
        lines = (built / "kg.nt").read_text(encoding="utf-8").count("\n")
        assert f'"{lines}"' in body
    finally:
        stop(process)


def test_publish_to_nowhere(built):
    with pytest.raises(EndpointError, match="cannot reach"):
        publish(f"http://127.0.0.1:{free_port()}/store", build_dir=built)


def test_kg_serve_starts_answers_and_stops_on_ctrl_c(tmp_path, run_cli_env):
    out = tmp_path / "build"
    build(DATA_DIR, out)
    process, port, engines = start_kg_serve(out)
    try:
        result = run_cli_env(
            "query",
            "cluster-founders",
            "--endpoint",
            f"http://127.0.0.1:{port}/query",
            "--format",
            "csv",
        )
        assert result.returncode == 0 and "Marco Müller" in result.stdout
        with socket.socket() as probe:  # loopback only by default
            assert probe.connect_ex(("127.0.0.1", port)) == 0
    finally:
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "server stopped" in stdout
    assert engines and not [pid for pid in engines if Path(f"/proc/{pid}").exists()]


def test_kg_serve_on_a_busy_port(built, run_cli_env):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_cli_env("serve", "--port", str(port), "--build", str(built))
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
