"""`kg synth`: a synthetic ecosystem in exactly the curated tables' format, for scale tests.

Everything is plainly synthetic ("Synthetic Org 00017", sources under example.org) and the
same seed gives the same files. Degrees are skewed like real ecosystems: organisations are
picked with Zipf-like weights and people hold a Pareto-distributed number of roles, so a few
hubs carry many ties and most nodes few. `--orgs 16000` gives about a million triples.
"""

from __future__ import annotations

import csv
import io
import random
from itertools import accumulate
from pathlib import Path

from kg.curate.fmt import canonical_text
from kg.curate.tables import TABLES

__all__ = [
    "EVENT_KINDS", "EVENT_ROLES", "KINDS", "PEOPLE_PER_ORGANISATION", "PERSON_ROLES", "SECTORS",
    "generate", "synth", "write",
]

KINDS = (
    ("company", 60),
    ("research-institute", 10),
    ("university", 3),
    ("hospital", 3),
    ("public-body", 5),
    ("association", 6),
    ("cluster", 4),
    ("cluster-management-company", 2),
    ("innovation-centre", 4),
    ("unit", 3),
)
SECTORS = (
    "biotechnology",
    "medical-technology",
    "health-economy",
    "pharmaceuticals",
    "diagnostics",
    "contract-research",
    "research",
)
PERSON_ROLES = (
    "managing-director",
    "ceo",
    "board-member",
    "board-chair",
    "employee",
    "head",
    "representative",
    "founder",
    "institute-director",
    "member",
)
PEOPLE_PER_ORGANISATION = 1.75  # with the rest, --orgs 16000 gives about a million triples
EVENT_KINDS = ("forum", "meeting", "trade-fair", "signing", "visit-day")
EVENT_ROLES = ("speaker", "participant", "organiser", "host", "exhibitor", "guest")


class _Picker:
    """Draws items with Zipf-like weights 1/rank^s: a few hubs, a long tail."""

    def __init__(self, items: list[str], rng: random.Random, s: float = 0.9):
        self.items, self.rng = items, rng
        self.cumulative = list(accumulate(1 / (rank + 1) ** s for rank in range(len(items))))

    def pick(self) -> str:
        return self.rng.choices(self.items, cum_weights=self.cumulative)[0]


def _slug(prefix: str, number: int) -> str:
    return f"synthetic-{prefix}-{number:05d}"


def _date(rng: random.Random, first: int = 1950, last: int = 2025) -> str:
    year = rng.randint(first, last)
    precision = rng.random()
    if precision < 0.4:
        return str(year)
    if precision < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(orgs: int, seed: int = 42) -> dict[str, list[dict[str, str]]]:
    """The synthetic tables: table name → rows (column → text)."""
    rng = random.Random(seed)
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in TABLES}
    n_sources, n_places = max(5, orgs // 40), max(5, min(400, orgs // 20))
    sources = [_slug("source", i) for i in range(1, n_sources + 1)]
    for sid in sources:
        tables["sources"].append(
            {
                "id": sid,
                "title": f"Synthetic source {sid[-5:]}",
                "url": f"https://example.org/synthetic/{sid}",
                "publisher": "Synthetic Publisher",
                "published": _date(rng),
                "note": "synthetic",
            }
        )
    cite = _Picker(sources, rng)
    places = [_slug("city", i) for i in range(1, n_places + 1)]
    for pid in places:
        tables["places"].append(
            {
                "id": pid,
                "name": f"Synthetic City {pid[-5:]}",
                "kind": "city",
                "sources": cite.pick(),
            }
        )
    city = _Picker(places, rng, 1.0)
    kinds = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS], k=orgs)
    org_ids = [_slug("org", i) for i in range(1, orgs + 1)]
    for oid, kind in zip(org_ids, kinds, strict=True):
        tables["organisations"].append(
            {
                "id": oid,
                "name": f"Synthetic Org {oid[-5:]}",
                "kind": kind,
                "place": city.pick(),
                "founded": _date(rng),
                "sectors": "|".join(sorted(rng.sample(SECTORS, 2))),
                "sources": "|".join(sorted({cite.pick(), cite.pick()})),
            }
        )
    org = _Picker(org_ids, rng)
    clusters = [o for o, k in zip(org_ids, kinds, strict=True) if k == "cluster"]
    _people(tables, rng, org, cite, orgs)
    _clusters(tables, rng, org, cite, clusters)
    _relations(tables, rng, org_ids, kinds, cite)
    _events(tables, rng, org, cite, orgs, places)
    return tables


