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
