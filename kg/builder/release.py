"""Versioned releases: a reusable dump of a build, described in VoID and DCAT, with a changelog.

`make_release("1.2.0")` writes `releases/1.2.0/`:

- `saxony-lifescience-kg-1.2.0.nt.gz`: the build's `kg.nt`, gzipped without a time stamp or
  file name in the header, so the same build always gives the same bytes;
- `saxony-lifescience-kg-1.2.0.ttl`: the build's `kg.ttl`;
- `tables/`: the curated CSV tables and their README; `ontology/`: the build's ontology files;
- `CHANGELOG.md`: organisations, people and roles (memberships) added, removed and changed
  since the previous release, found by comparing the two graphs;
- `void.ttl`: a VoID and DCAT description: counts (from SPARQL on the build), a class and a
  property partition, one subset per source with the number of facts derived from it and the
  source's own terms, and every file of the release with its media type, size and SHA-256.

Nothing depends on the clock or on where the release is written: the same build gives a
byte-identical release. Only a date given explicitly (`date="2025-06-30"`) is recorded.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from kg.atomic import replace_dir
from kg.builder.mapping import map_dataset
from kg.builder.pipeline import check_data
from kg.builder.serialize import ntriples_lines, sorted_ntriples
from kg.config import (
    DEFAULT_BASE_IRI,
    ORG,
    PREFIXES,
    PROV,
    SCHEMA,
    SLS,
    default_build_dir,
    default_data_dir,
    project_dir,
)
from kg.curate.tables import TABLES
from kg.errors import BuildError, DataError
from kg.rdf.stores import open_store, rdflib_term, select_terms
from kg.rdf.terms import prefix_header
from kg.rdf.vocab import load_ontology, ontology_files, vocabulary_from

__all__ = [
    "COUNTED", "DCAT3", "DESCRIPTION", "DUMP_RE", "FORMATS", "IANA", "KEYWORDS", "LICENSE",
    "MEDIA_TYPES", "NAME", "Previous", "RELEASE_BASE", "Record", "ReleaseError", "SECTIONS",
    "SPDX", "Section", "Snapshot", "TITLE", "Term", "VERSION_RE", "VOID_PREFIXES", "Version",
    "changelog", "data_base", "default_releases_dir", "dump_name", "find_previous", "gzip_bytes",
    "make_release", "parse_version", "resolve_previous", "turtle_name", "void_graph",
    "void_turtle",
]

NAME = "saxony-lifescience-kg"
RELEASE_BASE = "https://w3id.org/saxony-lifescience/release/"
"""Release IRIs: `RELEASE_BASE + version` is the dataset, `+ "/" + file` each distribution."""
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = "Saxon life-science knowledge graph"
DESCRIPTION = (
    "Companies, research institutes, clusters, public bodies and people of biotechnology, "
    "medical technology and health economy in Saxony, and how they are tied together: "
    "memberships and roles, ownership, events, identifiers and dated counts. Every fact is "
    "curated by hand, cites a public source and is prov:wasDerivedFrom it."
)
KEYWORDS = ("biotechnology", "knowledge graph", "life sciences", "medical technology", "Saxony")

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT3 = Namespace(str(DCAT))  # rdflib's DCAT namespace is closed and lacks DCAT 3 terms
IANA = "https://www.iana.org/assignments/media-types/"
MEDIA_TYPES = {
    ".nt.gz": "application/n-triples",
    ".nt": "application/n-triples",
    ".ttl": "text/turtle",
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".jsonld": "application/ld+json",
}
FORMATS = {name: URIRef(f"http://www.w3.org/ns/formats/{name}") for name in ("N-Triples", "Turtle")}
VOID_PREFIXES = {
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "sls": str(SLS),
    "spdx": str(SPDX),
    "time": PREFIXES["time"],
    "void": str(VOID),
    "xsd": str(XSD),
}

_PART = r"(0|[1-9][0-9]*)"
VERSION_RE = re.compile(rf"{_PART}\.{_PART}\.{_PART}")
DUMP_RE = re.compile(rf"{re.escape(NAME)}-({_PART}\.{_PART}\.{_PART})\.nt(\.gz)?")

Version = tuple[int, int, int]
Term = ox.NamedNode | ox.Literal | ox.BlankNode


class ReleaseError(Exception):
    """The release cannot be made; the message says why in one line. Nothing was written."""


# -- versions and files -----------------------------------------------------------------


def parse_version(text: str) -> Version:
    """`"1.10.0"` → `(1, 10, 0)`; anything but N.N.N (no leading zeros) is a ReleaseError."""
    match = VERSION_RE.fullmatch(str(text))
    if not match:
        raise ReleaseError(f"malformed version {text!r}: expected N.N.N, e.g. 1.0.0")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def dump_name(version: str) -> str:
    return f"{NAME}-{version}.nt.gz"


def turtle_name(version: str) -> str:
    return f"{NAME}-{version}.ttl"


def find_previous(out_dir: Path, version: str) -> Path | None:
    """The release folder under `out_dir` with the highest version below `version`, if any.

    Versions compare as numbers: 1.10.0 comes after 1.9.0. Other folders are ignored.
    """
    current = parse_version(version)
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return None
    candidates = [
        (parse_version(p.name), p)
        for p in out_dir.iterdir()
        if p.is_dir() and VERSION_RE.fullmatch(p.name) and parse_version(p.name) < current
    ]
    return max(candidates)[1] if candidates else None


def _dump_in(folder: Path) -> Path:
    if VERSION_RE.fullmatch(folder.name) and (folder / dump_name(folder.name)).is_file():
        return folder / dump_name(folder.name)
    dumps = sorted(p for p in folder.glob(f"{NAME}-*.nt.gz") if DUMP_RE.fullmatch(p.name))
    if len(dumps) != 1:
        found = "none" if not dumps else ", ".join(p.name for p in dumps)
        raise ReleaseError(f"{folder}: expected one {NAME}-X.Y.Z.nt.gz, found {found}")
    return dumps[0]


@dataclass(frozen=True)
class Previous:
    dump: Path
    version: str | None
    """The previous release's version, where its folder or file name tells it."""

    @property
    def name(self) -> str:
        return f"release {self.version}" if self.version else f"`{self.dump.name}`"


