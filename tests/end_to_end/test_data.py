"""Tests on the curated data itself (in the spirit of bioregistry's test_data.py)."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from kg import docs
from kg.builder.pipeline import check_data
from kg.curate.fmt import canonical_text
from kg.curate.tables import TABLES
from tests.paths import DATA_DIR

TABLE_FILES = [t for t in TABLES.values() if (DATA_DIR / t.filename).exists()]


@pytest.fixture(scope="module")
def dataset():
    return check_data(DATA_DIR)


@pytest.mark.parametrize("table", TABLE_FILES, ids=lambda t: t.filename)
def test_tables_are_canonical(table):
    text = (DATA_DIR / table.filename).read_text(encoding="utf-8")
    assert canonical_text(table, text) == text, f"run `kg fmt` to sort {table.filename}"


def test_data_readme_documents_every_table():
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert docs.tables_markdown() in text, "run `python -m kg.docs` to refresh data/README.md"


def test_every_source_has_url_title_publisher(dataset):
    for source in dataset.rows("sources"):
        assert source["url"].startswith("https://"), source["id"]
        assert source["publisher"] and source["title"], source["id"]
        assert "…" not in source["url"], f"{source['id']}: elided address"


def test_every_source_is_cited(dataset):
    cited = Counter(
        s for rows in dataset.tables.values() for r in rows for s in (r["sources"] or ())
    )
    unused = {s["id"] for s in dataset.rows("sources")} - set(cited)
    assert not unused, f"sources nobody cites: {sorted(unused)}"


def test_people_names_are_trimmed_and_title_free(dataset):
    for person in dataset.rows("people"):
        for name in (person["given_name"], person["family_name"]):
            if name:
                assert not re.search(r"\b(Dr|Prof)\.", name), person["id"]
                assert name == name.strip()


def test_every_person_has_a_role(dataset):
    with_roles = {m["member"] for m in dataset.rows("memberships")}
    with_roles |= {p["participant"] for p in dataset.rows("participations")}
    with_roles |= {r["object"] for r in dataset.rows("relations")}
    lonely = {p["id"] for p in dataset.rows("people")} - with_roles
    assert not lonely, f"people without any role: {sorted(lonely)}"


def test_spelling_variants_are_alt_names_not_new_organisations(dataset):
    orgs = {o["id"]: o for o in dataset.rows("organisations")}
    assert "EZAG Isotop technologies Dresden GmbH" in orgs["itd"]["alt_names"]
    assert "Trimt GmbH" in orgs["trimt"]["alt_names"]
    names = Counter(n for o in orgs.values() for n in (o["name"], *o["alt_names"]))
    assert not [n for n, count in names.items() if count > 1]


def test_disagreements_are_recorded(dataset):
    founding = [o for o in dataset.rows("observations") if o["measure"] == "founding-members"]
    assert {o["value"] for o in founding} == {21, 22}
    assert all("disagree" in o["note"] for o in founding)


def test_identifiers_are_unique_per_scheme(dataset):
    pairs = Counter((i["scheme"], i["value"]) for i in dataset.rows("identifiers"))
    assert max(pairs.values()) == 1


def test_cities_have_geonames_ids(dataset):
    geonames = {i["entity"] for i in dataset.rows("identifiers") if i["scheme"] == "geonames"}
    cities = {p["id"] for p in dataset.rows("places") if p["kind"] == "city"}
    assert cities <= geonames, cities - geonames


def test_csv_files_are_utf8_without_bom():
    for table in TABLE_FILES:
        raw = (DATA_DIR / table.filename).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), table.filename
        raw.decode("utf-8")
        rows = list(csv.reader(raw.decode().splitlines()))
        assert all(len(r) == len(rows[0]) for r in rows), table.filename


def test_every_organisation_has_a_kind_and_a_seat_or_says_why_not(dataset):
    for org in dataset.rows("organisations"):
        assert org["kind"], org["id"]
        note = (org["note"] or "").lower()
        if org["place"]:
            assert "seat not stated" not in note, f"{org['id']}: has a seat, drop 'Seat not stated'"
        else:
            assert "seat not stated" in note, (
                f"{org['id']}: give its seat (place) from a cited source, "
                "or say in note 'Seat not stated by the cited sources.'"
            )


def test_operators_and_mergers_are_relations_not_notes(dataset):
    organisations = {o["id"] for o in dataset.rows("organisations")}
    for rel in dataset.rows("relations"):
        if rel["relation"] in ("operated-by", "merged-into"):
            assert rel["object"] in organisations, rel
    for org in dataset.rows("organisations"):
        assert "no relation code" not in (org["note"] or ""), f"{org['id']}: use relations.csv"


def test_identifiers_match_their_scheme(dataset):
    from kg.rdf.vocab import load_ontology, vocabulary_from

    patterns = vocabulary_from(load_ontology()).patterns
    for ident in dataset.rows("identifiers"):
        assert patterns[ident["scheme"]].match(ident["value"]), ident["value"]


def test_breadth_of_the_curated_ecosystem(dataset):
    people_with_roles = {m["member"] for m in dataset.rows("memberships")}
    people = [p for p in dataset.rows("people") if p["id"] in people_with_roles]
    assert len(dataset.rows("organisations")) >= 80 and len(people) >= 50
