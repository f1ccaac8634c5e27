"""Queries on a remote SPARQL 1.1 endpoint (protocol POST, form-encoded) through
:mod:`kg.endpoints`.

Parameters are bound by a ``VALUES`` block of N-Triples-serialised terms placed at the
start of the WHERE clause, and the project prefixes are declared, so the endpoint needs
to know nothing of the project. The dataset is named in the query: every graph of
``graphs`` gets a ``FROM`` (their merge is the default graph) and a ``FROM NAMED`` clause,
so no store's own notion of a default graph (Virtuoso's holds its system graphs; Comunica's
and Fuseki's only the unnamed triples) changes the answer. ``FROM`` rather than the
protocol's ``default-graph-uri``: Comunica's endpoint ignores the protocol parameters.

Answers are read tolerantly: SPARQL JSON results (of which only ``head.vars``,
``results.bindings`` and ``boolean`` are read, so Comunica's ``metadata``, QLever's
``meta`` or Virtuoso's ``distinct``/``ordered``/``typed-literal`` do no harm) or SPARQL
XML results, whichever the server sends. A result cut at the server's row cap (Virtuoso's
``X-SPARQL-MaxRows`` header) raises :class:`~kg.errors.EndpointError` rather than passing
for the whole answer; so does anything unreadable.

>>> read_json_results(b'{"head": {}, "boolean": true, "meta": {"time": 3}}').boolean
True
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from kg.endpoints import exchange
from kg.errors import EndpointError, QueryError
from kg.iris import PREFIXES
from kg.queries.params import Term
from kg.queries.results import QueryResult
from kg.queries.syntax import blanked

__all__ = [
    "inject_dataset",
    "inject_values",
    "read_json_results",
    "read_results",
    "remote_query",
    "with_prefixes",
]

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
N_TRIPLES = "application/n-triples"
SELECT_ACCEPT = f"{JSON_RESULTS}, {XML_RESULTS};q=0.9"
MAX_ROWS_HEADER = "x-sparql-maxrows"
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def with_prefixes(text: str) -> str:
    """The query with PREFIX declarations for the project prefixes it does not declare itself
    (a remote endpoint does not know them).

    >>> with_prefixes("SELECT * { ?s a kg:State }").splitlines()[0]
    'PREFIX kg: <https://w3id.org/rnku-kg/ontology#>'
    """
    declared = {m.lower() for m in re.findall(r"\bPREFIX\s+([\w-]*):", blanked(text), re.IGNORECASE)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p.lower() not in declared]
    return "\n".join([*lines, text])


def inject_values(text: str, bindings: Mapping[str, Term]) -> str:
    """Put a ``VALUES`` block at the start of the query's WHERE clause, so the values are in
    scope everywhere (filters included). Terms are written in N-Triples syntax (pyoxigraph ``str``),
    so a value stays a value whatever it contains.

    >>> print(inject_values('SELECT ?x WHERE { ?x ?p ?y }', {"y": ox.Literal('"} UNION {')}))
    SELECT ?x WHERE { VALUES (?y) { ("\\"} UNION {") } ?x ?p ?y }
    """
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    position = _where_brace(text)
    return text[: position + 1] + block + text[position + 1 :]


def inject_dataset(text: str, graphs: Sequence[str]) -> str:
    """Name the query's dataset: ``FROM`` and ``FROM NAMED`` each graph, placed before the outer
    WHERE clause. A query that names its own dataset (a ``FROM``) is left as it is.

    >>> print(inject_dataset("SELECT * WHERE { ?s ?p ?o }", ["urn:g"]))
    SELECT * FROM <urn:g> FROM NAMED <urn:g> WHERE { ?s ?p ?o }
    >>> inject_dataset("ASK { ?s ?p ?o }", ["urn:g"])
    'ASK FROM <urn:g> FROM NAMED <urn:g> { ?s ?p ?o }'
    """
    masked = blanked(text)
    if not graphs or re.search(r"\bFROM\b", masked, re.IGNORECASE):
        return text
    where = re.search(r"\bWHERE\b", masked, re.IGNORECASE)
    position = where.start() if where else _where_brace(text)
    clauses = " ".join(f"FROM {ox.NamedNode(g)}" for g in graphs)
    clauses += " " + " ".join(f"FROM NAMED {ox.NamedNode(g)}" for g in graphs)
    return text[:position] + clauses + " " + text[position:]


def _where_brace(text: str) -> int:
    """Offset of the ``{`` opening the outer WHERE clause (skipping a CONSTRUCT template)."""
    masked = blanked(text)
    where = re.search(r"\bWHERE\b", masked, re.IGNORECASE)
    construct = re.search(r"\bCONSTRUCT\b", masked, re.IGNORECASE)
    start = where.end() if where else (construct.end() if construct else 0)
    if not where and construct:
        raise QueryError("a CONSTRUCT query needs a WHERE clause")
    brace = masked.find("{", start)
    if brace < 0:
        raise QueryError("the query has no WHERE clause to bind parameters in")
    return brace


def _term(entry: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
        raise ValueError(f"not an RDF term: {str(entry)[:80]}")
    kind, value = entry.get("type"), entry["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):  # typed-literal: the 2008 draft form Virtuoso sends
        language, datatype = entry.get("xml:lang"), entry.get("datatype")
        if language:
            return ox.Literal(value, language=language)
        return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)
    raise ValueError(f"unknown term type {kind!r}")


def read_json_results(body: bytes, source: str = "the endpoint") -> QueryResult:
    """A SPARQL 1.1 JSON results document as a QueryResult; members other than ``head.vars``,
    ``results.bindings`` and ``boolean`` are ignored. A document that is not one raises
    EndpointError naming ``source``.

    >>> doc = (b'{"head": {"vars": ["s"], "link": []}, "metadata": {},'
    ...        b' "results": {"ordered": true, "bindings": [{"s": {"type": "uri", "value": "urn:x"}}]}}')
    >>> read_json_results(doc).rows()
    [{'s': 'urn:x'}]
    """
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise EndpointError(f"{source} sent no SPARQL JSON results ({error})") from None
    if not isinstance(document, dict) or not ("results" in document or "boolean" in document):
        raise EndpointError(f"{source} sent JSON without `results` or `boolean`, not SPARQL results")
    try:
        if "boolean" in document and not isinstance(document.get("results"), dict):
            if not isinstance(document["boolean"], bool):
                raise ValueError("`boolean` is not true or false")
            return QueryResult("ask", boolean=document["boolean"])
        head = document.get("head") or {}
        variables = [str(v) for v in head.get("vars", [])]
        bindings = document["results"]["bindings"]
        solutions = [{name: _term(entry) for name, entry in row.items()} for row in bindings]
        for row in solutions:  # a variable bound but not in head.vars is kept, not lost
            variables += [name for name in row if name not in variables]
        return QueryResult("select", variables=variables, solutions=solutions)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise EndpointError(
            f"{source} sent malformed SPARQL JSON results: {' '.join(str(error).split())}"
        ) from None


def read_results(body: bytes, content_type: str, source: str = "the endpoint") -> QueryResult:
    """SPARQL results in JSON or XML, chosen by the answer's ``Content-Type`` (JSON when it
    names neither).

    >>> xml = (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    ...        b'<head><variable name="n"/></head><results><result><binding name="n">'
    ...        b'<literal>x</literal></binding></result></results></sparql>')
    >>> read_results(xml, "application/sparql-results+xml; charset=UTF-8").rows()
    [{'n': 'x'}]
    """
    if "xml" not in content_type.lower():
        return read_json_results(body, source)
    try:
        answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
        return QueryResult.from_oxigraph(answer)
    except (SyntaxError, ValueError) as error:
        raise EndpointError(
            f"{source} sent malformed SPARQL XML results: {' '.join(str(error).split())}"
        ) from None


def _check_cap(result: QueryResult, headers: Mapping[str, str], source: str) -> None:
    cap = headers.get(MAX_ROWS_HEADER, "").strip()
    if cap.isdigit() and result.kind == "select" and len(result.solutions) >= int(cap):
        raise EndpointError(
            f"{source} cut the result at its row cap of {cap} rows (X-SPARQL-MaxRows), so it is "
            "incomplete; raise the store's cap (Virtuoso: ResultSetMaxRows in virtuoso.ini) "
            "or narrow the query"
        )


def _read_triples(body: bytes, source: str) -> QueryResult:
    try:
        return QueryResult("graph", triples=[q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)])
    except (SyntaxError, ValueError) as error:
        raise EndpointError(f"{source} sent malformed N-Triples: {' '.join(str(error).split())}") from None


def remote_query(
    endpoint: str, text: str, *, timeout: float | None = None, graphs: Sequence[str] | None = None
) -> QueryResult:
    """Send a query to a SPARQL 1.1 endpoint and read the answer (SPARQL JSON or XML results
    for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE). ``graphs`` name the dataset
    (see the module docstring); without them the store's own default graph is used.
    Failures, a result cut at the server's row cap among them, raise EndpointError.

    >>> remote_query("http://127.0.0.1:9/query", "ASK {}", timeout=5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.EndpointError: cannot reach http://127.0.0.1:9/query: ...
    """
    full = with_prefixes(inject_dataset(text, graphs or ()))
    match = _FORM.search(blanked(full))
    form = match.group(1).upper() if match else "SELECT"
    accept = N_TRIPLES if form in ("CONSTRUCT", "DESCRIBE") else SELECT_ACCEPT
    answer = exchange(
        endpoint,
        urllib.parse.urlencode({"query": full}).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        timeout=timeout or 60,
    )
    if accept == N_TRIPLES:
        return _read_triples(answer.body, endpoint)
    result = read_results(answer.body, answer.headers.get("content-type", ""), endpoint)
    _check_cap(result, answer.headers, endpoint)
    return result