def resolve_previous(
    out_dir: Path, version: str, previous: str | Path | None = None
) -> Previous | None:
    """The release to compare with: `previous` (a version under `out_dir`, a release folder or
    a dump file), else the highest version below `version` under `out_dir`, else None."""
    out_dir = Path(out_dir)
    if previous is None:
        folder = find_previous(out_dir, version)
        return Previous(_dump_in(folder), folder.name) if folder else None
    text, path = str(previous), Path(previous)
    if VERSION_RE.fullmatch(text) and (out_dir / text).is_dir():
        found = Previous(_dump_in(out_dir / text), text)
    elif VERSION_RE.fullmatch(text) and not path.exists():
        raise ReleaseError(f"previous release {text} not found: no folder {out_dir / text}")
    elif path.is_dir():
        dump = _dump_in(path)
        found = Previous(dump, DUMP_RE.fullmatch(dump.name)[1])
    elif path.is_file():
        match = DUMP_RE.fullmatch(path.name)
        found = Previous(path, match[1] if match else None)
    else:
        raise ReleaseError(f"previous release {text} not found: no such version, folder or file")
    if found.version == version:
        raise ReleaseError(f"release {version} cannot be compared with itself (--previous)")
    return found


def _check_date(text: str) -> str:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        Date.fromisoformat(text)
    except ValueError:
        raise ReleaseError(f"malformed date {text!r}: expected YYYY-MM-DD") from None
    return text


def _check_build(build_dir: Path) -> None:
    for path in (build_dir / "kg.nt", build_dir / "kg.ttl", build_dir / "ontology"):
        if not path.exists():
            raise ReleaseError(f"{path} not found: run `kg build` first")


def _check_build_matches_data(build_dir: Path, data_dir: Path, base: str) -> None:
    """Map `data_dir` again and compare with kg.nt, so that tables and graph always agree."""

    if not data_dir.is_dir():
        raise ReleaseError(f"{data_dir}: no such data folder")
    ontology_dir = build_dir / "ontology"
    ontology = load_ontology(ontology_dir)
    try:
        dataset = check_data(data_dir, ontology_dir)
    except DataError as error:
        raise ReleaseError(
            f"{data_dir} has {len(error.issues)} problem(s), first {error.issues[0]}; "
            "fix them and run `kg build` first"
        ) from None
    data = map_dataset(dataset, vocabulary_from(ontology), base)
    # kg.nt is the sorted, distinct lines of data + ontology (kg.build)
    data.update(ntriples_lines(ontology_files(ontology_dir)))
    if data.sorted_text() != (build_dir / "kg.nt").read_text(encoding="utf-8"):
        raise ReleaseError(
            f"{build_dir} is out of date: it was not built from {data_dir} as it is now; "
            "run `kg build` first"
        )


