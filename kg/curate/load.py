"""Read the curated CSV tables into typed records, collecting every problem found.

Problems are reported as FILE:LINE:COLUMN with what is wrong; the loader keeps going so a
curator sees all problems of a run at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.curate import values as v
from kg.curate.checks import check_dataset
from kg.curate.records import Dataset, Record
from kg.curate.tables import TABLES, Column, Table
from kg.errors import DataError, Issue
from kg.rdf.vocab import Vocabulary

__all__ = ["load_dataset", "read_table"]

_SCALAR_PARSERS: dict[str, Callable[[str], Any]] = {
    "id": v.parse_id,
    "text": str,
    "date": v.parse_date,
    "url": v.parse_url,
    "decimal": v.parse_decimal,
    "int": v.parse_int,
    "bool": v.parse_bool,
    "ref": str,
    "code": str,
}
_LIST_KINDS = {"texts", "refs", "codes", "sources"}


def _decode(path: Path, display: str, issues: list[Issue]) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as err:
        issues.append(Issue(display, 1, 1, f"cannot read the file: {err.strerror}"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        utf16 = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        issues.append(
            Issue(
                display,
                line,
                column,
                f"not UTF-8: byte 0x{raw[err.start]:02x}{utf16}; save the file as UTF-8",
            )
        )
        return None


_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
_UNQUOTED = re.compile(r"[^,\r\n]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _csv_problem(text: str) -> tuple[int, int, str] | None:
    """(line, column, what is wrong) of the first break of CSV structure in `text`.

    csv.Error does not say where it happened; this walks the same grammar as the csv module
    in strict mode (a cell either unquoted or wholly quoted; any line ending)."""
    limit = csv.field_size_limit()
    line, column, at = 1, 1, 0
    while at < len(text):
        quoted = text[at] == '"'
        cell = (_QUOTED if quoted else _UNQUOTED).match(text, at)
        if cell is None:
            return line, column, "a quoted cell is never closed: its closing '\"' is missing"
        if len(cell.group()) > limit:
            return line, column, f"cell of {len(cell.group())} characters; at most {limit}"
        line += len(_LINE_BREAK.findall(cell.group()))
        at = cell.end()
        if at == len(text):
            break
        if text[at] == ",":
            column, at = column + 1, at + 1
        elif (brk := _LINE_BREAK.match(text, at)) is not None:
            line, column, at = line + 1, 1, brk.end()
        else:
            return (
                line,
                column,
                f"{text[at]!r} after the closing quote of a cell: quote the whole cell "
                'and double every quote inside it ("")',
            )
    return None


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, fields) for each non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    for row in reader:
        if any(cell.strip() for cell in row):
            yield start, row
        start = reader.line_num + 1


def _check_header(table: Table, header: list[str], display: str, issues: list[Issue]) -> bool:
    """Report header problems; False when the rows cannot be read at all."""
    readable = True
    known = {c.name for c in table.columns}
    for index, name in enumerate(header, start=1):
        if name not in known:
            columns = ", ".join(c.name for c in table.columns)
            issues.append(
                Issue(
                    display,
                    1,
                    index,
                    f"unknown column {v.shown(name)}; {table.filename} has: {columns}",
                )
            )
        elif header.index(name) != index - 1:
            issues.append(Issue(display, 1, index, f"column {v.shown(name)} appears twice"))
            readable = False
    for column in table.columns:
        if column.required and column.name not in header:
            issues.append(Issue(display, 1, 1, f"missing required column {column.name!r}"))
            readable = False
    return readable


def _parse_cell(column: Column, text: str, vocab: Vocabulary) -> Any:
    if text != text.strip():
        raise v.ValueProblem(f"{column.name}: remove the spaces around {v.shown(text.strip())}")
    if not text:
        if column.required:
            raise v.ValueProblem(f"missing required value for {column.name!r}")
        return () if column.kind in _LIST_KINDS else None
    if column.kind in _LIST_KINDS:
        items = v.split_list(text)
        if column.kind == "codes":
            for item in items:
                _check_code(column, item, vocab)
        return items
    value = _SCALAR_PARSERS[column.kind](text)
    if column.kind == "code":
        _check_code(column, value, vocab)
    return value


def _check_code(column: Column, code: str, vocab: Vocabulary) -> None:
    allowed = vocab.codes.get(column.targets[0], {})
    if code not in allowed:
        raise v.ValueProblem(
            f"unknown {column.name} {v.shown(code)}; known: {', '.join(sorted(allowed))}"
        )


def _check_person_names(record: Record, issues: list[Issue]) -> None:
    for name in ("given_name", "family_name"):
        if record[name] and v.TITLE_IN_NAME.search(record[name]):
            issues.append(
                record.issue(
                    name,
                    f"{name} {v.shown(record[name])} carries an academic "
                    "title; put it into honorific_prefix",
                )
            )
    prefix = record["honorific_prefix"]
    if prefix and prefix not in v.HONORIFICS:
        issues.append(
            record.issue(
                "honorific_prefix",
                f"unknown honorific {v.shown(prefix)}; use one of: {', '.join(v.HONORIFICS)}",
            )
        )


def read_table(
    path: Path, table: Table, vocab: Vocabulary, display: str, issues: list[Issue]
) -> list[Record] | None:
    """The table's records, or None when the file cannot be read at all."""
    text = _decode(path, display, issues)
    if text is None:
        return None
    try:
        return _records(text, table, vocab, display, issues)
    except csv.Error as error:
        line, column, message = _csv_problem(text) or (1, 1, f"not readable as CSV: {error}")
        issues.append(Issue(display, line, column, message))
        return None


