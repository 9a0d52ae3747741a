"""What the site shows, read from the graph with SPARQL (never from the curated tables)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph

from kg.networks.views import Facts, load_facts
from kg.rdf.stores import PREFIXES, select

__all__ = [
    "COUNTS", "ENTITIES", "GERMAN", "IDENTIFIERS", "ID_LINKS", "NAMES", "OBSERVATIONS", "PLACES",
    "SITES", "SOURCES",
    "SiteData", "load_site_data",
]

ENTITIES = (
    PREFIXES
    + """
SELECT ?e ?label ?honorific ?place ?placeLabel ?founded ?homepage ?note WHERE {
  { ?e a org:Organization } UNION { ?e a foaf:Person } UNION { ?e a schema:Event }
  ?e rdfs:label ?label .
  OPTIONAL { ?e schema:honorificPrefix ?honorific }
  OPTIONAL { ?e schema:location ?place . ?place schema:name ?placeLabel }
  OPTIONAL { ?e schema:foundingDate ?founded }
  OPTIONAL { ?e schema:startDate ?founded }
  OPTIONAL { ?e foaf:homepage ?homepage }
  OPTIONAL { ?e rdfs:comment ?note }
}
ORDER BY ?e
"""
)
NAMES = (
    PREFIXES
    + """
SELECT ?e ?name WHERE { ?e skos:altLabel ?name } ORDER BY ?e ?name
"""
)
SITES = (
    PREFIXES
    + """
SELECT ?e ?placeLabel WHERE { ?e sls:site/schema:name ?placeLabel } ORDER BY ?e ?placeLabel
"""
)
PLACES = (
    PREFIXES
    + """
SELECT ?p ?name ?within WHERE {
  ?p a schema:Place ; schema:name ?name .
  OPTIONAL { ?p schema:containedInPlace/schema:name ?within }
}
ORDER BY ?p ?name ?within
"""
)
GERMAN = (
    PREFIXES
    + """
SELECT ?en ?de WHERE {
  VALUES ?p { rdfs:label skos:prefLabel }
  ?term ?p ?en , ?de .
  FILTER(lang(?en) = "en" && lang(?de) = "de")
}
ORDER BY ?en ?de
"""
)
IDENTIFIERS = (
    PREFIXES
    + """
SELECT ?e ?id ?scheme ?value WHERE {
  ?e schema:identifier ?id . ?id schema:propertyID ?scheme ; schema:value ?value .
}
ORDER BY ?e ?scheme ?value
"""
)
SOURCES = (
    PREFIXES
    + """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?url ?title ?publisher ?issued WHERE {
  ?s a sls:Source ; schema:url ?url ; dcterms:title ?title ; dcterms:publisher ?publisher .
  OPTIONAL { ?s dcterms:issued ?issued }
}
ORDER BY ?url
"""
)
OBSERVATIONS = (
    PREFIXES
    + """
SELECT ?fact ?e ?measure ?value ?date ?approximate WHERE {
  ?fact a sls:Observation ; schema:observationAbout ?e ; sls:measure/skos:prefLabel ?measure ;
        schema:value ?value ; schema:observationDate ?date ; sls:approximate ?approximate .
  FILTER(lang(?measure) = "en")
}
ORDER BY ?e ?date ?value
"""
)
COUNTS = (
    PREFIXES
    + """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES (?what ?class) {
    ("Organisations" org:Organization) ("Clusters and networks" org:OrganizationalCollaboration)
    ("People" foaf:Person) ("Roles and memberships" org:Membership)
    ("Events" schema:Event) ("Participations in events" sls:Participation)
    ("Ownership, group and unit ties" sls:OrganisationRelation) ("Places" schema:Place)
    ("External identifiers" schema:PropertyValue) ("Sources" sls:Source)
  }
  ?x a ?class .
}
GROUP BY ?what
ORDER BY DESC(?n) ?what
"""
)

ID_LINKS = {
    "ror": "https://ror.org/{}",
    "wikidata": "https://www.wikidata.org/wiki/{}",
    "geonames": "https://www.geonames.org/{}",
    "isni": "https://isni.org/isni/{}",
    "orcid": "https://orcid.org/{}",
    "gnd": "https://d-nb.info/gnd/{}",
}


@dataclass
class SiteData:
    facts: Facts
    entities: dict[str, dict[str, str]]
    names: dict[str, list[str]] = field(default_factory=dict)
    sites: dict[str, list[str]] = field(default_factory=dict)
    identifiers: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    observations: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    counts: list[tuple[str, int]] = field(default_factory=list)
    places: dict[str, dict[str, str]] = field(default_factory=dict)
    german: dict[str, str] = field(default_factory=dict)
    """English label of an ontology term (class, concept) → its German label."""
    """Place IRI → name and (where known) the name of the place it lies `within`."""

    def label(self, iri: str) -> str:
        return self.entities.get(iri, {}).get("label", iri.rsplit("/", 1)[-1])

    def cited(self, fact: str) -> list[dict[str, str]]:
        """The sources of a fact node: url, title, publisher, issued."""
        return [self.source(url) for url in self.facts.sources.get(fact, [])]

    def source(self, url: str) -> dict[str, str]:
        return self.sources.get(url, {"url": url, "title": url})


def _grouped(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return dict(grouped)


def _german(store: pyoxigraph.Store) -> dict[str, str]:
    german: dict[str, str] = {}
    for row in select(store, GERMAN):
        german.setdefault(row["en"], row["de"])
    return german


def load_site_data(store: pyoxigraph.Store) -> SiteData:
    entities: dict[str, dict[str, str]] = {}
    for row in select(store, ENTITIES):
        entities.setdefault(row["e"], row)
    places: dict[str, dict[str, str]] = {}
    for row in select(store, PLACES):
        places.setdefault(row["p"], row)
    return SiteData(
        facts=load_facts(store),
        entities=entities,
        names={
            e: [r["name"] for r in rows] for e, rows in _grouped(select(store, NAMES), "e").items()
        },
        sites={
            e: [r["placeLabel"] for r in rows]
            for e, rows in _grouped(select(store, SITES), "e").items()
        },
        identifiers=_grouped(select(store, IDENTIFIERS), "e"),
        sources={r["url"]: r for r in select(store, SOURCES)},
        observations=_grouped(select(store, OBSERVATIONS), "e"),
        counts=[(r["what"], int(r["n"])) for r in select(store, COUNTS)],
        places=places,
        german=_german(store),
    )
