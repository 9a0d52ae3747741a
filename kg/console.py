"""The consoles the command line prints to (rich tables, progress)."""

from __future__ import annotations

from rich.console import Console


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr, highlight=False)
    # Piped output is read by people in wide windows and by other programs: do not squeeze
    # tables into 80 columns.
    return console if console.is_terminal else Console(stderr=stderr, highlight=False, width=240)


out = _console()
err = _console(stderr=True)
