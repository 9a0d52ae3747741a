"""The ecosystem as of a day: the rule (kg.builder.lifetimes) at its boundaries, the same rule
in the catalogue queries, in `changes`, in the network views and in the growth table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from kg.builder.lifetimes import first_day, holds, last_day, window
from kg.builder.pipeline import build
from kg.curate.values import PartialDate
from kg.networks.growth import growth
from kg.networks.views import affiliation_graph, collaboration_graph, load_facts
from kg.query.service import run as run_query
from kg.rdf.stores import open_store

ORG = "https://w3id.org/saxony-lifescience/id/org/"
PERSON = "https://w3id.org/saxony-lifescience/id/person/"
D = dt.date


def test_partial_dates_are_taken_at_their_widest():
    assert first_day(PartialDate("2014")) == D(2014, 1, 1)
    assert last_day(PartialDate("2014")) == D(2014, 12, 31)
    assert first_day(PartialDate("2024-02")) == D(2024, 2, 1)
    assert last_day(PartialDate("2024-02")) == D(2024, 2, 29)
    assert last_day(PartialDate("2023-02")) == D(2023, 2, 28)
    assert first_day(PartialDate("2014-05-10")) == last_day(PartialDate("2014-05-10"))


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        ("2014-05-10", None, D(2014, 5, 10), True),  # start = D
        ("2014-05-10", None, D(2014, 5, 9), False),
        (None, "2016-02-29", D(2016, 2, 29), True),  # end = D
        (None, "2016-02-29", D(2016, 3, 1), False),
        ("2014", None, D(2014, 12, 31), True),  # year-only start in the year of D
        ("2014", None, D(2014, 1, 1), True),
        ("2014", None, D(2013, 12, 31), False),
        (None, "2013-06", D(2013, 6, 30), True),  # month-only end: to its last day
        (None, "2013-06", D(2013, 7, 1), False),
        (None, None, D(1900, 1, 1), True),  # no dates: always
    ],
)
def test_the_rule_at_its_boundaries(start, end, day, expected):
    span = window(PartialDate(start) if start else None, PartialDate(end) if end else None)
    assert holds(span, day) is expected


def test_a_tie_never_holds_before_either_side_was_founded():
    founded = (D(2025, 1, 16), None)
    span = window(PartialDate("2020"), None, [founded, (None, None)])
    assert not holds(span, D(2025, 1, 15))
    assert holds(span, D(2025, 1, 16))
    dissolved = (None, D(2019, 12, 31))
    assert not holds(window(None, None, [dissolved]), D(2020, 1, 1))


# -- the same rule in SPARQL, on rows added to a copy of the curated data --------------------

ROWS = [
    # member, organisation, role, start, end
    ("marco-mueller", "hzdr", "member", "2014-05-10", "2016-02-29"),
    ("marco-mueller", "abx", "board-member", "2013", "2013-06"),
    ("marco-mueller", "nuklid", "member", "2020", ""),  # before nukliD was founded
]


@pytest.fixture(scope="module")
def dated_build(tmp_path_factory):
    from tests.paths import DATA_DIR

    root = tmp_path_factory.mktemp("dated")
    data = root / "data"
    import shutil

    shutil.copytree(DATA_DIR, data)
    source = next(csv.DictReader(io.StringIO((data / "sources.csv").read_text())))["id"]
    with (data / "memberships.csv").open("a", newline="", encoding="utf-8") as table:
        writer = csv.writer(table, lineterminator="\n")
        for member, organisation, role, start, end in ROWS:
            writer.writerow([member, organisation, role, start, end, "", source, "test row"])
    build(data, root / "build")
    return root / "build"


def _ties(build_dir, day: str | None) -> set[tuple[str, str]]:
    params = {"entity": "marco-mueller"} | ({"as_of": day} if day else {})
    results = run_query("affiliations", params, build_dir=build_dir)
    return {
        (row["organisation"].value.rsplit("/", 1)[-1], row["role"].value.rsplit("/", 1)[-1])
        for row in results.rows
    }


@pytest.mark.parametrize(
    ("day", "tie", "expected"),
    [
        ("2014-05-09", ("hzdr", "member"), False),
        ("2014-05-10", ("hzdr", "member"), True),
        ("2016-02-29", ("hzdr", "member"), True),
        ("2016-03-01", ("hzdr", "member"), False),
        ("2012-12-31", ("abx", "board-member"), False),
        ("2013-01-01", ("abx", "board-member"), True),
        ("2013-06-30", ("abx", "board-member"), True),
        ("2013-07-01", ("abx", "board-member"), False),
        ("2024-06-01", ("nuklid", "member"), False),
        ("2025-01-16", ("nuklid", "member"), True),
    ],
)
def test_as_of_in_sparql_at_the_boundaries(dated_build, day, tie, expected):
    assert (tie in _ties(dated_build, day)) is expected
    assert tie in _ties(dated_build, None)


def test_nuklid_founders_as_of(built, run):
    def founders(*extra: str) -> list[dict]:
        result = run("query", "cluster-founders", "--build", str(built), "--param",
                     "cluster=nuklid", *extra, "--format", "csv")
        assert result.exit_code == 0, result.output
        return list(csv.DictReader(io.StringIO(result.output)))

    assert founders("--param", "as_of=2024-12-31") == []
    after = founders("--param", "as_of=2025-02-01")
    assert len(after) == 11
    assert after == founders()


def test_as_of_wants_a_day(built, run):
    result = run("query", "cluster-founders", "--build", str(built), "--param", "as_of=2025")
    assert result.exit_code == 1
    assert "not a day: give YYYY-MM-DD" in result.output


def test_every_tie_query_takes_as_of():
    from kg.query.catalogue import catalogue

    tie_queries = {
        "affiliations", "cluster-founders", "cluster-members", "cluster-network",
        "collaboration-pairs", "events", "is-founder", "multi-affiliated", "ownership",
        "role-holders",
    }
    for name in tie_queries:
        params = {p.name: p for p in catalogue()[name].params}
        assert params["as_of"].type == "date" and not params["as_of"].required, name


# -- changes ---------------------------------------------------------------------------------


def _changes(run, built, *params: str) -> list[dict]:
    args = [a for p in params for a in ("--param", p)]
    result = run("query", "changes", "--build", str(built), *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def test_changes_on_a_known_interval(built, run):
    rows = _changes(run, built, "from=2025-01-01", "to=2025-01-31", "entity=nuklid")
    founded = [r for r in rows if r["change"] == "founded"]
    assert [r["subject"] for r in founded] == [ORG + "nuklid"]
    assert founded[0]["date"] == "2025-01-16" and founded[0]["sources"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert all(r["sources"] for r in rows)


def test_changes_keep_to_their_interval(built, run):
    august = _changes(run, built, "from=2024-08-01", "to=2024-08-31", "entity=marco-mueller")
    began = [r for r in august if r["change"] == "began" and r["object"] == ORG + "abx"]
    assert began and began[0]["date"] == "2024-08-01"
    september = _changes(run, built, "from=2024-09-01", "to=2024-12-31", "entity=marco-mueller")
    assert not [r for r in september if r["date"] == "2024-08-01"]
    # a date known to the year lies in every interval that overlaps the year
    year = _changes(run, built, "from=2024-12-01", "to=2025-03-01", "entity=peter-moll")
    assert any(r["date"] == "2024" and r["change"] == "ended" for r in year)


# -- networks over time ----------------------------------------------------------------------


def test_networks_as_of(built):
    store = open_store(built)
    before = affiliation_graph(store, as_of=D(2024, 12, 31))
    assert ORG + "nuklid" not in before
    assert ORG + "nuklid" in affiliation_graph(store, as_of=D(2025, 2, 1))
    whole = collaboration_graph(store)
    earlier = collaboration_graph(store, as_of=D(2020, 1, 1))
    assert set(earlier.edges) < set(whole.edges)
    assert set(earlier.nodes) <= set(whole.nodes)
    # the view as of a day is the collaboration query as of that day
    rows = run_query("collaboration-pairs", {"as_of": "2020-01-01"}, store=store).rows
    assert {tuple(sorted((r["a"].value, r["b"].value))) for r in rows} == {
        tuple(sorted(e)) for e in earlier.edges
    }


def test_network_cli_as_of(built, run):
    result = run("network", "metrics", "--build", str(built), "--as-of", "2020-01-01",
                 "--top", "0", "--format", "json")
    assert result.exit_code == 0, result.output
    ids = {row["id"] for row in json.loads(result.output)}
    assert ORG + "nuklid" not in ids and ORG + "hzdr" in ids
    assert run("network", "metrics", "--build", str(built), "--as-of", "2020").exit_code == 2


def test_growth_counts_the_dated_facts(built):
    facts = load_facts(open_store(built), sources=False)
    rows = growth(facts)
    years = [row["year"] for row in rows]
    assert years == list(range(years[0], years[-1] + 1))
    founded = sum(
        1 for row in facts.nodes.values()
        if row["type"] in ("organisation", "cluster") and "validFrom" in row
    )
    assert sum(row["organisations_founded"] for row in rows) == founded
    began = sum(1 for row in facts.memberships + facts.relations if "start" in row)
    assert sum(row["ties_begun"] for row in rows) == began
    row_2025 = next(row for row in rows if row["year"] == 2025)
    assert row_2025["organisations_founded"] >= 1  # nukliD
