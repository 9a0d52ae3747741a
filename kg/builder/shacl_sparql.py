"""Check the SHACL shapes fast: compile ontology/shapes.ttl into SPARQL, run it on Oxigraph.

pySHACL walks the graph in Python: 57 s for 190,000 triples here, minutes for a million.
This module translates the SHACL Core constraints into SPARQL queries that Oxigraph answers
in seconds at a million triples. The shapes file stays the single source of truth: a
constraint this compiler cannot translate is an error, never skipped, and the test suite
checks that it finds the same focus nodes as pySHACL on the curated graph and on broken
variants of it (tests/builder/test_shacl_sparql.py). `kg validate --engine pyshacl` keeps the
reference engine at hand.

Each property constraint becomes one query, so a violation names its focus node, path,
value and message. Constraints nested in sh:or, sh:xone, sh:not and value-level sh:node
become one boolean SPARQL expression ("does this node conform?").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.builder.mapping import nt_term
from kg.builder.report import SH, Violation, short
from kg.rdf.stores import rdflib_term

__all__ = [
    "Batch", "COMPARISONS", "Check", "Compiler", "INERT", "Label", "NODE_KINDS", "QUALIFIED_COUNTS",
    "RDF_TYPE", "TARGETS", "UnsupportedShape", "compile_shapes", "merge", "store_subclasses",
    "validate_store",
]

RDF_TYPE = f"<{RDF.type}>"
# Predicates of a shape that carry no constraint.
INERT = {
    RDF.type,
    RDFS.comment,
    RDFS.label,
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.severity,
    SH.deactivated,
    SH.path,
}
TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
NODE_KINDS = {
    SH.IRI: "isIRI({x})",
    SH.Literal: "isLiteral({x})",
    SH.BlankNode: "isBlank({x})",
    SH.BlankNodeOrIRI: "(isBlank({x}) || isIRI({x}))",
    SH.BlankNodeOrLiteral: "(isBlank({x}) || isLiteral({x}))",
    SH.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))",
}
# Read together with sh:qualifiedValueShape (sh:qualifiedValueShapesDisjoint is not).
QUALIFIED_COUNTS = {SH.qualifiedMinCount, SH.qualifiedMaxCount}
COMPARISONS = {
    SH.minExclusive: ">",
    SH.minInclusive: ">=",
    SH.maxExclusive: "<",
    SH.maxInclusive: "<=",
}


class UnsupportedShape(ValueError):
    """The shapes use a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class Label:
    """What a violation found by a check reports besides its focus node and value. `group`
    names the node shape (reached by sh:node from a target's shape) the check comes from:
    pySHACL reports one result per focus node and such shape, however many of its
    constraints fail, and validate_store counts the same way."""

    path: str
    message: str
    severity: str
    group: str = ""


@dataclass(frozen=True)
class Check:
    """One SPARQL query whose rows are violations: ?f the focus node, ?v the value (if the
    query selects it) and ?k the index of the row's label (if there are several)."""

    query: str
    labels: tuple[Label, ...]

    @property
    def projection(self) -> str:
        return self.query.split("WHERE", 1)[0]


class Batch:
    """Constraints of the four commonest kinds on one target, each kind checked by a single
    query that walks the focus nodes once for all paths (VALUES ... ?k): four queries where
    there were dozens, which halves validation time at a million triples."""

    def __init__(self, target: str):
        self.target = target
        self.rows: dict[str, list[tuple[list[str], Label]]] = {
            "min": [],
            "max": [],
            "class": [],
            "datatype": [],
        }

    def add(self, kind: str, terms: list[str], label: Label) -> None:
        self.rows[kind].append((terms, label))

    def checks(self, subclasses: Callable[[str], list[str]]) -> Iterator[Check]:
        for kind, rows in self.rows.items():
            if rows:
                yield Check(self.query(kind, rows, subclasses), tuple(lb for _, lb in rows))

    def query(self, kind: str, rows: list, subclasses: Callable[[str], list[str]]) -> str:
        paths = " ".join(f"({terms[0]} {k})" for k, (terms, _) in enumerate(rows))
        head = f"WHERE {{ {self.target} VALUES (?p ?k) {{ {paths} }}"
        if kind == "min":
            return f"SELECT ?f ?k {head} FILTER NOT EXISTS {{ ?f ?p ?v }} }}"
        if kind == "max":
            return f"SELECT DISTINCT ?f ?k {head} ?f ?p ?a, ?b FILTER(!sameTerm(?a, ?b)) }}"
        if kind == "class":
            classes = " ".join(
                f"({c} {k})" for k, (terms, _) in enumerate(rows) for c in subclasses(terms[1])
            )
            instance = f"VALUES (?c ?k) {{ {classes} }} ?v {RDF_TYPE} ?c"
            return f"SELECT ?f ?v ?k {head} ?f ?p ?v MINUS {{ {instance} }} }}"
        types = " ".join(f"({a} {b} {k})" for k, ((a, b), _) in enumerate(rows))
        return (
            f"SELECT ?f ?v ?k WHERE {{ {self.target} VALUES (?p ?d ?k) {{ {types} }} "
            "?f ?p ?v FILTER(!isLiteral(?v) || datatype(?v) != ?d) }"
        )