# -- SPARQL helpers ---------------------------------------------------------------------

_SPARQL_PREFIXES = prefix_header(VOID_PREFIXES)


def _select(store: ox.Store, query: str) -> list[dict[str, Term]]:
    return select_terms(store, _SPARQL_PREFIXES + query)


def _count(store: ox.Store, query: str) -> int:
    return int(_select(store, query)[0]["n"].value)


def data_base(store: ox.Store) -> str:
    """The base IRI the graph's data was built with, read off its sources' IRIs."""
    rows = _select(store, "SELECT ?s WHERE { ?s a sls:Source } ORDER BY ?s LIMIT 1")
    if not rows or "source/" not in rows[0]["s"].value:
        return DEFAULT_BASE_IRI
    return rows[0]["s"].value.rsplit("source/", 1)[0]


def _rdflib(term: Term) -> URIRef | Literal:
    # the release describes named things only: a blank node here is a mistake upstream
    if isinstance(term, ox.BlankNode):
        raise ReleaseError(f"unexpected blank node {term} in the graph")
    return rdflib_term(term)


def _load_dump(path: Path) -> ox.Store:
    try:
        raw = path.read_bytes()
        if path.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        store = ox.Store()
        store.load(raw, format=ox.RdfFormat.N_TRIPLES)
    except (OSError, EOFError, SyntaxError, ValueError) as error:
        raise ReleaseError(f"{path}: cannot read the previous release: {error}") from None
    return store


# -- the changelog ----------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    cls: URIRef
    properties: tuple[tuple[str, URIRef], ...]
    """(name shown in the changelog, property) compared between releases."""


SECTIONS = (
    Section(
        "Organisations",
        ORG.Organization,
        (
            ("name", RDFS.label),
            ("other names", SKOS.altLabel),
            ("kind", RDF.type),
            ("seat", SCHEMA.location),
            ("sites", SLS.site),
            ("founded", SCHEMA.foundingDate),
        ),
    ),
    Section(
        "People",
        FOAF.Person,
        (
            ("name", RDFS.label),
            ("given name", FOAF.givenName),
            ("family name", FOAF.familyName),
            ("title", SCHEMA.honorificPrefix),
        ),
    ),
    Section(
        "Roles (memberships)",
        ORG.Membership,
        (
            ("member", ORG.member),
            ("role", ORG.role),
            ("organisation", ORG.organization),
            ("on behalf of", SLS.onBehalfOf),
            ("start", SCHEMA.startDate),
            ("end", SCHEMA.endDate),
        ),
    ),
)

COUNTED = (
    ("organisations", ORG.Organization),
    ("clusters", ORG.OrganizationalCollaboration),
    ("people", FOAF.Person),
    ("roles (memberships)", ORG.Membership),
    ("events", SCHEMA.Event),
    ("participations in events", SLS.Participation),
    ("relations between organisations", SLS.OrganisationRelation),
    ("renames", ORG.ChangeEvent),
    ("places", SCHEMA.Place),
    ("external identifiers", SCHEMA.PropertyValue),
    ("observations", SLS.Observation),
    ("awards", SLS.Award),
    ("aims", SLS.Aim),
    ("sources", SLS.Source),
)

Record = dict[str, dict[str, Term]]
"""property name → N-Triples text of a value → the value."""


