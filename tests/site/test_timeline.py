"""The time control's collaboration years: asked only where a window opens or closes, the
same as asking at the end of every year."""

from __future__ import annotations

import datetime as dt

from kg.networks.views import collaboration_pairs
from kg.rdf.stores import open_store
from kg.site.timeline import change_years, collaboration_years


def test_collaboration_years_equal_asking_every_year(built):
    store = open_store(built)
    # from before the first window to today: most of these years change nothing
    years = list(range(1985, 2027))
    assert set(years) - change_years(store), "the span should hold years without a change"
    every_year: dict[tuple[str, str], list[int]] = {}
    for year in years:
        for row in collaboration_pairs(store, dt.date(year, 12, 31)):
            every_year.setdefault((row["a"], row["b"]), []).append(year)
    assert every_year  # the span holds collaboration ties
    assert collaboration_years(store, years) == every_year

