"""The atomic swap: a failed or killed build leaves the output as it was, and nothing behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from kg.atomic import remove_stale, replace_dir
from tests.conftest import tree_digest
from tests.paths import DATA_DIR


def _fill_with(text):
    def fill(staging):
        (staging / "file.txt").write_text(text, encoding="utf-8")

    return fill


def test_success_replaces_the_folder(tmp_path):
    out = tmp_path / "out"
    replace_dir(out, _fill_with("one"))
    replace_dir(out, _fill_with("two"))
    assert (out / "file.txt").read_text(encoding="utf-8") == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failure_keeps_the_folder(tmp_path):
    out = tmp_path / "out"
    replace_dir(out, _fill_with("one"))

    def broken(staging):
        (staging / "file.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        replace_dir(out, broken)
    assert (out / "file.txt").read_text(encoding="utf-8") == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_stale_staging_folders_of_this_output_are_removed(tmp_path):
    out = tmp_path / "build"
    dead, alive = _dead_pid(), os.getpid()
    keep = [
        tmp_path / f".build.new-{alive}-abc",  # a build still running
        tmp_path / f".site.new-{dead}-abc",  # another output's
        tmp_path / ".build.notes",  # not a staging folder
        tmp_path / f".build.new-{dead}",  # not our naming
    ]
    gone = [tmp_path / f".build.new-{dead}-abc", tmp_path / f".build.old-{dead}-xyz"]
    for folder in keep + gone:
        folder.mkdir()
    assert sorted(remove_stale(out)) == sorted(gone)
    assert all(folder.is_dir() for folder in keep)
    assert not any(folder.exists() for folder in gone)


def _staging(parent):
    return sorted(parent.glob(".build.new-*"))


def test_a_killed_build_leaves_the_output_intact_and_the_next_build_cleans_up(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    out = tmp_path / "build"
    command = [sys.executable, "-m", "kg.cli", "build", "--data", str(data)]
    subprocess.run([*command, "--out", str(out), "-q"], check=True)
    before = tree_digest(out)
    build = subprocess.Popen([*command, "--out", str(out), "-q"])
    deadline = time.monotonic() + 120
    while not _staging(tmp_path) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert _staging(tmp_path), "the kill came before the build began to write"
    assert tree_digest(out) == before
    subprocess.run([*command, "--out", str(out), "-q"], check=True)
    assert _staging(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "data"]
    # the store's RocksDB files are the one output that differs between builds
    assert tree_digest(out, skip=("store",)) == {
        k: v for k, v in before.items() if not k.startswith("store/")
    }
