"""Headless Chromium (Debian's) driven by Playwright, with the network blocked."""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

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


def require_browser() -> None:
    """Skip where no browser is installed, except in CI, where that is a failure."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = "the playwright package"
    else:
        missing = "" if os.path.exists(CHROMIUM) else CHROMIUM
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is missing: .ci/run must install it")
        pytest.skip(f"{missing} is not installed")


@dataclass
class Visit:
    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def visit(chromium, url: str) -> Visit:
    """Open `url` with every non-file request blocked; collect errors and dialogs."""
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
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
