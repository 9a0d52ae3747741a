"""Benchmark the pipeline on synthetic ecosystems of about 10k, 100k and 1M triples.

A script, not a test: `python bench/run.py [--sizes 10k,100k,1m] [--runs 3]`. For each size it
measures, on this machine and in this run:

- `kg build`: wall time and peak memory (the build's whole process tree) of every stage;
- every catalogue query on the embedded store (in memory and on disk) and on plain rdflib
  (same data, same query text), median of several runs after a warm-up (one run where that
  takes over 10 s), and the ratio rdflib / embedded; rdflib is cut off after 16 times the
  embedded time;
- every catalogue query as `kg query` runs it (a new process each time), and
  `kg query cluster-founders` end to end against parsing kg.nt with rdflib and querying it;
- every catalogue query over HTTP through `kg serve` (oxigraph serve-read-only);
- the collaboration projection with its metrics, `kg viz` (time and size of the site) and
  the rendering of the network pages in headless Chromium.

It writes bench/results.md (tables) and bench/results.png (a plot). Work files go to
bench/work/ (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"10k": 160, "100k": 1600, "1m": 16000}  # synthetic organisations → about N triples
SEED = 42
E2E_TIMEOUT = 300  # seconds for rdflib to parse kg.nt and answer cluster-founders
RDFLIB_TIMEOUT = {"10k": 30, "100k": 10, "1m": 10}  # seconds per query at least, then "> T"
# ... and at least this many times the query's time in memory: an rdflib run cut off then
# still shows a ratio above the target of 15x
RDFLIB_TIMEOUT_FACTOR = 16
SINGLE_RUN_FROM = 10.0  # seconds: a measurement that takes longer is not repeated


# -- measuring processes ------------------------------------------------------------------


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError):
            continue
    return total


def run_measured(command: list[str]) -> tuple[float, list[tuple[float, int]], str, str]:
    """Run `command`; wall time, (time, tree RSS) samples every 50 ms, stdout, stderr."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int]] = []
    lines: list[tuple[float, str]] = []

    def read_stderr() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            lines.append((time.perf_counter() - start, line))

    reader = threading.Thread(target=read_stderr)
    reader.start()
    while process.poll() is None:
        samples.append((time.perf_counter() - start, tree_rss(process.pid)))
        time.sleep(0.05)
    stdout = process.stdout.read()  # type: ignore[union-attr]
    reader.join()
    wall = time.perf_counter() - start
    if process.returncode:
        raise RuntimeError(f"{command} failed: {''.join(line for _, line in lines)[-2000:]}")
    return wall, samples, stdout, json.dumps(lines)


def median_time(function, runs: int) -> float:
    """Median of `runs` runs after a warm-up run (caches, lazy imports, first allocation);
    when the warm-up takes over SINGLE_RUN_FROM seconds, it is the one measurement."""
    times: list[float] = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
        if times[0] > SINGLE_RUN_FROM:
            return times[0]
    return statistics.median(times[1:])


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


# -- the measurements -----------------------------------------------------------------------


def make_data(size: str, work: Path) -> Path:
    from kg.curate.synth import synth

    data = work / size / "data"
    if not (data / "organisations.csv").is_file():
        synth(SIZES[size], data, seed=SEED)
    return data


def bench_build(data: Path, out: Path) -> dict:
    """Stages with seconds and peak memory; the stage of a sample is the next one to finish."""
    wall, samples, _, stderr = run_measured(kg("build", "--data", str(data), "--out", str(out)))
    ends = []
    for at, line in json.loads(stderr):
        if line.startswith("✓"):
            name, seconds = line[1:].rsplit(None, 2)[0].strip(), float(line.split()[-2])
            ends.append((at, name, seconds))
    stages, previous = [], 0.0
    for at, name, seconds in ends:
        peak = max((rss for t, rss in samples if previous <= t <= at), default=None)
        stages.append({"stage": name, "seconds": seconds, "peak_gb": peak and peak / 1e9})
        previous = at
    triples = sum(1 for _ in (out / "kg.nt").open("rb"))
    peak = max(rss for _, rss in samples) / 1e9
    return {"wall": wall, "peak_gb": peak, "stages": stages, "triples": triples}


