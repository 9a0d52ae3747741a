"""kg.curate.fmt: the canonical form of a table, and `kg fmt`'s rewrite and check."""

from __future__ import annotations

from kg.curate.fmt import canonical_text, format_tables
from kg.curate.tables import TABLES

from .conftest import SOURCES, write

PLACES = TABLES["places"]


def test_columns_in_registry_order_and_rows_by_key():
    text = "name,id,kind,sources\nPirna,pirna,city,s1\nDresden,dresden,city,s1\n"
    assert canonical_text(PLACES, text) == (
        "id,name,kind,sources\ndresden,Dresden,city,s1\npirna,Pirna,city,s1\n"
    )


def test_rows_are_sorted_by_every_key_column_then_the_whole_row():
    table = TABLES["memberships"]
    header = "member,organisation,role,start,sources"
    rows = ["p,b,member,,s1", "p,a,member,2020,s2", "p,a,member,2020,s1", "p,a,chair,,s1"]
    expected = ["p,a,chair,,s1", "p,a,member,2020,s1", "p,a,member,2020,s2", "p,b,member,,s1"]
    assert (
        canonical_text(table, "\n".join([header, *rows]) + "\n")
        == "\n".join([header, *expected]) + "\n"
    )


def test_blank_lines_go_and_quotes_are_kept_only_where_needed():
    text = 'id,name,kind,sources\r\n\r\n"dresden","Dresden, Stadt",city,s1\r\n,,,\r\n'
    assert (
        canonical_text(PLACES, text) == 'id,name,kind,sources\ndresden,"Dresden, Stadt",city,s1\n'
    )


def test_a_cell_over_two_lines_and_a_quote_survive():
    text = 'id,name,kind,sources,note\nd,D,city,s1,"one\ntwo ""quoted"""\n'
    assert canonical_text(PLACES, text) == text


def test_canonical_text_is_idempotent():
    text = "kind,name,id,sources\ncity,B,b,s1\ncity,A,a,s1\n"
    once = canonical_text(PLACES, text)
    assert canonical_text(PLACES, once) == once


def test_format_tables_checks_and_rewrites(tmp_path):
    write(tmp_path, "sources", *SOURCES)
    unsorted = write(tmp_path, "places", "id,name,kind,sources", "b,B,city,s1", "a,A,city,s1")
    before = unsorted.read_bytes()
    assert format_tables(tmp_path, check=True) == [unsorted]
    assert unsorted.read_bytes() == before
    assert format_tables(tmp_path) == [unsorted]
    assert (
        unsorted.read_text(encoding="utf-8") == "id,name,kind,sources\na,A,city,s1\nb,B,city,s1\n"
    )
    assert format_tables(tmp_path, check=True) == []
    # files that are not tables are left alone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.csv", "sources.csv"]


def test_a_byte_order_mark_is_dropped_on_rewrite(tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes("\ufeffid,name,kind,sources\nb,B,city,s1\na,A,city,s1\n".encode())
    format_tables(tmp_path)
    assert path.read_bytes() == b"id,name,kind,sources\na,A,city,s1\nb,B,city,s1\n"


def test_crlf_line_ends_are_not_canonical(tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes(b"id,name,kind,sources\r\na,A,city,s1\r\n")
    assert format_tables(tmp_path, check=True) == [path]
