"""Whether two engines gave the same answer to a query: results compared under one documented
normalisation, as the engine tests do and as a user checking a store would.

The rule (README, "External SPARQL stores"):

* literals compare by value where stores rewrite the lexical form: every xsd integer type
  and xsd:decimal as one number (``"550000.0"^^xsd:decimal`` = ``"550000"^^xsd:integer``),
  xsd:double/float as a float, xsd:boolean ``"1"``/``"true"`` alike; other literals by
  text, language tag (case-insensitive) and datatype; blank nodes are all alike;
* a ``GROUP_CONCAT`` column compares as the sorted list of its elements (SPARQL leaves
  their order open);
* rows compare in order only when the query ends with an ``ORDER BY``, else as a multiset;
  a CONSTRUCT or DESCRIBE graph as a set of triples.

>>> import pyoxigraph as ox
>>> xsd = "http://www.w3.org/2001/XMLSchema#"
>>> canonical(ox.Literal("550000.0", datatype=ox.NamedNode(xsd + "decimal")))
('number', '550000')
>>> canonical(ox.Literal("1", datatype=ox.NamedNode(xsd + "boolean")))
('boolean', 'true')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from kg.iris import XSD
from kg.queries.results import QueryResult

__all__ = ["canonical", "comparable", "concatenated", "is_ordered"]

_INTEGERS = [
    "integer", "decimal", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte",
]  # fmt: skip
_NUMBERS = {XSD + name for name in _INTEGERS}
_FLOATS = {XSD + "double", XSD + "float"}
_CONCAT = re.compile(
    r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?(?:;\s*SEPARATOR\s*=\s*(\"[^\"]*\"|'[^']*'))?\s*\)\s*AS\s*\?(\w+)",
    re.IGNORECASE,
)


def canonical(term: Any) -> tuple[str, ...] | None:
    """A term's comparable form (None for unbound).

    >>> canonical(ox.Literal("x", language="EN")), canonical(ox.BlankNode())
    (('literal', 'x', 'en', ''), ('bnode',))
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    datatype = term.datatype.value
    if term.language:
        return ("literal", term.value, term.language.lower(), "")
    try:
        if datatype in _NUMBERS:
            number = Decimal(term.value).normalize()
            return ("number", format(number, "f"))
        if datatype in _FLOATS:
            return ("float", repr(float(term.value)))
    except (InvalidOperation, ValueError):
        pass
    if datatype == XSD + "boolean" and term.value in ("0", "1", "true", "false"):
        return ("boolean", "true" if term.value in ("1", "true") else "false")
    return ("literal", term.value, "", "" if datatype == XSD + "string" else datatype)


def concatenated(text: str) -> dict[str, str]:
    """The variables a query binds with ``GROUP_CONCAT``, with their separators.

    >>> concatenated('SELECT (GROUP_CONCAT(STR(?d); separator="; ") AS ?drawnBy) {}')
    {'drawnBy': '; '}
    """
    return {m.group(2): (m.group(1) or '" "')[1:-1] for m in _CONCAT.finditer(text)}


def is_ordered(text: str) -> bool:
    """True when the query's outermost clause ends with an ORDER BY.

    >>> is_ordered("SELECT * { { SELECT ?x {} ORDER BY ?x } }"), is_ordered("SELECT * {} ORDER BY ?x")
    (False, True)
    """
    tail = text[text.rfind("}") + 1 :]
    return re.search(r"\bORDER\s+BY\b", tail, re.IGNORECASE) is not None


def comparable(result: QueryResult, text: str, ordered: bool | None = None) -> Any:
    """The result of query ``text`` in the comparable form of the module docstring: equal
    forms mean the same answer. ``ordered=False`` compares rows as a multiset even when the
    query orders them (for an engine whose ORDER BY is known to differ)."""
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return {tuple(canonical(t) for t in (x.subject, x.predicate, x.object)) for x in result.triples}
    joined = concatenated(text)

    def cell(variable: str, term: Any) -> Any:
        form = canonical(term)
        if variable in joined and form and form[0] == "literal":
            return ("list", *sorted(form[1].split(joined[variable])))
        return form

    rows = [tuple(cell(v, row.get(v)) for v in sorted(result.variables)) for row in result.solutions]
    keep_order = is_ordered(text) if ordered is None else ordered and is_ordered(text)
    return rows if keep_order else sorted(rows, key=repr)
