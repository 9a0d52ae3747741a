"""Replace an output folder in one step: fill a staging folder beside it, then swap."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["remove_stale", "replace_dir"]


def replace_dir(out: Path, fill: Callable[[Path], None]) -> None:
    """Call `fill(staging)`; on success `out` becomes the staging folder, else stays as it was.

    Staging folders left by a process that was killed (SIGKILL runs no cleanup) are removed
    first, so that they do not pile up beside `out`.
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    staging = Path(tempfile.mkdtemp(prefix=_prefix(out, "new"), dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; outputs are for everyone to read
    try:
        fill(staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def remove_stale(out: Path) -> list[Path]:
    """Remove the staging folders of `out` (`.NAME.new-PID-…`, `.NAME.old-PID-…`) whose
    process is gone; those of running processes, and everything else, stay. Returns them."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(?:new|old)-(\d+)-")
    removed = []
    for path in out.parent.glob(f".{out.name}.*"):
        match = pattern.match(path.name)
        if match and path.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _prefix(out: Path, kind: str) -> str:
    # The process id in the name tells a later build whether its writer is still running.
    return f".{out.name}.{kind}-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to judge
        return True
    return True


def _swap(staging: Path, out: Path) -> None:
    """Two renames, so that a reader never sees a half-written folder."""
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=_prefix(out, "old"), dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
