"""`kg serve` as a public endpoint: it fetches nothing for a client (SERVICE refused, engines
unable to connect), stops long queries and keeps answering, stays read-only, takes long GETs,
serves a query page that asks only this server, and stops on SIGTERM and Ctrl-C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.query import sandbox
from kg.query.catalogue import catalogue
from kg.query.proxy import Checker, Engine, QueryRefused, check_query
from kg.query.server import _engine_launcher, prepare_store, start, stop
from tests.browser import browser
from tests.conftest import free_port, wait_ready

from .serving import start_kg_serve

LIMIT = 2  # seconds a query may run on the test endpoint
EXPENSIVE = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d LIMIT 1"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class Listener:
    """A loopback port that records every connection made to it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    self.connections.append(connection.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def received(self, wait: float = 0.5) -> list[bytes]:
        time.sleep(wait)  # a connection under way would be accepted by now
        return self.connections

    def close(self):
        self.socket.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def location(built, tmp_path_factory):
    return prepare_store(built, tmp_path_factory.mktemp("safe-store") / "s")


@pytest.fixture(scope="module")
def endpoint(location):
    server = start(location, "127.0.0.1", free_port(), timeout=LIMIT, workers=2)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    wait_ready(url)
    yield url
    stop(server)


def ask(
    url: str, data: bytes | None = None, content_type: str | None = None, method=None,
    accept: str = "text/csv",
):
    """(status, body text) of one request."""
    headers = {"Accept": accept}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def post_query(endpoint: str, text: str):
    return ask(f"{endpoint}/query", text.encode(), "application/sparql-query")


def service_queries(port: int) -> dict[str, str]:
    call = f"SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }}"
    return {
        "plain": f"SELECT * WHERE {{ {call} }}",
        "silent": f"SELECT * WHERE {{ {call.replace('SERVICE', 'SERVICE SILENT')} }}",
        "lower case": f"select * where {{ {call.replace('SERVICE', 'service')} }}",
        "in optional": f"SELECT * WHERE {{ ?s ?q ?r OPTIONAL {{ {call} }} }}",
        "in exists": f"ASK {{ FILTER EXISTS {{ {call} }} }}",
        "in minus": f"SELECT * WHERE {{ ?s ?q ?r MINUS {{ {call} }} }}",
        "in sub-select": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {call} }} }} }}",
        "variable": f"SELECT * WHERE {{ VALUES ?e {{ <http://127.0.0.1:{port}/> }} SERVICE ?e "
        "{ ?s ?p ?o } }",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {call} }}",
        # rdflib ends a comment at LF only, Oxigraph at CR too: the CR would hide the SERVICE
        # from a checker that did not make it a line feed first
        "after a CR comment": f"SELECT * WHERE {{ ?a ?b ?c # x\r{call} \n }}",
    }


@pytest.mark.parametrize("shape", list(service_queries(0)))
def test_service_is_refused_and_nothing_is_fetched(shape, endpoint, listener):
    text = service_queries(listener.port)[shape]
    status, body = post_query(endpoint, text)
    assert status == 400
    assert "SERVICE" in body and "not allowed" in body
    assert listener.received() == []


@pytest.mark.parametrize(
    "where",
    [
        "GRAPH ?g { CALL }",
        "{ ?s ?p ?o } UNION { CALL }",
        "BIND(EXISTS { CALL } AS ?b)",
        "FILTER(NOT EXISTS { OPTIONAL { { SELECT * WHERE { CALL } } } })",
        "{ { { { { { CALL } } } } } }",
    ],
)
@pytest.mark.parametrize("form", ["SELECT *", "DESCRIBE ?s", "ASK"])
def test_the_check_finds_service_anywhere_in_the_parsed_query(form, where):
    text = f"{form} WHERE {{ {where} }}".replace("CALL", "SERVICE <http://x.test/> { ?s ?p ?o }")
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(text)
    check_query(text.replace("SERVICE <http://x.test/>", "GRAPH <http://x.test/>"))


@pytest.mark.parametrize("how", ["GET", "form"])
def test_service_is_refused_by_get_and_by_form(how, endpoint, listener):
    encoded = urllib.parse.urlencode({"query": service_queries(listener.port)["plain"]})
    if how == "GET":
        status, body = ask(f"{endpoint}/query?{encoded}")
    else:
        form = "application/x-www-form-urlencoded"
        status, body = ask(f"{endpoint}/query", encoded.encode(), form)
    assert status == 400 and "SERVICE" in body
    assert listener.received() == []


