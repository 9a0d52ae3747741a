"""kg.curate.load: each problem a file or a single cell can have, found at FILE:LINE:COLUMN.

Every test writes a data folder of a few rows (sources.csv with source `s1`, see conftest)
and expects exactly the issues listed: the loader must find the problem, point at its cell
and not report anything that follows from it.
"""

from __future__ import annotations

import pytest

from kg.curate import values as v
from kg.curate.load import load_dataset, read_table
from kg.curate.tables import TABLES
from kg.errors import DataError, Issue

from .conftest import write

PLACES = "id,name,kind,part_of,sources,note"
ORGANISATIONS = (
    "id,name,kind,alt_names,place,other_places,street_address,postal_code,founded,website,"
    "sectors,sources,note"
)
PEOPLE = "id,given_name,family_name,honorific_prefix,sources,note"
OBSERVATIONS = "organisation,measure,value,approximate,date,sources,note"
RELATIONS = "subject,relation,object,share,start,end,sources,note"
TWO_ORGANISATIONS = (
    "organisations",
    ORGANISATIONS,
    "a,A GmbH,company,,,,,,,,,s1,",
    "b,B AG,company,,,,,,,,,s1,",
)


# -- a folder that loads --------------------------------------------------------------------


def test_a_clean_folder_gives_typed_records(data, vocab):
    write(
        data,
        "places",
        PLACES,
        "dresden,Dresden,city,,s1,",
        "pillnitz,Pillnitz,district,dresden,s1,",
    )
    write(
        data,
        "organisations",
        ORGANISATIONS,
        "a,A GmbH,company,A|A Ltd,dresden,pillnitz,Weg 1,01099,2014-05,https://a.example,"
        "biotechnology,s1,a note",
    )
    dataset = load_dataset(data, vocab)
    assert sorted(dataset.tables) == ["organisations", "places", "sources"]
    assert dataset.unreadable == set()
    org = dataset.rows("organisations")[0]
    assert (org.table, org.line, org.path) == ("organisations", 2, "data/organisations.csv")
    assert org["alt_names"] == ("A", "A Ltd")
    assert org["other_places"] == ("pillnitz",)
    assert org["founded"] == v.PartialDate("2014-05")
    assert org["sectors"] == ("biotechnology",)
    assert org["sources"] == ("s1",)
    assert org.columns["website"] == 10
    assert org.key == ("a",)
    # empty optional cells: None, or () for list columns
    place = dataset.rows("places")[0]
    assert place["part_of"] is None and place["note"] is None
    assert dataset.rows("places")[1]["part_of"] == "dresden"
    assert dataset.entity_index() == {
        "a": "organisations",
        "dresden": "places",
        "pillnitz": "places",
    }


def test_typed_values_of_every_scalar_kind(data, vocab):
    write(data, *TWO_ORGANISATIONS)
    write(data, "observations", OBSERVATIONS, "a,employees,350,yes,2024-08-13,s1,")
    write(data, "relations", RELATIONS, "a,owned-by,b,74.9,2006,,s1,")
    dataset = load_dataset(data, vocab)
    observation = dataset.rows("observations")[0]
    assert observation["value"] == 350 and observation["approximate"] is True
    assert observation["date"].datatype.endswith("#date")
    relation = dataset.rows("relations")[0]
    assert str(relation["share"]) == "74.9"
    assert relation["start"].text == "2006" and relation["end"] is None


def test_a_utf8_bom_and_crlf_line_ends_are_read(data, vocab):
    path = data / "places.csv"
    path.write_bytes("\ufeff".encode() + f"{PLACES}\r\nleipzig,Leipzig,city,,s1,\r\n".encode())
    (record,) = load_dataset(data, vocab).rows("places")
    assert (record["id"], record.line, record.columns["id"]) == ("leipzig", 2, 1)


def test_blank_lines_are_skipped_and_lines_still_counted(data, vocab):
    write(
        data,
        "places",
        PLACES,
        "",
        "dresden,Dresden,city,,s1,",
        ",,,,,",
        "leipzig,Leipzig,city,,s1,",
    )
    assert [r.line for r in load_dataset(data, vocab).rows("places")] == [3, 5]


