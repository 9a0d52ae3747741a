"""How the ecosystem grew, year by year, from its dated facts.

A row per year from the first to the last year any fact is dated in: organisations founded,
lasting ties (memberships, roles, organisation relations and renames) that began and that
ended in the year, events held, and the lasting ties that held on 31 December by the as-of
rule (kg.builder.lifetimes). Undated facts count in no year's changes; they do count as
held, as the rule says (they hold whenever both sides exist).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from kg.networks.views import Facts, fact_holds
from kg.rdf.stores import Row

__all__ = ["GROWTH_COLUMNS", "growth"]

GROWTH_COLUMNS = (
    "year",
    "organisations_founded",
    "ties_begun",
    "ties_ended",
    "events",
    "ties_held",
)


def _year(row: Row, key: str) -> int | None:
    return int(row[key][:4]) if key in row else None


def growth(facts: Facts) -> list[dict[str, int]]:
    """One dict per year (keys: GROWTH_COLUMNS), oldest first; [] when nothing is dated.

    >>> rows = growth(Facts(nodes={}, memberships=[{"fact": "m", "start": "2014", "end": "2015-03",
    ...     "validFrom": "2014-01-01", "validUntil": "2015-03-31"}],
    ...     participations=[], relations=[], about=[]))
    >>> [(row["year"], row["ties_begun"], row["ties_ended"], row["ties_held"]) for row in rows]
    [(2014, 1, 0, 1), (2015, 0, 1, 0)]
    """
    ties = facts.memberships + facts.relations
    counts = {
        "organisations_founded": Counter(
            int(row["validFrom"][:4])
            for row in facts.nodes.values()
            if row["type"] != "person" and row["type"] != "event" and "validFrom" in row
        ),
        "ties_begun": Counter(_year(row, "start") for row in ties),
        "ties_ended": Counter(_year(row, "end") for row in ties),
        "events": Counter(
            int(row["validFrom"][:4])
            for row in facts.nodes.values()
            if row["type"] == "event" and "validFrom" in row
        ),
    }
    years = {y for counter in counts.values() for y in counter if y is not None}
    if not years:
        return []
    rows = []
    for year in range(min(years), max(years) + 1):
        row = {"year": year} | {name: counter[year] for name, counter in counts.items()}
        row["ties_held"] = sum(fact_holds(tie, dt.date(year, 12, 31)) for tie in ties)
        rows.append(row)
    return rows