@pytest.mark.skipif(not sandbox.available(), reason="seccomp filter for Linux x86_64/aarch64")
def test_an_engine_cannot_connect_even_when_asked_directly(location, listener):
    """The second guard alone: a SERVICE query sent straight to an engine, past the check."""
    engine = Engine(_engine_launcher(location, LIMIT))
    try:
        text = service_queries(listener.port)["plain"]
        headers = {"Content-Type": "application/sparql-query", "Accept": "text/csv"}
        status, _, body = engine.request("POST", "/query", text.encode(), headers, timeout=10)
    finally:
        engine.kill()
    assert listener.received() == []
    assert status != 200 or b"not permitted" in body.lower()


def test_a_sandboxed_program_cannot_connect(listener):
    if not sandbox.available():
        pytest.skip("seccomp filter for Linux x86_64/aarch64")
    code = f"import socket; socket.create_connection(('127.0.0.1', {listener.port}), 2)"
    result = subprocess.run(
        sandbox.sandboxed([sys.executable, "-c", code]), capture_output=True, text=True, timeout=30
    )
    assert result.returncode != 0 and "PermissionError" in result.stderr
    assert listener.received() == []


def test_a_long_query_is_stopped_and_the_next_one_answers(endpoint):
    status, body = post_query(endpoint, EXPENSIVE)
    assert status == 503
    assert "timed out" in body and f"limit of {LIMIT} s" in body
    for _ in range(3):  # every engine, the replaced one included, answers
        status, body = post_query(endpoint, COUNT)
        assert status == 200 and body.splitlines()[0] == "n"


def test_others_are_answered_while_a_long_query_runs(endpoint):
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(answer=post_query(endpoint, EXPENSIVE)))
    thread.start()
    time.sleep(0.3)  # let the long query take its engine
    status, _ = post_query(endpoint, COUNT)
    thread.join()
    assert status == 200
    assert slow["answer"][0] == 503


def test_an_answer_over_the_size_limit_is_refused(location):
    server = start(location, "127.0.0.1", free_port(), timeout=LIMIT, workers=1)
    server.max_answer_bytes = 10_000
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        status, body = post_query(url, "SELECT * WHERE { ?s ?p ?o }")
        small = post_query(url, COUNT)
    finally:
        stop(server)
    assert status == 503 and "over 10,000 bytes" in body
    assert small[0] == 200


def test_connections_past_the_limit_are_answered_503_and_closed(location):
    server = start(location, "127.0.0.1", free_port(), timeout=LIMIT, workers=1, connections=2)
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}"
    idle = [socket.create_connection((host, port), timeout=5) for _ in range(2)]
    try:
        # two idle clients hold both slots: a third connection gets a 503 at once
        with socket.create_connection((host, port), timeout=5) as third:
            reply = b""
            while chunk := third.recv(4096):
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 503") and b"too many connections" in reply
        assert b"Retry-After: 1" in reply
        idle.pop().close()  # a slot comes free once the server has seen the client leave
        deadline = time.monotonic() + 5
        status = 0
        while status != 200 and time.monotonic() < deadline:
            try:
                status, _ = post_query(url, COUNT)
            except urllib.error.URLError:  # refused while the slot was still taken
                time.sleep(0.1)
        assert status == 200
    finally:
        for connection in idle:
            connection.close()
        stop(server)


def test_update_and_graph_store_writes_are_refused(endpoint):
    before = post_query(endpoint, COUNT)
    refused = [
        ask(f"{endpoint}/update", b"DROP ALL", "application/sparql-update"),
        ask(f"{endpoint}/query", b"DROP ALL", "application/sparql-update"),
        ask(f"{endpoint}/query", b"DROP ALL", "application/sparql-query"),
        ask(f"{endpoint}/query", b"update=DROP+ALL", "application/x-www-form-urlencoded"),
        ask(f"{endpoint}/store?default", b"", "application/n-triples", "PUT"),
        ask(f"{endpoint}/store?default", b"<a:b> <a:b> <a:b> .", "application/n-triples", "POST"),
        ask(f"{endpoint}/store?default", method="DELETE"),
    ]
    for status, body in refused:
        assert status == 403 and "read-only" in body
    assert post_query(endpoint, COUNT) == before


def test_the_store_can_be_read(endpoint):
    status, body = ask(f"{endpoint}/store?default", accept="application/n-triples")
    assert status == 200 and body.count("\n") > 100


