"""Shared fixtures: a built copy of the real curated data, and copies to break."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.builder.pipeline import build
from kg.cli.commands import cli
from kg.query.server import prepare_store, start, stop
from tests.paths import DATA_DIR


def tree_digest(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Path → sha256 of every file below `folder` (but not below the `skip` folders), to prove
    a folder was left untouched or two builds are byte-identical."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in skip
    }


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real curated data, built once for the session."""
    out = tmp_path_factory.mktemp("build") / "build"
    build(DATA_DIR, out)
    return out


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def slow_endpoint():
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    held: list[socket.socket] = []
    stop_event = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop_event.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    stop_event.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


@pytest.fixture
def garbage_endpoint():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the stdlib's name
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b"<html>hello, this is not JSON</html>")

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/query"
    httpd.shutdown()
    httpd.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


@pytest.fixture(scope="session")
def server(built, tmp_path_factory):
    location = prepare_store(built, tmp_path_factory.mktemp("store") / "s")
    port = free_port()
    process = start(location, "127.0.0.1", port)
    url = f"http://127.0.0.1:{port}"
    wait_ready(url)
    yield url
    stop(process)
