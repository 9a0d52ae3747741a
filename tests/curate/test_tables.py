"""kg.curate.tables and kg.curate.records: the registry every other part relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.curate.records import Dataset, Record
from kg.curate.tables import AGENTS, ENTITY_TABLES, NOTE, SOURCES, TABLES, Column, Table
from kg.rdf.terms import SEGMENTS

KINDS = {
    "id",
    "text",
    "texts",
    "date",
    "url",
    "decimal",
    "int",
    "bool",
    "ref",
    "refs",
    "code",
    "codes",
    "sources",
}


@pytest.mark.parametrize("table", TABLES.values(), ids=lambda t: t.name)
def test_each_table_is_well_formed(table: Table):
    names = [c.name for c in table.columns]
    assert len(names) == len(set(names)), "a column twice"
    assert table.filename == f"{table.name}.csv"
    assert TABLES[table.name] is table
    assert table.doc
    assert table.key and set(table.key) <= set(names), "the key is made of the table's columns"
    # a duplicate is reported at the first key column, which must therefore always be there
    assert table.column(table.key[0]).required
    assert all(c.kind in KINDS for c in table.columns)


@pytest.mark.parametrize("table", TABLES.values(), ids=lambda t: t.name)
def test_every_fact_cites_sources(table: Table):
    if table.name == "sources":
        assert table.column("sources") is None
    else:
        assert table.column("sources") is SOURCES
        assert SOURCES.required and SOURCES.kind == "sources"


@pytest.mark.parametrize(
    "column",
    [c for t in TABLES.values() for c in t.columns if c.kind in ("ref", "refs")],
    ids=lambda c: c.name,
)
def test_references_point_at_tables_with_ids(column: Column):
    assert column.targets
    for target in column.targets:
        assert TABLES[target].key == ("id",)
        assert TABLES[target].column("id").kind == "id"


def test_codes_name_one_vocabulary_of_the_ontology(vocab):
    for table in TABLES.values():
        for column in table.columns:
            if column.kind in ("code", "codes"):
                assert len(column.targets) == 1, (table.name, column.name)
                assert vocab.codes[column.targets[0]], (table.name, column.name)
            elif column.kind not in ("ref", "refs", "sources"):
                assert column.targets == (), (table.name, column.name)


def test_entity_tables_have_ids_and_an_iri_segment():
    for name in ENTITY_TABLES:
        assert TABLES[name].key == ("id",)
        assert TABLES[name].column("id").required
    assert set(SEGMENTS) == set(ENTITY_TABLES)
    assert set(AGENTS) <= set(ENTITY_TABLES)


def test_column_lookup():
    places = TABLES["places"]
    assert places.column("part_of").targets == ("places",)
    assert places.column("note") is NOTE
    assert places.column("nothing") is None


def test_sources_come_first_and_tables_follow_what_they_refer_to():
    # the loader and `kg fmt` walk the tables in this order, so that a row's references
    # point to tables already read (a place's part_of to places, itself included)
    order = list(TABLES)
    assert order[0] == "sources"
    for position, table in enumerate(TABLES.values()):
        for column in table.columns:
            if column.kind in ("ref", "refs"):
                for target in column.targets:
                    assert order.index(target) <= position, (table.name, column.name, target)


# -- records ----------------------------------------------------------------------------------


def _record(**values) -> Record:
    return Record("memberships", "m.csv", 7, values, {"member": 1, "role": 3, "start": 4})


def test_record_reads_missing_values_as_none_and_points_at_its_cells():
    record = _record(member="p", organisation="a", role="member")
    assert record["start"] is None and record["nothing"] is None
    assert record.key == ("p", "a", "member", None)
    assert str(record.issue("role", "bad")) == "m.csv:7:3: bad"
    # a column the file did not have: the row's first column
    assert str(record.issue("note", "bad")) == "m.csv:7:1: bad"


def test_dataset_rows_and_entity_index():
    org = Record("organisations", "o.csv", 2, {"id": "a"}, {"id": 1})
    person = Record("people", "p.csv", 2, {"id": "p"}, {"id": 1})
    dataset = Dataset(Path("data"), {"organisations": [org], "people": [person]})
    assert dataset.rows("organisations") == [org]
    assert dataset.rows("events") == []
    assert dataset.entity_index() == {"a": "organisations", "p": "people"}
    assert dataset.unreadable == set()