def _md(text: str) -> str:
    """Text for Markdown: the characters that would start markup are escaped."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text.replace("\n", " "))


class Snapshot:
    """The organisations, people and memberships of one graph, with labels to show them."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.base = data_base(store)
        self.labels = self._labels()
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        for row in _select(store, "SELECT ?c ?s WHERE { ?c rdfs:subClassOf+ ?s }"):
            self.superclasses[row["c"].value].add(row["s"].value)

    def _labels(self) -> dict[str, str]:
        best: dict[str, tuple[int, str]] = {}
        rows = _select(
            self.store,
            "SELECT ?s ?l WHERE { VALUES ?p { rdfs:label skos:prefLabel } ?s ?p ?l "
            "FILTER(isLiteral(?l)) }",
        )
        for row in rows:
            literal = row["l"]
            rank = {"en": 0, "": 1}.get(literal.language or "", 2)
            candidate = (rank, literal.value)
            key = row["s"].value
            if key not in best or candidate < best[key]:
                best[key] = candidate
        return {iri: text for iri, (_, text) in best.items()}

    def count(self, cls: URIRef) -> int:
        return _count(self.store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls}> }}")

    def triples(self) -> int:
        return len(self.store)

    def records(self, section: Section) -> dict[str, Record]:
        values = " ".join(f"<{p}>" for _, p in section.properties)
        rows = _select(
            self.store,
            f"SELECT ?e ?p ?o WHERE {{ ?e a <{section.cls}> . "
            f"OPTIONAL {{ VALUES ?p {{ {values} }} ?e ?p ?o }} }}",
        )
        names = {str(p): name for name, p in section.properties}
        records: dict[str, Record] = {}
        for row in rows:
            record = records.setdefault(row["e"].value, {name: {} for name in names.values()})
            if "p" in row:
                record[names[row["p"].value]][str(row["o"])] = row["o"]
        if "kind" in names.values():
            for record in records.values():
                record["kind"] = self._most_specific(record["kind"])
        return records

    def _most_specific(self, types: dict[str, Term]) -> dict[str, Term]:
        iris = {t.value for t in types.values()}
        below = {sup for t in iris for sup in self.superclasses.get(t, ())}
        return {key: t for key, t in types.items() if t.value not in below}

    def ident(self, iri: str) -> str:
        return iri[len(self.base) :] if iri.startswith(self.base) else iri

    def show(self, term: Term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.labels.get(term.value) or self.ident(term.value)
        return term.value

    def title(self, section: Section, iri: str, record: Record) -> str:
        if section.cls == ORG.Membership:
            parts = [self._values(record["member"]), self._values(record["role"])]
            return " — ".join([*parts, self._values(record["organisation"])])
        return self.labels.get(iri) or self.ident(iri)

    def _values(self, values: dict[str, Term]) -> str:
        return ", ".join(sorted(self.show(v) for v in values.values())) or "(none)"

    def summary(self, section: Section, iri: str, record: Record) -> str:
        title = self.title(section, iri, record)
        shown = {"name", "member", "role", "organisation"}
        details = [
            f"{name} {_md(self._values(values))}"
            for name, values in record.items()
            if values and name not in shown
        ]
        text = f"{_md(title)} (`{self.ident(iri)}`)"
        return text + (": " + "; ".join(details) if details else "")


def _differences(old: Snapshot, new: Snapshot, before: Record, after: Record) -> list[str]:
    changes = []
    for name in after:
        was, now = before.get(name, {}), after[name]
        if set(was) == set(now):
            continue
        if len(was) <= 1 and len(now) <= 1:
            changes.append(f"{name} {_md(old._values(was))} → {_md(new._values(now))}")
            continue
        added = sorted(f"“{new.show(now[k])}”" for k in set(now) - set(was))
        removed = sorted(f"“{old.show(was[k])}”" for k in set(was) - set(now))
        detail = [f"added {_md(', '.join(added))}"] if added else []
        detail += [f"removed {_md(', '.join(removed))}"] if removed else []
        changes.append(f"{name} " + ", ".join(detail))
    return changes


def _bullets(items: Iterable[tuple[str, str]]) -> list[str]:
    """Sorted by the shown title (case-insensitive), then by IRI."""
    return [f"- {text}" for _, text in sorted(items, key=lambda item: (item[0].casefold(), item))]


def changelog(
    store: ox.Store,
    version: str,
    previous_store: ox.Store | None = None,
    previous: Previous | None = None,
    date: str | None = None,
) -> str:
    """The Markdown changelog of `version` (graph in `store`) against a previous release."""
    new = Snapshot(store)
    released = f"{TITLE}, release {version}" + (f", {date}" if date else "") + "."
    lines = [f"# Changelog of release {version}", "", released, ""]
    if previous_store is None:
        lines += ["This is the first release: there is no earlier release to compare with.", ""]
        lines += ["## Counts", "", f"| what | {version} |", "|---|---:|"]
        lines += [f"| {name} | {new.count(cls)} |" for name, cls in COUNTED]
        lines += [f"| triples (data and ontology) | {new.triples()} |", ""]
        return "\n".join(lines)
    old = Snapshot(previous_store)
    label = previous.name if previous else "the previous release"
    was = previous.version if previous and previous.version else "before"
    lines += [
        f"Compared with {label}, graph to graph "
        f"(`{previous.dump.name if previous else 'previous'}` → `{dump_name(version)}`).",
        "",
        "## Counts",
        "",
        f"| what | {was} | {version} | change |",
        "|---|---:|---:|---:|",
    ]
    counts = [(name, old.count(cls), new.count(cls)) for name, cls in COUNTED]
    counts.append(("triples (data and ontology)", old.triples(), new.triples()))
    lines += [
        f"| {name} | {a} | {b} | {b - a:+d} |" if a != b else f"| {name} | {a} | {b} | 0 |"
        for name, a, b in counts
    ]
    for section in SECTIONS:
        before, after = old.records(section), new.records(section)
        added = [
            (new.title(section, iri, after[iri]), new.summary(section, iri, after[iri]))
            for iri in sorted(set(after) - set(before))
        ]
        removed = [
            (old.title(section, iri, before[iri]), old.summary(section, iri, before[iri]))
            for iri in sorted(set(before) - set(after))
        ]
        changed = []
        for iri in sorted(set(before) & set(after)):
            differences = _differences(old, new, before[iri], after[iri])
            if differences:
                title = new.title(section, iri, after[iri])
                text = f"{_md(title)} (`{new.ident(iri)}`): " + "; ".join(differences)
                changed.append((title, text))
        lines += ["", f"## {section.title}", ""]
        if not (added or removed or changed):
            lines.append("No changes.")
            continue
        lines.append(f"{len(added)} added, {len(removed)} removed, {len(changed)} changed.")
        for heading, items in (("Added", added), ("Removed", removed), ("Changed", changed)):
            if items:
                lines += ["", f"### {heading}", "", *_bullets(items)]
    return "\n".join(lines) + "\n"


# -- the VoID / DCAT description -------------------------------------------------------


def _media(name: str) -> tuple[str, str | None]:
    """(media type, compression) of a file name."""
    for suffix, media in MEDIA_TYPES.items():
        if name.endswith(suffix):
            return media, "application/gzip" if suffix.endswith(".gz") else None
    return "application/octet-stream", None


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(VOID_PREFIXES.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_.-]+", iri[len(namespace) :]):
            return f"{prefix}-{iri[len(namespace) :]}"
    return "iri-" + hashlib.sha256(iri.encode()).hexdigest()[:16]


def _vocabularies(iris: Iterable[str], base: str) -> list[str]:
    """The namespaces of `iris` that are vocabularies (data and code-list IRIs left out)."""
    used = set()
    for iri in iris:
        for prefix, namespace in VOID_PREFIXES.items():
            if prefix not in ("rdf", "xsd") and iri.startswith(namespace):
                used.add(namespace)
    return sorted(ns for ns in used if not ns.startswith(base))


def void_graph(
    store: ox.Store,
    version: str,
    folder: Path,
    previous: Previous | None = None,
    date: str | None = None,
) -> Graph:
    """The VoID + DCAT description of the release in `folder` (its files already written).

    Counts come from SPARQL on `store` (the build's kg.nt); every file under `folder` except
    void.ttl becomes a dcat:Distribution with media type, byte size and SHA-256.
    """
    g = Graph()
    dataset = URIRef(RELEASE_BASE + version)
    base = data_base(store)

    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal(f"{TITLE} {version}", lang="en")))
    g.add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((dataset, OWL.versionInfo, Literal(version)))
    g.add((dataset, DCAT3.version, Literal(version)))
    g.add((dataset, DCTERMS.license, LICENSE))
    g.add(
        (
            dataset,
            DCTERMS.rights,
            Literal(
                "Data: CC BY 4.0. Each source keeps its own terms (see the subsets by source).",
                lang="en",
            ),
        )
    )
    if date:
        g.add((dataset, DCTERMS.issued, Literal(date, datatype=XSD.date)))
    if previous and previous.version:
        g.add((dataset, DCAT3.previousVersion, URIRef(RELEASE_BASE + previous.version)))
    for keyword in KEYWORDS:
        g.add((dataset, DCAT.keyword, Literal(keyword, lang="en")))

    g.add((dataset, VOID.triples, _integer(len(store))))
    # VoID's entities: resources whose IRI is in the dataset's URI space (the data's base IRI)
    entities = _count(
        store,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
        f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {ox.Literal(base)})) }}",
    )
    g.add((dataset, VOID.entities, _integer(entities)))
    for prop, query in (
        (VOID.distinctSubjects, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        (VOID.distinctObjects, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        (VOID.properties, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        (VOID.classes, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"),
    ):
        g.add((dataset, prop, _integer(_count(store, query))))
    g.add((dataset, VOID.uriSpace, Literal(base)))

    classes = _select(
        store,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c",
    )
    properties = _select(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    for row in classes:
        partition = _node(version, "class", _curie(row["c"].value))
        g.add((dataset, VOID.classPartition, partition))
        g.add((partition, RDF.type, VOID.Dataset))
        g.add((partition, VOID["class"], URIRef(row["c"].value)))
        g.add((partition, VOID.entities, _integer(int(row["n"].value))))
    for row in properties:
        partition = _node(version, "property", _curie(row["p"].value))
        g.add((dataset, VOID.propertyPartition, partition))
        g.add((partition, RDF.type, VOID.Dataset))
        g.add((partition, VOID.property, URIRef(row["p"].value)))
        g.add((partition, VOID.triples, _integer(int(row["n"].value))))
    used = [r["c"].value for r in classes] + [r["p"].value for r in properties]
    for namespace in _vocabularies(used, base):
        g.add((dataset, VOID.vocabulary, URIRef(namespace)))

    _source_subsets(g, store, version)
    _distributions(g, folder, version)
    return g


def _node(version: str, *parts: str) -> URIRef:
    """An IRI inside release `version`: a partition, a subset or a file."""
    return URIRef(f"{RELEASE_BASE}{version}/" + "/".join(quote(p, safe="-._~") for p in parts))


def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _source_subsets(g: Graph, store: ox.Store, version: str) -> None:
    """One void:subset per source: the fact nodes derived from it and the source's terms."""
    facts = _select(
        store,
        "SELECT ?source (COUNT(DISTINCT ?fact) AS ?n) WHERE { ?source a sls:Source "
        "OPTIONAL { ?fact prov:wasDerivedFrom|dcterms:source ?source } } GROUP BY ?source",
    )
    details = _select(
        store,
        "SELECT ?source ?p ?o WHERE { ?source a sls:Source "
        "VALUES ?p { dcterms:title dcterms:license schema:url } ?source ?p ?o }",
    )
    dataset = URIRef(RELEASE_BASE + version)
    about: dict[str, list[tuple[str, Term]]] = defaultdict(list)
    for row in details:
        about[row["source"].value].append((row["p"].value, row["o"]))
    for row in facts:
        source = row["source"].value
        subset = _node(version, "source", source.rstrip("/").rsplit("/", 1)[-1])
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, DCTERMS.source, URIRef(source)))
        g.add((subset, VOID.entities, _integer(int(row["n"].value))))
        for prop, value in about[source]:
            if prop == str(DCTERMS.title):
                title = f"Facts derived from: {value.value}"
                g.add((subset, DCTERMS.title, Literal(title)))
            elif prop == str(DCTERMS.license):
                g.add((subset, DCTERMS.license, _rdflib(value)))
            else:
                g.add((subset, RDFS.seeAlso, _rdflib(value)))


def _distributions(g: Graph, folder: Path, version: str) -> None:
    """Every file of the release but void.ttl, with media type, size and SHA-256."""
    dataset = URIRef(RELEASE_BASE + version)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name == "void.ttl":
            continue
        data = path.read_bytes()
        media, compression = _media(name)
        dist = _node(version, *name.split("/"))
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(name)))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        if compression:
            g.add((dist, DCAT.compressFormat, URIRef(IANA + compression)))
        g.add((dist, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, LICENSE))
        checksum = URIRef(f"{dist}#sha256")
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        digest = hashlib.sha256(data).hexdigest()
        g.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
        if name == dump_name(version):
            g.add((dataset, VOID.dataDump, dist))
            g.add((dataset, VOID.feature, FORMATS["N-Triples"]))
        elif name == turtle_name(version):
            g.add((dataset, VOID.feature, FORMATS["Turtle"]))


def void_turtle(graph: Graph, first: URIRef | None = None) -> bytes:
    """Turtle that depends only on the triples: sorted N-Triples re-serialised by Oxigraph.

    Subjects in IRI order (`first` before all others), each with its rdf:type first.
    """

    quads = ox.parse(sorted_ntriples(graph).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rdf_type = str(RDF.type)

    def key(t: ox.Triple) -> tuple:
        s, p = t.subject.value, t.predicate.value
        return (s != str(first), s, p != rdf_type, p, str(t.object))

    triples = sorted((q.triple for q in quads), key=key)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=VOID_PREFIXES)


# -- the release -----------------------------------------------------------------------


def gzip_bytes(data: bytes) -> bytes:
    """gzip with a zero time stamp and no file name, so equal input gives equal output."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buffer.getvalue()


def default_releases_dir() -> Path:
    """`releases/` of the project folder (see kg.config.project_dir)."""
    return project_dir() / "releases"


def make_release(
    version: str,
    build_dir: Path | None = None,
    data_dir: Path | None = None,
    out_dir: Path | None = None,
    previous: str | Path | None = None,
    date: str | None = None,
    force: bool = False,
) -> Path:
    """Write release `version` (N.N.N) of the build in `build_dir` to `out_dir/version`.

    The folder holds the gzipped N-Triples dump, the Turtle file, the curated tables, the
    ontology, `CHANGELOG.md` (against `previous`: a version under `out_dir`, a release folder
    or a dump file; by default the highest version below `version` under `out_dir`) and
    `void.ttl`. `date` (YYYY-MM-DD) becomes dcterms:issued; without it the release holds no
    date, and the same build always gives byte-identical files.

    The folder is written atomically. Raises ReleaseError, with nothing written, when the
    version or date is malformed, the folder exists and `force` is false, the build is
    missing or was not built from `data_dir` as it is now, or the previous release is missing.

    >>> folder = make_release("1.0.0", date="2025-06-30")        # doctest: +SKIP
    >>> folder                                                   # doctest: +SKIP
    PosixPath('/…/releases/1.0.0')
    >>> (folder / "saxony-lifescience-kg-1.0.0.nt.gz").is_file()  # doctest: +SKIP
    True
    >>> make_release("1.1.0", previous="1.0.0")  # changelog against 1.0.0  # doctest: +SKIP
    """
    parse_version(version)
    if date is not None:
        _check_date(date)
    build_dir = Path(build_dir or default_build_dir())
    data_dir = Path(data_dir or default_data_dir())
    out_dir = Path(out_dir or default_releases_dir())
    target = out_dir / version
    if target.exists() and not force:
        raise ReleaseError(
            f"{target} already exists: a release is not overwritten (use --force to replace it)"
        )
    _check_build(build_dir)
    try:
        store = open_store(build_dir)
    except (BuildError, OSError, SyntaxError) as error:
        raise ReleaseError(f"{build_dir / 'kg.nt'}: cannot load: {error}") from None
    _check_build_matches_data(build_dir, data_dir, data_base(store))
    found = resolve_previous(out_dir, version, previous)
    previous_store = _load_dump(found.dump) if found else None
    log = changelog(store, version, previous_store, found, date)

    def fill(staging: Path) -> None:
        nt = (build_dir / "kg.nt").read_bytes()
        (staging / dump_name(version)).write_bytes(gzip_bytes(nt))
        shutil.copyfile(build_dir / "kg.ttl", staging / turtle_name(version))
        (staging / "tables").mkdir()
        names = sorted(t.filename for t in TABLES.values()) + ["README.md"]
        for name in names:  # the tables the loader reads (optional ones may be absent)
            if (data_dir / name).is_file():
                shutil.copyfile(data_dir / name, staging / "tables" / name)
        (staging / "ontology").mkdir()
        for path in sorted((build_dir / "ontology").glob("*.ttl")):
            shutil.copyfile(path, staging / "ontology" / path.name)
        (staging / "CHANGELOG.md").write_text(log, encoding="utf-8")
        void = void_graph(store, version, staging, found, date)
        (staging / "void.ttl").write_bytes(void_turtle(void, URIRef(RELEASE_BASE + version)))

    replace_dir(target, fill)
    return target
