"""Time and paths at scale: `kg path` end to end, and as-of queries against the same queries
without a day, on synthetic data (default: the 1M-triple size of bench/run.py).

A script, not a test: `python bench/as_of.py [--size 1m] [--runs 3]`. It builds the synthetic
data once into bench/work/SIZE/ (shared with bench/run.py), then writes the section
"Time and paths" of bench/results.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import SIZES, kg, make_data  # noqa: E402

from kg.query.service import run as run_query  # noqa: E402
from kg.rdf.stores import open_store  # noqa: E402

AS_OF = "2015-06-30"
BEGIN, END = "<!-- time:begin -->", "<!-- time:end -->"


def median(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ensure_build(size: str) -> Path:
    data = make_data(size, HERE / "work")
    build = data.parent / "build"
    if not (build / "kg.nt").is_file() or (build / "kg.nt").stat().st_mtime < max(
        p.stat().st_mtime for p in data.glob("*.csv")
    ):
        subprocess.run(kg("build", "--data", str(data), "--out", str(build), "-q"), check=True)
    return build


def pairs(data: Path, count: int, seed: int = 7) -> list[tuple[str, str]]:
    """A person who holds a role and an organisation that has members, drawn at random
    (seeded): the question a reader asks of two members of the ecosystem."""
    with (data / "memberships.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    people = sorted({r["member"] for r in rows if "person" in r["member"]})
    orgs = sorted({r["organisation"] for r in rows})
    rng = random.Random(seed)
    return [(rng.choice(people), rng.choice(orgs)) for _ in range(count)]


def bench_paths(build: Path, data: Path, runs: int) -> list[dict]:
    rows = []
    for a, b in pairs(data, 3):
        command = kg("path", a, b, "--build", str(build), "--format", "json", "--max-hops", "4")
        found = subprocess.run(command, capture_output=True, text=True)
        seconds = median(lambda c=command: subprocess.run(c, capture_output=True), runs)
        shortest = min((len(path) for path in json.loads(found.stdout)), default=0) if (
            found.returncode == 0) else 0
        steps = f"{shortest} steps" if shortest else "no connection within 4 steps"
        rows.append({"pair": f"{a} → {b}", "seconds": seconds, "answer": steps})
    return rows


CASES = {
    "affiliations": {"entity": "{org}"},
    "cluster-members": {"cluster": "{cluster}"},
    "collaboration-pairs": {"organisation": "{org}"},
    "ownership": {},
    "role-holders": {"role": "founder"},
    "multi-affiliated": {},
    "events": {},
}


def bench_as_of(build: Path, data: Path, runs: int) -> list[dict]:
    with (data / "organisations.csv").open(encoding="utf-8") as handle:
        orgs = list(csv.DictReader(handle))
    fill = {
        "org": next(r["id"] for r in orgs if r["kind"] == "company"),
        "cluster": next(r["id"] for r in orgs if r["kind"] == "cluster"),
    }
    store = open_store(build, "disk")
    rows = []
    for name, template in CASES.items():
        params = {k: v.format(**fill) for k, v in template.items()}
        plain = median(lambda p=params, n=name: run_query(n, p, store=store), runs)
        dated = median(lambda p=params, n=name: run_query(n, p | {"as_of": AS_OF}, store=store),
                       runs)
        count = len(run_query(name, params, store=store).rows)
        dated_count = len(run_query(name, params | {"as_of": AS_OF}, store=store).rows)
        rows.append({"query": name, "params": params, "plain": plain, "dated": dated,
                     "rows": count, "dated_rows": dated_count})
    return rows


REDRAW = """(year) => new Promise((done) => {
  const slider = document.querySelector('#kg-time input');
  const years = JSON.parse(document.getElementById('kg-network-data').textContent).time.years;
  const start = performance.now();
  kgNetwork.once('afterDrawing', () => done(performance.now() - start));
  slider.value = String(years.indexOf(year));
  slider.dispatchEvent(new Event('input'));
})"""


def bench_time_control(size: str, runs: int) -> dict:
    """The ecosystem page of `size` (written alone, with the site's assets), in headless
    Chromium: milliseconds from moving the time control to the network drawn again."""
    from kg.site.html import write_assets
    from kg.site.pages import Site
    from tools.browser import browser, visit

    build = ensure_build(size)
    site = Site(open_store(build))
    folder = build.parent / "time-site"
    write_assets(folder / "assets")
    for name, text in site.ecosystem():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    years = site.years
    picks = [years[len(years) // 3], years[2 * len(years) // 3], years[-1]]
    with browser() as chromium:
        seen = visit(chromium, (folder / "ecosystem.html").as_uri())
        seen.page.wait_for_selector("body[data-drawn='yes']", state="attached", timeout=120_000)
        times = [seen.page.evaluate(REDRAW, year) for year in picks * runs]
        nodes = seen.page.evaluate("() => kgData.nodes.length")
        edges = seen.page.evaluate("() => kgData.edges.length")
    return {"size": size, "nodes": nodes, "edges": edges, "ms": statistics.median(times),
            "worst": max(times), "errors": seen.errors}


def report(
    size: str, triples: int, paths: list[dict], as_of: list[dict], runs: int, redraw: dict
) -> str:
    lines = [
        BEGIN,
        "## Time and paths",
        "",
        f"Written by `python bench/as_of.py --size {size}` on {time.strftime('%Y-%m-%d')}: "
        f"{triples:,} triples, medians of {runs} runs, on-disk store.",
        "",
        "`kg path A B --max-hops 4 --format json`, end to end (a new process each time):",
        "",
        "| pair | seconds | answer |",
        "|---|---:|---|",
        *(f"| {r['pair']} | {r['seconds']:.2f} | {r['answer']} |" for r in paths),
        "",
        f"Catalogue queries with `as_of={AS_OF}` against the same query without it:",
        "",
        "| query | parameters | rows | rows as of | seconds | seconds as of | ratio |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in as_of:
        params = ", ".join(f"{k}={v}" for k, v in r["params"].items()) or "–"
        lines.append(
            f"| {r['query']} | {params} | {r['rows']} | {r['dated_rows']} | {r['plain']:.3f} "
            f"| {r['dated']:.3f} | {r['dated'] / max(r['plain'], 1e-6):.2f}× |"
        )
    lines += [
        "",
        f"The time control of the ecosystem page at the {redraw['size']} size "
        f"({redraw['nodes']:,} nodes, {redraw['edges']:,} edges), in headless Chromium: from "
        f"moving the slider to the network drawn again, median {redraw['ms']:.0f} ms, "
        f"slowest {redraw['worst']:.0f} ms (page errors: {len(redraw['errors'])}).",
    ]
    return "\n".join([*lines, END]) + "\n"


def write(section: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", choices=sorted(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page-size", default="100k", choices=sorted(SIZES),
                        help="size whose ecosystem page (about 5,000 nodes at 100k) is timed")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    build = ensure_build(args.size)
    data = build.parent / "data"
    triples = sum(1 for _ in (build / "kg.nt").open("rb"))
    section = report(args.size, triples, bench_paths(build, data, args.runs),
                     bench_as_of(build, data, args.runs), args.runs,
                     bench_time_control(args.page_size, args.runs))
    write(section, args.out)
    print(section)


if __name__ == "__main__":
    main()
