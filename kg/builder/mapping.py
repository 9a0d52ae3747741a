"""Map checked records to RDF: ontology terms, stable IRIs and provenance on every fact.

The mapper writes N-Triples lines straight away, each term formatted by Oxigraph (which also
checks every IRI): a million triples map in seconds, where an rdflib Graph took minutes and
gigabytes. Terms are given as rdflib URIRef (IRIs) and Literal, or plain Python values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import rdflib
from rdflib import XSD, Literal, URIRef

from kg import config
from kg.builder.lifetimes import Lifetimes, Window
from kg.curate.records import Dataset, Record
from kg.curate.values import PartialDate, decimal_literal
from kg.rdf.terms import SEGMENTS
from kg.rdf.vocab import Vocabulary

__all__ = [
    "ACTIVITY_SOURCE", "EXTERNAL_MATCH", "IRI", "Mapper", "SUB_ORGANISATION_RELATIONS", "Triples",
    "map_dataset", "nt_iri", "nt_term", "slug",
]


class IRI(str):
    """An IRI as plain text: rdflib's URIRef checks each one in Python, which cost more than
    the rest of the mapping; Oxigraph checks it anyway when it is written."""

    __slots__ = ()


class _Terms:
    """A namespace whose terms are looked up once (rdflib builds a URIRef on each access)."""

    def __init__(self, namespace: rdflib.Namespace | rdflib.namespace.DefinedNamespaceMeta):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = self._namespace[name]
        setattr(self, name, term)
        return term


ORG, PROV, SCHEMA, SLS, TIME = (
    _Terms(ns) for ns in (config.ORG, config.PROV, config.SCHEMA, config.SLS, config.TIME)
)
OWL, RDF, RDFS, SKOS = (_Terms(ns) for ns in (rdflib.OWL, rdflib.RDF, rdflib.RDFS, rdflib.SKOS))
DCTERMS, FOAF = _Terms(rdflib.DCTERMS), _Terms(rdflib.FOAF)


@lru_cache(maxsize=65536)
def _segment(part: str) -> str:
    return quote(part, safe="-._~")


# Events and renames are prov:Activity, which PROV-O declares disjoint from prov:Entity, the
# domain of prov:wasDerivedFrom: they cite their sources with dcterms:source, which has no
# domain (DCMI: "a related resource from which the described resource is derived"). Queries
# reach every fact's sources with the path prov:wasDerivedFrom|dcterms:source.
ACTIVITY_SOURCE = DCTERMS.source
# An external identifier's IRI (ROR, Wikidata, ISNI, GeoNames): schema:sameAs ("URL of a
# reference Web page that unambiguously indicates the item's identity") links it without
# owl:sameAs's meaning, under which a reasoner merges our node with the external one.
EXTERNAL_MATCH = SCHEMA.sameAs

# Relation types that are also legal parent/child links in W3C ORG.
SUB_ORGANISATION_RELATIONS = {"subsidiary-of", "part-of-group", "unit-of"}


def slug(text: str) -> str:
    """A readable IRI segment from free text: 'Cluster Management Excellence' → 'cluster-…'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@lru_cache(maxsize=65536)
def nt_iri(iri: str) -> str:
    """`<iri>` in N-Triples; raises ValueError for a malformed IRI."""
    return str(ox.NamedNode(iri))


def nt_term(value: object) -> str:
    """A term in N-Triples: URIRef is an IRI, rdflib Literal keeps its datatype or language,
    a plain str is an xsd:string literal, bool/int are xsd:boolean/xsd:integer."""
    if isinstance(value, URIRef | IRI):
        return nt_iri(value)
    if isinstance(value, PartialDate):
        return str(ox.Literal(value.text, datatype=ox.NamedNode(value.datatype)))
    if isinstance(value, Literal):
        if value.language:
            return str(ox.Literal(str(value), language=value.language))
        if value.datatype is not None and value.datatype != XSD.string:
            return str(ox.Literal(str(value), datatype=ox.NamedNode(value.datatype)))
        return str(ox.Literal(str(value)))
    if isinstance(value, bool):
        return nt_term(Literal(value))
    if isinstance(value, int):
        return str(ox.Literal(str(value), datatype=ox.NamedNode(XSD.integer)))
    return str(ox.Literal(str(value)))


