"""Headless Chromium (Debian's package) through Playwright, with the network blocked.

Used by `python -m kg.screenshot` and by the page tests; Playwright's own browser download
does not work offline, so the system browser is named explicitly.
"""

from __future__ import annotations

import re
import shutil
import sys
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


if __name__ == "__main__":
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
