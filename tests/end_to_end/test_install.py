"""A wheel works on its own: built, installed into a fresh virtual environment from its
declared dependencies alone, and run in an empty folder that holds only a copy of data/."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.paths import DATA_DIR, REPO


def _run(args, cwd, env=None, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv holding the project's wheel and its dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", root / "dist", REPO], root)
    (wheel,) = (root / "dist").glob("*.whl")
    venv.create(root / "venv", with_pip=True)  # no system site-packages: only what is declared
    bin_dir = root / "venv" / "bin"
    _run([bin_dir / "python", "-m", "pip", "install", "-q", wheel], root)
    return bin_dir


@pytest.fixture(scope="module")
def project(installed, tmp_path_factory) -> tuple[Path, dict]:
    """An empty folder with a copy of data/, and an environment whose PATH finds the venv."""
    folder = tmp_path_factory.mktemp("analyst")
    shutil.copytree(DATA_DIR, folder / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{installed}{os.pathsep}{env.get('PATH', '')}"
    env.pop("KG_BUILD_DIR", None)
    return folder, env


def test_the_package_carries_its_own_files(installed, project):
    folder, env = project
    code = "from kg.resources import shipped; print(shipped('ontology')); print(shipped('queries'))"
    paths = _run([installed / "python", "-c", code], folder, env).stdout.split()
    venv_root = installed.parent.resolve()
    assert all(Path(p).resolve().is_relative_to(venv_root) for p in paths), paths
    assert (Path(paths[0]) / "shapes.ttl").is_file()


def test_build_queries_and_pages_from_the_wheel(installed, project):
    folder, env = project
    _run(["kg", "build", "-q"], folder, env)
    assert (folder / "build" / "kg.nt").is_file()
    listing = _run(["kg", "queries"], folder, env).stdout
    for query in (REPO / "queries").glob("*.rq"):
        assert query.stem in listing
    csv_text = _run(
        ["kg", "query", "cluster-founders", "--param", "cluster=nuklid", "--format", "csv"],
        folder,
        env,
    ).stdout
    founders = {row["founder"] for row in csv.DictReader(io.StringIO(csv_text))}
    assert len(founders) == 11
    _run(["kg", "viz"], folder, env)
    assert (folder / "site" / "index.html").is_file()
    assert (folder / "site" / "collaboration.html").is_file()


def test_no_data_no_build(installed, tmp_path, project):
    _, env = project
    result = _run(["kg", "build"], tmp_path, env, check=False)
    assert result.returncode == 1
    assert "data folder not found" in result.stderr + result.stdout
    assert list(tmp_path.iterdir()) == []
