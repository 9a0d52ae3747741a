"""When a fact holds: the one rule behind every "as of a date" answer.

A tie (membership, role, participation, organisation relation, rename) holds on day D when

- its start, if known, is on or before D, and its end, if known, is on or after D;
- neither side had yet to be founded on D, and neither was dissolved before D.

Partial dates are taken at their widest: a start of `2014` counts from 1 January 2014, an
end of `2014-05` until 31 May 2014. So a tie holds on every day on which, as far as the
sources say, it may have held; a tie without dates holds whenever both sides exist. A
participation holds on the days of its event (an event with one date lasts that day).

The build writes the result on each tie and organisation as two dates, `sls:validFrom` and
`sls:validUntil` (either may be missing: no bound), so that every as-of query applies the
same short filter and no SPARQL store has to compare dates of mixed precision:

    OPTIONAL { ?fact sls:validFrom ?from }
    OPTIONAL { ?fact sls:validUntil ?until }
    FILTER(!BOUND(?as_of) || ((!BOUND(?from) || ?from <= ?as_of)
                              && (!BOUND(?until) || ?as_of <= ?until)))

(`is-founder`, an ASK query, says the same with NOT EXISTS: Virtuoso 7.2 fails to compile
OPTIONAL beside VALUES in an ASK query, and gets NOT EXISTS wrong inside UNION branches.)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from kg.curate.records import Dataset
from kg.curate.values import PartialDate

__all__ = ["Lifetimes", "Window", "first_day", "holds", "last_day", "window"]

Window = tuple[dt.date | None, dt.date | None]


def first_day(date: PartialDate | None) -> dt.date | None:
    """The first day a partial date can mean.

    >>> first_day(PartialDate("2014")), first_day(PartialDate("2014-05"))
    (datetime.date(2014, 1, 1), datetime.date(2014, 5, 1))
    """
    if date is None:
        return None
    parts = [int(p) for p in date.text.split("-")]
    return dt.date(*parts, *[1] * (3 - len(parts)))


def last_day(date: PartialDate | None) -> dt.date | None:
    """The last day a partial date can mean.

    >>> last_day(PartialDate("2014")), last_day(PartialDate("2024-02"))
    (datetime.date(2014, 12, 31), datetime.date(2024, 2, 29))
    """
    if date is None:
        return None
    parts = [int(p) for p in date.text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts)


def window(
    start: PartialDate | None, end: PartialDate | None, sides: Iterable[Window] = ()
) -> Window:
    """The first and last day a fact can hold: its own dates, narrowed by its sides' lives."""
    froms = [d for d in (first_day(start), *(s[0] for s in sides)) if d is not None]
    untils = [d for d in (last_day(end), *(s[1] for s in sides)) if d is not None]
    return (max(froms) if froms else None, min(untils) if untils else None)


def holds(span: Window, day: dt.date) -> bool:
    """The rule itself, as the queries apply it.

    >>> holds((dt.date(2014, 1, 1), None), dt.date(2014, 1, 1))
    True
    >>> holds((None, dt.date(2013, 12, 31)), dt.date(2014, 1, 1))
    False
    """
    return (span[0] is None or span[0] <= day) and (span[1] is None or day <= span[1])


class Lifetimes:
    """The windows of a dataset's facts, knowing when each organisation was founded (and,
    where the data says, dissolved); people and places have no dates and do not narrow."""

    def __init__(self, dataset: Dataset):
        # no table has a dissolution date yet (none is stated); a `dissolved` column in
        # organisations.csv would end the organisation's ties here without other changes
        self.lives: dict[str, Window] = {
            r["id"]: (first_day(r["founded"]), last_day(r["dissolved"]))
            for r in dataset.rows("organisations")
        }
        self.events: dict[str, Window] = {
            r["id"]: (first_day(r["start"]), last_day(r["end"] or r["start"]))
            for r in dataset.rows("events")
        }

    def life(self, entity_id: str | None) -> Window:
        return self.lives.get(entity_id or "", (None, None))

    def tie(self, start: PartialDate | None, end: PartialDate | None, *ids: str | None) -> Window:
        """A membership, relation or rename between the entities `ids`."""
        return window(start, end, [self.life(i) for i in ids])

    def participation(self, event_id: str, *ids: str | None) -> Window:
        """Taking part holds on the days of the event, while the participants exist."""
        return window(
            None, None, [self.events.get(event_id, (None, None))] + [self.life(i) for i in ids]
        )
