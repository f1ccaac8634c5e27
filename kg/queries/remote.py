"""Queries on a remote SPARQL 1.1 endpoint (protocol POST, form-encoded) through
:mod:`kg.endpoints`.

Parameters are bound by a ``VALUES`` block of N-Triples-serialised terms placed at the
start of the WHERE clause, and the project prefixes are declared, so the endpoint needs
to know nothing of the project. Answers are read tolerantly: of a SPARQL JSON results
document only ``head``, ``results`` and ``boolean`` are used (Comunica adds ``metadata``,
QLever ``meta``); anything unreadable raises :class:`~kg.errors.EndpointError`.

>>> read_json_results(b'{"head": {}, "boolean": true, "meta": {"time": 3}}').boolean
True
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping

import pyoxigraph as ox

from kg.endpoints import request
from kg.errors import EndpointError, QueryError
from kg.namespaces import PREFIXES
from kg.queries.params import Term
from kg.queries.results import QueryResult

__all__ = ["inject_values", "read_json_results", "remote_query", "with_prefixes"]

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
# The members of a SPARQL 1.1 JSON results document; others are ignored.
_JSON_MEMBERS = ("head", "results", "boolean")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
# Tokens that may contain a "{" or "WHERE" without being one: comments, strings, IRIs.
_SKIP = re.compile(
    r"#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\"{}|^`\\\s]*>",
    re.DOTALL,
)


def _masked(text: str) -> str:
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


def with_prefixes(text: str) -> str:
    """The query with PREFIX declarations for the project prefixes it does not declare itself
    (a remote endpoint does not know them).

    >>> with_prefixes("SELECT * { ?s a kg:State }").splitlines()[0]
    'PREFIX kg: <https://w3id.org/rnku-kg/ontology#>'
    """
    declared = {m.lower() for m in re.findall(r"\bPREFIX\s+([\w-]*):", _masked(text), re.IGNORECASE)}
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


def _where_brace(text: str) -> int:
    """Offset of the ``{`` opening the outer WHERE clause (skipping a CONSTRUCT template)."""
    masked = _masked(text)
    where = re.search(r"\bWHERE\b", masked, re.IGNORECASE)
    construct = re.search(r"\bCONSTRUCT\b", masked, re.IGNORECASE)
    start = where.end() if where else (construct.end() if construct else 0)
    if not where and construct:
        raise QueryError("a CONSTRUCT query needs a WHERE clause")
    brace = masked.find("{", start)
    if brace < 0:
        raise QueryError("the query has no WHERE clause to bind parameters in")
    return brace


def read_json_results(body: bytes, source: str = "the endpoint") -> QueryResult:
    """A SPARQL 1.1 JSON results document as a QueryResult; members other than ``head``,
    ``results`` and ``boolean`` are ignored. A document that is not one raises EndpointError
    naming ``source``.

    >>> doc = (b'{"head": {"vars": ["s"]}, "metadata": {},'
    ...        b' "results": {"bindings": [{"s": {"type": "uri", "value": "urn:x"}}]}}')
    >>> read_json_results(doc).rows()
    [{'s': 'urn:x'}]
    """
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise EndpointError(f"{source} sent no SPARQL JSON results ({error})") from None
    if not isinstance(document, dict) or not ("results" in document or "boolean" in document):
        raise EndpointError(f"{source} sent JSON without `results` or `boolean`, not SPARQL results")
    kept = {key: document[key] for key in _JSON_MEMBERS if key in document}
    try:
        answer = ox.parse_query_results(json.dumps(kept).encode(), format=ox.QueryResultsFormat.JSON)
        return QueryResult.from_oxigraph(answer)
    except (SyntaxError, ValueError) as error:
        raise EndpointError(
            f"{source} sent malformed SPARQL JSON results: {' '.join(str(error).split())}"
        ) from None


def _read_triples(body: bytes, source: str) -> QueryResult:
    try:
        return QueryResult("graph", triples=[q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)])
    except (SyntaxError, ValueError) as error:
        raise EndpointError(f"{source} sent malformed N-Triples: {' '.join(str(error).split())}") from None


def remote_query(endpoint: str, text: str, *, timeout: float | None = None) -> QueryResult:
    """Send a query to a SPARQL 1.1 endpoint and read the answer (SPARQL JSON results for
    SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE). The endpoint must use the union
    of its graphs as default graph (``kg serve`` does), as the embedded store does.
    Failures raise EndpointError, see :mod:`kg.endpoints`.

    >>> remote_query("http://127.0.0.1:9/query", "ASK {}", timeout=5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.EndpointError: cannot reach http://127.0.0.1:9/query: ...
    """
    full = with_prefixes(text)
    match = _FORM.search(_masked(full))
    form = match.group(1).upper() if match else "SELECT"
    accept = N_TRIPLES if form in ("CONSTRUCT", "DESCRIBE") else JSON_RESULTS
    body = request(
        endpoint,
        urllib.parse.urlencode({"query": full}).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        timeout=timeout or 60,
    )
    if accept == N_TRIPLES:
        return _read_triples(body, endpoint)
    return read_json_results(body, endpoint)
