"""Small shared rules about IRIs: where an entity lives, and how an IRI is shortened."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from kg.config import PREFIXES

__all__ = ["SEGMENTS", "SEGMENT_OF_TYPE", "curie", "prefix_header"]


SEGMENTS = {"organisations": "org", "people": "person", "places": "place", "events": "event"}
"""Table → IRI segment: an organisation is `{base}org/{id}`, a person `{base}person/{id}`."""

SEGMENT_OF_TYPE = {"organisation": "org", "cluster": "org", "person": "person", "event": "event"}
"""Kind of node in a network → the IRI segment (and site folder) of its page."""


@lru_cache(maxsize=65536)
def curie(iri: str, *, nested: bool = True) -> str | None:
    """`prefix:local` by the project's prefixes (longest namespace first), or None.
    `nested=False` keeps IRIs whose local part has a slash whole (tables stay unambiguous).

    >>> curie("http://www.w3.org/ns/org#Membership")
    'org:Membership'
    >>> curie("https://w3id.org/saxony-lifescience/id/org/abx", nested=False) is None
    True
    """
    for prefix, namespace in _LONGEST_FIRST:
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and (nested or "/" not in local):
            return f"{prefix}:{local}"
    return None


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def prefix_header(prefixes: Mapping[str, str] = PREFIXES) -> str:
    """SPARQL PREFIX declarations, one a line, sorted by prefix.

    >>> prefix_header({"org": "http://www.w3.org/ns/org#"})
    'PREFIX org: <http://www.w3.org/ns/org#>\\n'
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
