"""Load on `kg serve`: N concurrent loopback clients, a cheap and a heavy catalogue query.

A script, not a test: `python bench/load.py [--build DIR] [--clients 1,8,32]
[--requests 300] [--queries summary,collaboration-pairs] [--workers 2] [--timeout 30]
[--append]`. It starts the real `kg serve` (a subprocess, as an operator would), and for
each query and each number of clients sends `--requests` POSTs (application/sparql-query,
SPARQL JSON results) from that many threads, each client on its own keep-alive connection,
after one warm-up request. It prints a Markdown table: requests per second, p50 and p99
latency, errors (any answer other than 200 with the expected rows, or a failed connection).
`--append` adds the table to bench/results.md under "Load on kg serve".

Without `--build` it builds the curated data into bench/work/load/build (ignored by git).
The clients are Python threads on the same machine: at high rates they compete with the
server for the CPU, so the figures are a lower bound of what the server can do.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOG = HERE / "work" / "load" / "serve.log"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_build(build: Path | None) -> Path:
    if build:
        return build
    from kg.builder.pipeline import build as run_build

    out = HERE / "work" / "load" / "build"
    if not (out / "kg.nt").is_file():
        run_build(ROOT / "data", out)
    return out


def serve(build: Path, port: int, workers: int, timeout: float) -> subprocess.Popen:
    """`kg serve` in the background; its stderr goes to bench/work/load/serve.log."""
    command = [
        sys.executable, "-m", "kg.cli", "serve", "--build", str(build), "--port", str(port),
        "--workers", str(workers), "--timeout", str(timeout),
    ]
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=1
            ):
                return process
        except OSError:
            if process.poll() is not None:
                sys.exit(f"kg serve stopped: {LOG.read_text()}")
            time.sleep(0.1)
    process.kill()
    sys.exit("kg serve did not start within 120 s")


class Client(threading.Thread):
    """One client: requests from a shared counter, on one keep-alive connection."""

    def __init__(self, port: int, body: bytes, rows: int, left: list[int], lock):
        super().__init__(daemon=True)
        self.port, self.body, self.rows, self.left, self.lock = port, body, rows, left, lock
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def _take(self) -> bool:
        with self.lock:
            if self.left[0] <= 0:
                return False
            self.left[0] -= 1
            return True

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        }
        while self._take():
            start = time.perf_counter()
            try:
                connection.request("POST", "/query", self.body, headers)
                response = connection.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(type(error).__name__)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
                continue
            self.latencies.append(time.perf_counter() - start)
            if status != 200:  # the kind of error: status and the message's first words
                words = data.decode("utf-8", "replace").split(":")[0][:40]
                self.errors.append(f"HTTP {status} {words}")
            elif len(json.loads(data)["results"]["bindings"]) != self.rows:
                self.errors.append("wrong rows")
        connection.close()


def expected_rows(port: int, body: bytes) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/query",
        data=body,
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return len(json.loads(response.read())["results"]["bindings"])


def measure(port: int, text: str, clients: int, requests: int) -> dict:
    body = text.encode("utf-8")
    rows = expected_rows(port, body)  # also the warm-up
    left, lock = [requests], threading.Lock()
    threads = [Client(port, body, rows, left, lock) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    latencies = sorted(x for t in threads for x in t.latencies)
    errors = [e for t in threads for e in t.errors]
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else 0.0
    return {
        "clients": clients,
        "requests": requests,
        "rows": rows,
        "rps": requests / wall,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99_ms": p99 * 1000,
        "errors": len(errors),
        "kinds": sorted(set(errors)),
    }


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({model or '?'})"


def table(results: dict[str, list[dict]]) -> str:
    lines = [
        "| query | rows | clients | requests | requests/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, runs in results.items():
        for r in runs:
            kinds = f" ({', '.join(r['kinds'])})" if r["kinds"] else ""
            lines.append(
                f"| {name} | {r['rows']} | {r['clients']} | {r['requests']} | {r['rps']:.1f} "
                f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']}{kinds} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", type=Path)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--queries", default="summary,collaboration-pairs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--append", action="store_true", help="add to bench/results.md")
    args = parser.parse_args(argv)

    from kg.query.catalogue import catalogue

    build = ensure_build(args.build)
    triples = sum(1 for _ in (build / "kg.nt").open("rb"))
    entries = catalogue()
    before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    port = free_port()
    process = serve(build, port, args.workers, args.timeout)
    results: dict[str, list[dict]] = {}
    try:
        for name in args.queries.split(","):
            results[name] = []
            for clients in (int(c) for c in args.clients.split(",")):
                print(f"{name}: {clients} client(s)", file=sys.stderr)
                results[name].append(measure(port, entries[name].text, clients, args.requests))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)
    command = "python bench/load.py " + " ".join(argv if argv is not None else sys.argv[1:])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    report = (
        f"{machine()}, load average before/after {before} / {load} (the machine is shared); "
        f"{triples:,} triples; `kg serve --workers {args.workers} --timeout "
        f"{args.timeout:g}`; `{command.strip()}` on {time.strftime('%Y-%m-%d')}.\n\n"
        f"{table(results)}\n"
    )
    print(report)
    if args.append:
        with (HERE / "results.md").open("a", encoding="utf-8") as out:
            out.write(f"\n## Load on kg serve\n\n{report}")


if __name__ == "__main__":
    main()
