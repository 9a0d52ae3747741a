"""A Virtuoso of the tests' own: started on loopback from an ini in a temporary folder, stopped.

Debian's `virtuoso-opensource` (7.2) brings `virtuoso-t`. Where it is missing the Virtuoso
tests are skipped, except in CI (CI=true), where .ci/run must have installed it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port

BINARY = "virtuoso-t"
USER = PASSWORD = "dba"  # the account a new database is created with


def require_virtuoso() -> str:
    """The path of virtuoso-t; skip where it is missing, fail in CI."""
    found = shutil.which(BINARY)
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{BINARY} is missing: .ci/run must install virtuoso-opensource")
        pytest.skip(f"{BINARY} is not installed (Debian package virtuoso-opensource)")
    return found


def ini_text(folder: Path, sql_port: int, http_port: int) -> str:
    """A minimal virtuoso.ini: every file in `folder`, both servers on 127.0.0.1 only."""
    return f"""\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
; as in Debian's own virtuoso.ini; without it ASK is answered as a one-row table
; (__ASK_RETVAL) instead of a SPARQL boolean result
CaseMode = 2
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxClientConnections = 8
Charset = UTF-8

[SPARQL]
; the defaults (10,000 rows, 60 s) would cut large answers short without an error
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


@dataclass
class Virtuoso:
    process: subprocess.Popen
    folder: Path
    url: str  # http://127.0.0.1:PORT

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint that takes writes (digest authentication)."""
        return f"{self.url}/sparql-graph-crud-auth"

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


def start(folder: Path, timeout: float = 90) -> Virtuoso:
    """Start Virtuoso in the foreground on free loopback ports; return once /sparql answers."""
    binary = require_virtuoso()
    folder.mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(ini_text(folder, free_port(), http_port := free_port()), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Virtuoso(process, folder, f"http://127.0.0.1:{http_port}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.sparql}?query=ASK%7B%7D", timeout=2):
                return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.25)
    stop(server)
    raise RuntimeError(f"Virtuoso did not answer within {timeout:g} s:\n{server.log()}")


def stop(server: Virtuoso, timeout: float = 30) -> None:
    """SIGTERM (Virtuoso shuts down cleanly on it); SIGKILL if it is still there after that."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(10)
