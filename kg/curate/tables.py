"""The curated tables: their columns, value types and references.

One registry feeds the loader, the data tests, `kg fmt` and data/README.md, so adding a
column is a one-line change here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

__all__ = ["AGENTS", "Column", "ENTITY_TABLES", "NOTE", "SOURCES", "TABLES", "Table"]

# Tables whose ids share one namespace: a reference such as a membership's `member`
# may point at a person or an organisation, so ids must not clash across them.
ENTITY_TABLES = ("organisations", "people", "places", "events")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    """id text texts date url decimal int bool ref refs code codes sources (see data/README.md)"""
    required: bool = False
    targets: tuple[str, ...] = ()
    """For ref/refs: the tables the id may come from. For code/codes: the vocabulary."""
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    """Columns that identify a row; duplicates are errors and rows are sorted by them."""
    doc: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}


def _c(name: str, kind: str, required: bool = False, targets: tuple[str, ...] = (), doc: str = ""):
    return Column(name, kind, required, targets, doc)


AGENTS = ("people", "organisations")
SOURCES = _c("sources", "sources", True, ("sources",), "source ids from sources.csv, `|`-separated")
NOTE = _c("note", "text", doc="curator's remark, e.g. where sources disagree")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources",
            (
                _c("id", "id", True, doc="slug, e.g. idw-2025-01-16"),
                _c("title", "text", True, doc="title of the page or document"),
                _c("url", "url", True, doc="full web address"),
                _c("publisher", "text", True, doc="who published it"),
                _c("published", "date", doc="publication date, YYYY[-MM[-DD]]"),
                _c("retrieved", "date", doc="when the curator read it"),
                _c("licence", "text", doc="the source's own terms, where stated"),
                NOTE,
            ),
            ("id",),
            "Every document a fact is taken from.",
        ),
        Table(
            "places",
            (
                _c("id", "id", True),
                _c("name", "text", True),
                _c(
                    "kind",
                    "code",
                    True,
                    ("place-kind",),
                    doc="city, district, site, state, country",
                ),
                _c("part_of", "ref", targets=("places",), doc="the enclosing place"),
                _c("latitude", "decimal", doc="WGS84 decimal degrees, from GeoNames"),
                _c("longitude", "decimal", doc="WGS84 decimal degrees, from GeoNames"),
                SOURCES,
                NOTE,
            ),
            ("id",),
            "Cities, districts and sites; GeoNames ids go into identifiers.csv. Latitude and "
            "longitude are GeoNames' (printed by `python -m tools.place_coordinates`) and cite "
            "`geonames`; a place GeoNames does not list keeps them empty.",
        ),
        Table(
            "organisations",
            (
                _c("id", "id", True),
                _c("name", "text", True, doc="official name"),
                _c("kind", "code", True, ("org-kind",)),
                _c("alt_names", "texts", doc="spellings used by sources, `|`-separated"),
                _c("place", "ref", targets=("places",), doc="seat"),
                _c("other_places", "refs", targets=("places",), doc="further sites"),
                _c("street_address", "text"),
                _c("postal_code", "text"),
                _c("founded", "date"),
                _c("website", "url"),
                _c("sectors", "codes", targets=("sector",)),
                SOURCES,
                NOTE,
            ),
            ("id",),
            "Companies, institutes, clusters, public bodies, associations.",
        ),
        Table(
            "people",
            (
                _c("id", "id", True),
                _c("given_name", "text", doc="empty where no source gives it"),
                _c("family_name", "text", True),
                _c("honorific_prefix", "text", doc="academic title: Dr., Prof., Prof. Dr."),
                SOURCES,
                NOTE,
            ),
            ("id",),
            "People, without titles in their names.",
        ),
        Table(
            "memberships",
            (
                _c("member", "ref", True, AGENTS, doc="person or organisation"),
                _c("organisation", "ref", True, ("organisations",)),
                _c("role", "code", True, ("role",)),
                _c("start", "date"),
                _c("end", "date"),
                _c(
                    "on_behalf_of",
                    "ref",
                    targets=("organisations",),
                    doc="the organisation the member came from / acts for",
                ),
                SOURCES,
                NOTE,
            ),
            ("member", "organisation", "role", "start"),
            "Who holds which role in which organisation, people and organisations alike.",
        ),
        Table(
            "events",
            (
                _c("id", "id", True),
                _c("name", "text", True),
                _c("kind", "code", True, ("event-kind",)),
                _c("start", "date", True),
                _c("end", "date"),
                _c("place", "ref", targets=("places",)),
                _c("about", "ref", targets=("organisations",), doc="the organisation it concerns"),
                SOURCES,
                NOTE,
            ),
            ("id",),
            "Signings, forums, fairs, visit days, foundings.",
        ),
        Table(
            "participations",
            (
                _c("event", "ref", True, ("events",)),
                _c("participant", "ref", True, AGENTS),
                _c("role", "code", True, ("role",)),
                _c("on_behalf_of", "ref", targets=("organisations",)),
                SOURCES,
                NOTE,
            ),
            ("event", "participant", "role"),
            "Who took part in an event, in which role.",
        ),
        Table(
            "relations",
            (
                _c("subject", "ref", True, ("organisations",)),
                _c(
                    "relation",
                    "code",
                    True,
                    ("relation",),
                    doc="subsidiary-of, owned-by, part-of-group, unit-of, operated-by, "
                    "merged-into, renamed-to",
                ),
                _c("object", "ref", True, AGENTS),
                _c("share", "decimal", doc="percent of capital, for owned-by"),
                _c("start", "date"),
                _c("end", "date"),
                SOURCES,
                NOTE,
            ),
            ("subject", "relation", "object"),
            "Ties between organisations: subsidiaries, owners with shares, groups, renames.",
        ),
        Table(
            "identifiers",
            (
                _c("entity", "ref", True, ENTITY_TABLES),
                _c("scheme", "code", True, ("identifier-scheme",)),
                _c("value", "text", True),
                SOURCES,
            ),
            ("entity", "scheme", "value"),
            "External identifiers (ROR, Wikidata, GeoNames, GRID, ISNI ...).",
        ),
        Table(
            "observations",
            (
                _c("organisation", "ref", True, ("organisations",)),
                _c("measure", "code", True, ("measure",)),
                _c("value", "int", True),
                _c("approximate", "bool", doc="yes where the source says about / ~"),
                _c("date", "date", True),
                SOURCES,
                NOTE,
            ),
            ("organisation", "measure", "date", "value"),
            "Dated counts: members, founding members, staff.",
        ),
        Table(
            "awards",
            (
                _c("organisation", "ref", True, ("organisations",)),
                _c("award", "text", True),
                _c("level", "text"),
                _c("since", "date"),
                SOURCES,
                NOTE,
            ),
            ("organisation", "award", "level"),
            "Labels and awards held by organisations.",
        ),
        Table(
            "aims",
            (
                _c("organisation", "ref", True, ("organisations",)),
                _c("aim", "text", True, doc="a short phrase in the curator's words"),
                SOURCES,
            ),
            ("organisation", "aim"),
            "Stated aims of clusters and organisations.",
        ),
        Table(
            "claims",
            (
                _c(
                    "subject",
                    "ref",
                    True,
                    ENTITY_TABLES,
                    doc="the organisation, person, place or event the sources disagree about",
                ),
                _c(
                    "claim",
                    "code",
                    True,
                    ("claim",),
                    doc="what is claimed: founded, opened, given-name, number-of-hosts, start",
                ),
                _c("value", "text", True, doc="the value as the sources state it, e.g. 1991"),
                SOURCES,
                NOTE,
            ),
            ("subject", "claim", "value"),
            "Where sources disagree: each value with the sources that state it.",
        ),
    )
}
