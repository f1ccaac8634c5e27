"""Query parameters as RDF terms: each value becomes a pyoxigraph ``NamedNode`` or
``Literal``, checked against its declared kind, and is never written into SPARQL text.

>>> convert("2024-06-01", "date")
<Literal value=2024-06-01 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.iris import PREFIXES, XSD
from kg.queries.library import NamedQuery

__all__ = ["Term", "bind_params", "convert"]

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Term = ox.NamedNode | ox.Literal


def _iri_from_text(value: str) -> ox.NamedNode | None:
    """``<http://...>`` or ``prefix:local`` with a project prefix, else None."""
    if value.startswith("<") and value.endswith(">"):
        return _named_node(value[1:-1])
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and local and " " not in local:
        return _named_node(PREFIXES[prefix] + local)
    return None


def _named_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"{iri!r} is not a valid IRI: {error}") from None


def _typed(value: str, datatype: str, kind: str, check: Callable[[str], Any]) -> ox.Literal:
    try:
        check(value)
    except ValueError:
        raise QueryError(f"{value!r} is not a valid {kind}") from None
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def convert(value: Any, kind: str | None = None, resolve: Callable[[str], str] | None = None) -> Term:
    """One parameter value as an RDF term; strings are values, never syntax.

    ``kind`` is the declared kind (see ``PARAM_KINDS``) or None for an undeclared
    parameter; ``resolve`` maps an entity name to its IRI. Raises QueryError for a
    value that does not fit its kind.

    >>> convert("kgr:ROK", "iri")
    <NamedNode value=https://w3id.org/rnku-kg/id/ROK>
    >>> convert(3)
    <Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    """
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    text = str(value)
    if type(value).__name__ == "URIRef":  # an rdflib IRI, without importing rdflib
        return _named_node(text)
    if kind == "entity":
        iri = _iri_from_text(text)
        if iri is not None:
            return iri
        if resolve is None:
            raise QueryError(f"cannot resolve entity name {text!r} without a store")
        return ox.NamedNode(resolve(text))
    if kind == "iri":
        iri = _iri_from_text(text) or (_named_node(text) if "://" in text else None)
        if iri is None:
            raise QueryError(f"{text!r} is not an IRI; write <http://...> or a prefixed name like kgr:ROK")
        return iri
    if kind == "date":
        return _typed(text, "date", "date (YYYY-MM-DD)", dt.date.fromisoformat)
    if kind == "integer":
        return _typed(text, "integer", "integer", int)
    if kind == "decimal":
        return _typed(text, "decimal", "decimal number", float)
    if kind is None:  # an undeclared parameter of an ad-hoc query: an IRI when written as one
        iri = _iri_from_text(text)
        if iri is not None:
            return iri
    return ox.Literal(text)


def bind_params(
    query: NamedQuery,
    params: Mapping[str, Any] | None,
    resolve: Callable[[str], str] | None = None,
) -> dict[str, Term]:
    """Check and convert parameter values to RDF terms, by variable name.

    Declared parameters are required and typed (entity names are resolved with
    ``resolve``); an ad-hoc query takes any parameter: ``<iri>`` or ``kgr:X``
    become IRIs, anything else a plain string. Raises QueryError for a missing,
    unknown or ill-typed parameter.

    >>> from kg.queries.library import get_query
    >>> bind_params(get_query("timeline"), {"start": "2024-06-01", "end": "2024-06-30"})["start"]
    <Literal value=2024-06-01 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
    """
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    if declared or query.from_library:
        missing = [p for p in query.params if p.name not in params]
        if missing:
            wanted = " ".join(f"--param {p.name}={_shell(p.example)}" for p in missing)
            raise QueryError(f"query {query.name!r} needs {', '.join(p.name for p in missing)}: add {wanted}")
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise QueryError(
                f"query {query.name!r} has no parameter {', '.join(unknown)}; "
                f"its parameters: {', '.join(declared) or 'none'}"
            )
    bound = {}
    for name, value in params.items():
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        kind = declared[name].kind if name in declared else None
        bound[name] = convert(value, kind, resolve)
    return bound


def _shell(value: str) -> str:
    return f'"{value}"' if " " in value else value
