"""`kg release`: files, determinism, the VoID/DCAT description, the changelog, refusals."""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, VOID

from kg.builder.pipeline import build
from kg.builder.release import (
    RELEASE_BASE,
    ReleaseError,
    dump_name,
    find_previous,
    make_release,
    resolve_previous,
    turtle_name,
)
from kg.cli.release import release_command
from kg.config import ORG, PROV, SLS
from kg.curate.tables import TABLES
from kg.query.service import run
from tests.conftest import tree_digest
from tests.paths import DATA_DIR

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT3 = Namespace(str(DCAT))


@pytest.fixture(scope="module")
def release(built, tmp_path_factory) -> Path:
    """Release 1.0.0 of the real curated data: the first release, no date."""
    return make_release("1.0.0", built, DATA_DIR, tmp_path_factory.mktemp("releases"))


@pytest.fixture(scope="module")
def void(release) -> Graph:
    return Graph().parse(release / "void.ttl", format="turtle")


def _edit(path: Path, change) -> None:
    """Rewrite a CSV table: `change` gets and returns the list of row dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sections(changelog: str) -> dict[str, dict[str, list[str]]]:
    """'## Organisations' → {'Added': [bullet, ...], 'Removed': [...], 'Changed': [...]}."""
    sections: dict[str, dict[str, list[str]]] = {}
    section = sub = None
    for line in changelog.splitlines():
        if line.startswith("## "):
            section, sub = line[3:], None
            sections[section] = {"Added": [], "Removed": [], "Changed": []}
        elif line.startswith("### "):
            sub = line[4:]
        elif line.startswith("- "):
            assert section and sub, line
            sections[section][sub].append(line[2:])
    return sections


def _count(store: pyoxigraph.Store, cls: URIRef) -> int:
    query = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls}> }}"
    return int(next(iter(store.query(query)))["n"].value)


# -- files --------------------------------------------------------------------------------


def test_release_writes_every_file(release):
    names = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    expected = {
        dump_name("1.0.0"),
        turtle_name("1.0.0"),
        "void.ttl",
        "CHANGELOG.md",
        "tables/README.md",
        "ontology/sls.ttl",
        "ontology/vocabularies.ttl",
        "ontology/shapes.ttl",
        *(f"tables/{t.filename}" for t in TABLES.values() if (DATA_DIR / t.filename).is_file()),
    }
    assert names == expected
    assert not [p for p in release.parent.iterdir() if p.name.startswith(".")]  # no staging


def test_dump_decompresses_to_exactly_kg_nt(release, built):
    raw = (release / dump_name("1.0.0")).read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    assert raw[4:8] == b"\0\0\0\0", "gzip header must hold no time stamp"
    assert not raw[3] & 0x08, "gzip header must hold no file name"
    assert gzip.decompress(raw) == (built / "kg.nt").read_bytes()


def test_copies_are_identical_to_their_originals(release, built):
    assert (release / turtle_name("1.0.0")).read_bytes() == (built / "kg.ttl").read_bytes()
    for table in TABLES.values():
        if not (DATA_DIR / table.filename).is_file():
            continue
        assert (release / "tables" / table.filename).read_bytes() == (
            DATA_DIR / table.filename
        ).read_bytes()
    assert (release / "tables/README.md").read_bytes() == (DATA_DIR / "README.md").read_bytes()
    for path in (built / "ontology").iterdir():
        assert (release / "ontology" / path.name).read_bytes() == path.read_bytes()


def test_two_releases_are_byte_identical(release, built, tmp_path):
    """Golden test: the same build, released by another process with another hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    code = "import sys; from kg.cli.release import release_command; release_command(sys.argv[1:])"
    args = ["--version", "1.0.0", "--build", str(built), "--data", str(DATA_DIR)]
    subprocess.run([sys.executable, "-c", code, *args, "--out", str(tmp_path)], check=True, env=env)
    assert tree_digest(tmp_path / "1.0.0") == tree_digest(release)


# -- void.ttl -----------------------------------------------------------------------------


