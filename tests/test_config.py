"""Defaults follow the working folder: data/, build/ and site/ of the project folder."""

from __future__ import annotations

import shutil

from kg.config import default_build_dir, default_data_dir, default_site_dir, project_dir
from tests.paths import DATA_DIR


def _project(root):
    (root / "data").mkdir(parents=True)
    (root / "data" / "sources.csv").write_text("id\n", encoding="utf-8")
    return root


def test_the_nearest_folder_with_data_is_the_project(tmp_path):
    root = _project(tmp_path / "proj")
    deep = root / "notebooks" / "sub"
    deep.mkdir(parents=True)
    assert project_dir(deep) == root.resolve()
    assert project_dir(root) == root.resolve()


def test_a_folder_without_data_is_its_own_project(tmp_path):
    assert project_dir(tmp_path) == tmp_path.resolve()


def test_defaults_are_taken_when_asked(tmp_path, monkeypatch):
    root = _project(tmp_path / "proj")
    (root / "notebooks").mkdir()
    monkeypatch.chdir(root / "notebooks")
    monkeypatch.delenv("KG_BUILD_DIR", raising=False)
    assert default_data_dir() == root.resolve() / "data"
    assert default_build_dir() == root.resolve() / "build"
    assert default_site_dir() == root.resolve() / "site"
    monkeypatch.setenv("KG_BUILD_DIR", str(tmp_path / "elsewhere"))
    assert default_build_dir() == tmp_path / "elsewhere"


def test_build_uses_the_working_folders_data(run, tmp_path, monkeypatch):
    """A curator's copy of the data is built, into their folder, from a subfolder too."""
    root = tmp_path / "copy"
    shutil.copytree(DATA_DIR, root / "data")
    (root / "notes").mkdir()
    monkeypatch.chdir(root / "notes")
    result = run("build", "-q")
    assert result.exit_code == 0, result.output
    assert (root / "build" / "kg.nt").is_file()
    assert not (root / "notes" / "build").exists()


def test_build_without_data_fails_clearly(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kg.cli.commands import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 1
    assert "data folder not found" in result.output and "--data" in result.output
    assert list(tmp_path.iterdir()) == []