def query_params(data: Path) -> dict[str, dict[str, str]]:
    """Parameters for the synthetic data: required ones get a synthetic cluster, the biggest
    hub organisation or person; optional ones stay unset (the whole query)."""
    import csv

    from kg.query.catalogue import catalogue

    orgs = list(csv.DictReader((data / "organisations.csv").open(encoding="utf-8")))
    clusters = {r["id"] for r in orgs if r["kind"] == "cluster"}
    memberships = csv.DictReader((data / "memberships.csv").open(encoding="utf-8"))
    founded = sorted(
        r["organisation"]
        for r in memberships
        if r["organisation"] in clusters and r["role"] == "founder"
    )
    cluster = founded[0] if founded else sorted(clusters)[0]  # one with founders, if any
    values = {"cluster": cluster, "org": orgs[0]["id"], "entity": orgs[0]["id"]}
    values["person"] = "synthetic-person-00001"
    params = {}
    for name, query in catalogue().items():
        chosen = {}
        for p in query.params:
            if p.required and p.type in ("org", "entity", "person"):
                chosen[p.name] = values["cluster"] if p.name == "cluster" else values[p.type]
        params[name] = chosen
    return params


def bench_queries(build: Path, params: dict, runs: int) -> dict[str, dict]:
    """Every catalogue query: median seconds in memory, on disk, and the rows it returns."""
    import pyoxigraph as ox

    from kg.query.engines import run_on_store
    from kg.query.params import prepare
    from kg.rdf.stores import open_store

    load = median_time(lambda: open_store(build, "memory"), 1)
    memory, disk = open_store(build, "memory"), open_store(build, "disk")
    results = {}
    for name, given in params.items():
        _, text = prepare(name, given)
        rows = run_on_store(memory, text)
        results[name] = {
            "memory": median_time(lambda t=text, s=memory: run_on_store(s, t), runs),
            "disk": median_time(lambda t=text, s=disk: run_on_store(s, t), runs),
            "rows": len(rows.rows) if rows.form == "SELECT" else len(rows.triples),
            "text": text,
        }
    del disk
    results["_load_memory"] = {"seconds": load, "triples": len(memory)}
    assert isinstance(memory, ox.Store)
    return results


RDFLIB_SCRIPT = """
import json, signal, statistics, sys, time
from rdflib import Graph
path, runs = sys.argv[1], int(sys.argv[2])
queries = json.loads(sys.stdin.read())  # name -> [text, seconds before cut-off]
class Timeout(Exception): pass
def alarm(*_): raise Timeout()
signal.signal(signal.SIGALRM, alarm)
start = time.perf_counter(); graph = Graph().parse(path, format="nt")
out = {"_parse": time.perf_counter() - start}
for name, (text, timeout) in queries.items():
    times = []
    for _ in range(runs):
        signal.alarm(timeout)
        try:
            start = time.perf_counter(); list(graph.query(text))
            times.append(time.perf_counter() - start)
        except Timeout:
            times = None; break
        except Exception as error:
            times = f"fails: {type(error).__name__}"; break
        finally:
            signal.alarm(0)
    out[name] = statistics.median(times) if isinstance(times, list) else times
print(json.dumps(out))
"""


def rdflib_timeouts(queries: dict, floor: int) -> dict[str, int]:
    """Seconds rdflib gets per query: `floor`, or 16 times the query's time in memory."""
    return {
        name: max(floor, math.ceil(RDFLIB_TIMEOUT_FACTOR * m["memory"]))
        for name, m in queries.items()
        if not name.startswith("_")
    }


