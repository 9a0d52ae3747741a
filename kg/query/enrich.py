"""`kg enrich`: fetch labels, coordinates, founding dates, websites and official names for
entities with a Wikidata or ROR identifier from a Wikidata-style SPARQL endpoint.

Results go into a separate table for review (data/enriched/wikidata.csv), with the endpoint
and the retrieval date as their source; they are never merged over curated facts. Values
that disagree with curated ones are listed in data/enriched/conflicts.csv for a curator.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.config import default_build_dir, project_dir
from kg.query.engines import EndpointError, run_on_endpoint
from kg.query.results import Results, json_term, term_from_json
from kg.rdf.stores import open_store, select

__all__ = [
    "BATCH", "COLUMNS", "Client", "ENTITIES", "PREFIXES", "PROPERTIES", "Report", "WIKIDATA",
    "default_cache_dir", "default_out_dir", "enrich", "facts_for", "qids_for_ror",
]

WIKIDATA = "https://query.wikidata.org/sparql"
BATCH = 50
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
PROPERTIES = {
    "label": "rdfs:label",
    "inception": "wdt:P571",
    "website": "wdt:P856",
    "coordinates": "wdt:P625",
    "official-name": "wdt:P1448",
}
COLUMNS = [
    "entity",
    "scheme",
    "identifier",
    "wikidata",
    "property",
    "value",
    "language",
    "datatype",
    "endpoint",
    "retrieved",
]

ENTITIES = """
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?entity ?scheme ?value ?label ?founded ?homepage WHERE {
  ?entity schema:identifier [ schema:propertyID ?scheme ; schema:value ?value ] ;
          rdfs:label ?label .
  FILTER(?scheme IN ("wikidata", "ror"))
  OPTIONAL { ?entity schema:foundingDate ?founded }
  OPTIONAL { ?entity foaf:homepage ?homepage }
}
ORDER BY ?entity ?scheme ?value
"""


@dataclass
class Report:
    rows: list[dict[str, str]] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    requests: int = 0
    cached: int = 0


class Client:
    """Batched, cached, retried SELECT queries against one endpoint."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 30,
        retries: int = 3,
        cache_dir: Path | None = None,
        pause: float = 1.0,
    ):
        self.endpoint, self.timeout, self.retries = endpoint, timeout, retries
        self.cache_dir, self.pause = cache_dir, pause  # None: no cache
        self.requests = self.cached = 0

    def _cache_path(self, text: str) -> Path | None:
        if self.cache_dir is None:
            return None
        # "v2": bindings as SPARQL JSON writes them ("xml:lang"); older files wrote "lang"
        key = hashlib.sha256(f"v2\n{self.endpoint}\n{text}".encode()).hexdigest()
        return self.cache_dir / f"{key}.json"

    def select(self, text: str) -> list[dict[str, ox.Term]]:
        path = self._cache_path(text)
        if path and path.is_file():
            self.cached += 1
            return [
                {k: term_from_json(v) for k, v in row.items()}
                for row in json.loads(path.read_text(encoding="utf-8"))
            ]
        rows = self._fetch(text).rows
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = [{k: json_term(v) for k, v in row.items() if v is not None} for row in rows]
            path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), "utf-8")
        return [{k: v for k, v in row.items() if v is not None} for row in rows]

    def _fetch(self, text: str) -> Results:
        for attempt in range(1, self.retries + 1):
            self.requests += 1
            try:
                return run_on_endpoint(self.endpoint, text, self.timeout)
            except EndpointError as error:
                if attempt == self.retries or "not a SPARQL result" in str(error):
                    raise
                time.sleep(self.pause * attempt)  # back off before asking again
        raise AssertionError("unreachable")


def _batches(items: list[str]) -> list[list[str]]:
    return [items[i : i + BATCH] for i in range(0, len(items), BATCH)]


def qids_for_ror(client: Client, rors: list[str]) -> dict[str, str]:
    """ROR id → Wikidata QID (property P6782)."""
    found: dict[str, str] = {}
    for batch in _batches(sorted(set(rors))):
        values = " ".join(str(ox.Literal(r)) for r in batch)
        text = (
            f"{PREFIXES}SELECT ?item ?ror WHERE {{ VALUES ?ror {{ {values} }} "
            "?item wdt:P6782 ?ror . } ORDER BY ?ror ?item"
        )
        for row in client.select(text):
            found.setdefault(row["ror"].value, row["item"].value.rsplit("/", 1)[-1])
    return found


