"""Benchmark the site's search at the 1M-triple synthetic size in headless Chromium.

A script, not a test: `python bench/search.py [--size 1m] [--append]`. It makes the synthetic
data (`kg synth`, seed 42, as bench/run.py does; reused from bench/work/ when there), builds it,
writes the search index exactly as `kg viz` does (without the 46,000 pages) next to one page of
the site, opens that page in Chromium with the network blocked and measures, with the page's
own clock: from the first keystroke to the first results shown (loading and parsing the index
included), and then one more query each for a few others. `--append` adds the figures to
bench/results.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.run import SEED, SIZES, make_data  # noqa: E402
from kg.builder.pipeline import build  # noqa: E402
from kg.rdf.stores import open_store  # noqa: E402
from kg.site.html import page, write_assets  # noqa: E402
from kg.site.pages import Site  # noqa: E402
from tools.browser import browser, visit  # noqa: E402

QUERIES = ("org 00042", "synthetic", "synthetic person 0001", "zz", "city 3")

TYPE = """async (query) => {
  const input = document.getElementById("kg-find-input");
  const box = document.getElementById("kg-find");
  const start = performance.now();
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event("input"));
  while (box.getAttribute("data-searched") !== query) {
    await new Promise(r => setTimeout(r, 1));
  }
  return [performance.now() - start, document.querySelectorAll("#kg-find-list li").length];
}"""


def prepare(size: str, work: Path) -> tuple[Path, int, int]:
    """The synthetic site's index and one page that searches it; index bytes and entries."""
    data = make_data(size, work)
    out = work / size / "build"
    if not (out / "kg.nt").is_file():
        build(data, out)
    site = Site(open_store(out))
    folder = work / size / "search-site"
    write_assets(folder / "assets")
    index = site.search_index()
    (folder / "assets" / "search-index.js").write_text(index, encoding="utf-8")
    (folder / "index.html").write_text(page("Search", "<h1>Search</h1>"), encoding="utf-8")
    entries = sum(1 for _ in site.search_entries())
    return folder / "index.html", len(index.encode("utf-8")), entries


def measure(html: Path, runs: int) -> dict:
    first, later = [], []
    with browser() as chromium:
        for _ in range(runs):
            seen = visit(chromium, html.resolve().as_uri(), width=390, height=844)
            ms, shown = seen.page.evaluate(TYPE, QUERIES[0])
            assert shown > 0 and not seen.errors and not seen.blocked, seen.errors
            first.append(ms)
            later += [seen.page.evaluate(TYPE, q)[0] for q in QUERIES[1:]]
            seen.page.context.close()
    return {"first": statistics.median(first), "max_first": max(first),
            "later": statistics.median(later), "max_later": max(later)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m", choices=sorted(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    html, size, entries = prepare(args.size, HERE / "work")
    result = measure(html, args.runs)
    text = (
        f"\n### Site search at {args.size} (`python bench/search.py`)\n\n"
        f"- index: {entries:,} entries, {size / 1e6:.1f} MB (synthetic data, seed {SEED})\n"
        f"- first query, from the keystroke to the results shown, loading and parsing the "
        f"index included: {result['first']:.0f} ms (median of {args.runs} page loads; "
        f"slowest {result['max_first']:.0f} ms)\n"
        f"- later queries: {result['later']:.0f} ms (median; slowest "
        f"{result['max_later']:.0f} ms)\n"
    )
    print(text)
    if args.append:
        with (HERE / "results.md").open("a", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
