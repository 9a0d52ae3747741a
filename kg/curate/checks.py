"""Rules that span rows and tables: unique keys, references, sources, date order."""

from __future__ import annotations

from collections.abc import Iterator

from kg.curate.records import Dataset, Record
from kg.curate.tables import ENTITY_TABLES, TABLES
from kg.curate.values import PartialDate, shown
from kg.errors import Issue
from kg.rdf.vocab import Vocabulary

__all__ = ["check_dataset"]


def check_dataset(dataset: Dataset, vocab: Vocabulary) -> list[Issue]:
    issues: list[Issue] = []
    for check in (
        _duplicate_keys,
        _duplicate_entity_ids,
        _references,
        _sources,
        _date_order,
        _relations,
        _identifiers,
    ):
        issues.extend(check(dataset, vocab))
    return issues


def _duplicate_keys(dataset: Dataset, _: Vocabulary) -> Iterator[Issue]:
    for name, records in dataset.tables.items():
        first_seen: dict[tuple, Record] = {}
        key_columns = TABLES[name].key
        for record in records:
            if any(record[c] is None for c in key_columns if TABLES[name].column(c).required):
                continue
            if (first := first_seen.setdefault(record.key, record)) is not record:
                key = ", ".join(
                    f"{c}={_plain(record[c])}" for c in key_columns if record[c] is not None
                )
                yield record.issue(key_columns[0], f"duplicate {key}: already on line {first.line}")


def _plain(value: object) -> str:
    """A key value as the curator wrote it: the date's text, other text quoted only when it
    holds characters that would not show (a newline would break the one-line message)."""
    if isinstance(value, PartialDate):
        return value.text
    text = str(value)
    return text if text.isprintable() and len(text) <= 80 else shown(text)


def _duplicate_entity_ids(dataset: Dataset, _: Vocabulary) -> Iterator[Issue]:
    owner: dict[str, Record] = {}
    for name in ENTITY_TABLES:
        for record in dataset.rows(name):
            if record["id"] is None:
                continue
            first = owner.setdefault(record["id"], record)
            if first is not record and first.table != record.table:
                yield record.issue(
                    "id",
                    f"id {record['id']!r} is already used in "
                    f"{first.path}:{first.line}; ids must be unique across "
                    f"{', '.join(ENTITY_TABLES)}",
                )


def _references(dataset: Dataset, _: Vocabulary) -> Iterator[Issue]:
    ids = {name: {r["id"] for r in dataset.rows(name)} for name in ENTITY_TABLES}
    for name, records in dataset.tables.items():
        for column in TABLES[name].columns:
            if column.kind not in ("ref", "refs") or dataset.unreadable & set(column.targets):
                continue
            for record in records:
                value = record[column.name]
                for ref in value if column.kind == "refs" else (value,) if value else ():
                    if not any(ref in ids.get(t, ()) for t in column.targets):
                        yield record.issue(
                            column.name,
                            f"{column.name} {shown(ref)} is not an id "
                            f"in {' or '.join(t + '.csv' for t in column.targets)}",
                        )


def _sources(dataset: Dataset, _: Vocabulary) -> Iterator[Issue]:
    if "sources" in dataset.unreadable:
        return
    known = {r["id"] for r in dataset.rows("sources")}
    for name, records in dataset.tables.items():
        if TABLES[name].column("sources") is None:
            continue
        for record in records:
            for source in record["sources"]:
                if source not in known:
                    yield record.issue("sources", f"source {shown(source)} is not in sources.csv")


def _date_order(dataset: Dataset, _: Vocabulary) -> Iterator[Issue]:
    for name, records in dataset.tables.items():
        if TABLES[name].column("end") is None:
            continue
        for record in records:
            start, end = record["start"], record["end"]
            if start and end and end.text < start.text[: len(end.text)]:
                yield record.issue("end", f"end {end.text} is before start {start.text}")


def _relations(dataset: Dataset, _: Vocabulary) -> Iterator[Issue]:
    organisations = {r["id"] for r in dataset.rows("organisations")}
    known = "organisations" not in dataset.unreadable  # else every object looks unknown
    for record in dataset.rows("relations"):
        share, relation = record["share"], record["relation"]
        if share is not None and relation != "owned-by":
            yield record.issue("share", f"a share belongs to an owned-by relation, not {relation}")
        if share is not None and not 0 < share <= 100:
            yield record.issue("share", f"share {share} is not a percentage in (0, 100]")
        if relation == "renamed-to" and known and record["object"] not in organisations:
            yield record.issue("object", "renamed-to needs an organisation as object")
        if record["subject"] is not None and record["subject"] == record["object"]:
            yield record.issue("object", "an organisation cannot be related to itself")


def _identifiers(dataset: Dataset, vocab: Vocabulary) -> Iterator[Issue]:
    holder: dict[tuple[str, str], Record] = {}
    for record in dataset.rows("identifiers"):
        scheme, value = record["scheme"], record["value"]
        if scheme is None or value is None:
            continue
        pattern = vocab.patterns.get(scheme)
        if pattern is not None and not pattern.match(value):
            yield record.issue(
                "value", f"{shown(value)} is not a {scheme} identifier (pattern {pattern.pattern})"
            )
        first = holder.setdefault((scheme, value), record)
        if first is not record and first["entity"] != record["entity"]:
            yield record.issue(
                "value",
                f"{scheme} {_plain(value)} is already given to {first['entity']!r} "
                f"on line {first.line}",
            )
