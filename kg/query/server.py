"""`kg serve`: a read-only public SPARQL endpoint over the build.

Oxigraph (`oxigraph serve-read-only`, the PyPI package's binary) answers the queries; a front
of our own (kg.query.proxy, whose docstring says why) faces the clients and refuses what a
public read-only endpoint must not do. `start(..., writable=True)` is a bare read-write
Oxigraph for tests that need a Graph Store to publish to.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.builder.serialize import STAMP
from kg.config import default_build_dir
from kg.errors import BuildError
from kg.query import sandbox
from kg.query.proxy import DEFAULT_CONNECTIONS, DEFAULT_TIMEOUT, DEFAULT_WORKERS, Endpoint

__all__ = [
    "DEFAULT_TIMEOUT", "DEFAULT_WORKERS", "LOOPBACK", "ServerError", "oxigraph_binary",
    "port_free", "prepare_store", "server_command", "start", "stop",
]

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServerError(RuntimeError):
    pass


def oxigraph_binary() -> str:
    """The `oxigraph` command from the PyPI package, next to this Python first."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServerError("the `oxigraph` command is missing: pip install oxigraph")
    return found


def prepare_store(build_dir: Path | None = None, location: Path | None = None) -> Path:
    """An on-disk Oxigraph store holding build/kg.nt, reloaded only when kg.nt changed."""
    build_dir = Path(build_dir or default_build_dir())
    source = build_dir / "kg.nt"
    if not source.is_file():
        raise BuildError(f"{source} not found: run `kg build` first")
    location = Path(location or build_dir / "store")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    stamp = location / STAMP
    if stamp.is_file() and stamp.read_text() == digest:
        return location
    shutil.rmtree(location, ignore_errors=True)
    store = ox.Store(str(location))
    store.bulk_load(path=str(source), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store  # releases the lock, so that the server can open the store
    stamp.write_text(digest)
    return location


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def server_command(
    location: Path, host: str, port: int, writable: bool = False, timeout: float | None = None
) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    mode = "serve" if writable else "serve-read-only"
    command = [oxigraph_binary(), mode, "--location", str(location), "--bind", bind]
    if timeout is not None:
        # a second after ours: Oxigraph's own cancellation frees what it can, our limit rules
        command += ["--timeout-s", str(int(timeout) + 1)]
    return command


def _engine_launcher(location: Path, timeout: float):
    def launch(port: int) -> subprocess.Popen:
        command = server_command(location, "127.0.0.1", port, timeout=timeout)
        if sandbox.available():
            command = sandbox.sandboxed(command)
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    return launch


def start(
    location: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
    timeout: float = DEFAULT_TIMEOUT, workers: int = DEFAULT_WORKERS, log: bool = False,
    connections: int = DEFAULT_CONNECTIONS,
) -> Endpoint | subprocess.Popen:
    """Start serving in the background; the caller stops it (see `stop`).

    Read-only (the default): the front (kg.query.proxy) on host:port, answering in a thread,
    with `workers` sandboxed Oxigraph engines on loopback ports behind it, holding at most
    `connections` client connections open at once."""
    if not port_free(host, port):
        raise ServerError(f"port {port} on {host} is already in use: choose another with --port")
    if writable:
        return subprocess.Popen(
            server_command(location, host, port, writable=True),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    if not sandbox.available() and host not in LOOPBACK:
        raise ServerError(
            "cannot stop the engines from opening connections on this system (Linux seccomp "
            "is needed), so kg serve listens on loopback only here"
        )
    try:
        endpoint = Endpoint(
            host, port, _engine_launcher(location, timeout), timeout, workers, log, connections
        )
    except OSError as error:
        raise ServerError(str(error)) from error
    endpoint.serve()
    return endpoint


def stop(server: Endpoint | subprocess.Popen, timeout: float = 1) -> int:
    """Stop a server from `start`; its exit status (0 for the front)."""
    if isinstance(server, Endpoint):
        server.close()
        return 0
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return server.returncode
