"""The checked rows of the curated tables: what the loader gives the mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.curate.tables import ENTITY_TABLES, TABLES
from kg.errors import Issue

__all__ = ["Dataset", "Record"]


@dataclass(frozen=True)
class Record:
    """One row of a table, with typed values and where each came from."""

    table: str
    path: str
    line: int
    values: dict[str, Any]
    columns: dict[str, int]

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)

    def issue(self, column: str, message: str) -> Issue:
        return Issue(self.path, self.line, self.columns.get(column, 1), message)

    @property
    def key(self) -> tuple[Any, ...]:
        return tuple(self.values.get(c) for c in TABLES[self.table].key)


@dataclass
class Dataset:
    directory: Path
    tables: dict[str, list[Record]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    """Tables whose file could not be read at all; references into them are not checked."""

    def rows(self, table: str) -> list[Record]:
        return self.tables.get(table, [])

    def entity_index(self) -> dict[str, str]:
        """id → the entity table that defines it."""
        return {r["id"]: name for name in ENTITY_TABLES for r in self.rows(name)}
