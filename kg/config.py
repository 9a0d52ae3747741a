"""Namespaces, default locations and the base IRI of the knowledge graph."""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Namespace

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
ONTOLOGY_DIR = ROOT / "ontology"
BUILD_DIR = ROOT / "build"

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


def base_iri(explicit: str | None = None) -> str:
    """The base IRI for data resources: explicit value, else $KG_BASE_IRI, else the default."""
    base = explicit or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE_IRI
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"base IRI must start with http:// or https://, got {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"