def bench_rdflib(build: Path, texts: dict[str, str], runs: int, timeouts: dict) -> dict:
    """The same query texts on rdflib (a separate process, so a slow query can be cut off)."""
    queries = {name: [text, timeouts[name]] for name, text in texts.items()}
    process = subprocess.run(
        [sys.executable, "-c", RDFLIB_SCRIPT, str(build / "kg.nt"), str(runs)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(process.stdout)


def bench_end_to_end(build: Path, cluster: str, runs: int) -> dict:
    """`kg query cluster-founders` as a user runs it, against rdflib parse + query."""
    command = kg("query", "cluster-founders", "--build", str(build), "--format", "csv")
    command += ["--param", f"cluster={cluster}"]
    kg_time = median_time(lambda: subprocess.run(command, check=True, capture_output=True), runs)
    from kg.query.params import prepare

    _, text = prepare("cluster-founders", {"cluster": cluster})
    script = (
        "import sys; from rdflib import Graph; "
        "g = Graph().parse(sys.argv[1], format='nt'); list(g.query(sys.stdin.read()))"
    )
    start = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-c", script, str(build / "kg.nt")],
            input=text,
            text=True,
            check=True,
            timeout=E2E_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"kg_query": kg_time, "rdflib": None}
    return {"kg_query": kg_time, "rdflib": time.perf_counter() - start}


def bench_kg_query(build: Path, params: dict, runs: int) -> dict[str, float]:
    """Every catalogue query as `kg query NAME --format csv` (a new process each time)."""
    times = {}
    for name, given in params.items():
        command = kg("query", name, "--build", str(build), "--format", "csv")
        for key, value in given.items():
            command += ["--param", f"{key}={value}"]
        run = lambda c=command: subprocess.run(c, check=True, capture_output=True)  # noqa: E731
        times[name] = median_time(run, runs)
    return times


def bench_server(build: Path, texts: dict[str, str], runs: int) -> dict[str, float]:
    """Every catalogue query over HTTP through `kg serve`'s oxigraph serve-read-only."""
    import socket
    import urllib.request

    from kg.query.engines import run_on_endpoint
    from kg.query.server import prepare_store, start, stop

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # the bench measures slow queries too: kg serve's default limit (30 s) would cut them off
    process = start(prepare_store(build), port=port, timeout=600)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        return {
            name: median_time(lambda t=text: run_on_endpoint(url, t, timeout=600), runs)
            for name, text in texts.items()
        }
    finally:
        stop(process)


def bench_networks(build: Path, site: Path) -> dict:
    """Collaboration projection + metrics, the site (`kg viz`) and page rendering."""
    from kg.networks import views as networks
    from kg.rdf.stores import open_store

    store = open_store(build, "memory")
    start = time.perf_counter()
    graph = networks.collaboration_graph(store)
    projection = time.perf_counter() - start
    start = time.perf_counter()
    networks.metrics(graph)
    metrics = time.perf_counter() - start
    del store
    wall, samples, _, _ = run_measured(kg("viz", "--build", str(build), "--out", str(site)))
    pages = list(site.rglob("*.html"))
    sizes = {
        p.name: p.stat().st_size for p in (site / "ecosystem.html", site / "collaboration.html")
    }
    result = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "projection": projection,
        "metrics": metrics,
        "viz": wall,
        "viz_peak_gb": max(rss for _, rss in samples) / 1e9,
        "pages": len(pages),
        "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6,
        "page_mb": {k: v / 1e6 for k, v in sizes.items()},
    }
    result["render"] = bench_render(site)
    return result


def bench_render(site: Path) -> dict[str, float | None]:
    """Seconds until each network page has drawn in headless Chromium (None: no browser)."""
    try:
        sys.path.insert(0, str(HERE.parent))  # tools/ is the checkout's, not the package's
        from tools.browser import render_time
    except ImportError:
        return {}
    out = {}
    for name in ("ecosystem.html", "collaboration.html"):
        try:
            out[name] = render_time(site / name).seconds
        except Exception as error:  # no Chromium here: say so in the results, do not fail
            out[name] = None
            print(f"render {name}: {error}", file=sys.stderr)
    return out


