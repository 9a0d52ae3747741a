"""The catalogue of named SPARQL queries in queries/*.rq and their YAML headers.

A header is a block of `#+ ` comment lines at the top of the file (grlc style):

    #+ summary: Founders of a cluster
    #+ description: Who founded the cluster ...
    #+ params:
    #+   cluster: {type: org, required: true, default: nuklid, description: ...}
    #+ columns: [founder, founderName, role, organisation, organisationName, sources]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.resources import shipped

__all__ = [
    "CatalogueError", "NamedQuery", "PARAM_TYPES", "Param", "QUERIES_DIR", "catalogue",
    "read_query", "resolve",
]

QUERIES_DIR = shipped("queries")
PARAM_TYPES = {
    "org",
    "person",
    "place",
    "event",
    "entity",
    "iri",
    "string",
    "integer",
    "date",
    "org-kind",
    "role",
    "sector",
    "event-kind",
}


class CatalogueError(ValueError):
    """A query file or its header is malformed, or a query name is unknown."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = field(default_factory=tuple)
    store: str = "disk"
    """Where `kg query` runs it on a build: "disk" (opens in milliseconds) or "memory"
    (loads kg.nt first; for heavy joins, where that pays off: see bench/results.md)."""
    precompute: bool = False
    """The build answers it without parameters and `kg query` reads that answer (kg.query.answers):
    for whole-graph queries that take a store longer than anyone should wait."""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    return "\n".join(lines)


def _params(raw: object, path: Path) -> tuple[Param, ...]:
    if not raw:
        return ()
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path}: 'params' must be a mapping of name → settings")
    params = []
    for name, spec in raw.items():
        spec = spec or {}
        kind = spec.get("type", "string")
        if kind not in PARAM_TYPES:
            raise CatalogueError(
                f"{path}: parameter {name!r} has unknown type {kind!r}; "
                f"use one of {', '.join(sorted(PARAM_TYPES))}"
            )
        default = spec.get("default")
        params.append(
            Param(
                str(name),
                kind,
                bool(spec.get("required", False)),
                None if default is None else str(default),
                str(spec.get("description", "")),
            )
        )
    return tuple(params)


def read_query(path: Path) -> NamedQuery:
    """A query file with its header; a file without header is a query without parameters."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: cannot read: {error}") from None
    try:
        header = yaml.safe_load(_header(text)) or {}
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: malformed #+ header: {error}") from None
    if not isinstance(header, dict):
        raise CatalogueError(f"{path}: the #+ header must be a YAML mapping")
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(header.get("summary", "")),
        description=str(header.get("description", "")),
        params=_params(header.get("params"), path),
        columns=tuple(str(c) for c in header.get("columns") or ()),
        store=_store(header.get("store", "disk"), path),
        precompute=_precompute(header.get("precompute", False), path, header.get("params")),
    )


def _precompute(value: object, path: Path, params: object) -> bool:
    if not isinstance(value, bool):
        raise CatalogueError(f"{path}: #+ precompute must be true or false, not {value!r}")
    if value and any((spec or {}).get("required") for spec in (params or {}).values()):
        raise CatalogueError(f"{path}: #+ precompute needs a query that runs without parameters")
    return value


def _store(value: object, path: Path) -> str:
    if value not in ("disk", "memory"):
        raise CatalogueError(f"{path}: #+ store must be disk or memory, not {value!r}")
    return str(value)


def catalogue(queries_dir: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query, by name, in name order."""
    return {p.stem: read_query(p) for p in sorted(queries_dir.glob("*.rq"))}


def resolve(name_or_path: str, queries_dir: Path = QUERIES_DIR) -> NamedQuery:
    """A catalogue query by name, or a user's .rq file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise CatalogueError(f"query file not found: {name_or_path}")
        return read_query(path)
    named = queries_dir / f"{name_or_path}.rq"
    if not named.is_file():
        known = ", ".join(catalogue(queries_dir))
        raise CatalogueError(f"unknown query {name_or_path!r}; the catalogue has: {known}")
    return read_query(named)
