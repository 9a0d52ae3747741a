"""The page tests' browser: skip where none is installed, fail in CI."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest

from tools import browser as kg_browser
from tools.browser import visit  # noqa: F401  (re-exported for the tests)


def require_browser() -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = "the playwright package"
    else:
        missing = "" if os.path.exists(kg_browser.CHROMIUM) else kg_browser.CHROMIUM
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is missing: .ci/run must install it")
        pytest.skip(f"{missing} is not installed")


@contextmanager
def browser():
    require_browser()
    with kg_browser.browser() as chromium:
        yield chromium


AXE_DEFAULT = os.path.join(os.path.dirname(os.path.dirname(__file__)), "node_modules", "axe-core")


def axe_script() -> str:
    """axe.min.js from npm (`npm install axe-core`): $KG_AXE, or node_modules/ of the repo;
    skip where it is missing, fail in CI."""
    path = os.environ.get("KG_AXE") or os.path.join(AXE_DEFAULT, "axe.min.js")
    if not os.path.isfile(path):
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: .ci/run must `npm install axe-core`")
        pytest.skip(f"axe-core is not installed ({path}); npm install axe-core, or set KG_AXE")
    return path
