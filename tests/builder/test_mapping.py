"""kg.builder.mapping: each Mapper method on a one-row table, compared line by line with the
N-Triples it must write (IRIs, datatypes, provenance, validity dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef

from kg.builder.mapping import (
    ACTIVITY_SOURCE,
    EXTERNAL_MATCH,
    IRI,
    PROV,
    RDFS,
    SCHEMA,
    SLS,
    Mapper,
    map_dataset,
    slug,
)
from kg.config import DEFAULT_BASE_IRI
from kg.curate.tables import TABLES

from .conftest import nt

ORGS = (
    "id,name,kind,alt_names,place,other_places,street_address,postal_code,founded,website,"
    "sectors,sources,note\n"
)
A = "a,A e.V.,association,,,,,,,,,s1,\n"
B_2016 = "b,B e.V.,association,,,,,,2016-03,,,s1,\n"
PEOPLE = "id,given_name,family_name,honorific_prefix,sources,note\n"
P = "p,Anna,Xu,,s1,\n"
EVENTS = "id,name,kind,start,end,place,about,sources,note\n"
PLACES = "id,name,kind,part_of,sources,note\n"

SOURCE = "id:source/s1"
DERIVED = "prov:wasDerivedFrom"
XSD_DATE = "^^<http://www.w3.org/2001/XMLSchema#date>"


@pytest.fixture
def lines_of(vocab):
    """lines_of(dataset, table, row=0): the lines the method for `table` writes for one row."""

    def lines(dataset, table: str, row: int = 0) -> set[str]:
        mapper = Mapper(dataset, vocab, DEFAULT_BASE_IRI)
        getattr(mapper, table)(dataset.rows(table)[row])
        return mapper.triples.lines

    return lines


def date(day: str) -> str:
    return f'"{day}"{XSD_DATE}'


# -- one method per table ---------------------------------------------------------------------


def test_sources(dataset, lines_of):
    assert lines_of(dataset(), "sources") == nt(
        (SOURCE, "a", "sls:Source"),
        (SOURCE, "a", "prov:Entity"),
        (SOURCE, "a", "schema:CreativeWork"),
        (SOURCE, "rdfs:label", '"A page"'),
        (SOURCE, "dcterms:title", '"A page"'),
        (SOURCE, "schema:url", "<https://example.org/a>"),
        (SOURCE, "dcterms:publisher", '"Example"'),
    )


def test_sources_with_every_column(dataset, lines_of):
    data = dataset(
        sources="id,title,url,publisher,published,retrieved,licence,note\n"
        "s1,A page,https://example.org/a,Example,2025-01,2025-02-03,CC BY 4.0,undated copy\n"
    )
    assert lines_of(data, "sources") >= nt(
        (SOURCE, "dcterms:issued", '"2025-01"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'),
        (SOURCE, "sls:retrieved", date("2025-02-03")),
        (SOURCE, "dcterms:license", '"CC BY 4.0"'),
        (SOURCE, "rdfs:comment", '"undated copy"'),
    )
    assert len(lines_of(data, "sources")) == 11


def test_places(dataset, lines_of):
    data = dataset(
        places=PLACES
        + "dresden,Dresden,city,,s1,\npillnitz,Pillnitz,district,dresden,s1|s2,Part of Dresden\n"
    )
    s = "id:place/pillnitz"
    assert lines_of(data, "places", 1) == nt(
        (s, "a", "sls:District"),
        (s, "a", "schema:Place"),
        (s, "rdfs:label", '"Pillnitz"'),
        (s, "schema:name", '"Pillnitz"'),
        (s, "schema:containedInPlace", "id:place/dresden"),
        (s, DERIVED, "id:source/s1"),
        (s, DERIVED, "id:source/s2"),
        (s, "rdfs:comment", '"Part of Dresden"'),
    )


def test_places_as_exact_bytes(dataset, vocab):
    data = dataset(places=PLACES + "dresden,Dresden,district,,s1,\n")
    mapper = Mapper(data, vocab, DEFAULT_BASE_IRI)
    mapper.places(data.rows("places")[0])
    base = "https://w3id.org/saxony-lifescience/id/"
    s = f"<{base}place/dresden>"
    assert mapper.triples.sorted_text() == (
        f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Place> .\n"
        f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/saxony-lifescience/ontology#District> .\n"
        f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "Dresden" .\n'
        f"{s} <http://www.w3.org/ns/prov#wasDerivedFrom> <{base}source/s1> .\n"
        f'{s} <https://schema.org/name> "Dresden" .\n'
    )


def test_organisations(dataset, lines_of):
    data = dataset(
        places=PLACES + "dresden,Dresden,district,,s1,\npirna,Pirna,district,,s1,\n",
        organisations=ORGS + "a,A e.V.,association,A|A-Verein,dresden,pirna,Weg 1,01099,2014-05,"
        "https://a.example,biotechnology|diagnostics,s1,a note\n",
    )
    s = "id:org/a"
    assert lines_of(data, "organisations") == nt(
        (s, "a", "sls:Association"),
        (s, "a", "org:FormalOrganization"),
        (s, "a", "org:Organization"),
        (s, "rdfs:label", '"A e.V."'),
        (s, "skos:prefLabel", '"A e.V."'),
        (s, "skos:altLabel", '"A"'),
        (s, "skos:altLabel", '"A-Verein"'),
        (s, "schema:location", "id:place/dresden"),
        (s, "sls:site", "id:place/pirna"),
        (s, "schema:address", "id:org/a/address"),
        ("id:org/a/address", "a", "schema:PostalAddress"),
        ("id:org/a/address", "schema:streetAddress", '"Weg 1"'),
        ("id:org/a/address", "schema:postalCode", '"01099"'),
        (s, "schema:foundingDate", '"2014-05"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'),
        # the organisation exists from the first day its founding date can mean
        (s, "sls:validFrom", date("2014-05-01")),
        (s, "foaf:homepage", "<https://a.example>"),
        (s, "sls:sector", "sector:biotechnology"),
        (s, "sls:sector", "sector:diagnostics"),
        (s, DERIVED, SOURCE),
        (s, "rdfs:comment", '"a note"'),
    )


def test_organisations_with_only_the_required_columns(dataset, lines_of):
    data = dataset(organisations=ORGS + A)
    s = "id:org/a"
    assert lines_of(data, "organisations") == nt(
        (s, "a", "sls:Association"),
        (s, "a", "org:FormalOrganization"),
        (s, "a", "org:Organization"),
        (s, "rdfs:label", '"A e.V."'),
        (s, "skos:prefLabel", '"A e.V."'),
        (s, DERIVED, SOURCE),
    )


def test_an_address_of_a_postal_code_alone(dataset, lines_of):
    data = dataset(organisations=ORGS + "a,A e.V.,association,,,,,01099,,,,s1,\n")
    address = {line for line in lines_of(data, "organisations") if "address" in line}
    assert address == nt(
        ("id:org/a", "schema:address", "id:org/a/address"),
        ("id:org/a/address", "a", "schema:PostalAddress"),
        ("id:org/a/address", "schema:postalCode", '"01099"'),
    )


def test_people(dataset, lines_of):
    data = dataset(people=PEOPLE + "p,Anna,Xu,Prof. Dr.,s1,\n")
    s = "id:person/p"
    assert lines_of(data, "people") == nt(
        (s, "a", "foaf:Person"),
        (s, "rdfs:label", '"Anna Xu"'),
        (s, "foaf:name", '"Anna Xu"'),
        (s, "foaf:givenName", '"Anna"'),
        (s, "foaf:familyName", '"Xu"'),
        (s, "schema:honorificPrefix", '"Prof. Dr."'),
        (s, DERIVED, SOURCE),
    )


def test_people_without_a_given_name(dataset, lines_of):
    data = dataset(people=PEOPLE + "p,,Xu,,s1,\n")
    s = "id:person/p"
    assert lines_of(data, "people") == nt(
        (s, "a", "foaf:Person"),
        (s, "rdfs:label", '"Xu"'),
        (s, "foaf:name", '"Xu"'),
        (s, "foaf:familyName", '"Xu"'),
        (s, DERIVED, SOURCE),
    )


MEMBERSHIPS = "member,organisation,role,start,end,on_behalf_of,sources,note\n"


def test_memberships(dataset, lines_of):
    data = dataset(
        organisations=ORGS + A + B_2016 + "c,C e.V.,association,,,,,,2014-05,,,s1,\n",
        people=PEOPLE + P,
        memberships=MEMBERSHIPS + "p,c,board-member,2015,2021-02,b,s1,as chair\n",
    )
    s = "id:membership/p/board-member/c/2015"
    interval = f"{s}/interval"
    assert lines_of(data, "memberships") == nt(
        (s, "a", "org:Membership"),
        (s, "org:member", "id:person/p"),
        (s, "org:organization", "id:org/c"),
        (s, "org:role", "role:board-member"),
        (s, "sls:onBehalfOf", "id:org/b"),
        (s, "schema:startDate", '"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
        (s, "schema:endDate", '"2021-02"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'),
        (s, "org:memberDuring", interval),
        (interval, "a", "time:Interval"),
        (interval, "time:hasBeginning", f"{interval}/beginning"),
        (f"{interval}/beginning", "a", "time:Instant"),
        (
            f"{interval}/beginning",
            "time:inXSDgYear",
            '"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>',
        ),
        (interval, "time:hasEnd", f"{interval}/end"),
        (f"{interval}/end", "a", "time:Instant"),
        (
            f"{interval}/end",
            "time:inXSDgYearMonth",
            '"2021-02"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>',
        ),
        # from 2015, but not before b (for whom p sits on the board) was founded in March 2016;
        # until the last day of February 2021
        (s, "sls:validFrom", date("2016-03-01")),
        (s, "sls:validUntil", date("2021-02-28")),
        (s, DERIVED, SOURCE),
        (s, "rdfs:comment", '"as chair"'),
    )


def test_memberships_without_dates(dataset, lines_of):
    data = dataset(
        organisations=ORGS + B_2016,
        people=PEOPLE + P,
        memberships=MEMBERSHIPS + "p,b,member,,,,s1,\n",
    )
    s = "id:membership/p/member/b"  # no start date: no fourth segment
    assert lines_of(data, "memberships") == nt(
        (s, "a", "org:Membership"),
        (s, "org:member", "id:person/p"),
        (s, "org:organization", "id:org/b"),
        (s, "org:role", "role:member"),
        (s, "sls:validFrom", date("2016-03-01")),  # no interval, but b's life still bounds it
        (s, DERIVED, SOURCE),
    )


def test_an_organisation_as_member(dataset, lines_of):
    data = dataset(
        organisations=ORGS + A + B_2016, memberships=MEMBERSHIPS + "a,b,member,2020-06-01,,,s1,\n"
    )
    s = "id:membership/a/member/b/2020-06-01"
    lines = lines_of(data, "memberships")
    assert nt((s, "org:member", "id:org/a"), (s, "sls:validFrom", date("2020-06-01"))) <= lines
    assert nt((f"{s}/interval/beginning", "time:inXSDDate", date("2020-06-01"))) <= lines
    assert not any("validUntil" in line or "/interval/end" in line for line in lines)


def test_events_cite_with_dcterms_source(dataset, lines_of):
    data = dataset(
        places=PLACES + "dresden,Dresden,district,,s1,\n",
        organisations=ORGS + A,
        events=EVENTS
        + "fair,A fair,trade-fair,2025-11-03,2025-11-05,dresden,a,s1|s2,joint stand\n",
    )
    s = "id:event/fair"
    assert lines_of(data, "events") == nt(
        (s, "a", "schema:Event"),
        (s, "a", "prov:Activity"),
        (s, "rdfs:label", '"A fair"'),
        (s, "schema:name", '"A fair"'),
        (s, "sls:eventKind", "vocab:event-kind/trade-fair"),
        (s, "schema:startDate", date("2025-11-03")),
        (s, "schema:endDate", date("2025-11-05")),
        (s, "schema:location", "id:place/dresden"),
        (s, "schema:about", "id:org/a"),
        (s, "sls:validFrom", date("2025-11-03")),
        (s, "sls:validUntil", date("2025-11-05")),
        # an activity is no prov:Entity, the domain of prov:wasDerivedFrom
        (s, "dcterms:source", "id:source/s1"),
        (s, "dcterms:source", "id:source/s2"),
        (s, "rdfs:comment", '"joint stand"'),
    )


def test_an_event_of_one_month_lasts_the_month(dataset, lines_of):
    data = dataset(events=EVENTS + "talk,A talk,meeting,2024-02,,,,s1,\n")
    lines = lines_of(data, "events")
    assert (
        nt(
            (
                "id:event/talk",
                "schema:startDate",
                '"2024-02"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>',
            ),
            ("id:event/talk", "sls:validFrom", date("2024-02-01")),
            ("id:event/talk", "sls:validUntil", date("2024-02-29")),
        )
        <= lines
    )
    assert not any("endDate" in line for line in lines)


def test_participations(dataset, lines_of):
    data = dataset(
        organisations=ORGS + A + B_2016,
        people=PEOPLE + P,
        events=EVENTS + "fair,A fair,trade-fair,2016-02-27,2016-03-02,,,s1,\n",
        participations="event,participant,role,on_behalf_of,sources,note\nfair,p,speaker,b,s2,\n",
    )
    s = "id:participation/fair/p/speaker"
    assert lines_of(data, "participations") == nt(
        (s, "a", "sls:Participation"),
        (s, "sls:event", "id:event/fair"),
        (s, "sls:participant", "id:person/p"),
        (s, "org:role", "role:speaker"),
        (s, "sls:onBehalfOf", "id:org/b"),
        ("id:event/fair", "prov:wasAssociatedWith", "id:person/p"),
        # the days of the fair on which b, founded in March 2016, existed
        (s, "sls:validFrom", date("2016-03-01")),
        (s, "sls:validUntil", date("2016-03-02")),
        (s, DERIVED, "id:source/s2"),
    )


RELATIONS = "subject,relation,object,share,start,end,sources,note\n"


def test_relations_owned_by_with_a_share(dataset, lines_of):
    data = dataset(
        organisations=ORGS + A + B_2016, relations=RELATIONS + "a,owned-by,b,74.90,,2020,s1,\n"
    )
    s = "id:relation/a/owned-by/b"
    assert lines_of(data, "relations") == nt(
        (s, "a", "sls:OrganisationRelation"),
        (s, "sls:subject", "id:org/a"),
        (s, "sls:object", "id:org/b"),
        (s, "sls:relationType", "vocab:relation-type/owned-by"),
        (s, "sls:share", '"74.9"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
        (s, "schema:endDate", '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
        (s, "sls:during", f"{s}/interval"),
        (f"{s}/interval", "a", "time:Interval"),
        (f"{s}/interval", "time:hasEnd", f"{s}/interval/end"),
        (f"{s}/interval/end", "a", "time:Instant"),
        (
            f"{s}/interval/end",
            "time:inXSDgYear",
            '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear>',
        ),
        (s, "sls:validFrom", date("2016-03-01")),
        (s, "sls:validUntil", date("2020-12-31")),
        (s, DERIVED, SOURCE),
    )


@pytest.mark.parametrize("relation", ["subsidiary-of", "part-of-group", "unit-of"])
def test_relations_that_are_sub_organisations_in_w3c_org(dataset, lines_of, relation):
    data = dataset(
        organisations=ORGS + A + B_2016, relations=RELATIONS + f"a,{relation},b,,,,s1,\n"
    )
    s = f"id:relation/a/{relation}/b"
    assert lines_of(data, "relations") == nt(
        (s, "a", "sls:OrganisationRelation"),
        (s, "sls:subject", "id:org/a"),
        (s, "sls:object", "id:org/b"),
        (s, "sls:relationType", f"vocab:relation-type/{relation}"),
        (s, "sls:validFrom", date("2016-03-01")),
        (s, DERIVED, SOURCE),
        ("id:org/a", "org:subOrganizationOf", "id:org/b"),
        ("id:org/b", "org:hasSubOrganization", "id:org/a"),
    )


@pytest.mark.parametrize("relation", ["owned-by", "operated-by", "merged-into"])
def test_other_relations_are_not_sub_organisations(dataset, lines_of, relation):
    data = dataset(
        organisations=ORGS + A + B_2016, relations=RELATIONS + f"a,{relation},b,,,,s1,\n"
    )
    assert not any("SubOrganization" in line for line in lines_of(data, "relations"))


def test_relations_renamed_to_is_a_change_event(dataset, lines_of):
    data = dataset(
        organisations=ORGS + A + B_2016,
        relations=RELATIONS + "a,renamed-to,b,,2017-07,,s1,renamed\n",
    )
    s = "id:change/a/renamed-to/b"
    assert lines_of(data, "relations") == nt(
        (s, "a", "org:ChangeEvent"),
        (s, "org:originalOrganization", "id:org/a"),
        (s, "org:resultingOrganization", "id:org/b"),
        ("id:org/a", "org:changedBy", s),
        ("id:org/b", "org:resultedFrom", s),
        (s, "schema:startDate", '"2017-07"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'),
        (s, "sls:validFrom", date("2017-07-01")),
        # a change event is an activity: dcterms:source, not prov:wasDerivedFrom
        (s, "dcterms:source", SOURCE),
        (s, "rdfs:comment", '"renamed"'),
    )


IDENTIFIERS = "entity,scheme,value,sources\n"


def test_identifiers_link_the_external_iri_with_schema_same_as(dataset, lines_of):
    data = dataset(organisations=ORGS + A, identifiers=IDENTIFIERS + "a,wikidata,Q42,s1\n")
    s = "id:identifier/wikidata/Q42"
    assert lines_of(data, "identifiers") == nt(
        (s, "a", "schema:PropertyValue"),
        (s, "schema:propertyID", '"wikidata"'),
        (s, "schema:value", '"Q42"'),
        (s, "sls:identifierScheme", "vocab:identifier-scheme/wikidata"),
        ("id:org/a", "schema:identifier", s),
        ("id:org/a", "schema:sameAs", "<http://www.wikidata.org/entity/Q42>"),
        (s, DERIVED, SOURCE),
    )


def test_identifiers_of_a_scheme_without_iris(dataset, lines_of, vocab):
    assert "grid" not in vocab.iri_templates
    data = dataset(organisations=ORGS + A, identifiers=IDENTIFIERS + "a,grid,grid.4488.0,s1\n")
    lines = lines_of(data, "identifiers")
    assert nt(("id:org/a", "schema:identifier", "id:identifier/grid/grid.4488.0")) <= lines
    assert not any("sameAs" in line for line in lines)


def test_identifiers_of_places(dataset, lines_of):
    data = dataset(
        places=PLACES + "dresden,Dresden,district,,s1,\n",
        identifiers=IDENTIFIERS + "dresden,geonames,2935022,s1\n",
    )
    assert nt(
        ("id:place/dresden", "schema:sameAs", "<https://sws.geonames.org/2935022/>")
    ) <= lines_of(data, "identifiers")


OBSERVATIONS = "organisation,measure,value,approximate,date,sources,note\n"


def test_observations(dataset, lines_of):
    data = dataset(
        organisations=ORGS + A, observations=OBSERVATIONS + "a,employees,350,yes,2024-08-13,s1,\n"
    )
    s = "id:observation/a/employees/2024-08-13/350"
    assert lines_of(data, "observations") == nt(
        (s, "a", "sls:Observation"),
        (s, "a", "schema:Observation"),
        (s, "schema:observationAbout", "id:org/a"),
        (s, "sls:measure", "vocab:measure/employees"),
        (s, "schema:value", '"350"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (s, "sls:approximate", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        (s, "schema:observationDate", date("2024-08-13")),
        (s, DERIVED, SOURCE),
    )


def test_an_observation_not_marked_approximate_is_exact(dataset, lines_of):
    data = dataset(organisations=ORGS + A, observations=OBSERVATIONS + "a,members,12,,2024,s1,\n")
    assert nt(
        (
            "id:observation/a/members/2024/12",
            "sls:approximate",
            '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>',
        ),
    ) <= lines_of(data, "observations")


AWARDS = "organisation,award,level,since,sources,note\n"


def test_awards(dataset, lines_of):
    data = dataset(
        organisations=ORGS + A,
        awards=AWARDS + "a,Cluster Management Excellence Label,silver,2019,s1,\n",
    )
    s = "id:award/a/cluster-management-excellence-label/silver"
    assert lines_of(data, "awards") == nt(
        (s, "a", "sls:Award"),
        (s, "rdfs:label", '"Cluster Management Excellence Label (silver)"'),
        (s, "sls:recipient", "id:org/a"),
        (s, "schema:name", '"Cluster Management Excellence Label"'),
        (s, "sls:level", '"silver"'),
        (s, "sls:since", '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
        (s, DERIVED, SOURCE),
    )


def test_awards_without_a_level(dataset, lines_of):
    data = dataset(organisations=ORGS + A, awards=AWARDS + "a,Innovationspreis Sachsen,,,s1,\n")
    s = "id:award/a/innovationspreis-sachsen"
    assert lines_of(data, "awards") == nt(
        (s, "a", "sls:Award"),
        (s, "rdfs:label", '"Innovationspreis Sachsen"'),
        (s, "sls:recipient", "id:org/a"),
        (s, "schema:name", '"Innovationspreis Sachsen"'),
        (s, DERIVED, SOURCE),
    )


def test_aims(dataset, lines_of):
    data = dataset(
        organisations=ORGS + A, aims="organisation,aim,sources\na,Brokering know-how,s1\n"
    )
    s = "id:aim/a/brokering-know-how"
    assert lines_of(data, "aims") == nt(
        (s, "a", "sls:Aim"),
        (s, "sls:aimOf", "id:org/a"),
        (s, "schema:description", '"Brokering know-how"'),
        (s, DERIVED, SOURCE),
    )


# -- the whole dataset ------------------------------------------------------------------------

ONE_ROW_EACH = {
    "places": PLACES + "dresden,Dresden,district,,s1,\n",
    "organisations": ORGS
    + "a,A e.V.,association,,dresden,,,,2014,,,s1,\n"
    + "a2,A2 e.V.,association,,,,,,,,,s1,\n",  # what a was renamed to
    "people": PEOPLE + P,
    "memberships": MEMBERSHIPS + "p,a,member,2015,,,s1,\n",
    "events": EVENTS + "fair,A fair,trade-fair,2016-02-27,,dresden,a,s1,\n",
    "participations": "event,participant,role,on_behalf_of,sources,note\nfair,p,speaker,a,s1,\n",
    "relations": RELATIONS + "a,renamed-to,a2,,2017,,s1,\n",
    "identifiers": IDENTIFIERS + "a,wikidata,Q42,s1\n",
    "observations": OBSERVATIONS + "a,employees,3,,2024,s1,\n",
    "awards": AWARDS + "a,Label,,,s1,\n",
    "aims": "organisation,aim,sources\na,An aim,s1\n",
}


def test_every_table_has_its_method():
    assert all(callable(getattr(Mapper, name, None)) for name in TABLES)


def test_map_dataset_is_the_union_of_the_methods(dataset, vocab):
    data = dataset(**ONE_ROW_EACH)
    union: set[str] = set()
    for table in TABLES:
        mapper = Mapper(data, vocab, DEFAULT_BASE_IRI)
        for record in data.rows(table):
            getattr(mapper, table)(record)
        union |= mapper.triples.lines
    graph = map_dataset(data, vocab, DEFAULT_BASE_IRI)
    assert graph.lines == union
    assert graph.sorted_text() == map_dataset(data, vocab, DEFAULT_BASE_IRI).sorted_text()
    # every subject but a source cites a source, or is the interval (or an instant) of one
    subjects = {line.split(" ", 1)[0] for line in graph.lines}
    cited = {
        line.split(" ", 1)[0]
        for line in graph.lines
        if f" <{PROV.wasDerivedFrom}> " in line or f" <{ACTIVITY_SOURCE}> " in line
    }
    uncited = {s for s in subjects - cited if "/source/" not in s}
    assert uncited and all("/interval" in s for s in uncited), uncited


def test_the_base_iri_is_used_for_every_node(dataset, vocab):
    graph = map_dataset(dataset(**ONE_ROW_EACH), vocab, "http://kg.example/")
    subjects = {line.split(" ", 1)[0] for line in graph.lines}
    assert all(s.startswith("<http://kg.example/") for s in subjects)


# -- helpers ----------------------------------------------------------------------------------


@pytest.fixture
def mapper(dataset, vocab) -> Mapper:
    return Mapper(dataset(organisations=ORGS + A, people=PEOPLE + P), vocab, "http://kg.example/")


def test_node_escapes_each_segment(mapper):
    assert mapper.node("aim", "a", "b c/d") == "http://kg.example/aim/a/b%20c%2Fd"
    assert mapper.node("award", "Grüße") == "http://kg.example/award/Gr%C3%BC%C3%9Fe"
    assert mapper.node("x", "a-b.c_d~e") == "http://kg.example/x/a-b.c_d~e"
    assert isinstance(mapper.node("x"), IRI)


def test_entity_uses_the_segment_of_its_table(mapper):
    assert mapper.entity("a") == "http://kg.example/org/a"
    assert mapper.entity("p") == "http://kg.example/person/p"
    assert mapper.source("s1") == "http://kg.example/source/s1"
    with pytest.raises(KeyError):
        mapper.entity("nobody")


def test_add_skips_missing_values(mapper):
    s = mapper.node("x")
    mapper.add(s, RDFS.comment, None)
    mapper.add(s, RDFS.comment, ())
    mapper.date(s, SCHEMA.startDate, None)
    assert len(mapper.triples) == 0
    mapper.add(s, RDFS.comment, "")  # an empty string is a value
    assert mapper.triples.lines == {f'<{s}> <{RDFS.comment}> "" .'}


def test_valid_writes_each_known_bound(mapper):
    s = mapper.node("x")
    mapper.valid(s, (None, None))
    assert len(mapper.triples) == 0
    mapper.valid(s, (dt.date(2014, 5, 1), None))
    mapper.valid(mapper.node("y"), (None, dt.date(2020, 2, 29)))
    assert mapper.triples.lines == {
        f'<http://kg.example/x> <{SLS.validFrom}> "2014-05-01"{XSD_DATE} .',
        f'<http://kg.example/y> <{SLS.validUntil}> "2020-02-29"{XSD_DATE} .',
    }


def test_cite_with_prov_or_with_the_activity_property(dataset, vocab):
    data = dataset(people=PEOPLE + "p,Anna,Xu,,s1|s2,a remark\n")
    (record,) = data.rows("people")
    mapper = Mapper(data, vocab, "http://kg.example/")
    mapper.cite(mapper.node("x"), record)
    mapper.cite(mapper.node("y"), record, ACTIVITY_SOURCE)
    x, y = "<http://kg.example/x>", "<http://kg.example/y>"
    assert mapper.triples.lines == {
        f"{x} <{PROV.wasDerivedFrom}> <http://kg.example/source/s1> .",
        f"{x} <{PROV.wasDerivedFrom}> <http://kg.example/source/s2> .",
        f'{x} <{RDFS.comment}> "a remark" .',
        f"{y} <http://purl.org/dc/terms/source> <http://kg.example/source/s1> .",
        f"{y} <http://purl.org/dc/terms/source> <http://kg.example/source/s2> .",
        f'{y} <{RDFS.comment}> "a remark" .',
    }
    assert URIRef("https://schema.org/sameAs") == EXTERNAL_MATCH


GYEAR = "^^<http://www.w3.org/2001/XMLSchema#gYear>"


@pytest.mark.parametrize(
    ("start", "end", "instants"),
    [
        ("2014-05-10", "", [("beginning", "time:inXSDDate", date("2014-05-10"))]),
        ("", "2014", [("end", "time:inXSDgYear", f'"2014"{GYEAR}')]),
        (
            "2014-05",
            "2015",
            [
                (
                    "beginning",
                    "time:inXSDgYearMonth",
                    '"2014-05"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>',
                ),
                ("end", "time:inXSDgYear", f'"2015"{GYEAR}'),
            ],
        ),
    ],
)
def test_interval_gives_each_known_end_an_instant(dataset, vocab, start, end, instants):
    data = dataset(
        organisations=ORGS + A + B_2016,
        memberships=MEMBERSHIPS + f"a,b,member,{start},{end},,s1,\n",
    )
    mapper = Mapper(data, vocab, "http://kg.example/")
    mapper.interval(mapper.node("m"), SCHEMA.temporalCoverage, data.rows("memberships")[0])
    s, interval = "<http://kg.example/m>", "<http://kg.example/m/interval>"
    link = {"beginning": "time:hasBeginning", "end": "time:hasEnd"}
    expected = nt((s, "schema:temporalCoverage", interval), (interval, "a", "time:Interval"))
    for name, prop, literal in instants:
        instant = f"<http://kg.example/m/interval/{name}>"
        expected |= nt(
            (interval, link[name], instant),
            (instant, "a", "time:Instant"),
            (instant, prop, literal),
        )
    dated = {"beginning": "schema:startDate", "end": "schema:endDate"}
    for name, _, literal in instants:
        expected |= nt((s, dated[name], literal))
    assert mapper.triples.lines == expected


def test_interval_without_dates_writes_nothing(dataset, vocab):
    data = dataset(organisations=ORGS + A + B_2016, memberships=MEMBERSHIPS + "a,b,member,,,,s1,\n")
    mapper = Mapper(data, vocab, "http://kg.example/")
    mapper.interval(mapper.node("m"), SCHEMA.temporalCoverage, data.rows("memberships")[0])
    assert len(mapper.triples) == 0


def test_types_add_the_ancestors_from_the_ontology(mapper, vocab):
    s = mapper.node("x")
    mapper.types(s, vocab.iri("org-kind", "cluster"))
    assert mapper.triples.lines == nt(
        ("<http://kg.example/x>", "a", "sls:Cluster"),
        ("<http://kg.example/x>", "a", "org:Organization"),
        ("<http://kg.example/x>", "a", "org:OrganizationalCollaboration"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cluster Management Excellence Label", "cluster-management-excellence-label"),
        ("Großer Preis für Ärzte", "groer-preis-fur-arzte"),
        ("  --A&B--  ", "a-b"),
        ("日本", "x"),
        ("", "x"),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


def test_literals_go_through_as_given(mapper):
    s = mapper.node("x")
    mapper.add(s, RDFS.label, Literal("Dresden", lang="de"))
    assert mapper.triples.lines == {f'<{s}> <{RDFS.label}> "Dresden"@de .'}
