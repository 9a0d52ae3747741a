"""Map checked records to RDF: ontology terms, stable IRIs and provenance on every fact."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from .config import ORG, PROV, SCHEMA, SLS, TIME
from .load import Dataset, Record
from .values import PartialDate, decimal_literal
from .vocab import Vocabulary

SEGMENTS = {"organisations": "org", "people": "person", "places": "place", "events": "event"}
# Relation types that are also legal parent/child links in W3C ORG.
SUB_ORGANISATION_RELATIONS = {"subsidiary-of", "part-of-group", "unit-of"}


def slug(text: str) -> str:
    """A readable IRI segment from free text: 'Cluster Management Excellence' → 'cluster-…'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


class Mapper:
    """Turns a Dataset into triples in `self.graph`; one method per table."""

    def __init__(self, dataset: Dataset, vocab: Vocabulary, base: str):
        self.dataset, self.vocab, self.base = dataset, vocab, base
        self.graph = Graph()
        self.index = dataset.entity_index()

    # -- IRIs -------------------------------------------------------------------------
    def node(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(p, safe="-._~") for p in parts))

    def entity(self, entity_id: str) -> URIRef:
        return self.node(SEGMENTS[self.index[entity_id]], entity_id)

    def source(self, source_id: str) -> URIRef:
        return self.node("source", source_id)

    # -- helpers ----------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o: object | None) -> None:
        if o is None or o == ():
            return
        term = o if isinstance(o, URIRef | Literal) else Literal(o)
        self.graph.add((s, p, term))

    def date(self, s: URIRef, p: URIRef, value: PartialDate | None) -> None:
        if value is not None:
            self.graph.add((s, p, value.literal()))

    def cite(self, s: URIRef, record: Record) -> None:
        for source_id in record["sources"]:
            self.graph.add((s, PROV.wasDerivedFrom, self.source(source_id)))
        self.add(s, RDFS.comment, record["note"])

    def types(self, s: URIRef, cls: URIRef) -> None:
        for c in (cls, *self.vocab.ancestors.get(cls, ())):
            self.graph.add((s, RDF.type, c))

    def interval(self, s: URIRef, link: URIRef, record: Record) -> None:
        """Dates as schema:startDate/endDate and as an OWL-Time interval."""
        start, end = record["start"], record["end"]
        self.date(s, SCHEMA.startDate, start)
        self.date(s, SCHEMA.endDate, end)
        if start is None and end is None:
            return
        interval = URIRef(f"{s}/interval")
        self.graph.add((s, link, interval))
        self.graph.add((interval, RDF.type, TIME.Interval))
        for name, prop, value in (
            ("beginning", TIME.hasBeginning, start),
            ("end", TIME.hasEnd, end),
        ):
            if value is not None:
                instant = URIRef(f"{interval}/{name}")
                self.graph.add((interval, prop, instant))
                self.graph.add((instant, RDF.type, TIME.Instant))
                in_xsd = {
                    XSD.date: TIME.inXSDDate,
                    XSD.gYear: TIME.inXSDgYear,
                    XSD.gYearMonth: TIME.inXSDgYearMonth,
                }[value.datatype]
                self.graph.add((instant, in_xsd, value.literal()))

    def label(self, s: URIRef, text: str) -> None:
        self.graph.add((s, RDFS.label, Literal(text)))

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
            address = URIRef(f"{s}/address")
            self.add(s, SCHEMA.address, address)
            self.add(address, RDF.type, SCHEMA.PostalAddress)
            self.add(address, SCHEMA.streetAddress, r["street_address"])
            self.add(address, SCHEMA.postalCode, r["postal_code"])
        self.date(s, SCHEMA.foundingDate, r["founded"])
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
        self.cite(s, r)

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
            self.cite(s, r)
            return
        s = self.node("relation", r["subject"], r["relation"], r["object"])
        self.types(s, SLS.OrganisationRelation)
        self.add(s, SLS.subject, subject)
        self.add(s, SLS.object, obj)
        self.add(s, SLS.relationType, self.vocab.iri("relation", r["relation"]))
        if r["share"] is not None:
            self.add(s, SLS.share, decimal_literal(r["share"]))
        self.interval(s, SLS.during, r)
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
            self.add(entity, OWL.sameAs, URIRef(template.replace("{}", value)))
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


def map_dataset(dataset: Dataset, vocab: Vocabulary, base: str) -> Graph:
    """The data graph of a checked dataset (ontology not included)."""
    mapper = Mapper(dataset, vocab, base)
    for table, records in dataset.tables.items():
        method: Callable[[Record], None] = getattr(mapper, table)
        for record in records:
            method(record)
    return mapper.graph
