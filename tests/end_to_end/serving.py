"""Starting `kg serve` as a user does (its own process), for the server tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import free_port, wait_ready

__all__ = ["engines_of", "start_kg_serve"]


def engines_of(pid: int) -> list[int]:
    """The child processes of `pid` (kg serve's Oxigraph engines), from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def start_kg_serve(
    build: Path, *, quiet: bool = False
) -> tuple[subprocess.Popen, int, list[int]]:
    """`kg serve --build BUILD` on a free loopback port, once it answers: the process, its
    port and its engines' process ids. `quiet` drops its output instead of keeping it."""
    port = free_port()
    output = subprocess.DEVNULL if quiet else subprocess.PIPE
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--build", str(build)],
        stdout=output, stderr=output, text=True,
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}")
    except BaseException:
        process.kill()
        process.communicate()
        raise
    return process, port, engines_of(process.pid)
