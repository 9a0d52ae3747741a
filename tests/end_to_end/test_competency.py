"""Competency questions the built graph must answer with SPARQL (expected answers from sources)."""

from __future__ import annotations

import pytest

from kg.rdf.stores import open_store

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sls: <https://w3id.org/saxony-lifescience/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kgo: <https://w3id.org/saxony-lifescience/id/org/>
PREFIX kgp: <https://w3id.org/saxony-lifescience/id/person/>
PREFIX kge: <https://w3id.org/saxony-lifescience/id/event/>
PREFIX role: <https://w3id.org/saxony-lifescience/vocab/role/>
"""

# The founders' photo caption of the seed page, without the Minister-President (a guest).
FOUNDERS = {
    ("Andreas Kluge", "ABX-CRO advanced pharmaceutical services Forschungsgesellschaft mbH"),
    ("Jakub Simecek", "TRIMT GmbH"),
    ("Felix Husmann", "Isotope Technologies Dresden GmbH"),
    ("Björn Wolf", "Helmholtz-Zentrum Dresden-Rossendorf e.V."),
    ("André Hofmann", "biosaxony Management GmbH"),
    ("Gunnar Mann", "Gamma-Service Recycling GmbH"),
    ("Marco Müller", "ABX advanced biochemical compounds GmbH"),
    ("Dirk Freitag-Stechl", "CUP Laboratorien Dr. Freitag GmbH"),
    ("Jens Junker", "ROTOP Pharmaka GmbH"),
    ("Wilhelm Zörgiebel", "MDG Molecular Diagnostics Group GmbH"),
    ("Klaus Kopka", "Helmholtz-Zentrum Dresden-Rossendorf e.V."),
}


@pytest.fixture(scope="module")
def ask(built):
    store = open_store(built)

    def run(query: str) -> list[dict[str, str]]:
        results = store.query(PREFIXES + query)
        names = [v.value for v in results.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in results]

    return run


def test_who_founded_nuklid_and_where_they_work(ask):
    rows = ask("""
        SELECT ?name ?orgName WHERE {
          ?m a org:Membership ; org:organization kgo:nuklid ; org:role role:founder ;
             org:member ?p ; sls:onBehalfOf ?o .
          ?p foaf:name ?name . ?o skos:prefLabel ?orgName .
        }""")
    assert {(r["name"], r["orgName"]) for r in rows} == FOUNDERS
    assert len(rows) == 11


def test_the_minister_president_is_a_guest_not_a_founder(ask):
    rows = ask("""
        SELECT ?role WHERE {
          { ?x org:member kgp:michael-kretschmer ; org:organization kgo:nuklid ;
               org:role ?role }
          UNION
          { ?x sls:participant kgp:michael-kretschmer ;
               sls:event kge:nuklid-mou-signing ; org:role ?role }
        }""")
    roles = {r["role"].rsplit("/", 1)[-1] for r in rows}
    assert roles == {"guest", "speaker"}


def test_founders_also_hold_a_role_in_their_organisation(ask):
    rows = ask("""
        SELECT ?name ?roleLabel WHERE {
          ?f org:organization kgo:nuklid ; org:role role:founder ; org:member ?p ;
             sls:onBehalfOf ?o .
          ?m org:member ?p ; org:organization ?o ; org:role ?r .
          ?r skos:prefLabel ?roleLabel . FILTER(lang(?roleLabel) = "en")
          ?p foaf:name ?name .
        }""")
    roles = {(r["name"], r["roleLabel"]) for r in rows}
    assert ("Marco Müller", "Managing director") in roles
    assert ("André Hofmann", "Chief executive officer (CEO)") in roles or any(
        name == "André Hofmann" and "CEO" in label for name, label in roles
    )


def test_founding_member_organisations(ask):
    rows = ask("""
        SELECT ?name WHERE {
          ?m org:organization kgo:nuklid ; org:role role:founding-member ; org:member ?o .
          ?o skos:prefLabel ?name .
        }""")
    names = {r["name"] for r in rows}
    assert {
        "ABX advanced biochemical compounds GmbH",
        "Gamma-Service Recycling GmbH",
        "Helmholtz-Zentrum Dresden-Rossendorf e.V.",
        "ROTOP Pharmaka GmbH",
        "TRIMT GmbH",
        "MDG Molecular Diagnostics Group GmbH",
        "Isotope Technologies Dresden GmbH",
        "CUP Laboratorien Dr. Freitag GmbH",
        "ABX-CRO advanced pharmaceutical services Forschungsgesellschaft mbH",
    } == names


def test_when_and_where_the_mou_was_signed(ask):
    rows = ask("""
        SELECT ?date ?place WHERE {
          ?e a schema:Event ; schema:about kgo:nuklid ; sls:eventKind ?k ;
             schema:startDate ?date ; schema:location/schema:name ?place .
          FILTER(STRENDS(STR(?k), "/signing"))
        }""")
    assert rows == [{"date": "2025-01-16", "place": "Radeberg"}]


def test_who_spoke_in_which_office(ask):
    rows = ask("""
        SELECT ?name ?office ?orgName WHERE {
          ?part sls:event kge:nuklid-mou-signing ; org:role role:speaker ;
                sls:participant ?p ; sls:onBehalfOf ?o .
          ?p foaf:name ?name . ?o skos:prefLabel ?orgName .
          OPTIONAL { ?m org:member ?p ; org:organization ?o ; org:role/skos:prefLabel ?office .
                     FILTER(lang(?office) = "en") }
        }""")
    spoken = {(r["name"], r.get("office"), r["orgName"]) for r in rows}
    assert ("Frank Höhme", "Lord mayor", "Stadt Radeberg") in {
        (n, o and o.capitalize(), g) for n, o, g in spoken
    }
    names = {name for name, _, _ in spoken}
    assert names == {"Michael Kretschmer", "Frank Höhme", "Jan Pratzka", "Björn Wolf"}
    offices = {name: office for name, office, _ in spoken}
    assert "Minister" in offices["Michael Kretschmer"]
    assert "conomic" in offices["Jan Pratzka"]


def test_leap_up_former_name_and_owner(ask):
    former = ask("""
        SELECT ?old WHERE {
          ?c a org:ChangeEvent ; org:resultingOrganization ?new ; org:originalOrganization ?o .
          ?new skos:prefLabel "leap:up GmbH" . ?o skos:prefLabel ?old .
        }""")
    assert former == [{"old": "biosaxony Management GmbH"}]
    owners = ask("""
        SELECT ?owner ?share WHERE {
          ?r sls:subject ?s ; sls:object ?o ; sls:share ?share .
          ?s skos:prefLabel "leap:up GmbH" . ?o skos:prefLabel ?owner .
        }""")
    assert [(r["owner"], float(r["share"])) for r in owners] == [("biosaxony e.V.", 100.0)]


def test_every_answer_is_traceable_to_a_source(ask):
    rows = ask("""
        SELECT DISTINCT ?url WHERE {
          ?m org:organization kgo:nuklid ; org:role role:founder ;
             prov:wasDerivedFrom/schema:url ?url .
        }""")
    assert rows and all(r["url"].startswith("https://") for r in rows)