def facts_for(client: Client, qids: list[str]) -> list[dict[str, ox.Term]]:
    rows: list[dict[str, ox.Term]] = []
    for batch in _batches(sorted(set(qids))):
        values = " ".join(f"wd:{q}" for q in batch)
        unions = " UNION ".join(
            f'{{ ?item {prop} ?value . BIND("{name}" AS ?property) }}'
            for name, prop in PROPERTIES.items()
        )
        text = (
            f"{PREFIXES}SELECT ?item ?property ?value WHERE {{ VALUES ?item {{ {values} }} "
            f'{unions} FILTER(!isLiteral(?value) || lang(?value) IN ("", "de", "en")) }}'
            " ORDER BY ?item ?property ?value"
        )
        rows.extend(client.select(text))
    return rows


def _conflicts(entity: dict[str, str], prop: str, value: ox.Term) -> str | None:
    """The curated value when the enriched one disagrees with it, else None.

    Founding dates are compared by year only: Wikidata writes a year as YYYY-01-01.
    """
    curated = {"inception": entity.get("founded"), "website": entity.get("homepage")}.get(prop)
    if not curated:
        return None
    if prop == "inception":
        return curated if value.value.lstrip("+")[:4] != curated[:4] else None
    return curated if value.value.rstrip("/") != curated.rstrip("/") else None


def default_out_dir() -> Path:
    """`data/enriched/` of the project folder: values for review, never the curated data."""
    return project_dir() / "data" / "enriched"


def default_cache_dir() -> Path:
    """`.kg-cache/enrich/` of the project folder."""
    return project_dir() / ".kg-cache" / "enrich"


def enrich(
    endpoint: str = WIKIDATA,
    *,
    build_dir: Path | None = None,
    out_dir: Path | None = None,
    client: Client | None = None,
    retrieved: str | None = None,
) -> Report:
    """Fetch and write data/enriched/wikidata.csv and conflicts.csv; returns a Report.

    >>> report = enrich("http://127.0.0.1:7878/query")  # doctest: +SKIP
    >>> len(report.rows), report.not_found              # doctest: +SKIP
    """
    client = client or Client(endpoint)
    retrieved = retrieved or dt.date.today().isoformat()
    out_dir = out_dir or default_out_dir()
    entities = select(open_store(build_dir or default_build_dir()), ENTITIES)
    ror_qids = qids_for_ror(client, [e["value"] for e in entities if e["scheme"] == "ror"])
    wanted: dict[str, list[dict[str, str]]] = {}
    report = Report()
    for entity in entities:
        qid = entity["value"] if entity["scheme"] == "wikidata" else ror_qids.get(entity["value"])
        if qid is None:
            report.not_found.append(f"{entity['entity']} (ror {entity['value']})")
            continue
        wanted.setdefault(qid, []).append(entity)
    seen_items: set[str] = set()
    for row in facts_for(client, list(wanted)):
        qid = row["item"].value.rsplit("/", 1)[-1]
        seen_items.add(qid)
        for entity in wanted.get(qid, []):
            _record(report, entity, qid, row, endpoint, retrieved)
    for qid in sorted(set(wanted) - seen_items):
        report.not_found.extend(f"{e['entity']} (wikidata {qid})" for e in wanted[qid])
    report.rows = _unique(report.rows)
    report.conflicts = _unique(report.conflicts)
    report.requests, report.cached = client.requests, client.cached
    _write(out_dir, report)
    return report


def _record(
    report: Report, entity: dict, qid: str, row: dict, endpoint: str, retrieved: str
) -> None:
    value, prop = row["value"], row["property"].value
    literal = isinstance(value, ox.Literal)
    report.rows.append(
        {
            "entity": entity["entity"],
            "scheme": entity["scheme"],
            "identifier": entity["value"],
            "wikidata": qid,
            "property": prop,
            "value": value.value,
            "language": (value.language or "") if literal else "",
            "datatype": value.datatype.value if literal and not value.language else "",
            "endpoint": endpoint,
            "retrieved": retrieved,
        }
    )
    curated = _conflicts(entity, prop, value)
    if curated is not None:
        report.conflicts.append(
            {
                "entity": entity["entity"],
                "property": prop,
                "curated": curated,
                "enriched": value.value,
                "endpoint": endpoint,
                "retrieved": retrieved,
            }
        )


def _unique(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(
        {json.dumps(r, sort_keys=True): r for r in rows}.values(), key=lambda r: tuple(r.values())
    )


def _write(out_dir: Path, report: Report) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows, columns in (
        ("wikidata.csv", report.rows, COLUMNS),
        (
            "conflicts.csv",
            report.conflicts,
            ["entity", "property", "curated", "enriched", "endpoint", "retrieved"],
        ),
    ):
        with (out_dir / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
