"""Headless Chromium (Debian's package) through Playwright, with the network blocked.

Used by `python -m tools.browser PAGE PNG` (screenshots), by the page tests and by the scale
benchmark (`render_time`, `render_times`); Playwright's own browser download does not work
offline, so the system browser is named explicitly.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Visit:
    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def browser():
    """A running headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def visit(chromium, url: str, width: int = 1400, height: int = 900) -> Visit:
    """Open `url` with every non-file request blocked; collect errors and dialogs."""
    page = chromium.new_page(viewport={"width": width, "height": height})
    seen = Visit(page)
    page.route(
        re.compile(r"^(?!file:).*"),
        lambda route: (seen.blocked.append(route.request.url), route.abort()),
    )
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    return seen


@dataclass
class Rendering:
    """How long a page took to draw its network in headless Chromium."""

    page: str
    seconds: float
    """From the start of navigation to the network's first drawing (vis-network's
    afterDrawing, as the page's clock `performance.now()` says): parsing the HTML and the
    scripts, reading the data, building the drawing and painting it once."""
    wall_seconds: float
    """The same as seen from Python: from asking for the page to seeing it drawn."""
    nodes: int
    edges: int
    bytes: int
    errors: list[str] = field(default_factory=list)


def render_time(html: Path, timeout: float = 60, chromium=None) -> Rendering:
    """Open a network page (a site page or any page with `#kg-network`) in headless
    Chromium (a new one, or `chromium` from `browser()`) and measure until its network is
    drawn.

    >>> render_time(Path("site/ecosystem.html")).seconds  # doctest: +SKIP
    0.9
    """
    return render_times([html], timeout, chromium)[0]


def render_times(pages: Iterable[Path], timeout: float = 60, chromium=None) -> list[Rendering]:
    """`render_time` of several pages in one browser, each page in a context of its own so
    that no page finds another's scripts cached."""
    if chromium is None:
        with browser() as started:
            return render_times(pages, timeout, started)
    return [_rendering(chromium, Path(html), timeout) for html in pages]


def _rendering(chromium, html: Path, timeout: float) -> Rendering:
    start = time.perf_counter()
    seen = visit(chromium, html.resolve().as_uri())
    page = seen.page
    try:
        page.wait_for_selector("body[data-drawn='yes']", state="attached", timeout=timeout * 1000)
        wall = time.perf_counter() - start
        drawn_ms, nodes, edges = page.evaluate(
            """[Number(document.body.getAttribute("data-drawn-ms")),
                window.kgData.nodes.length, window.kgData.edges.length]"""
        )
    finally:
        page.context.close()
    return Rendering(
        page=str(html),
        seconds=round(drawn_ms / 1000, 3),
        wall_seconds=round(wall, 3),
        nodes=nodes,
        edges=edges,
        bytes=html.stat().st_size,
        errors=seen.errors,
    )


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 900) -> Path:
    """A PNG of a site page once its network is drawn.

    >>> screenshot(Path("site/collaboration.html"), Path("docs/c.png"))  # doctest: +SKIP
    """
    with browser() as chromium:
        seen = visit(chromium, Path(html).resolve().as_uri(), width, height)
        if seen.page.query_selector("#kg-network"):
            seen.page.wait_for_selector("body[data-drawn='yes']", timeout=30_000)
        png.parent.mkdir(parents=True, exist_ok=True)
        seen.page.screenshot(path=str(png))
    return png


def main(args: list[str]) -> None:
    """`python -m tools.browser PAGE PNG` takes a screenshot; `python -m tools.browser --time
    PAGE ...` prints each page's rendering time."""
    if args[:1] == ["--time"]:
        for r in render_times(Path(a) for a in args[1:]):
            print(
                f"{r.seconds:7.3f} s  (wall {r.wall_seconds:.3f} s)  {r.bytes:>11,} bytes  "
                f"{r.nodes:,} nodes  {r.edges:,} edges  {r.page}"
            )
        return
    screenshot(Path(args[0]), Path(args[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
