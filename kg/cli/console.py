"""The consoles the command line prints to (rich tables, progress)."""

from __future__ import annotations

from rich.console import Console

__all__ = ["StageProgress", "err", "out"]


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr, highlight=False)
    # Piped output is read by people in wide windows and by other programs: do not squeeze
    # tables into 80 columns.
    return console if console.is_terminal else Console(stderr=stderr, highlight=False, width=240)


out = _console()
err = _console(stderr=True)


class StageProgress:
    """Shows each build stage while it runs (a rich spinner) and its time when done.

    Called as progress(stage, None) when a stage starts and progress(stage, seconds) when it
    ends (see kg.build)."""

    def __init__(self, console: Console = err):
        self.console = console
        self.status = None

    def __call__(self, stage: str, seconds: float | None) -> None:
        if seconds is None:
            self.status = self.console.status(f"{stage} …")
            self.status.start()
            return
        if self.status is not None:
            self.status.stop()
        self.console.print(f"[green]✓[/green] {stage:<34} {seconds:7.2f} s")
