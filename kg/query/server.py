"""`kg serve`: a real SPARQL server (`oxigraph serve-read-only`) over the build."""

from __future__ import annotations

import hashlib
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.builder.serialize import STAMP
from kg.config import default_build_dir
from kg.errors import BuildError

__all__ = [
    "ServerError", "oxigraph_binary", "port_free", "prepare_store", "server_command", "start",
    "stop",
]


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


def server_command(location: Path, host: str, port: int, writable: bool = False) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    mode = "serve" if writable else "serve-read-only"
    return [oxigraph_binary(), mode, "--location", str(location), "--bind", bind]


def start(
    location: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False
) -> subprocess.Popen:
    """Start the server in the background; the caller stops it (see `stop`)."""
    if not port_free(host, port):
        raise ServerError(f"port {port} on {host} is already in use: choose another with --port")
    return subprocess.Popen(
        server_command(location, host, port, writable),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(process: subprocess.Popen, timeout: float = 10) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