def test_a_cell_over_two_lines_keeps_the_next_rows_line(data, problems):
    write(
        data,
        "places",
        PLACES,
        'dresden,Dresden,city,,s1,"one line,',
        'another"',
        "Leipzig,Leipzig,city,,s1,",
    )
    assert problems() == [
        "data/places.csv:4:1: malformed id 'Leipzig': use lowercase letters, digits and single "
        "hyphens"
    ]


# -- the folder -------------------------------------------------------------------------------


def test_no_folder(tmp_path, vocab):
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path / "nowhere", vocab)
    (issue,) = caught.value.issues
    assert (issue.path, issue.line, issue.column) == (str(tmp_path / "nowhere"), 1, 1)
    assert issue.message.startswith("data folder not found: kg looks for data/sources.csv")


def test_sources_csv_is_required(data, problems):
    (data / "sources.csv").unlink()
    # a row citing a source: no further issue, since sources.csv could not be read
    write(data, "places", PLACES, "dresden,Dresden,city,,s1,")
    assert problems() == [
        "data/sources.csv:1:1: sources.csv is missing: every fact must cite a source"
    ]


def test_unknown_table(data, problems):
    write(data, "staff", "id,name")
    known = ", ".join(t.filename for t in TABLES.values())
    assert problems() == [f"data/staff.csv:1:1: unknown table 'staff.csv'; known: {known}"]


def test_a_file_that_cannot_be_read(data, problems):
    (data / "places.csv").mkdir()
    # references into an unreadable table are not checked: they would all look unknown
    write(data, "organisations", ORGANISATIONS, "a,A GmbH,company,,dresden,,,,,,,s1,")
    assert problems() == ["data/places.csv:1:1: cannot read the file: Is a directory"]


def test_all_problems_of_a_run_are_reported_in_file_order(data, problems):
    write(data, "places", PLACES, "dresden,Dresden,town,,s1,", "leipzig,Leipzig,city,,s9,")
    write(data, "people", PEOPLE, "anna-x,Anna,,,s1,")
    assert problems() == [
        "data/people.csv:2:3: missing required value for 'family_name'",
        "data/places.csv:2:3: unknown kind 'town'; known: city, country, district, site, state",
        "data/places.csv:3:5: source 's9' is not in sources.csv",
    ]


def test_read_table_names_the_file_as_told(tmp_path, vocab):
    path = write(tmp_path, "places", PLACES, "dresden,Dresden,city,,s1,")
    issues: list[Issue] = []
    (record,) = read_table(path, TABLES["places"], vocab, "shown/places.csv", issues)
    assert issues == [] and record.path == "shown/places.csv"
    path.write_text(f"{PLACES}\nDresden,Dresden,city,,s1,\n", encoding="utf-8")
    read_table(path, TABLES["places"], vocab, "shown/places.csv", issues)
    assert [str(i) for i in issues] == [
        "shown/places.csv:2:1: malformed id 'Dresden': use lowercase letters, digits and "
        "single hyphens"
    ]


# -- encoding and CSV structure -----------------------------------------------------------------


def test_not_utf8(data, problems):
    text = f"{PLACES}\nzoe,Zoë,city,,s1,\n"
    (data / "places.csv").write_bytes(text.encode("latin-1"))
    assert problems() == ["data/places.csv:2:7: not UTF-8: byte 0xeb; save the file as UTF-8"]


def test_utf16_is_named(data, problems):
    (data / "places.csv").write_text(f"{PLACES}\n", encoding="utf-16")
    assert problems() == [
        "data/places.csv:1:1: not UTF-8: byte 0xff (it looks like UTF-16); save the file as UTF-8"
    ]


def test_a_quoted_cell_never_closed(data, problems):
    write(data, "places", PLACES, 'dresden,"Dresden,city,,s1,')
    assert problems() == [
        "data/places.csv:2:2: a quoted cell is never closed: its closing '\"' is missing"
    ]


def test_text_after_a_closing_quote(data, problems):
    write(data, "places", PLACES, 'dresden,"Dres"den,city,,s1,')
    assert problems() == [
        "data/places.csv:2:2: 'd' after the closing quote of a cell: quote the whole cell and "
        'double every quote inside it ("")'
    ]


def test_a_cell_larger_than_the_csv_limit(data, problems):
    import csv

    limit = csv.field_size_limit()
    write(data, "places", PLACES, f"dresden,{'x' * (limit + 1)},city,,s1,")
    assert problems() == [f"data/places.csv:2:2: cell of {limit + 1} characters; at most {limit}"]


