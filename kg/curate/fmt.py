"""Canonical form of the curated tables: columns in registry order, rows sorted by key.

A canonical table diffs cleanly in review; `kg fmt` rewrites, `kg fmt --check` reports.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.curate.tables import TABLES, Table

__all__ = ["canonical_text", "format_tables"]


def _sort_key(table: Table, header: list[str], row: list[str]) -> tuple[str, ...]:
    position = {name: i for i, name in enumerate(header)}
    key = [row[position[c]] if c in position else "" for c in table.key]
    return (*key, *row)


def canonical_text(table: Table, text: str) -> str:
    """The canonical form of one table's CSV text (which must already load cleanly)."""
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    header, body = rows[0], rows[1:]
    order = [c.name for c in table.columns if c.name in header]
    index = [header.index(name) for name in order]
    body = sorted(body, key=lambda row: _sort_key(table, header, row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(order)
    writer.writerows([row[i] for i in index] for row in body)
    return buffer.getvalue()


def format_tables(data_dir: Path, *, check: bool = False) -> list[Path]:
    """Rewrite (or with check=True only list) the tables not in canonical form."""
    changed = []
    for table in TABLES.values():
        path = data_dir / table.filename
        if not path.exists():
            continue
        raw = path.read_bytes()
        canonical = canonical_text(table, raw.decode("utf-8-sig"))
        # compared as bytes: CRLF line ends or a byte-order mark are not the canonical form
        if canonical.encode("utf-8") != raw:
            changed.append(path)
            if not check:
                path.write_text(canonical, encoding="utf-8")
    return changed