class Compiler:
    """Turns a shapes graph into Checks."""

    def __init__(
        self,
        shapes: Graph,
        subclasses: Callable[[str], list[str]] | None = None,
        has_focus: Callable[[str], bool] = lambda target: True,
    ):
        """`subclasses(C)` lists C and its subclasses (N-Triples IRIs) in the data graph.

        Given, sh:class is checked against that list, three times faster in Oxigraph than
        the equivalent path rdf:type/rdfs:subClassOf*, which is used without it."""
        self.g = shapes
        self.subclasses = subclasses
        # Shapes without focus nodes are skipped: Oxigraph may start a query from its other
        # patterns (all prov:wasDerivedFrom triples, say) even when the target is empty.
        self.has_focus = has_focus
        self.counter = 0

    # -- helpers --------------------------------------------------------------------------
    def fresh(self) -> str:
        self.counter += 1
        return f"?x{self.counter}"

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def one(self, shape: Node, predicate: URIRef) -> Node | None:
        return self.g.value(shape, predicate)

    def constraints(self, shape: Node) -> list[tuple[URIRef, Node]]:
        found = sorted(
            (p, o) for p, o in self.g.predicate_objects(shape) if p not in INERT | TARGETS
        )
        for predicate, _ in found:
            if not str(predicate).startswith(str(SH)):
                raise UnsupportedShape(f"{short(shape)}: unknown predicate {short(predicate)}")
        return found  # type: ignore[return-value]

    def path(self, shape: Node) -> str:
        path = self.one(shape, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShape(f"{short(shape)}: only single-IRI sh:path is supported")
        return nt_term(path)

    def message(self, shape: Node, fallback: str) -> str:
        text = self.one(shape, SH.message)
        return str(text) if text is not None else fallback

    def severity(self, shape: Node) -> str:
        value = self.one(shape, SH.severity)
        return str(value).split("#")[-1] if value is not None else "Violation"

    def active(self, shape: Node) -> bool:
        return self.one(shape, SH.deactivated) != Literal(True)

    # -- "does x conform?" as one SPARQL expression -----------------------------------------
    def conforms(self, shape: Node, x: str) -> str:
        if not self.active(shape):
            return "true"
        if self.one(shape, SH.path) is not None:  # a property shape in sh:or/xone/not/node
            return self.property_conforms(shape, x)
        return self.values_conform(shape, x)

    def values_conform(self, shape: Node, x: str) -> str:
        """Does `x` pass the value-level constraints (and nested property shapes) of `shape`?"""
        parts = []
        for predicate, value in self.constraints(shape):
            if predicate == SH.property:
                parts.append(self.property_conforms(value, x))
            elif predicate not in (SH.minCount, SH.maxCount, SH.uniqueLang):
                parts.append(self.condition(predicate, value, x, shape))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def condition(self, predicate: URIRef, value: Node, x: str, shape: Node) -> str:
        """The SPARQL expression for one value-level constraint component."""
        if predicate == SH.datatype:
            return f"(isLiteral({x}) && datatype({x}) = {nt_term(value)})"
        if predicate == SH["class"]:
            return f"EXISTS {{ {self.instance_of(x, value)} }}"
        if predicate == SH.nodeKind and value in NODE_KINDS:
            return NODE_KINDS[value].format(x=x)
        if predicate == SH.pattern:
            flags = self.one(shape, SH.flags)
            extra = f", {nt_term(str(flags))}" if flags is not None else ""
            return f"(!isBlank({x}) && REGEX(STR({x}), {nt_term(str(value))}{extra}))"
        if predicate == SH.flags:
            return "true"  # read together with sh:pattern
        if predicate in (SH.minLength, SH.maxLength):
            op = ">=" if predicate == SH.minLength else "<="
            return f"(!isBlank({x}) && STRLEN(STR({x})) {op} {int(value)})"
        if predicate in COMPARISONS:
            return f"({x} {COMPARISONS[predicate]} {nt_term(value)})"
        if predicate == SH["in"]:
            terms = [f"sameTerm({x}, {nt_term(item)})" for item in self.items(value)]
            return "(" + " || ".join(terms or ["false"]) + ")"
        if predicate == SH.languageIn:
            ranges = [f"langMatches(lang({x}), {nt_term(str(r))})" for r in self.items(value)]
            return f"(isLiteral({x}) && (" + " || ".join(ranges or ["false"]) + "))"
        if predicate == SH.node:
            return self.conforms(value, x)
        if predicate == SH["not"]:
            return f"!{self.conforms(value, x)}"
        if predicate in (SH["or"], SH["and"]):
            joiner = " || " if predicate == SH["or"] else " && "
            return "(" + joiner.join(self.conforms(s, x) for s in self.items(value)) + ")"
        if predicate == SH.xone:
            counts = " + ".join(f"IF({self.conforms(s, x)}, 1, 0)" for s in self.items(value))
            return f"(({counts}) = 1)"
        raise UnsupportedShape(f"{short(shape)}: {short(predicate)} is not supported")

    def instance_of(self, x: str, cls: Node) -> str:
        if self.subclasses is None:
            return f"{x} {RDF_TYPE}/<{RDFS.subClassOf}>* {nt_term(cls)}"
        c = self.fresh()
        return f"{x} {RDF_TYPE} {c} VALUES {c} {{ {' '.join(self.subclasses(nt_term(cls)))} }}"

    def property_conforms(self, prop: Node, x: str) -> str:
        path, v = self.path(prop), self.fresh()
        parts = [f"NOT EXISTS {{ {x} {path} {v} FILTER(!{self.values_conform(prop, v)}) }}"]
        low, high = self.one(prop, SH.minCount), self.one(prop, SH.maxCount)
        if low is not None and int(low) > 1 or high is not None and int(high) > 1:
            raise UnsupportedShape(f"{short(prop)}: counts above 1 inside sh:or/xone/not")
        if low is not None and int(low) == 1:
            parts.append(f"EXISTS {{ {x} {path} {self.fresh()} }}")
        if high is not None and int(high) == 0:
            parts.append(f"NOT EXISTS {{ {x} {path} {self.fresh()} }}")
        if high is not None and int(high) == 1:
            a, b = self.fresh(), self.fresh()
            parts.append(f"NOT EXISTS {{ {x} {path} {a}, {b} FILTER(!sameTerm({a}, {b})) }}")
        if self.one(prop, SH.uniqueLang) == Literal(True):
            parts.append(self.unique_lang_expression(x, path))
        return "(" + " && ".join(parts) + ")"

    def unique_lang_expression(self, x: str, path: str) -> str:
        a, b = self.fresh(), self.fresh()
        return (
            f"NOT EXISTS {{ {x} {path} {a}, {b} FILTER(!sameTerm({a}, {b}) && "
            f'lang({a}) != "" && lang({a}) = lang({b})) }}'
        )

    # -- targets ---------------------------------------------------------------------------
    def target(self, shape: Node) -> str | None:
        """A group graph pattern binding ?f to each focus node once, or None."""
        branches = []
        for cls in sorted(self.g.objects(shape, SH.targetClass)):
            branches.append(f"?t <{RDFS.subClassOf}>* {nt_term(cls)} . ?f {RDF_TYPE} ?t")
        for p in sorted(self.g.objects(shape, SH.targetSubjectsOf)):
            branches.append(f"?f {nt_term(p)} ?o")
        for p in sorted(self.g.objects(shape, SH.targetObjectsOf)):
            branches.append(f"?o {nt_term(p)} ?f")
        nodes = sorted(self.g.objects(shape, SH.targetNode))
        if nodes:
            branches.append("VALUES ?f { " + " ".join(nt_term(n) for n in nodes) + " }")
        if not branches:
            return None
        union = " UNION ".join(f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT ?f WHERE {{ {union} }} }}"

    # -- checks that report --------------------------------------------------------------
    def checks(self) -> Iterator[Check]:
        shapes = {s for s in self.g.subjects() if any(self.g.objects(s, t) for t in TARGETS)}
        for shape in sorted(shapes, key=str):
            target = self.target(shape)
            if target and self.active(shape) and self.has_focus(target):
                batch = Batch(target) if self.subclasses else None
                yield from self.node_checks(shape, target, set(), batch)
                if batch and self.subclasses:
                    yield from batch.checks(self.subclasses)

    def node_checks(
        self, shape: Node, target: str, seen: set[Node], batch: Batch | None, group: str = ""
    ) -> Iterator[Check]:
        if shape in seen:
            raise UnsupportedShape(f"{short(shape)}: recursive shapes are not supported")
        seen = seen | {shape}
        for predicate, value in self.constraints(shape):
            if predicate == SH.property:
                yield from self.property_checks(value, target, batch, group)
            elif predicate == SH.node and not isinstance(value, BNode):
                yield from self.node_checks(value, target, seen, batch, group or short(value))
            else:
                condition = self.condition(predicate, value, "?f", shape)
                message = self.message(shape, f"does not conform to {short(shape)}")
                yield Check(
                    f"SELECT ?f WHERE {{ {target} FILTER(!{condition}) }}",
                    (Label("", message, self.severity(shape), group),),
                )

    def property_checks(
        self, prop: Node, target: str, batch: Batch | None, group: str = ""
    ) -> Iterator[Check]:
        if not self.active(prop):
            return
        path, severity = self.path(prop), self.severity(prop)

        def label(fallback: str) -> Label:
            return Label(path, self.message(prop, fallback), severity, group)

        def check(query: str, fallback: str) -> Check:
            return Check(query, (label(fallback),))

        for predicate, value in self.constraints(prop):
            if predicate == SH.minCount and int(value) == 1 and batch:
                batch.add("min", [path], label("needs a value"))
            elif predicate == SH.minCount and int(value) > 0:
                yield check(
                    self.min_count(target, path, int(value)), f"needs at least {value} value(s)"
                )
            elif predicate == SH.maxCount and int(value) == 1 and batch:
                batch.add("max", [path], label("has more than 1 value"))
            elif predicate == SH.maxCount:
                yield check(
                    self.max_count(target, path, int(value)), f"has more than {value} value(s)"
                )
            elif predicate == SH.uniqueLang:
                if value == Literal(True):
                    unique = self.unique_lang_expression("?f", path)
                    query = f"SELECT ?f WHERE {{ {target} FILTER(!{unique}) }}"
                    yield check(query, "has two values in the same language")
            elif predicate == SH["class"] and batch:
                batch.add("class", [path, nt_term(value)], label(f"value is not a {short(value)}"))
            elif predicate == SH.datatype and batch:
                fallback = f"value is not a literal of type {short(value)}"
                batch.add("datatype", [path, nt_term(value)], label(fallback))
            elif predicate == SH.qualifiedValueShape:
                yield check(self.qualified(prop, target, path, value), "too few qualified values")
            elif predicate in QUALIFIED_COUNTS:
                continue  # read together with sh:qualifiedValueShape
            elif predicate != SH.minCount:
                condition = self.condition(predicate, value, "?v", prop)
                yield check(
                    f"SELECT ?f ?v WHERE {{ {target} ?f {path} ?v FILTER(!{condition}) }}",
                    f"value does not satisfy {short(predicate)} {short(value)}",
                )

    def qualified(self, prop: Node, target: str, path: str, shape: Node) -> str:
        """sh:qualifiedMinCount: at least n values conform to the qualified value shape (a
        fact cites a source even where ORG derives a renamed organisation from the old one)."""
        low, high = self.one(prop, SH.qualifiedMinCount), self.one(prop, SH.qualifiedMaxCount)
        if high is not None or low is None:
            raise UnsupportedShape(f"{short(prop)}: only sh:qualifiedMinCount is supported")
        v = self.fresh()
        matching = f"?f {path} {v} FILTER({self.conforms(shape, v)})"
        if int(low) <= 1:
            return f"SELECT ?f WHERE {{ {target} FILTER NOT EXISTS {{ {matching} }} }}"
        return (
            f"SELECT ?f WHERE {{ {target} OPTIONAL {{ {matching} }} }} "
            f"GROUP BY ?f HAVING (COUNT(DISTINCT {v}) < {int(low)})"
        )

    # Each form below was the fastest of several measured in Oxigraph at 190,000 triples.
    @staticmethod
    def min_count(target: str, path: str, low: int) -> str:
        if low == 1:
            return f"SELECT ?f WHERE {{ {target} FILTER NOT EXISTS {{ ?f {path} ?v }} }}"
        return (
            f"SELECT ?f WHERE {{ {target} OPTIONAL {{ ?f {path} ?v }} }} "
            f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) < {low})"
        )

    @staticmethod
    def max_count(target: str, path: str, high: int) -> str:
        if high == 0:  # one violation per focus node, as for any maxCount (and in pySHACL)
            return f"SELECT DISTINCT ?f WHERE {{ {target} ?f {path} ?v }}"
        if high == 1:
            pair = f"?f {path} ?a, ?b FILTER(!sameTerm(?a, ?b))"
            return f"SELECT DISTINCT ?f WHERE {{ {target} {pair} }}"
        return (
            f"SELECT ?f WHERE {{ {target} {{ SELECT ?f WHERE {{ ?f {path} ?v }} "
            f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) > {high}) }} }}"
        )


def compile_shapes(
    shapes: Graph,
    subclasses: Callable[[str], list[str]] | None = None,
    has_focus: Callable[[str], bool] = lambda target: True,
) -> list[Check]:
    """Every check of `shapes`; raises UnsupportedShape for what cannot be translated."""
    return list(Compiler(shapes, subclasses, has_focus).checks())


def store_subclasses(store: ox.Store) -> Callable[[str], list[str]]:
    """C and its subclasses in `store`, for Compiler."""

    def subclasses(cls: str) -> list[str]:
        # Named classes only: a blank node (an OWL class expression, as in PROV-O and ORG)
        # cannot be written in VALUES, and a reasoner gives its instances the named class too.
        rows = store.query(
            f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* {cls} FILTER(isIRI(?c)) }}"
        )
        return sorted(str(row["c"]) for row in rows)

    return subclasses


def validate_store(store: ox.Store, shapes: Graph) -> list[Violation]:
    """Every violation of `shapes` in `store` (its default graph), sorted and distinct."""
    found: set[Violation] = set()
    grouped: dict[tuple[str, str], set[Violation]] = {}

    def has_focus(target: str) -> bool:
        return bool(store.query(f"ASK {{ {target} }}"))

    for check in compile_shapes(shapes, store_subclasses(store), has_focus):
        with_value, with_key = "?v" in check.projection, "?k" in check.projection
        for row in store.query(check.query):
            label = check.labels[int(row["k"].value) if with_key else 0]
            violation = Violation(
                focus=short(rdflib_term(row["f"])),
                path=short(URIRef(label.path.strip("<>"))) if label.path else "",
                message=label.message,
                value=short(rdflib_term(row["v"]) if with_value and row["v"] else None),
                severity=label.severity,
            )
            if label.group:
                grouped.setdefault((violation.focus, label.group), set()).add(violation)
            else:
                found.add(violation)
    found.update(merge(sorted(parts)) for parts in grouped.values())
    return sorted(found)


def merge(parts: list[Violation]) -> Violation:
    """One violation for the failed constraints of one node shape on one focus node: the
    constraint's own if only one failed, else all messages in one (as pySHACL's sh:detail)."""
    if len(parts) == 1:
        return parts[0]
    messages = (f"{p.path}: {p.message}" if p.path else p.message for p in parts)
    message = "; ".join(dict.fromkeys(messages))  # each once, in order
    return Violation(parts[0].focus, "", message, "", parts[0].severity)