def test_an_empty_file(data, problems):
    write(data, "places")
    assert problems() == [
        "data/places.csv:1:1: empty file: expected a header row (id,name,kind,sources ...)"
    ]


def test_the_header_must_be_on_the_first_line(data, problems):
    write(data, "places", "", PLACES, "dresden,Dresden,city,,s1,")
    assert problems() == ["data/places.csv:1:1: the header must be on the first line"]


# -- the header -------------------------------------------------------------------------------


def test_unknown_column(data, problems):
    write(data, "places", "id,name,kind,part_of,sources,notes", "dresden,Dresden,city,,s1,x")
    assert problems() == [
        "data/places.csv:1:6: unknown column 'notes'; places.csv has: id, name, kind, part_of, "
        "latitude, longitude, sources, note"
    ]


def test_a_column_twice_stops_the_table(data, problems):
    # the rows are not read: which `name` would count?
    write(data, "places", "id,name,kind,name,sources", "Dresden,Dresden,city,D,s1")
    assert problems() == ["data/places.csv:1:4: column 'name' appears twice"]


def test_a_missing_required_column_stops_the_table(data, problems):
    write(data, "places", "id,name,sources", "Dresden,Dresden,s1")
    assert problems() == ["data/places.csv:1:1: missing required column 'kind'"]


def test_optional_columns_may_be_left_out(data, vocab):
    write(data, "places", "id,name,kind,sources", "dresden,Dresden,city,s1")
    (record,) = load_dataset(data, vocab).rows("places")
    assert record["part_of"] is None and record["note"] is None


@pytest.mark.parametrize(
    ("row", "column", "fields"),
    [("dresden,Dresden,city", 4, 3), ("dresden,Dresden,city,,s1,,extra", 7, 7)],
    ids=["too-few", "too-many"],
)
def test_a_row_with_the_wrong_number_of_fields(data, problems, row, column, fields):
    write(data, "places", PLACES, row)
    assert problems() == [f"data/places.csv:2:{column}: row has {fields} fields, the header has 6"]


# -- single cells -----------------------------------------------------------------------------

SLUG_RULE = "use lowercase letters, digits and single hyphens"


@pytest.mark.parametrize(
    ("table", "header", "row", "issue"),
    [
        (
            "places",
            PLACES,
            "Dresden City,Dresden,city,,s1,",
            f"2:1: malformed id 'Dresden City': {SLUG_RULE}",
        ),
        (
            "places",
            PLACES,
            "dresden--x,Dresden,city,,s1,",
            f"2:1: malformed id 'dresden--x': {SLUG_RULE}",
        ),
        ("places", PLACES, "dresden,,city,,s1,", "2:2: missing required value for 'name'"),
        ("places", PLACES, "dresden,Dresden,city,,,", "2:5: missing required value for 'sources'"),
        (
            "places",
            PLACES,
            "dresden, Dresden,city,,s1,",
            "2:2: name: remove the spaces around 'Dresden'",
        ),
        (
            "places",
            PLACES,
            "dresden,Dresden,city ,,s1,",
            "2:3: kind: remove the spaces around 'city'",
        ),
        (
            "places",
            PLACES,
            "dresden,Dresden,town,,s1,",
            "2:3: unknown kind 'town'; known: city, country, district, site, state",
        ),
        (
            "places",
            PLACES,
            "dresden,Dresden,city,,s1||s1,",
            "2:5: empty item in list 's1||s1' (separate items with a single '|')",
        ),
        (
            "organisations",
            ORGANISATIONS,
            "a,A GmbH,company,A|,,,,,,,,s1,",
            "2:4: empty item in list 'A|' (separate items with a single '|')",
        ),
        (
            "organisations",
            ORGANISATIONS,
            "a,A GmbH,company,,,,,,16.01.2025,,,s1,",
            "2:9: malformed date '16.01.2025': use YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            "organisations",
            ORGANISATIONS,
            "a,A GmbH,company,,,,,,2025-02-30,,,s1,",
            "2:9: malformed date '2025-02-30': use YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            "organisations",
            ORGANISATIONS,
            "a,A GmbH,company,,,,,,,www.a.example,,s1,",
            "2:10: not a web address: 'www.a.example' (expected http:// or https://)",
        ),
        (
            "observations",
            OBSERVATIONS,
            "a,employees,-3,no,2024,s1,",
            "2:3: not a whole non-negative number: '-3'",
        ),
        ("observations", OBSERVATIONS, "a,employees,3,maybe,2024,s1,", "2:4: not yes/no: 'maybe'"),
        (
            "relations",
            RELATIONS,
            "a,owned-by,b,74.9%,,,s1,",
            "2:4: not a decimal number: '74.9%' (use a dot: 74.9)",
        ),
        (
            "relations",
            RELATIONS,
            "a,owned-by,b,1E2,,,s1,",
            "2:4: not a decimal number: '1E2' (use a dot: 74.9)",
        ),
    ],
    ids=[
        "id-space",
        "id-double-hyphen",
        "required-text",
        "required-sources",
        "spaces-before",
        "spaces-after",
        "unknown-code",
        "empty-source-item",
        "empty-text-item",
        "date-format",
        "date-not-a-day",
        "url",
        "int",
        "bool",
        "decimal",
        "decimal-exponent",
    ],
)
def test_a_bad_cell(data, problems, table, header, row, issue):
    write(data, *TWO_ORGANISATIONS)
    write(data, table, header, row)
    assert problems() == [f"data/{table}.csv:{issue}"]


