"""kg.builder.lifetimes.Lifetimes on a few rows: which days a tie, an event and a participation
may hold (the rule itself, at its boundaries, is in tests/networks/test_time.py)."""

from __future__ import annotations

import datetime as dt

from kg.builder.lifetimes import Lifetimes
from kg.curate.values import PartialDate

D = dt.date
ORGS = "id,name,kind,founded,sources\n"
EVENTS = "id,name,kind,start,end,sources\n"


def test_an_organisation_lives_from_its_founding(dataset):
    lives = Lifetimes(
        dataset(organisations=ORGS + "a,A,association,2014,s1\nb,B,association,,s1\n")
    )
    assert lives.life("a") == (D(2014, 1, 1), None)
    assert lives.life("b") == (None, None)  # founding unknown: no bound
    # people, places and unknown ids do not narrow anything
    assert lives.life("p") == lives.life(None) == (None, None)


def test_a_tie_holds_within_its_dates_and_both_lives(dataset):
    lives = Lifetimes(
        dataset(organisations=ORGS + "a,A,association,2014-05,s1\nb,B,association,2016,s1\n")
    )
    assert lives.tie(None, None, "a", "b") == (D(2016, 1, 1), None)
    assert lives.tie(PartialDate("2018-03"), PartialDate("2019"), "a", "b") == (
        D(2018, 3, 1),
        D(2019, 12, 31),
    )
    assert lives.tie(PartialDate("2010"), None, "a", None) == (D(2014, 5, 1), None)


def test_an_event_lasts_its_days(dataset):
    lives = Lifetimes(
        dataset(
            events=EVENTS + "fair,Fair,trade-fair,2025-11-03,2025-11-05,s1\n"
            "talk,Talk,meeting,2024-02,,s1\nday,Day,visit-day,2024-06-01,,s1\n"
        )
    )
    assert lives.events == {
        "fair": (D(2025, 11, 3), D(2025, 11, 5)),
        "talk": (D(2024, 2, 1), D(2024, 2, 29)),  # known to the month: the whole month
        "day": (D(2024, 6, 1), D(2024, 6, 1)),
    }


def test_a_participation_holds_on_the_event_days_its_sides_existed(dataset):
    lives = Lifetimes(
        dataset(
            organisations=ORGS + "a,A,association,2025-11-04,s1\n",
            events=EVENTS + "fair,Fair,trade-fair,2025-11-03,2025-11-05,s1\n",
        )
    )
    assert lives.participation("fair", "p", None) == (D(2025, 11, 3), D(2025, 11, 5))
    assert lives.participation("fair", "a") == (D(2025, 11, 4), D(2025, 11, 5))
    # before it was founded: a window that is empty (from after until)
    late = Lifetimes(
        dataset(
            organisations=ORGS + "a,A,association,2026,s1\n",
            events=EVENTS + "fair,Fair,trade-fair,2025-11-03,2025-11-05,s1\n",
        )
    )
    start, end = late.participation("fair", "a")
    assert start > end
