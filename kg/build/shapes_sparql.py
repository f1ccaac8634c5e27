"""SHACL Core shapes run as SPARQL on Oxigraph, for imports too large for pySHACL (a whole
SIPRI register: 1.7M triples, minutes in pySHACL, seconds here).

Each constraint of ``ontology/shapes.ttl`` becomes one query that returns the focus nodes
breaking it; a node shape's targets are the nodes it targets (``sh:targetClass`` with
``rdfs:subClassOf*``, ``sh:targetSubjectsOf``) that are subjects in the checked graph, and
values are read from the whole dataset, as pySHACL reads the union. The components compiled
are those the shapes use (:data:`COMPONENTS`); a shape with any other component raises
:class:`UnsupportedShape`, and the build then runs pySHACL instead. ``tests/test_import_checks.py``
holds the two to the same verdict on every shape example and on the seeds (as built, and with
a real node made to break a shape). pyrudof (0.3.35, a Rust SHACL engine) was measured as a
replacement and kept out: it agrees on every example, but on a 40,000-row register it took
191 s and 20 GB where these queries take 30 s (README, "SHACL for imports").

The query text is generated from the shapes file (a project file, never user input), with
every term written by rdflib's ``n3()``.

>>> from rdflib import Graph
>>> from kg.paths import project_paths
>>> shapes = Graph().parse(project_paths().shapes_file)
>>> len(compile_shapes(shapes)) > 100
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from kg.namespaces import prefixed

__all__ = ["COMPONENTS", "Check", "UnsupportedShape", "compile_shapes", "violations"]

# What a shape may say besides its constraints (read by nothing here).
_INERT = {RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.message, SH.severity, SH.order}
_TARGETS = {SH.targetClass, SH.targetSubjectsOf}
COMPONENTS = {
    SH.property, SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"],
    SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.pattern, SH.flags,
    SH.minLength, SH.maxLength, SH.lessThan, SH.hasValue, SH["or"], SH["and"], SH["not"],
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
}  # fmt: skip
# Lexical forms pySHACL (through rdflib) accepts for the datatypes the shapes use.
_LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^(\+?[0-9]+|-0+)$",
    XSD.positiveInteger: r"^\+?0*[1-9][0-9]*$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.date: r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYearMonth: r"^-?[0-9]{4,}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
CHECKED = "<urn:kg:checked-graph>"  # stands for the graph checked, in the compiled queries
# Oxigraph stores the integer types derived from xsd:integer as xsd:integer (a quirk of its
# encoding), so a derived type is checked as an integer in its range.
_INTEGER_BOUNDS = {XSD.nonNegativeInteger: ">= 0", XSD.positiveInteger: ">= 1"}
_INTEGER_BOUNDS |= {XSD.nonPositiveInteger: "<= 0", XSD.negativeInteger: "<= -1"}
_KINDS = {SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})"}
_KINDS |= {SH.BlankNodeOrIRI: "!isLiteral({v})", SH.IRIOrLiteral: "!isBlank({v})"}
_KINDS |= {SH.BlankNodeOrLiteral: "!isIRI({v})"}


class UnsupportedShape(ValueError):
    """A shape uses a component this module does not compile: validate with pySHACL."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query: the focus nodes it selects break it."""

    shape: str
    path: str
    component: str
    query: str

    def line(self, focus: str) -> str:
        """A report line like the build's pySHACL report: focus, path, what is broken."""
        return f"{prefixed(focus)}  {self.path}  breaks {self.component} of {self.shape}"


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.names = (f"?v{n}" for n in itertools.count())

    def var(self) -> str:
        return next(self.names)

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    def one(self, node: Node, predicate: URIRef) -> Node:
        value = self.shapes.value(node, predicate)
        if value is None:
            raise UnsupportedShape(f"{node}: {predicate} has no value")
        return value

    def paths_in(self, node: Node) -> str:
        """The paths of the property shapes nested in ``node`` (for a report line), or ``-``."""
        seen, todo, paths = set(), [node], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for predicate, value in self.shapes.predicate_objects(current):
                if predicate == SH.path:
                    paths.add(prefixed(str(value)))
                else:
                    todo.append(value)
        return ", ".join(sorted(paths)) or "-"

    def is_of(self, v: str, cls: Node) -> str:
        return f"EXISTS {{ {v} {RDF.type.n3()}/{RDFS.subClassOf.n3()}* {cls.n3()} }}"

    def node(self, shape: Node, v: str) -> str:
        """A SPARQL expression, true when the term in ``v`` conforms to ``shape``."""
        parts = [expression for _, _, expression in self.node_parts(shape, v)]
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def node_parts(self, shape: Node, v: str) -> Iterator[tuple[str, str, str]]:
        """(component, path, expression true when ``v`` conforms) for each constraint."""
        for predicate, value in sorted(self.shapes.predicate_objects(shape)):
            if predicate in _INERT or predicate in _TARGETS:
                continue
            if predicate == SH.property:
                yield from self.property_parts(value, v)
            elif predicate in (SH["or"], SH["and"]):
                joint = " || " if predicate == SH["or"] else " && "
                yield (
                    "sh:" + str(predicate).rsplit("#", 1)[-1],
                    self.paths_in(value),
                    "(" + joint.join(self.node(s, v) for s in self.items(value)) + ")",
                )
            elif predicate == SH["not"]:
                yield "sh:not", self.paths_in(value), f"!{self.node(value, v)}"
            elif predicate == SH["class"]:
                yield "sh:class", "-", self.is_of(v, value)
            elif predicate == SH.datatype:
                yield "sh:datatype", "-", self.datatype(v, value)
            elif predicate == SH.hasValue:
                yield "sh:hasValue", "-", f"sameTerm({v}, {value.n3()})"
            else:
                raise UnsupportedShape(f"{shape}: {predicate} on a node shape is not compiled")

    def datatype(self, v: str, datatype: Node) -> str:
        bound = _INTEGER_BOUNDS.get(datatype)  # type: ignore[call-overload]
        if bound is not None:  # the store keeps these as xsd:integer: checked by value
            return (
                f"(isLiteral({v}) && datatype({v}) IN ({datatype.n3()}, {XSD.integer.n3()}) && {v} {bound})"
            )
        check = f"isLiteral({v}) && datatype({v}) = {datatype.n3()}"
        pattern = _LEXICAL.get(datatype)  # type: ignore[call-overload]
        return f"({check} && REGEX(STR({v}), {Literal(pattern).n3()}))" if pattern else f"({check})"

    def each(self, f: str, path: str, test: str, v: str) -> str:
        """Every value passes ``test`` (an expression over ``v``)."""
        return f"NOT EXISTS {{ {f} {path} {v} FILTER(!COALESCE({test}, false)) }}"

    def property_parts(self, shape: Node, f: str) -> Iterator[tuple[str, str, str]]:
        path_node = self.one(shape, SH.path)
        if not isinstance(path_node, URIRef):
            raise UnsupportedShape(f"{shape}: only IRI paths are compiled")
        path = path_node.n3()
        pairs = sorted(set(self.shapes.predicate_objects(shape)))
        given = dict(pairs)
        for predicate, value in pairs:
            v = self.var()
            if predicate in _INERT or predicate in (SH.path, SH.flags):
                continue
            if predicate not in COMPONENTS or predicate in _TARGETS:
                raise UnsupportedShape(f"{shape}: {predicate} is not compiled")
            name = "sh:" + str(predicate).rsplit("#", 1)[-1]
            for_path = next(iter(self._parts(f, path, predicate, value, v, shape, given)), None)
            if for_path is not None:
                yield name, prefixed(str(path_node)), for_path

    def _parts(
        self, f: str, path: str, predicate: Node, value: Node, v: str, shape: Node, given: dict[Node, Node]
    ) -> Iterator[str]:
        """The expression of one component of a property shape (none for the qualified shape,
        which is read with its counts)."""
        if predicate in (SH.minCount, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.maxCount):
            if predicate in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
                qualified = self.one(shape, SH.qualifiedValueShape)
                if (shape, SH.qualifiedValueShapesDisjoint, None) in self.shapes:
                    raise UnsupportedShape(f"{shape}: sh:qualifiedValueShapesDisjoint is not compiled")
            else:
                qualified = None
            yield self.count(f, path, int(value), predicate, qualified)
        elif predicate == SH.datatype:
            yield self.each(f, path, self.datatype(v, value), v)
        elif predicate == SH["class"]:
            yield self.each(f, path, self.is_of(v, value), v)
        elif predicate == SH.nodeKind:
            yield self.each(f, path, _KINDS[value].format(v=v), v)  # type: ignore[index]
        elif predicate == SH["in"]:
            members = " || ".join(f"sameTerm({v}, {m.n3()})" for m in self.items(value))
            yield self.each(f, path, f"({members or 'false'})", v)
        elif predicate in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            operator = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">"}
            yield self.each(f, path, f"{v} {operator.get(predicate, '<')} {value.n3()}", v)
        elif predicate == SH.pattern:
            flags = given.get(SH.flags, Literal(""))
            test = f"!isBlank({v}) && REGEX(STR({v}), {value.n3()}, {flags.n3()})"
            yield self.each(f, path, test, v)
        elif predicate in (SH.minLength, SH.maxLength):
            operator = ">=" if predicate == SH.minLength else "<="
            yield self.each(f, path, f"!isBlank({v}) && STRLEN(STR({v})) {operator} {value}", v)
        elif predicate == SH.lessThan:
            w = self.var()
            test = (
                f"NOT EXISTS {{ {f} {path} {v} . {f} {value.n3()} {w} FILTER(!COALESCE({v} < {w}, false)) }}"
            )
            yield test
        elif predicate == SH.hasValue:
            yield f"EXISTS {{ {f} {path} {value.n3()} }}"
        elif predicate in (SH["or"], SH["and"], SH["not"]):
            yield self.each(f, path, self.node_of(predicate, value, v), v)
        # sh:qualifiedValueShape is read with its counts

    def node_of(self, predicate: Node, value: Node, v: str) -> str:
        if predicate == SH["not"]:
            return f"!{self.node(value, v)}"
        joint = " || " if predicate == SH["or"] else " && "
        return "(" + joint.join(self.node(s, v) for s in self.items(value)) + ")"

    def count(self, f: str, path: str, bound: int, predicate: Node, qualified: Node | None) -> str:
        """At least (min) or at most (max) ``bound`` distinct values, of ``qualified`` if given."""
        needed = bound if predicate in (SH.minCount, SH.qualifiedMinCount) else bound + 1
        if needed == 0:
            return "true"
        names = [self.var() for _ in range(needed)]
        pattern = " . ".join(f"{f} {path} {v}" for v in names)
        tests = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)]
        if qualified is not None:
            tests += [self.node(qualified, v) for v in names]
        found = f"EXISTS {{ {pattern} {'FILTER(' + ' && '.join(tests) + ')' if tests else ''} }}"
        return found if needed == bound else f"!{found}"


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every constraint of every targeted node shape in ``shapes`` as a :class:`Check`.

    :raises UnsupportedShape: when a shape uses a component outside :data:`COMPONENTS`.
    """
    compiler = _Compiler(shapes)
    checks = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape))):
        targets = []
        for cls in sorted(shapes.objects(shape, SH.targetClass)):
            targets.append(f"{{ ?focus {RDF.type.n3()}/{RDFS.subClassOf.n3()}* {cls.n3()} }}")
        for predicate in sorted(shapes.objects(shape, SH.targetSubjectsOf)):
            targets.append(f"{{ SELECT DISTINCT ?focus WHERE {{ ?focus {predicate.n3()} [] }} }}")
        unknown = {p for p in shapes.predicates(shape) if p.startswith(str(SH)) and p not in COMPONENTS}
        if unknown - _INERT - _TARGETS:
            raise UnsupportedShape(f"{shape}: {sorted(unknown - _INERT - _TARGETS)} not compiled")
        if not targets:
            continue
        target = " UNION ".join(targets)
        for component, path, expression in compiler.node_parts(shape, "?focus"):
            query = (
                f"SELECT DISTINCT ?focus WHERE {{ {target} "
                f"FILTER EXISTS {{ GRAPH {CHECKED} {{ ?focus ?p ?o }} }} FILTER(!({expression})) }}"
            )
            checks.append(Check(prefixed(str(shape)), path, component, query))
    return checks


def violations(store: ox.Store, checks: list[Check], graph: str) -> list[str]:
    """Report lines for the focus nodes, subjects in the named graph ``graph`` of ``store``,
    that break a check (values read from the whole store); empty when all conform."""
    lines = set()
    by_shape: dict[str, list[Check]] = {}
    for check in checks:
        by_shape.setdefault(check.shape, []).append(check)
    for shape_checks in by_shape.values():
        # one query per shape (its targets read once); each constraint only to report a failure
        joint = shape_checks[0].query.split(" FILTER(!(", 1)[0]
        tests = " && ".join(
            "(" + c.query.split(" FILTER(!(", 1)[1][: -len(")) }")] + ")" for c in shape_checks
        )
        combined = f"ASK {{ {joint[len('SELECT DISTINCT ?focus WHERE { ') :]} FILTER(!({tests})) }}"
        if not store.query(combined.replace(CHECKED, URIRef(graph).n3()), use_default_graph_as_union=True):
            continue
        for check in shape_checks:
            query = check.query.replace(CHECKED, URIRef(graph).n3())
            for row in store.query(query, use_default_graph_as_union=True):
                lines.add(check.line(row["focus"].value))
    return sorted(lines)
