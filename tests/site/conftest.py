"""The pages of the curated build, written once for all page tests, and one headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.site.pages import write_site
from tests.browser import browser


@pytest.fixture(scope="session")
def site(built, tmp_path_factory) -> Path:
    """`kg viz` of the curated build; tests read it and must not change it."""
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(built, out)
    return out


@pytest.fixture(scope="session")
def chromium():
    with browser() as instance:
        yield instance