# -- the report -------------------------------------------------------------------------------


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return (
        f"{seconds:.3f}" if seconds < 1 else f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"
    )


def gb(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def report(results: dict, runs: int) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python bench/run.py` on {time.strftime('%Y-%m-%d')}, on this machine "
        f"({os.cpu_count()} cores), synthetic data from `kg synth` (seed {SEED}); medians of "
        f"{runs} runs unless noted. Times in seconds.",
        "",
    ]
    for size, r in results.items():
        b = r["build"]
        lines += [
            f"## {size}: {b['triples']:,} triples ({SIZES[size]:,} synthetic organisations)",
            "",
            f"### `kg build`: {fmt(b['wall'])} s, peak memory {b['peak_gb']:.2f} GB",
            "",
            "| stage | seconds | peak memory (GB, whole process tree) |",
            "|---|---:|---:|",
            *[f"| {s['stage']} | {fmt(s['seconds'])} | {gb(s['peak_gb'])} |" for s in b["stages"]],
            "",
        ]
        lines += query_table(r)
        e = r["end_to_end"]
        lines += [
            "### `kg query cluster-founders` end to end (process start included)",
            "",
            "| kg query (on-disk store) | rdflib: parse kg.nt + query | ratio |",
            "|---:|---:|---:|",
            f"| {fmt(e['kg_query'])} | {fmt(e['rdflib']) if e['rdflib'] else f'> {E2E_TIMEOUT}'} | "
            f"{(e['rdflib'] or E2E_TIMEOUT) / e['kg_query']:.0f}× |",
            "",
        ]
        if "networks" in r:
            lines += network_table(r["networks"])
    return "\n".join(lines) + "\n"


def query_table(r: dict) -> list[str]:
    q, rdf, http, e2e = r["queries"], r["rdflib"], r["server"], r.get("kg_query", {})
    timeouts = r.get("rdflib_timeouts") or {n: r["rdflib_timeout"] for n in q}
    load = q["_load_memory"]["seconds"]
    from kg.query.answers import precomputed

    answered = {query.name for query in precomputed()}
    lines = [
        f"### Catalogue queries (loading kg.nt into memory: {fmt(load)} s; "
        f"rdflib parse: {fmt(rdf['_parse'])} s)",
        "",
        "| query | rows | in memory | on disk | `kg query` end to end | kg serve (HTTP) | rdflib "
        "| rdflib / in memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = []
    for name, m in q.items():
        if name.startswith("_"):
            continue
        slow, fast = rdf.get(name), max(m["memory"], 1e-4)
        if isinstance(slow, str):  # rdflib cannot run it at all
            shown, ratio = f"{slow} (rdflib)", "–"
        else:
            seconds = slow if slow is not None else timeouts[name]
            ratios.append(seconds / fast)
            shown = fmt(slow) if slow is not None else f"> {seconds}"
            ratio = f"{'' if slow is not None else '> '}{seconds / fast:.0f}×"
        lines.append(
            f"| {name}{' ¹' if name in answered else ''} | {m['rows']} | {fmt(m['memory'])} | "
            f"{fmt(m['disk'])} | {fmt(e2e.get(name))} | {fmt(http.get(name))} | {shown} | {ratio} |"
        )
    lines += [
        "",
        f"Median ratio rdflib / in memory: {statistics.median(ratios):.0f}×; the smallest: "
        f"{min(ratios):.0f}×. rdflib gets {RDFLIB_TIMEOUT_FACTOR} times a query's time in memory "
        f"(at least {r['rdflib_timeout']} s)"
        ' before it is cut off ("> T"); a cut-off ratio is a lower bound.',
        "",
        "¹ Answered by the build (`#+ precompute: true`, kg/query/answers.py): `kg query` without "
        "parameters reads that answer; the other columns run the query itself.",
        "",
    ]
    return lines