def test_an_unknown_code_in_a_list(data, problems, vocab):
    write(data, "organisations", ORGANISATIONS, "a,A GmbH,company,,,,,,,,biotechnology|alchemy,s1,")
    known = ", ".join(sorted(vocab.codes["sector"]))
    assert problems() == [f"data/organisations.csv:2:11: unknown sectors 'alchemy'; known: {known}"]


def test_a_long_or_multiline_cell_is_shown_short_and_on_one_line(data, problems):
    long_id = "X" * 100
    write(data, "places", PLACES, f"{long_id},Dresden,city,,s1,", '"a\nb",Dresden,city,,s1,')
    assert problems() == [
        f"data/places.csv:2:1: malformed id '{'X' * 80}'… (100 characters): {SLUG_RULE}",
        f"data/places.csv:3:1: malformed id 'a\\nb': {SLUG_RULE}",
    ]


def test_a_bad_cell_keeps_its_row(data, problems):
    # the organisation's founding date is wrong, but its id still resolves
    write(data, "organisations", ORGANISATIONS, "a,A GmbH,company,,,,,,2025-13,,,s1,")
    write(data, "observations", OBSERVATIONS, "a,employees,3,no,2024,s1,")
    assert problems() == [
        "data/organisations.csv:2:9: malformed date '2025-13': use YYYY, YYYY-MM or YYYY-MM-DD"
    ]


# -- people's names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "issue"),
    [
        (
            "anna-x,Dr. Anna,X,,s1,",
            "2:2: given_name 'Dr. Anna' carries an academic title; put it into honorific_prefix",
        ),
        (
            "anna-x,Anna,X Prof.,,s1,",
            "2:3: family_name 'X Prof.' carries an academic title; put it into honorific_prefix",
        ),
        (
            "anna-x,Anna,X,Herr,s1,",
            "2:4: unknown honorific 'Herr'; use one of: Dr., Prof., Prof. Dr., PD Dr., Dr. h. c.",
        ),
    ],
    ids=["title-in-given-name", "title-in-family-name", "unknown-honorific"],
)
def test_titles_belong_in_honorific_prefix(data, problems, row, issue):
    write(data, "people", PEOPLE, row)
    assert problems() == [f"data/people.csv:{issue}"]


@pytest.mark.parametrize("prefix", v.HONORIFICS)
def test_every_listed_honorific_is_accepted(data, vocab, prefix):
    write(data, "people", PEOPLE, f"anna-x,Anna,Drewes,{prefix},s1,")
    (person,) = load_dataset(data, vocab).rows("people")
    assert person["honorific_prefix"] == prefix


def test_a_person_may_lack_a_given_name(data, vocab):
    write(data, "people", PEOPLE, "x,,Proffitt,,s1,")
    (person,) = load_dataset(data, vocab).rows("people")
    assert person["given_name"] is None and person["family_name"] == "Proffitt"


def test_issues_are_sorted_and_printed_as_file_line_column():
    error = DataError(
        [Issue("b.csv", 1, 1, "y"), Issue("a.csv", 10, 2, "x"), Issue("a.csv", 9, 5, "z")]
    )
    assert str(error) == "a.csv:9:5: z\na.csv:10:2: x\nb.csv:1:1: y"
