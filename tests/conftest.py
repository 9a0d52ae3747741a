"""Shared fixtures: a built copy of the real curated data, and copies to break."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.config import DATA_DIR


def tree_digest(folder: Path) -> dict[str, str]:
    """Path → sha256 of every file below `folder`, to prove a folder was left untouched."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real curated data, built once for the session."""
    out = tmp_path_factory.mktemp("build") / "build"
    build(DATA_DIR, out)
    return out


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke
