"""A SHACL violation as both validation engines report it."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.term import Node

from kg.rdf.terms import curie

__all__ = ["SH", "Violation", "short"]


SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}{value}"


def short(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    if isinstance(node, URIRef):
        return curie(text) or f"<{text}>"
    return repr(text) if len(text) < 80 else repr(text[:77] + "...")
