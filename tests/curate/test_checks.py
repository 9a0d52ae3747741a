"""kg.curate.checks: the rules across rows and tables, each on a folder of a few rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.curate.checks import check_dataset
from kg.curate.load import read_table
from kg.curate.records import Dataset
from kg.curate.tables import TABLES
from kg.errors import Issue

from .conftest import write

PLACES = "id,name,kind,part_of,sources,note"
ORGANISATIONS = "id,name,kind,place,other_places,sources"
PEOPLE = "id,given_name,family_name,sources"
MEMBERSHIPS = "member,organisation,role,start,end,on_behalf_of,sources"
RELATIONS = "subject,relation,object,share,start,end,sources"
IDENTIFIERS = "entity,scheme,value,sources"


@pytest.fixture
def orgs(data) -> Path:
    """Organisations `a` and `b` and person `p`, all citing s1."""
    write(data, "organisations", ORGANISATIONS, "a,A GmbH,company,,,s1", "b,B AG,company,,,s1")
    write(data, "people", PEOPLE, "p,Anna,X,s1")
    return data


# -- unique keys ------------------------------------------------------------------------------


def test_duplicate_id(data, problems):
    write(data, "places", PLACES, "dresden,Dresden,city,,s1,", "dresden,Dresden again,city,,s1,")
    assert problems() == ["data/places.csv:3:1: duplicate id=dresden: already on line 2"]


def test_duplicate_key_of_several_columns_shows_each_value(orgs, problems):
    write(orgs, "memberships", MEMBERSHIPS, "p,a,member,2020,,,s1", "p,a,member,2020,2021,,s1")
    assert problems() == [
        "data/memberships.csv:3:1: duplicate member=p, organisation=a, role=member, start=2020: "
        "already on line 2"
    ]


def test_an_empty_optional_key_column_still_counts(orgs, problems):
    write(orgs, "memberships", MEMBERSHIPS, "p,a,member,,,,s1", "p,a,member,,2021,,s1")
    assert problems() == [
        "data/memberships.csv:3:1: duplicate member=p, organisation=a, role=member: "
        "already on line 2"
    ]


def test_different_start_dates_are_different_memberships(orgs, problems):
    write(orgs, "memberships", MEMBERSHIPS, "p,a,member,2020,,,s1", "p,a,member,2022,,,s1")
    assert problems() == []


def test_rows_with_a_bad_key_cell_are_not_called_duplicates(data, problems):
    write(data, "places", PLACES, "Dresden,Dresden,city,,s1,", "Dresden,Dresden,city,,s1,")
    assert [p.split(": ")[1] for p in problems()] == ["malformed id 'Dresden'"] * 2


def test_a_key_value_with_a_newline_is_quoted(orgs, problems):
    write(orgs, "aims", "organisation,aim,sources", 'a,"x\ny",s1', 'a,"x\ny",s1')
    assert problems() == [
        "data/aims.csv:4:1: duplicate organisation=a, aim='x\\ny': already on line 2"
    ]


def test_an_id_in_two_entity_tables(orgs, problems):
    write(orgs, "places", PLACES, "a,A-Stadt,city,,s1,")
    assert problems() == [
        "data/places.csv:2:1: id 'a' is already used in data/organisations.csv:2; ids must be "
        "unique across organisations, people, places, events"
    ]


# -- references -------------------------------------------------------------------------------


def test_unknown_reference(data, problems):
    write(data, "places", PLACES, "pillnitz,Pillnitz,district,dresden,s1,")
    assert problems() == ["data/places.csv:2:4: part_of 'dresden' is not an id in places.csv"]


def test_unknown_reference_in_a_list(data, problems):
    write(data, "places", PLACES, "dresden,Dresden,city,,s1,")
    write(data, "organisations", ORGANISATIONS, "a,A GmbH,company,dresden,dresden|leipzig,s1")
    assert problems() == [
        "data/organisations.csv:2:5: other_places 'leipzig' is not an id in places.csv"
    ]


def test_a_reference_with_several_target_tables(orgs, problems):
    write(orgs, "memberships", MEMBERSHIPS, "ghost,a,member,,,,s1", "b,a,member,,,p,s1")
    assert problems() == [
        "data/memberships.csv:2:1: member 'ghost' is not an id in people.csv or organisations.csv",
        "data/memberships.csv:3:6: on_behalf_of 'p' is not an id in organisations.csv",
    ]


def test_an_id_of_the_wrong_table(orgs, problems):
    write(orgs, "places", PLACES, "dresden,Dresden,city,a,s1,")
    assert problems() == ["data/places.csv:2:4: part_of 'a' is not an id in places.csv"]


def test_unknown_source(data, problems):
    write(data, "places", PLACES, "dresden,Dresden,city,,s1|s2,")
    assert problems() == ["data/places.csv:2:5: source 's2' is not in sources.csv"]


def test_sources_do_not_cite_sources(data, problems):
    write(data, "sources", "id,title,url,publisher", "s1,A,https://example.org/a,E")
    assert problems() == []


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "issue"),
    [
        ("2020-05", "2020-04", "end 2020-04 is before start 2020-05"),
        ("2020-05-02", "2020-05-01", "end 2020-05-01 is before start 2020-05-02"),
        ("2021", "2020-12-31", "end 2020-12-31 is before start 2021"),
        ("2020-05-02", "2020", None),  # the same year: may be after
        ("2020-05-02", "2020-05", None),
        ("2020", "2020-01-01", None),
        ("2020-05-01", "2020-05-01", None),  # one day
    ],
)
def test_end_before_start(orgs, problems, start, end, issue):
    write(orgs, "memberships", MEMBERSHIPS, f"p,a,member,{start},{end},,s1")
    assert problems() == ([f"data/memberships.csv:2:5: {issue}"] if issue else [])


def test_events_are_checked_too(data, problems):
    write(
        data,
        "events",
        "id,name,kind,start,end,sources",
        "fair,A fair,trade-fair,2025-11-05,2025-11-03,s1",
    )
    assert problems() == ["data/events.csv:2:5: end 2025-11-03 is before start 2025-11-05"]


# -- organisation relations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "issue"),
    [
        (
            "a,subsidiary-of,b,50,,,s1",
            "2:4: a share belongs to an owned-by relation, not subsidiary-of",
        ),
        ("a,owned-by,b,0,,,s1", "2:4: share 0 is not a percentage in (0, 100]"),
        ("a,owned-by,b,100.5,,,s1", "2:4: share 100.5 is not a percentage in (0, 100]"),
        ("a,renamed-to,p,,,,s1", "2:3: renamed-to needs an organisation as object"),
        ("a,owned-by,a,,,,s1", "2:3: an organisation cannot be related to itself"),
    ],
    ids=["share-not-owned", "share-zero", "share-over-100", "renamed-to-person", "itself"],
)
def test_relation_rules(orgs, problems, row, issue):
    write(orgs, "relations", RELATIONS, row)
    assert problems() == [f"data/relations.csv:{issue}"]


@pytest.mark.parametrize(
    "row", ["a,owned-by,b,100,,,s1", "a,owned-by,p,0.01,,,s1", "a,renamed-to,b,,2020,,s1"]
)
def test_relations_that_pass(orgs, problems, row):
    write(orgs, "relations", RELATIONS, row)
    assert problems() == []


# -- external identifiers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        ("wikidata", "X12"),
        ("wikidata", "Q012"),
        ("ror", "04ckrc"),
        ("isni", "000000012345678"),
        ("geonames", "0123"),
        ("orcid", "0000-0002-1825-009"),
    ],
)
def test_identifier_pattern(orgs, problems, vocab, scheme, value):
    write(orgs, "identifiers", IDENTIFIERS, f"a,{scheme},{value},s1")
    pattern = vocab.patterns[scheme].pattern
    assert problems() == [
        f"data/identifiers.csv:2:3: '{value}' is not a {scheme} identifier (pattern {pattern})"
    ]


@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        ("wikidata", "Q42"),
        ("ror", "04ckrc719"),
        ("isni", "000000012345678X"),
        ("geonames", "2935022"),
        ("orcid", "0000-0002-1825-0097"),
        ("grid", "grid.4488.0"),
        ("gnd", "2026437-1"),
    ],
)
def test_identifiers_that_fit_their_scheme(orgs, problems, scheme, value):
    write(orgs, "identifiers", IDENTIFIERS, f"a,{scheme},{value},s1")
    assert problems() == []


def test_one_identifier_for_two_entities(orgs, problems):
    write(orgs, "identifiers", IDENTIFIERS, "a,wikidata,Q42,s1", "b,wikidata,Q42,s1")
    assert problems() == [
        "data/identifiers.csv:3:3: wikidata Q42 is already given to 'a' on line 2"
    ]


def test_an_identifier_needs_a_known_entity(data, problems):
    write(data, "identifiers", IDENTIFIERS, "nobody,wikidata,Q42,s1")
    assert problems() == [
        "data/identifiers.csv:2:1: entity 'nobody' is not an id in organisations.csv or "
        "people.csv or places.csv or events.csv"
    ]


# -- on a Dataset, without the loader ---------------------------------------------------------


def test_check_dataset_skips_references_into_unreadable_tables(tmp_path, vocab):
    path = write(tmp_path, "organisations", ORGANISATIONS, "a,A GmbH,company,dresden,,s9")
    issues: list[Issue] = []
    dataset = Dataset(tmp_path)
    dataset.tables["organisations"] = read_table(
        path, TABLES["organisations"], vocab, "o.csv", issues
    )
    assert issues == []
    assert [str(i) for i in check_dataset(dataset, vocab)] == [
        "o.csv:2:4: place 'dresden' is not an id in places.csv",
        "o.csv:2:6: source 's9' is not in sources.csv",
    ]
    dataset.unreadable = {"places", "sources"}
    assert check_dataset(dataset, vocab) == []
