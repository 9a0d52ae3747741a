"""Data tests for the curation rules of issue #18 (see data/README.md, "Rules for curators")."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.builder.lifetimes import Lifetimes
from kg.builder.pipeline import check_data
from tests.paths import DATA_DIR


@pytest.fixture(scope="module")
def dataset():
    return check_data(DATA_DIR)


def _text(date) -> str | None:
    return None if date is None else date.text


def before(earlier: str | None, later: str | None) -> bool:
    """True when `earlier` is strictly before `later`, compared at the coarser precision.

    Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) are truncated to the shorter of the two, so
    "2010" is not before "2010-08-20" and "2010-07" is before "2010-08-20".
    """
    if not earlier or not later:
        return False
    width = min(len(earlier), len(later))
    return earlier[:width] < later[:width]


def test_before_compares_partial_dates_at_their_precision():
    assert before("2009", "2010-01-01")
    assert not before("2010", "2010-08-20")
    assert before("2010-07", "2010-08-20")
    assert not before("2010-08-20", "2010-08")
    assert not before(None, "2010")


def _founded(dataset) -> dict[str, str]:
    return {o["id"]: _text(o["founded"]) for o in dataset.rows("organisations") if o["founded"]}


PRE_FOUNDING = ("ground-breaking", "founding")


def _ties(dataset):
    """Every dated tie as (where, start, end, sides): memberships, relations, participations."""
    for m in dataset.rows("memberships"):
        sides = (m["member"], m["organisation"], m["on_behalf_of"])
        yield m, _text(m["start"]), _text(m["end"]), sides
    for r in dataset.rows("relations"):
        yield r, _text(r["start"]), _text(r["end"]), (r["subject"], r["object"])
    events = {e["id"]: e for e in dataset.rows("events")}
    for p in dataset.rows("participations"):
        event = events[p["event"]]
        # a ground-breaking or founding concerns an organisation not yet opened or founded
        about = None if event["kind"] in PRE_FOUNDING else event["about"]
        sides = (p["participant"], p["on_behalf_of"], about)
        yield p, _text(event["start"]), _text(event["end"]), sides


def _where(record) -> str:
    return f"{record.path}:{record.line}"


def test_no_tie_is_dated_before_the_founding_of_either_side(dataset):
    founded = _founded(dataset)
    wrong = [
        f"{_where(rec)}: starts {start}, {side} founded {founded[side]}"
        for rec, start, _end, sides in _ties(dataset)
        for side in sides
        if side in founded and before(start, founded[side])
    ]
    assert not wrong, "\n".join(wrong)


def test_no_tie_ends_before_it_starts_or_before_a_side_was_founded(dataset):
    founded = _founded(dataset)
    wrong = []
    for rec, start, end, sides in _ties(dataset):
        if before(end, start):
            wrong.append(f"{_where(rec)}: ends {end} before it starts {start}")
        wrong += [
            f"{_where(rec)}: ends {end}, {side} founded {founded[side]}"
            for side in sides
            if side in founded and before(end, founded[side])
        ]
    assert not wrong, "\n".join(wrong)


def test_events_are_not_dated_before_the_organisation_they_concern(dataset):
    founded = _founded(dataset)
    wrong = [
        f"{_where(e)}: {e['id']} on {_text(e['start'])}, {e['about']} founded {founded[e['about']]}"
        for e in dataset.rows("events")
        if e["about"] in founded
        and before(_text(e["start"]), founded[e["about"]])
        and e["kind"] not in PRE_FOUNDING
    ]
    assert not wrong, "\n".join(wrong)


STATE = "freistaat-sachsen"


def test_ministers_hold_office_in_a_ministry_not_in_the_free_state(dataset):
    """The rule of data/README.md: a minister is a member of the ministry (a public body);
    only the Minister-President holds office in the Freistaat Sachsen itself."""
    orgs = {o["id"]: o for o in dataset.rows("organisations")}
    people = {p["id"] for p in dataset.rows("people")}
    for m in dataset.rows("memberships"):
        if m["role"] == "minister":
            assert m["organisation"] != STATE, f"{_where(m)}: minister of a ministry, not {STATE}"
            assert orgs[m["organisation"]]["kind"] == "public-body", _where(m)
        if m["organisation"] == STATE and m["member"] in people:
            assert m["role"] == "minister-president", f"{_where(m)}: {m['role']} in {STATE}"


def test_only_the_minister_president_acts_on_behalf_of_the_free_state(dataset):
    heads = {
        m["member"]
        for m in dataset.rows("memberships")
        if m["organisation"] == STATE and m["role"] == "minister-president"
    }
    for p in dataset.rows("participations"):
        if p["on_behalf_of"] == STATE:
            assert p["participant"] in heads, f"{_where(p)}: acts for a ministry, not {STATE}"


def test_every_source_is_cited_at_least_once(dataset):
    cited = Counter(
        source
        for name, rows in dataset.tables.items()
        if name != "sources"
        for row in rows
        for source in (row["sources"] or ())
    )
    unused = sorted({s["id"] for s in dataset.rows("sources")} - set(cited))
    assert not unused, f"sources nobody cites: {unused}"


def test_every_cited_source_exists(dataset):
    known = {s["id"] for s in dataset.rows("sources")}
    missing = {
        f"{_where(row)}: {source}"
        for name, rows in dataset.tables.items()
        for row in rows
        for source in (row["sources"] or ())
        if source not in known
    }
    assert not missing, sorted(missing)


# -- sources: one publisher, one spelling; one address, one source --------------------------


def _publisher_key(name: str) -> str:
    """A publisher's name without a parenthesis, case or punctuation: spellings of one
    publisher ("Sächsische Zeitung (sz-online.de)", "Sächsische Zeitung") share the key."""
    bare = name.split(" (")[0].casefold()
    return "".join(ch for ch in bare if ch.isalnum())


def test_each_publisher_has_one_spelling(dataset):
    spellings: dict[str, set[str]] = {}
    for s in dataset.rows("sources"):
        spellings.setdefault(_publisher_key(s["publisher"]), set()).add(s["publisher"])
    assert not [v for v in spellings.values() if len(v) > 1]


@pytest.mark.parametrize("word", ["via ", "copy", "mirror", "dpa)", "press release"])
def test_publisher_names_who_published_not_where_the_copy_is(dataset, word):
    # independence is counted by publisher: a copy or a wire report under a host's name
    # would count twice (the host goes into the note)
    wrong = [s["id"] for s in dataset.rows("sources") if word in s["publisher"].casefold()]
    assert not wrong


def _address(url: str) -> str:
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/").casefold()


def test_each_address_is_one_source(dataset):
    ids: dict[str, list[str]] = {}
    for s in dataset.rows("sources"):
        ids.setdefault(_address(s["url"]), []).append(s["id"])
    assert not {a: v for a, v in ids.items() if len(v) > 1}


def test_every_tie_can_hold_on_some_day(dataset):
    """A tie's window, narrowed by both sides' lives, is never empty (kg/builder/lifetimes.py)."""
    lives = Lifetimes(dataset)
    empty = []
    for m in dataset.rows("memberships"):
        span = lives.tie(m["start"], m["end"], m["member"], m["organisation"], m["on_behalf_of"])
        empty += [_where(m)] if span[0] and span[1] and span[0] > span[1] else []
    for r in dataset.rows("relations"):
        span = lives.tie(r["start"], r["end"], r["subject"], r["object"])
        empty += [_where(r)] if span[0] and span[1] and span[0] > span[1] else []
    for p in dataset.rows("participations"):
        span = lives.participation(p["event"], p["participant"], p["on_behalf_of"])
        empty += [_where(p)] if span[0] and span[1] and span[0] > span[1] else []
    assert not empty


def test_universities_are_headed_by_rectors(dataset):
    """One code for one office: the head of a university is a `rector` (data/README.md)."""
    universities = {o["id"] for o in dataset.rows("organisations") if o["kind"] == "university"}
    wrong = [
        _where(m) for m in dataset.rows("memberships")
        if m["organisation"] in universities and m["role"] == "head"
    ]
    assert not wrong