def _records(
    text: str, table: Table, vocab: Vocabulary, display: str, issues: list[Issue]
) -> list[Record] | None:
    rows = _rows(text)
    first = next(rows, None)
    if first is None:
        issues.append(
            Issue(
                display,
                1,
                1,
                f"empty file: expected a header row "
                f"({','.join(c.name for c in table.columns if c.required)} ...)",
            )
        )
        return None
    header = first[1]
    if first[0] != 1 or not _check_header(table, header, display, issues):
        if first[0] != 1:
            issues.append(Issue(display, 1, 1, "the header must be on the first line"))
        return None
    records = []
    for line, row in rows:
        if len(row) != len(header):
            column = min(len(row), len(header)) + 1
            issues.append(
                Issue(
                    display,
                    line,
                    column,
                    f"row has {len(row)} fields, the header has {len(header)}",
                )
            )
            continue
        records.append(_parse_row(table, header, row, line, display, vocab, issues))
    return records


@lru_cache(maxsize=64)
def _header_index(header: tuple[str, ...]) -> dict[str, int]:
    return {name: index for index, name in enumerate(header, start=1)}


def _parse_row(
    table: Table,
    header: list[str],
    row: list[str],
    line: int,
    display: str,
    vocab: Vocabulary,
    issues: list[Issue],
) -> Record:
    # A bad cell becomes None and the row is kept, so references to the row's id
    # still resolve and only the real problem is reported.
    values: dict[str, Any] = {}
    columns = _header_index(tuple(header))
    for column in table.columns:
        index = columns.get(column.name)
        cell = row[index - 1] if index else ""
        try:
            values[column.name] = _parse_cell(column, cell, vocab)
        except v.ValueProblem as problem:
            issues.append(Issue(display, line, index or 1, str(problem)))
            values[column.name] = () if column.kind in _LIST_KINDS else None
    record = Record(table.name, display, line, values, columns)
    if table.name == "people":
        _check_person_names(record, issues)
    return record


_NO_DATA = (
    "data folder not found: kg looks for data/sources.csv in the working folder and its "
    "parents; run it in a project folder or name one with --data DIR"
)


def load_dataset(data_dir: Path, vocab: Vocabulary) -> Dataset:
    """Read and check every table in `data_dir`; raise DataError listing all problems."""

    issues: list[Issue] = []
    if not data_dir.is_dir():
        raise DataError([Issue(str(data_dir), 1, 1, _NO_DATA)])
    dataset = Dataset(data_dir)
    for csv_path in sorted(data_dir.glob("*.csv")):
        if csv_path.stem not in TABLES:
            issues.append(
                Issue(
                    _display(csv_path),
                    1,
                    1,
                    f"unknown table {csv_path.name!r}; "
                    f"known: {', '.join(t.filename for t in TABLES.values())}",
                )
            )
    for table in TABLES.values():
        path = data_dir / table.filename
        if path.exists():
            records = read_table(path, table, vocab, _display(path), issues)
            if records is None:
                dataset.unreadable.add(table.name)
            dataset.tables[table.name] = records or []
        elif table.name == "sources":
            issues.append(
                Issue(_display(path), 1, 1, "sources.csv is missing: every fact must cite a source")
            )
            dataset.unreadable.add(table.name)
    issues.extend(check_dataset(dataset, vocab))
    if issues:
        raise DataError(issues)
    return dataset


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
