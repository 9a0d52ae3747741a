"""IRI segments of entity types: the one rule for where an entity lives."""

from __future__ import annotations

__all__ = ["SEGMENTS"]


SEGMENTS = {"organisations": "org", "people": "person", "places": "place", "events": "event"}