def network_table(n: dict) -> list[str]:
    render = ", ".join(f"{k} {fmt(v)} s" for k, v in n.get("render", {}).items()) or "not measured"
    pages = ", ".join(f"{k} {v:.1f} MB" for k, v in n["page_mb"].items())
    return [
        "### Networks and pages",
        "",
        f"- collaboration projection: {n['nodes']:,} organisations, {n['edges']:,} ties, "
        f"{fmt(n['projection'])} s; metrics (degree, weighted degree, betweenness, PageRank, "
        f"Louvain): {fmt(n['metrics'])} s; together {fmt(n['projection'] + n['metrics'])} s",
        f"- `kg viz`: {fmt(n['viz'])} s, peak memory {n['viz_peak_gb']:.2f} GB, {n['pages']:,} "
        f"pages, {n['site_mb']:.1f} MB in all; {pages}",
        f"- rendering in headless Chromium: {render}",
        "",
    ]


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = list(results)
    names = [n for n in results[sizes[0]]["queries"] if not n.startswith("_")]
    figure, axes = plt.subplots(figsize=(11, 5))
    for label, pick in (
        ("embedded, in memory", lambda r, n: r["queries"][n]["memory"]),
        ("embedded, on disk", lambda r, n: r["queries"][n]["disk"]),
        (
            "rdflib",
            lambda r, n: (
                r["rdflib"].get(n) or r.get("rdflib_timeouts", {}).get(n) or r["rdflib_timeout"]
            ),
        ),
    ):
        ok = [
            n for n in names if all(not isinstance(results[s]["rdflib"].get(n), str) for s in sizes)
        ]
        medians = [statistics.median(pick(results[s], n) for n in ok) for s in sizes]
        axes.plot([results[s]["build"]["triples"] for s in sizes], medians, marker="o", label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("triples")
    axes.set_ylabel("median catalogue query time (s)")
    axes.set_title("Catalogue queries: embedded Oxigraph vs rdflib (synthetic data)")
    axes.legend()
    axes.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    saved = args.work / "results.json"
    results = json.loads(saved.read_text()) if saved.is_file() else {}
    for size in args.sizes.split(","):
        print(f"[{size}] data and build", file=sys.stderr)
        data = make_data(size, args.work)
        build = args.work / size / "build"
        r = results[size] = {"build": bench_build(data, build)}
        params = query_params(data)
        print(f"[{size}] queries", file=sys.stderr)
        r["queries"] = bench_queries(build, params, args.runs)
        texts = {n: m["text"] for n, m in r["queries"].items() if not n.startswith("_")}
        r["rdflib_timeout"] = RDFLIB_TIMEOUT[size]
        r["rdflib_timeouts"] = rdflib_timeouts(r["queries"], RDFLIB_TIMEOUT[size])
        runs = args.runs if size != "1m" else 1
        r["rdflib"] = bench_rdflib(build, texts, runs, r["rdflib_timeouts"])
        r["kg_query"] = bench_kg_query(build, params, args.runs)
        r["end_to_end"] = bench_end_to_end(build, params["cluster-founders"]["cluster"], 5)
        print(f"[{size}] server", file=sys.stderr)
        r["server"] = bench_server(build, texts, args.runs)
        print(f"[{size}] networks and pages", file=sys.stderr)
        r["networks"] = bench_networks(build, args.work / size / "site")
        for m in r["queries"].values():
            m.pop("text", None)
        saved.write_text(json.dumps(results, indent=1))
    results = {size: results[size] for size in SIZES if size in results}
    args.out.write_text(report(results, args.runs), encoding="utf-8")
    plot(results, args.out.with_suffix(".png"))
    print(f"wrote {args.out} and {args.out.with_suffix('.png')}", file=sys.stderr)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