def test_void_describes_the_dataset(void):
    dataset = URIRef(RELEASE_BASE + "1.0.0")
    assert {DCAT.Dataset, VOID.Dataset} <= set(void.objects(dataset, RDF.type))
    assert void.value(dataset, OWL.versionInfo) == Literal("1.0.0")
    assert void.value(dataset, DCAT3.version) == Literal("1.0.0")
    assert void.value(dataset, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert void.value(dataset, DCTERMS.title) is not None
    assert void.value(dataset, DCTERMS.description) is not None
    assert void.value(dataset, DCTERMS.issued) is None, "no date unless one is given"
    assert void.value(dataset, DCAT3.previousVersion) is None
    assert void.value(dataset, VOID.dataDump) == URIRef(f"{RELEASE_BASE}1.0.0/{dump_name('1.0.0')}")


def test_void_triples_and_class_partitions_match_the_graph(void, built):
    dataset = URIRef(RELEASE_BASE + "1.0.0")
    lines = (built / "kg.nt").read_text(encoding="utf-8").splitlines()
    assert void.value(dataset, VOID.triples).toPython() == len(lines)
    store = pyoxigraph.Store()
    store.load(path=str(built / "kg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    partitions = {
        void.value(p, VOID["class"]): void.value(p, VOID.entities).toPython()
        for p in void.objects(dataset, VOID.classPartition)
    }
    assert partitions[ORG.Organization] == _count(store, ORG.Organization) > 30
    assert partitions[ORG.Membership] == _count(store, ORG.Membership) > 50
    for cls, entities in partitions.items():
        assert entities == _count(store, cls), cls
    classes = {row["c"].value for row in store.query("SELECT DISTINCT ?c WHERE { ?s a ?c }")}
    assert {str(c) for c in partitions} == classes


def test_void_counts_facts_per_source_and_keeps_their_terms(void, built):
    dataset = URIRef(RELEASE_BASE + "1.0.0")
    subsets = {void.value(s, DCTERMS.source): s for s in void.objects(dataset, VOID.subset)}
    counted = {source: void.value(s, VOID.entities).toPython() for source, s in subsets.items()}
    # independently, with rdflib: distinct fact nodes derived from each source
    graph = Graph().parse(built / "kg.nt")
    derived = Counter(
        o for p in (PROV.wasDerivedFrom, DCTERMS.source) for _, o in graph.subject_objects(p)
    )
    sources = set(graph.subjects(RDF.type, SLS.Source))
    assert set(counted) == sources
    assert counted == {s: derived.get(s, 0) for s in sources}
    # and as the catalogue query `kg query facts-per-source` counts them
    results = run("facts-per-source", {}, build_dir=built)
    assert counted == {URIRef(row["source"].value): int(row["facts"].value) for row in results.rows}
    # each source's own terms, where the curated table states them
    licences = {r["id"]: r["licence"] for r in _rows(DATA_DIR / "sources.csv")}
    for source, subset in subsets.items():
        terms = licences[str(source).rsplit("/", 1)[-1]]
        stated = void.value(subset, DCTERMS.license)
        assert (str(stated) if stated is not None else "") == terms, source


def test_void_lists_every_file_with_size_and_checksum(void, release):
    dataset = URIRef(RELEASE_BASE + "1.0.0")
    distributions = {
        str(void.value(d, DCTERMS.title)): d for d in void.objects(dataset, DCAT.distribution)
    }
    files = {
        p.relative_to(release).as_posix(): p
        for p in release.rglob("*")
        if p.is_file() and p.name != "void.ttl"
    }
    assert set(distributions) == set(files)
    for name, path in files.items():
        d = distributions[name]
        assert (d, RDF.type, DCAT.Distribution) in void
        assert void.value(d, DCAT.byteSize) == Literal(
            path.stat().st_size, datatype=XSD.nonNegativeInteger
        )
        checksum = void.value(d, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert (
            str(void.value(checksum, SPDX.checksumValue))
            == hashlib.sha256(path.read_bytes()).hexdigest()
        )
        assert void.value(d, DCAT.mediaType) is not None
    media = {name: str(void.value(d, DCAT.mediaType)) for name, d in distributions.items()}
    assert media[dump_name("1.0.0")].endswith("/application/n-triples")
    assert str(void.value(distributions[dump_name("1.0.0")], DCAT.compressFormat)).endswith(
        "/application/gzip"
    )
    assert media[turtle_name("1.0.0")].endswith("/text/turtle")
    assert media["tables/organisations.csv"].endswith("/text/csv")


def test_a_date_is_recorded_only_when_given(built, tmp_path):
    folder = make_release("1.0.0", built, DATA_DIR, tmp_path, date="2025-06-30")
    void = Graph().parse(folder / "void.ttl", format="turtle")
    issued = void.value(URIRef(RELEASE_BASE + "1.0.0"), DCTERMS.issued)
    assert issued == Literal("2025-06-30", datatype=XSD.date)
    assert "2025-06-30" in (folder / "CHANGELOG.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("date", ["2025-02-30", "2025-6-30", "30.06.2025", "today", ""])
def test_a_malformed_date_is_refused(built, tmp_path, date):
    with pytest.raises(ReleaseError, match="malformed date"):
        make_release("1.0.0", built, DATA_DIR, tmp_path, date=date)
    assert not list(tmp_path.iterdir())


# -- the changelog ------------------------------------------------------------------------


def test_first_release_changelog_says_so_and_counts(release, built):
    text = (release / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "first release" in text
    store = pyoxigraph.Store()
    store.load(path=str(built / "kg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert f"| organisations | {_count(store, ORG.Organization)} |" in text
    assert f"| roles (memberships) | {_count(store, ORG.Membership)} |" in text
    assert f"| triples (data and ontology) | {len(store)} |" in text


def test_changelog_lists_exactly_what_changed(built, data_copy, tmp_path):
    releases = tmp_path / "releases"
    make_release("1.0.0", built, DATA_DIR, releases)

    source = _rows(data_copy / "sources.csv")[0]["id"]
    person = _rows(data_copy / "people.csv")[0]["id"]
    people = {r["id"] for r in _rows(data_copy / "people.csv")}
    memberships = _rows(data_copy / "memberships.csv")
    held = Counter(r["member"] for r in memberships)
    # a person's membership, of someone who keeps at least one other
    gone = next(r for r in memberships if r["member"] in people and held[r["member"]] > 1)

    def add_org(rows):
        blank = dict.fromkeys(rows[0], "")
        return [
            *rows,
            {
                **blank,
                "id": "release-test",
                "name": "Release Test GmbH",
                "kind": "company",
                "sources": source,
            },
        ]

    def change_memberships(rows):
        blank = dict.fromkeys(rows[0], "")
        added = {
            **blank,
            "member": person,
            "organisation": "release-test",
            "role": "managing-director",
            "start": "2025-03",
            "sources": source,
        }
        return [r for r in rows if r != gone] + [added]

    _edit(data_copy / "organisations.csv", add_org)
    _edit(data_copy / "memberships.csv", change_memberships)
    build(data_copy, tmp_path / "build")
    folder = make_release("1.1.0", tmp_path / "build", data_copy, releases)

    text = (folder / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Compared with release 1.0.0" in text
    assert "| organisations |" in text and "| +1 |" in text
    sections = _sections(text)
    orgs, people_changes, roles = (
        sections["Organisations"],
        sections["People"],
        sections["Roles (memberships)"],
    )
    assert len(orgs["Added"]) == 1 and orgs["Added"][0].startswith("Release Test GmbH (`org/")
    assert orgs["Removed"] == orgs["Changed"] == []
    assert people_changes == {"Added": [], "Removed": [], "Changed": []}
    added_iri = f"membership/{person}/managing-director/release-test/2025-03"
    assert len(roles["Added"]) == 1 and f"(`{added_iri}`)" in roles["Added"][0]
    assert "Release Test GmbH" in roles["Added"][0]
    gone_iri = "/".join(
        ["membership", gone["member"], gone["role"], gone["organisation"]]
        + ([gone["start"]] if gone["start"] else [])
    )
    assert len(roles["Removed"]) == 1 and f"(`{gone_iri}`)" in roles["Removed"][0]
    assert roles["Changed"] == []
    void = Graph().parse(folder / "void.ttl", format="turtle")
    assert void.value(URIRef(RELEASE_BASE + "1.1.0"), DCAT3.previousVersion) == URIRef(
        RELEASE_BASE + "1.0.0"
    )


def test_changelog_lists_changed_labels_places_and_dates(built, data_copy, tmp_path):
    releases = tmp_path / "releases"
    make_release("1.0.0", built, DATA_DIR, releases)
    org = next(r for r in _rows(data_copy / "organisations.csv") if r["name"])
    membership = next(r for r in _rows(data_copy / "memberships.csv") if not r["end"])

    def rename(rows):
        return [{**r, "name": "Renamed GmbH"} if r["id"] == org["id"] else r for r in rows]

    def end(rows):
        return [{**r, "end": "2099"} if r == membership else r for r in rows]

    _edit(data_copy / "organisations.csv", rename)
    _edit(data_copy / "memberships.csv", end)
    build(data_copy, tmp_path / "build")
    folder = make_release("2.0.0", tmp_path / "build", data_copy, releases)
    sections = _sections((folder / "CHANGELOG.md").read_text(encoding="utf-8"))
    changed = sections["Organisations"]["Changed"]
    assert len(changed) == 1
    assert f"(`org/{org['id']}`)" in changed[0] and "→ Renamed GmbH" in changed[0]
    assert sections["Organisations"]["Added"] == sections["Organisations"]["Removed"] == []
    roles = sections["Roles (memberships)"]
    assert roles["Added"] == roles["Removed"] == []
    assert len(roles["Changed"]) == 1 and "end (none) → 2099" in roles["Changed"][0]


def test_previous_is_the_highest_version_below(tmp_path):
    for name in ("0.9.0", "1.9.0", "1.10.0", "2.0.0", "1.10.0-rc1", "notes", ".1.11.0.new-x"):
        (tmp_path / name).mkdir()
    (tmp_path / "1.10.5").write_text("a file, not a release")
    assert find_previous(tmp_path, "1.11.0") == tmp_path / "1.10.0"
    assert find_previous(tmp_path, "1.10.0") == tmp_path / "1.9.0"
    assert find_previous(tmp_path, "3.0.0") == tmp_path / "2.0.0"
    assert find_previous(tmp_path, "0.9.0") is None
    assert find_previous(tmp_path / "missing", "1.0.0") is None


def test_previous_can_be_named(release, tmp_path):
    out = release.parent
    dump = release / dump_name("1.0.0")
    assert resolve_previous(out, "2.0.0", "1.0.0").dump == dump
    assert resolve_previous(out, "2.0.0", str(release)).dump == dump
    assert resolve_previous(out, "2.0.0", dump).version == "1.0.0"
    with pytest.raises(ReleaseError, match="previous release 0.1.0 not found"):
        resolve_previous(out, "2.0.0", "0.1.0")
    with pytest.raises(ReleaseError, match="not found"):
        resolve_previous(out, "2.0.0", tmp_path / "nothing-here")
    with pytest.raises(ReleaseError, match="itself"):
        resolve_previous(out, "1.0.0", str(release))


# -- refusals -----------------------------------------------------------------------------


def test_an_existing_release_is_not_overwritten(release, built, tmp_path):
    before = tree_digest(release)
    with pytest.raises(ReleaseError, match="already exists.*--force"):
        make_release("1.0.0", built, DATA_DIR, release.parent)
    assert tree_digest(release) == before
    # --force replaces it, atomically, and leaves no staging folder behind
    copy = tmp_path / "copy"
    make_release("1.0.0", built, DATA_DIR, copy)
    make_release("1.0.0", built, DATA_DIR, copy, date="2025-01-01", force=True)
    assert "2025-01-01" in (copy / "1.0.0" / "void.ttl").read_text(encoding="utf-8")
    assert [p.name for p in copy.iterdir()] == ["1.0.0"]


@pytest.mark.parametrize(
    "version", ["1.0", "1", "v1.0.0", "1.0.0.0", "01.0.0", "1.0.0-rc1", "1.0.x", "", "../1.0.0"]
)
def test_a_malformed_version_is_refused(built, tmp_path, version):
    with pytest.raises(ReleaseError, match="malformed version"):
        make_release(version, built, DATA_DIR, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_missing_build_is_reported(tmp_path):
    with pytest.raises(ReleaseError, match=r"not found: run `kg build` first"):
        make_release("1.0.0", tmp_path / "no-build", DATA_DIR, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_build_of_other_data_is_refused(built, data_copy, tmp_path):
    _edit(data_copy / "people.csv", lambda rows: [{**rows[0], "family_name": "Other"}, *rows[1:]])
    with pytest.raises(ReleaseError, match=r"out of date.*run `kg build` first"):
        make_release("1.0.0", built, data_copy, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    _edit(data_copy / "people.csv", lambda rows: rows[1:])  # now it does not even load
    with pytest.raises(ReleaseError, match=r"problem\(s\), first .*(people|memberships)\.csv"):
        make_release("1.0.0", built, data_copy, tmp_path / "out")


def test_a_failed_release_leaves_nothing_behind(built, tmp_path, monkeypatch):
    import kg.builder.release

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(kg.builder.release, "void_graph", broken)
    with pytest.raises(OSError):
        make_release("1.0.0", built, DATA_DIR, tmp_path)
    assert list(tmp_path.iterdir()) == []


# -- the command line ---------------------------------------------------------------------


def _invoke(*args: str):
    return CliRunner().invoke(release_command, list(args), catch_exceptions=False)


def test_cli_writes_a_release(built, tmp_path):
    result = _invoke("--version", "0.1.0", "--build", str(built), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "0.1.0" / dump_name("0.1.0")).is_file()
    assert "released 0.1.0" in result.stdout


def test_cli_refusals_are_one_line_on_stderr(built, tmp_path):
    base = ["--build", str(built), "--out", str(tmp_path)]
    assert _invoke("--version", "1.0.0", *base).exit_code == 0
    for args, message in (
        (["--version", "1.0.0", *base], "already exists"),
        (["--version", "1.0", *base], "malformed version"),
        (["--version", "1.1.0", "--date", "June", *base], "malformed date"),
        (["--version", "1.1.0", "--previous", "0.0.1", *base], "not found"),
        (
            ["--version", "1.1.0", "--build", str(tmp_path / "none"), "--out", str(tmp_path)],
            "run `kg build` first",
        ),
    ):
        result = _invoke(*args)
        assert result.exit_code == 1, args
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0.0"]
    assert re.search(r"--force", _invoke("--version", "1.0.0", *base).stderr)
    assert _invoke("--version", "1.0.0", "--force", *base).exit_code == 0
