"""The pages of the curated build, written once for all page tests, and one headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.site.pages import write_site
from tests.browser import browser

KINDS_OF_PAGE = [
    "index.html",
    "ecosystem.html",
    "collaboration.html",
    "org/hzdr.html",
    "org/nuklid.html",
    "person/marco-mueller.html",
    "event/hi-tech-meets-life-sciences-2025.html",
    "ontology.html",
    "map.html",
    "quality.html",
]
"""One page of every kind the site writes (the English ones; tests add German pages)."""


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