def test_syntax_errors_say_where(endpoint):
    status, body = post_query(endpoint, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and "line:1" in body


def test_big_queries_are_checked_and_answered(endpoint):
    """rdflib's grammar recurses per triple pattern: 85 failed at Python's default depth."""
    triple = "<http://x.test/s> <http://x.test/p> <http://x.test/o{}> .\n"
    text = "ASK { " + "".join(triple.format(i) for i in range(500)) + " }"
    json = "application/sparql-results+json"
    status, body = ask(f"{endpoint}/query", text.encode(), "application/sparql-query", accept=json)
    assert status == 200 and '"boolean":false' in body.replace(" ", "")
    status, message = Checker().refusal("ASK " + "{" * 10_000 + "}" * 10_000, timeout=120)
    assert status == 400 and "nested too deeply" in message


def test_a_long_query_by_get_works(endpoint):
    text = catalogue()["collaboration-pairs"].text
    url = f"{endpoint}/query?{urllib.parse.urlencode({'query': text})}"
    assert len(url) > 8192  # past Oxigraph's own limit
    by_get = ask(url)
    assert by_get[0] == 200 and by_get[1].count("\n") > 10
    assert by_get == post_query(endpoint, text)


def test_a_too_long_get_says_to_use_post(endpoint):
    text = "ASK {}" + "#" * 70_000
    status, body = ask(f"{endpoint}/query?{urllib.parse.urlencode({'query': text})}")
    assert status == 414 and "POST" in body


def test_unknown_paths_and_methods(endpoint):
    assert ask(f"{endpoint}/sparql-graph-crud")[0] == 404
    assert ask(f"{endpoint}/query", method="PUT", data=b"x", content_type="text/plain")[0] == 405


def test_binds_loopback_by_default(location):
    server = start(location, port=free_port())
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        stop(server)


def test_the_query_page_asks_only_this_server(endpoint):
    triples = post_query(endpoint, COUNT)[1].splitlines()[1]
    blocked, errors, asked = [], [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(endpoint + "/"):
            asked.append(url)
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    with browser() as chromium:
        page = chromium.new_page()
        page.route(re.compile(".*"), route)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(endpoint + "/")
        page.wait_for_selector(".CodeMirror")
        page.click(".CodeMirror")
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type("PREFIX sl")  # prefix completion: prefix.cc in Oxigraph's page
        page.wait_for_selector(".CodeMirror-hint")
        hints = page.eval_on_selector_all(".CodeMirror-hint", "els => els.map(e => e.textContent)")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type("SELECT * WHERE { ?s a sls:Org")  # class completion: LOV there
        page.keyboard.press("Control+Space")
        page.wait_for_timeout(500)  # a completion request would be under way by now
        page.evaluate(f"document.querySelector('.CodeMirror').CodeMirror.setValue({COUNT!r})")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table")
        shown = page.inner_text(".yasr table")
    assert "sls: <https://w3id.org/saxony-lifescience/ontology#>" in hints
    assert blocked == [] and errors == []
    assert f"{endpoint}/prefixes.json" in asked and f"{endpoint}/query" in asked
    assert triples in shown


def listening_address(port: int) -> str:
    """The address a TCP socket listens on at `port` (from /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            return socket.inet_ntoa(bytes.fromhex(address)[::-1])
    return ""


@pytest.mark.skipif(not sandbox.available(), reason="the launcher's parent-death signal: Linux")
def test_no_engine_outlives_a_killed_kg_serve(built):
    process, _, engines = start_kg_serve(built, quiet=True)
    try:
        assert engines
    finally:
        process.kill()  # no handler runs: only the kernel can stop the engines now
        process.wait()
    assert engines
    deadline = time.monotonic() + 10
    while [pid for pid in engines if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in engines if alive(pid)]


def alive(pid: int) -> bool:
    """Running, not a zombie (an orphan is reaped by init, which may take a moment)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_kg_serve_stops_on_a_signal_within_2_s(stop_signal, built):
    process, port, engines = start_kg_serve(built)
    try:
        assert len(engines) == 2
        assert listening_address(port) == "127.0.0.1"
        process.send_signal(stop_signal)
        stdout, _ = process.communicate(timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0 and "server stopped" in stdout
    time.sleep(0.2)  # the kernel reaps killed engines
    assert not [pid for pid in engines if Path(f"/proc/{pid}").exists()]
