"""Errors in curated input, each pointing at FILE:LINE:COLUMN."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BuildError", "DataError", "Issue"]


@dataclass(frozen=True, order=True)
class Issue:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DataError(Exception):
    """The curated data has problems; `issues` lists all of them, sorted by place."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class BuildError(Exception):
    """The build could not complete for a reason other than the curated rows."""