class Triples:
    """A set of distinct N-Triples lines."""

    def __init__(self) -> None:
        self.lines: set[str] = set()

    def __len__(self) -> int:
        return len(self.lines)

    def add(self, triple: tuple[object, object, object]) -> None:
        s, p, o = triple
        self.lines.add(f"{nt_iri(s)} {nt_iri(p)} {nt_term(o)} .")  # type: ignore[arg-type]

    def update(self, lines: set[str] | list[str]) -> None:
        self.lines.update(lines)

    def write_sorted(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            for line in sorted(self.lines):
                file.write(line)
                file.write("\n")

    def sorted_text(self) -> str:
        """Sorted N-Triples: the same triples always give the same bytes."""
        return "\n".join(sorted(self.lines)) + "\n" if self.lines else ""


class Mapper:
    """Turns a Dataset into triples in `self.triples`; one method per table."""

    def __init__(self, dataset: Dataset, vocab: Vocabulary, base: str):
        self.dataset, self.vocab, self.base = dataset, vocab, base
        self.triples = Triples()
        self.index = dataset.entity_index()
        self.lifetimes = Lifetimes(dataset)
        self._entities: dict[str, IRI] = {}

    # -- IRIs -------------------------------------------------------------------------
    def node(self, *parts: str) -> URIRef:
        return IRI(self.base + "/".join(map(_segment, parts)))

    def entity(self, entity_id: str) -> IRI:
        iri = self._entities.get(entity_id)
        if iri is None:
            iri = self._entities[entity_id] = self.node(SEGMENTS[self.index[entity_id]], entity_id)
        return iri

    def source(self, source_id: str) -> URIRef:
        return self.node("source", source_id)

    # -- helpers ----------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o: object | None) -> None:
        if o is None or o == ():
            return
        self.triples.add((s, p, o))

    def date(self, s: URIRef, p: URIRef, value: PartialDate | None) -> None:
        if value is not None:
            self.triples.add((s, p, value))

    def valid(self, s: URIRef, span: Window) -> None:
        """The first and last day the fact may hold (kg.builder.lifetimes: as-of queries)."""
        for prop, day in ((SLS.validFrom, span[0]), (SLS.validUntil, span[1])):
            if day is not None:
                self.triples.add((s, prop, Literal(day.isoformat(), datatype=XSD.date)))

    def cite(self, s: URIRef, record: Record, prop: URIRef | None = None) -> None:
        """`s` prov:wasDerivedFrom each source of `record`; activities pass ACTIVITY_SOURCE."""
        for source_id in record["sources"]:
            self.triples.add((s, prop or PROV.wasDerivedFrom, self.source(source_id)))
        self.add(s, RDFS.comment, record["note"])

    def types(self, s: URIRef, cls: URIRef) -> None:
        for c in (cls, *self.vocab.ancestors.get(cls, ())):
            self.triples.add((s, RDF.type, c))

    def interval(self, s: URIRef, link: URIRef, record: Record) -> None:
        """Dates as schema:startDate/endDate and as an OWL-Time interval."""
        start, end = record["start"], record["end"]
        self.date(s, SCHEMA.startDate, start)
        self.date(s, SCHEMA.endDate, end)
        if start is None and end is None:
            return
        interval = IRI(f"{s}/interval")
        self.triples.add((s, link, interval))
        self.triples.add((interval, RDF.type, TIME.Interval))
        for name, prop, value in (
            ("beginning", TIME.hasBeginning, start),
            ("end", TIME.hasEnd, end),
        ):
            if value is not None:
                instant = IRI(f"{interval}/{name}")
                self.triples.add((interval, prop, instant))
                self.triples.add((instant, RDF.type, TIME.Instant))
                in_xsd = {
                    XSD.date: TIME.inXSDDate,
                    XSD.gYear: TIME.inXSDgYear,
                    XSD.gYearMonth: TIME.inXSDgYearMonth,
                }[value.datatype]
                self.triples.add((instant, in_xsd, value))

    def label(self, s: URIRef, text: str) -> None:
        self.triples.add((s, RDFS.label, text))

    # -- tables -----------------------------------------------------------------------
    def sources(self, r: Record) -> None:
        s = self.source(r["id"])
        self.types(s, SLS.Source)
        self.label(s, r["title"])
        self.add(s, DCTERMS.title, r["title"])
        self.add(s, SCHEMA.url, URIRef(r["url"]))
        self.add(s, DCTERMS.publisher, r["publisher"])
        self.date(s, DCTERMS.issued, r["published"])
        self.date(s, SLS.retrieved, r["retrieved"])
        self.add(s, DCTERMS.license, r["licence"])
        self.add(s, RDFS.comment, r["note"])

    def places(self, r: Record) -> None:
        s = self.entity(r["id"])
        self.types(s, self.vocab.iri("place-kind", r["kind"]))
        self.label(s, r["name"])
        self.add(s, SCHEMA.name, r["name"])
        if r["part_of"]:
            self.add(s, SCHEMA.containedInPlace, self.entity(r["part_of"]))
        # decimal degrees as GeoNames gives them (the site's map reads them back)
        for column, term in (("latitude", SCHEMA.latitude), ("longitude", SCHEMA.longitude)):
            if r[column] is not None:
                self.add(s, term, decimal_literal(r[column]))
        self.cite(s, r)

    def organisations(self, r: Record) -> None:
        s = self.entity(r["id"])
        self.types(s, self.vocab.iri("org-kind", r["kind"]))
        self.label(s, r["name"])
        self.add(s, SKOS.prefLabel, r["name"])
        for alt in r["alt_names"]:
            self.add(s, SKOS.altLabel, alt)
        if r["place"]:
            self.add(s, SCHEMA.location, self.entity(r["place"]))
        for place in r["other_places"]:
            self.add(s, SLS.site, self.entity(place))
        if r["street_address"] or r["postal_code"]:
            address = IRI(f"{s}/address")
            self.add(s, SCHEMA.address, address)
            self.add(address, RDF.type, SCHEMA.PostalAddress)
            self.add(address, SCHEMA.streetAddress, r["street_address"])
            self.add(address, SCHEMA.postalCode, r["postal_code"])
        self.date(s, SCHEMA.foundingDate, r["founded"])
        self.valid(s, self.lifetimes.life(r["id"]))
        if r["website"]:
            self.add(s, FOAF.homepage, URIRef(r["website"]))
        for sector in r["sectors"]:
            self.add(s, SLS.sector, self.vocab.iri("sector", sector))
        self.cite(s, r)

    def people(self, r: Record) -> None:
        s = self.entity(r["id"])
        self.types(s, FOAF.Person)
        name = " ".join(p for p in (r["given_name"], r["family_name"]) if p)
        self.label(s, name)
        self.add(s, FOAF.name, name)
        self.add(s, FOAF.givenName, r["given_name"])
        self.add(s, FOAF.familyName, r["family_name"])
        self.add(s, SCHEMA.honorificPrefix, r["honorific_prefix"])
        self.cite(s, r)

    def memberships(self, r: Record) -> None:
        parts = ["membership", r["member"], r["role"], r["organisation"]]
        s = self.node(*parts, *([r["start"].text] if r["start"] else []))
        self.types(s, ORG.Membership)
        self.add(s, ORG.member, self.entity(r["member"]))
        self.add(s, ORG.organization, self.entity(r["organisation"]))
        self.add(s, ORG.role, self.vocab.iri("role", r["role"]))
        if r["on_behalf_of"]:
            self.add(s, SLS.onBehalfOf, self.entity(r["on_behalf_of"]))
        self.interval(s, ORG.memberDuring, r)
        sides = (r["member"], r["organisation"], r["on_behalf_of"])
        self.valid(s, self.lifetimes.tie(r["start"], r["end"], *sides))
        self.cite(s, r)

    def events(self, r: Record) -> None:
        s = self.entity(r["id"])
        self.types(s, SCHEMA.Event)
        self.types(s, PROV.Activity)
        self.label(s, r["name"])
        self.add(s, SCHEMA.name, r["name"])
        self.add(s, SLS.eventKind, self.vocab.iri("event-kind", r["kind"]))
        self.date(s, SCHEMA.startDate, r["start"])
        self.date(s, SCHEMA.endDate, r["end"])
        if r["place"]:
            self.add(s, SCHEMA.location, self.entity(r["place"]))
        if r["about"]:
            self.add(s, SCHEMA.about, self.entity(r["about"]))
        self.valid(s, self.lifetimes.events[r["id"]])
        self.cite(s, r, ACTIVITY_SOURCE)

    def participations(self, r: Record) -> None:
        s = self.node("participation", r["event"], r["participant"], r["role"])
        self.types(s, SLS.Participation)
        event, agent = self.entity(r["event"]), self.entity(r["participant"])
        self.add(s, SLS.event, event)
        self.add(s, SLS.participant, agent)
        self.add(s, ORG.role, self.vocab.iri("role", r["role"]))
        if r["on_behalf_of"]:
            self.add(s, SLS.onBehalfOf, self.entity(r["on_behalf_of"]))
        self.add(event, PROV.wasAssociatedWith, agent)
        sides = (r["participant"], r["on_behalf_of"])
        self.valid(s, self.lifetimes.participation(r["event"], *sides))
        self.cite(s, r)

    def relations(self, r: Record) -> None:
        subject, obj = self.entity(r["subject"]), self.entity(r["object"])
        if r["relation"] == "renamed-to":
            s = self.node("change", r["subject"], "renamed-to", r["object"])
            self.types(s, ORG.ChangeEvent)
            self.add(s, ORG.originalOrganization, subject)
            self.add(s, ORG.resultingOrganization, obj)
            self.add(subject, ORG.changedBy, s)
            self.add(obj, ORG.resultedFrom, s)
            self.date(s, SCHEMA.startDate, r["start"])
            self.valid(s, self.lifetimes.tie(r["start"], None, r["subject"], r["object"]))
            self.cite(s, r, ACTIVITY_SOURCE)
            return
        s = self.node("relation", r["subject"], r["relation"], r["object"])
        self.types(s, SLS.OrganisationRelation)
        self.add(s, SLS.subject, subject)
        self.add(s, SLS.object, obj)
        self.add(s, SLS.relationType, self.vocab.iri("relation", r["relation"]))
        if r["share"] is not None:
            self.add(s, SLS.share, decimal_literal(r["share"]))
        self.interval(s, SLS.during, r)
        self.valid(s, self.lifetimes.tie(r["start"], r["end"], r["subject"], r["object"]))
        if r["relation"] in SUB_ORGANISATION_RELATIONS:
            self.add(subject, ORG.subOrganizationOf, obj)
            self.add(obj, ORG.hasSubOrganization, subject)
        self.cite(s, r)

    def identifiers(self, r: Record) -> None:
        scheme, value = r["scheme"], r["value"]
        s = self.node("identifier", scheme, value)
        entity = self.entity(r["entity"])
        self.types(s, SCHEMA.PropertyValue)
        self.add(s, SCHEMA.propertyID, scheme)
        self.add(s, SCHEMA.value, value)
        self.add(s, SLS.identifierScheme, self.vocab.iri("identifier-scheme", scheme))
        self.add(entity, SCHEMA.identifier, s)
        if template := self.vocab.iri_templates.get(scheme):
            self.add(entity, EXTERNAL_MATCH, URIRef(template.replace("{}", value)))
        self.cite(s, r)

    def observations(self, r: Record) -> None:
        date = r["date"]
        s = self.node("observation", r["organisation"], r["measure"], date.text, str(r["value"]))
        self.types(s, SLS.Observation)
        self.add(s, SCHEMA.observationAbout, self.entity(r["organisation"]))
        self.add(s, SLS.measure, self.vocab.iri("measure", r["measure"]))
        self.add(s, SCHEMA.value, Literal(r["value"], datatype=XSD.integer))
        self.add(s, SLS.approximate, Literal(bool(r["approximate"])))
        self.date(s, SCHEMA.observationDate, date)
        self.cite(s, r)

    def awards(self, r: Record) -> None:
        parts = ["award", r["organisation"], slug(r["award"])]
        s = self.node(*parts, *([slug(r["level"])] if r["level"] else []))
        self.types(s, SLS.Award)
        self.label(s, " ".join(p for p in (r["award"], r["level"] and f"({r['level']})") if p))
        self.add(s, SLS.recipient, self.entity(r["organisation"]))
        self.add(s, SCHEMA.name, r["award"])
        self.add(s, SLS.level, r["level"])
        self.date(s, SLS.since, r["since"])
        self.cite(s, r)

    def aims(self, r: Record) -> None:
        s = self.node("aim", r["organisation"], slug(r["aim"]))
        self.types(s, SLS.Aim)
        self.add(s, SLS.aimOf, self.entity(r["organisation"]))
        self.add(s, SCHEMA.description, r["aim"])
        self.cite(s, r)

    def claims(self, r: Record) -> None:
        """One value that sources state where they disagree, cited like any fact."""
        s = self.node("claim", r["subject"], r["claim"], r["value"])
        self.types(s, SLS.Claim)
        self.add(s, SLS.claimAbout, self.entity(r["subject"]))
        self.add(s, SLS.claimKind, self.vocab.iri("claim", r["claim"]))
        self.add(s, SLS.claimedValue, r["value"])
        self.cite(s, r)


def map_dataset(dataset: Dataset, vocab: Vocabulary, base: str) -> Triples:
    """The data graph of a checked dataset (ontology not included)."""
    mapper = Mapper(dataset, vocab, base)
    for table, records in dataset.tables.items():
        method: Callable[[Record], None] = getattr(mapper, table)
        for record in records:
            method(record)
    return mapper.triples
