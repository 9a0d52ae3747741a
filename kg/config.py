"""Namespaces, default locations and the base IRI of the knowledge graph."""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Namespace

from kg.resources import shipped

__all__ = [
    "DEFAULT_BASE_IRI", "ONTOLOGY_DIR", "ONTOLOGY_IRI", "ORG", "PREFIXES", "PROJECT_MARKER",
    "PROV", "SCHEMA", "SLS", "TIME", "VOCAB", "base_iri", "default_build_dir", "default_data_dir",
    "default_site_dir", "project_dir",
]

# The ontology, shapes and vocabularies ship inside the package (see kg/resources.py).
ONTOLOGY_DIR = shipped("ontology")

# Marks a project folder: the one `kg` commands work in when no folder is named.
PROJECT_MARKER = Path("data") / "sources.csv"

ONTOLOGY_IRI = "https://w3id.org/saxony-lifescience/ontology"
SLS = Namespace(ONTOLOGY_IRI + "#")
VOCAB = "https://w3id.org/saxony-lifescience/vocab/"
DEFAULT_BASE_IRI = "https://w3id.org/saxony-lifescience/id/"

ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES: dict[str, str] = {
    "sls": str(SLS),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": DEFAULT_BASE_IRI,
    "role": VOCAB + "role/",
    "sector": VOCAB + "sector/",
}


def project_dir(start: Path | None = None) -> Path:
    """The folder that `data/`, `build/` and `site/` default to: the nearest one from `start`
    (the working folder) upwards that holds `data/sources.csv`, as git looks for `.git`;
    the working folder itself when there is none. Never the package's own checkout: a
    curator with a copy of the data must get their data, or a clear error."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_MARKER).is_file():
            return folder
    return here


def default_data_dir() -> Path:
    """`data/` of the project folder (see `project_dir`)."""
    return project_dir() / "data"


def default_build_dir() -> Path:
    """$KG_BUILD_DIR, else `build/` of the project folder (see `project_dir`)."""
    explicit = os.environ.get("KG_BUILD_DIR")
    return Path(explicit) if explicit else project_dir() / "build"


def default_site_dir() -> Path:
    """`site/` of the project folder (see `project_dir`)."""
    return project_dir() / "site"


def base_iri(explicit: str | None = None) -> str:
    """The base IRI for data resources: explicit value, else $KG_BASE_IRI, else the default."""
    base = explicit or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE_IRI
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"base IRI must start with http:// or https://, got {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"