def _people(tables, rng, org: _Picker, cite: _Picker, orgs: int) -> None:
    seen: set[tuple[str, str, str]] = set()
    for i in range(1, int(orgs * PEOPLE_PER_ORGANISATION) + 1):
        pid = _slug("person", i)
        tables["people"].append(
            {
                "id": pid,
                "given_name": "Synthetic",
                "family_name": f"Person {i:05d}",
                "honorific_prefix": rng.choice(("", "", "Dr.", "Prof.")),
                "sources": cite.pick(),
            }
        )
        roles = min(40, int(rng.paretovariate(1.6)))  # most 1–2, a few hubs with many
        for _ in range(roles):
            key = (pid, org.pick(), rng.choice(PERSON_ROLES))
            if key in seen:
                continue
            seen.add(key)
            start = _date(rng, 1990, 2025) if rng.random() < 0.6 else ""
            tables["memberships"].append(
                {
                    "member": key[0],
                    "organisation": key[1],
                    "role": key[2],
                    "start": start,
                    "sources": cite.pick(),
                }
            )


def _clusters(tables, rng, org: _Picker, cite: _Picker, clusters: list[str]) -> None:
    for cluster in clusters:
        members = {org.pick() for _ in range(rng.randint(3, 15))} - {cluster}
        for member in sorted(members):
            tables["memberships"].append(
                {
                    "member": member,
                    "organisation": cluster,
                    "role": rng.choice(("founding-member", "member")),
                    "sources": cite.pick(),
                }
            )


def _relations(tables, rng, org_ids: list[str], kinds: list[str], cite: _Picker) -> None:
    companies = [o for o, k in zip(org_ids, kinds, strict=True) if k == "company"]
    for index, company in enumerate(companies[1:], start=1):
        if rng.random() < 0.25:  # owned by an earlier company: chains, never cycles
            owner = companies[rng.randrange(index)]
            relation = rng.choice(("owned-by", "subsidiary-of", "part-of-group"))
            share = f"{rng.choice((25.1, 50, 74.9, 100))}" if relation == "owned-by" else ""
            tables["relations"].append(
                {
                    "subject": company,
                    "relation": relation,
                    "object": owner,
                    "share": share,
                    "sources": cite.pick(),
                }
            )


def _events(tables, rng, org: _Picker, cite: _Picker, orgs: int, places: list[str]) -> None:
    people = [p["id"] for p in tables["people"]]
    for i in range(1, max(2, orgs // 20) + 1):
        eid = _slug("event", i)
        tables["events"].append(
            {
                "id": eid,
                "name": f"Synthetic Event {i:05d}",
                "kind": rng.choice(EVENT_KINDS),
                "start": _date(rng, 2000),
                "place": rng.choice(places),
                "sources": cite.pick(),
            }
        )
        seen = set()
        for _ in range(rng.randint(2, 12)):
            agent = org.pick() if rng.random() < 0.5 else rng.choice(people)
            role = rng.choice(EVENT_ROLES)
            if (agent, role) not in seen:
                seen.add((agent, role))
                tables["participations"].append(
                    {"event": eid, "participant": agent, "role": role, "sources": cite.pick()}
                )


def write(tables: dict[str, list[dict[str, str]]], out: Path) -> list[Path]:
    """Write each table in canonical form (the format `kg fmt` keeps)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        if not rows:
            continue
        table = TABLES[name]
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=[c.name for c in table.columns], lineterminator="\n", restval=""
        )
        writer.writeheader()
        writer.writerows(rows)
        path = out / table.filename
        path.write_text(canonical_text(table, buffer.getvalue()), encoding="utf-8")
        written.append(path)
    return written


def synth(orgs: int, out: Path, seed: int = 42) -> list[Path]:
    """Generate and write a synthetic ecosystem of `orgs` organisations.

    >>> synth(200, Path("/tmp/synthetic"))  # doctest: +SKIP
    """
    if orgs < 1:
        raise ValueError("--orgs must be at least 1")
    return write(generate(orgs, seed), Path(out))
