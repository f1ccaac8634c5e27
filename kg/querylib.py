"""The named query library (``kg/queries/*.rq``): loading, parameter binding and running,
on the embedded Oxigraph store or on a remote SPARQL 1.1 endpoint.

Each ``.rq`` file starts with a comment header::

    # title: Direct transfers between two actors
    # answers: What did the supplier give ... (continuation lines are indented)
    # param: supplier (entity, e.g. North Korea): who gives, sells or sends

Parameters are bound by the engine (pyoxigraph ``substitutions``; Oxigraph only
substitutes projected variables, so named queries project their parameters) or,
on a remote endpoint, by a ``VALUES`` block built from serialised RDF terms and
placed at the start of the WHERE clause. User text never becomes SPARQL syntax.

>>> rows = run_query("direct-transfers", {"supplier": "DPRK", "recipient": "Russia"})
>>> "M-1989 Koksan 170 mm self-propelled gun" in {row["item"] for row in rows}
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.store import term_value

__all__ = [
    "NamedQuery",
    "Param",
    "QueryResult",
    "bind_params",
    "evaluate",
    "evaluate_with_timeout",
    "execute",
    "get_query",
    "inject_values",
    "list_queries",
    "load_query",
    "remote_query",
    "run_query",
    "with_prefixes",
]

QUERY_DIR = Path(__file__).parent / "queries"
XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_KINDS = ("entity", "iri", "date", "string", "integer", "decimal")
_HEADER_FIELD = re.compile(r"#\s*(title|answers|param|keywords):\s*(.*)")
_PARAM = re.compile(r"(\w+)\s*\((\w+),\s*e\.g\.\s*(.+?)\):\s*(.*)")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Param:
    """A declared query parameter: its variable, kind, an example value and what it means."""

    name: str
    kind: str
    example: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query with its header: name (file stem), title, what it answers, parameters, keywords and text."""

    name: str
    title: str
    answers: str
    params: tuple[Param, ...]
    keywords: tuple[str, ...]
    text: str
    from_library: bool = False

    @property
    def example_params(self) -> dict[str, str]:
        """The header's example values, by parameter name."""
        return {p.name: p.example for p in self.params}


def parse_header(name: str, text: str) -> NamedQuery:
    """Read the comment header of a query file.

    >>> q = parse_header("x", "# title: T\\n# param: who (entity, e.g. Seoul): a state\\nSELECT * {}")
    >>> q.title, q.params[0].example
    ('T', 'Seoul')
    """
    fields: dict[str, list[str]] = {"title": [], "answers": [], "param": [], "keywords": []}
    last: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        match = _HEADER_FIELD.match(stripped)
        if match:
            last = fields[match.group(1)]
            last.append(match.group(2).strip())
        elif last is not None and stripped.lstrip("#").strip():
            last[-1] += " " + stripped.lstrip("#").strip()  # an indented continuation line
    params = []
    for spec in fields["param"]:
        match = _PARAM.fullmatch(spec)
        if not match or match.group(2) not in PARAM_KINDS:
            raise QueryError(
                f"{name}: bad parameter header {spec!r}; write `# param: NAME (KIND, e.g. EXAMPLE): meaning`"
                f" with KIND one of {', '.join(PARAM_KINDS)}"
            )
        params.append(Param(*match.groups()))
    keywords = tuple(k.strip() for k in ", ".join(fields["keywords"]).split(",") if k.strip())
    return NamedQuery(
        name=name,
        title=" ".join(fields["title"]),
        answers=" ".join(fields["answers"]),
        params=tuple(params),
        keywords=keywords,
        text=text,
    )


def _library() -> dict[str, NamedQuery]:
    # Package data next to this module (pyproject lists queries/*.rq); importlib.resources
    # cannot read it under the editable install's finder.
    queries = {}
    for item in QUERY_DIR.glob("*.rq"):
        parsed = parse_header(item.stem, item.read_text(encoding="utf-8"))
        queries[item.stem] = dataclasses.replace(parsed, from_library=True)
    return dict(sorted(queries.items()))


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name.

    >>> "indirect-supply" in [q.name for q in list_queries()]
    True
    """
    return list(_library().values())


def get_query(name: str) -> NamedQuery:
    """A named query; an unknown name raises QueryError with close names.

    >>> get_query("polls").title
    'Opinion polls'
    """
    library = _library()
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, list(library), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kg query --list` lists them"
    raise QueryError(f"unknown named query {name!r}{hint}")


def load_query(text_or_name: str) -> NamedQuery:
    """A named query, a ``.rq`` file or inline SPARQL text, as a NamedQuery.

    >>> load_query("SELECT ?s WHERE { ?s ?p ?o }").name
    '(inline)'
    """
    candidate = text_or_name.strip()
    if _NAME.fullmatch(candidate):
        return get_query(candidate)
    if candidate.endswith(".rq") and "\n" not in candidate:
        path = Path(candidate)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return parse_header(path.stem, path.read_text(encoding="utf-8"))
    return parse_header("(inline)", text_or_name)


# --- parameters ---------------------------------------------------------------------------------


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


def _convert(value: Any, kind: str | None, resolve: Callable[[str], str] | None) -> ox.NamedNode | ox.Literal:
    """One parameter value as an RDF term; strings are values, never syntax."""
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
) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check and convert parameter values to RDF terms, by variable name.

    Declared parameters are required and typed (entity names are resolved with
    ``resolve``); an ad-hoc query takes any parameter: ``<iri>`` or ``kgr:X``
    become IRIs, anything else a plain string.

    >>> q = get_query("timeline")
    >>> bind_params(q, {"start": "2024-06-01", "end": "2024-06-30"})["start"]
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
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        kind = declared[name].kind if name in declared else None
        bound[name] = _convert(value, kind, resolve)
    return bound


def _shell(value: str) -> str:
    return f'"{value}"' if " " in value else value


# --- evaluation ---------------------------------------------------------------------------------


@dataclass
class QueryResult:
    """What a query returned: ``kind`` is select, ask or graph; terms are pyoxigraph terms."""

    kind: str
    variables: list[str] = dataclasses.field(default_factory=list)
    solutions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = dataclasses.field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        """Plain rows: IRIs and strings as str, numbers as int/float, unbound as None.
        An ASK gives one row ``{"answer": bool}``; a graph one row per triple."""
        if self.kind == "ask":
            return [{"answer": self.boolean}]
        if self.kind == "graph":
            return [
                {
                    "subject": term_value(t.subject),
                    "predicate": term_value(t.predicate),
                    "object": term_value(t.object),
                }
                for t in self.triples
            ]
        return [{v: term_value(s.get(v)) for v in self.variables} for s in self.solutions]


def _syntax_error(error: SyntaxError) -> QueryError:
    # Oxigraph says "error at LINE:COLUMN: expected ..."; keep it, it names the place.
    return QueryError(f"malformed SPARQL: {error}")


def evaluate(
    store: ox.Store, text: str, substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None
) -> QueryResult:
    """Run SPARQL on the store with the project prefixes and the union of all graphs as default graph.

    >>> from kg.store import open_store
    >>> evaluate(open_store(), "ASK { kgr:DPRKRussiaTreatyArt4 kg:refersTo kgr:UNCharterArt51 }").boolean
    True
    """
    subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
    try:
        answer = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs)
    except SyntaxError as error:
        raise _syntax_error(error) from None
    except RuntimeError as error:  # e.g. a substituted variable the query does not project
        hint = " (Oxigraph binds only variables the query SELECTs)" if "projection" in str(error) else ""
        raise QueryError(f"cannot run the query: {error}{hint}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return QueryResult("graph", triples=list(answer))
    variables = [v.value for v in answer.variables]
    solutions = [{name: row[name] for name in variables if row[name] is not None} for row in answer]
    return QueryResult("select", variables=variables, solutions=solutions)


def inject_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
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


# Tokens that may contain a "{" or "WHERE" without being one: comments, strings, IRIs.
_SKIP = re.compile(
    r"#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\"{}|^`\\\s]*>",
    re.DOTALL,
)


def _where_brace(text: str) -> int:
    """Offset of the ``{`` opening the outer WHERE clause (skipping a CONSTRUCT template)."""
    masked = _SKIP.sub(lambda m: " " * len(m.group(0)), text)
    where = re.search(r"\bWHERE\b", masked, re.IGNORECASE)
    construct = re.search(r"\bCONSTRUCT\b", masked, re.IGNORECASE)
    start = where.end() if where else (construct.end() if construct else 0)
    if not where and construct:
        raise QueryError("a CONSTRUCT query needs a WHERE clause")
    brace = masked.find("{", start)
    if brace < 0:
        raise QueryError("the query has no WHERE clause to bind parameters in")
    return brace


def run_query(
    text_or_name: str,
    params: Mapping[str, Any] | None = None,
    endpoint: str | None = None,
    *,
    store: ox.Store | None = None,
    timeout: float | None = None,
    reason: bool = False,
    paths: Any = None,
) -> list[dict[str, Any]]:
    """Run a named query, a ``.rq`` file or SPARQL text; rows as dicts of plain values.

    Without ``endpoint`` the embedded store is used (``store``, or the built graph
    opened with ``open_store``; ``reason`` adds OWL-RL entailments). With
    ``endpoint`` the same text goes to a remote SPARQL 1.1 endpoint, parameters
    bound with ``VALUES``; entity names are still resolved on the local graph.

    >>> run_query("ASK { kgr:ROK a kg:State }")
    [{'answer': True}]
    """
    return execute(
        text_or_name, params, endpoint, store=store, timeout=timeout, reason=reason, paths=paths
    ).rows()


def execute(
    text_or_name: str,
    params: Mapping[str, Any] | None = None,
    endpoint: str | None = None,
    *,
    store: ox.Store | None = None,
    timeout: float | None = None,
    reason: bool = False,
    paths: Any = None,
) -> QueryResult:
    """Like :func:`run_query` but returns the :class:`QueryResult` (terms, for serialising)."""
    from kg.names import NameIndex as EntityIndex

    query = load_query(text_or_name)
    local: ox.Store | None = store
    if local is None and (endpoint is None or any(p.kind == "entity" for p in query.params)):
        local = _open(paths, reason=reason and endpoint is None)

    def resolve(name: str) -> str:
        assert local is not None
        return EntityIndex.for_store(local).resolve(name)

    bound = bind_params(query, params, resolve)
    if endpoint is not None:
        return remote_query(endpoint, inject_values(query.text, bound), timeout=timeout)
    assert local is not None
    if timeout is None:
        return evaluate(local, query.text, bound)
    return evaluate_with_timeout(local, query.text, bound, timeout)


def _open(paths: Any, reason: bool) -> ox.Store:
    from kg.store import open_store

    store = open_store(paths)
    if reason:
        from kg.reason import materialise

        materialise(store)
    return store


# --- timeouts -----------------------------------------------------------------------------------


def evaluate_with_timeout(
    store: ox.Store, text: str, bound: Mapping[str, ox.NamedNode | ox.Literal], timeout: float
) -> QueryResult:
    """:func:`evaluate` in a forked worker process that is killed after ``timeout`` seconds
    (a signal alarm cannot interrupt a query running inside Oxigraph).

    >>> from kg.store import open_store
    >>> evaluate_with_timeout(open_store(), "ASK { kgr:ROK a kg:State }", {}, 10).boolean
    True
    """
    from kg.worker import call_in_fork

    try:
        return call_in_fork(lambda: evaluate(store, text, bound), timeout)
    except TimeoutError:
        raise QueryError(
            f"the query took longer than {timeout:g} s and was stopped; raise --timeout"
        ) from None
    except ChildProcessError as error:
        raise QueryError(f"the query worker died ({error})") from None


# --- remote endpoints ---------------------------------------------------------------------------

_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def with_prefixes(text: str) -> str:
    """The query with PREFIX declarations for the project prefixes it does not declare itself
    (a remote endpoint does not know them).

    >>> with_prefixes("SELECT * { ?s a kg:State }").splitlines()[0]
    'PREFIX kg: <https://w3id.org/rnku-kg/ontology#>'
    """
    masked = _SKIP.sub(lambda m: " " * len(m.group(0)), text)
    declared = {m.lower() for m in re.findall(r"\bPREFIX\s+([\w-]*):", masked, re.IGNORECASE)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p.lower() not in declared]
    return "\n".join([*lines, text])


def remote_query(endpoint: str, text: str, *, timeout: float | None = None) -> QueryResult:
    """Send a query to a SPARQL 1.1 endpoint (protocol POST, form-encoded) and read the answer.

    Basic-auth credentials come from ``KG_SPARQL_USER`` and ``KG_SPARQL_PASSWORD``, never from
    the command line. The endpoint must use the union of its graphs as default graph
    (``kg serve`` does), as the embedded store does.
    """
    import base64
    import os
    import urllib.error
    import urllib.parse
    import urllib.request

    full = with_prefixes(text)
    masked = _SKIP.sub(lambda m: " " * len(m.group(0)), full)
    match = _FORM.search(masked)
    form = match.group(1).upper() if match else "SELECT"
    accept = (
        "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else "application/sparql-results+json"
    )
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": full}).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    user = os.environ.get("KG_SPARQL_USER")
    if user:
        secret = f"{user}:{os.environ.get('KG_SPARQL_PASSWORD', '')}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(secret).decode())
    try:
        with urllib.request.urlopen(request, timeout=timeout or 60) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        detail = " ".join(error.read().decode("utf-8", "replace").split())[:300]
        raise QueryError(f"{endpoint} answered {error.code} {error.reason}: {detail}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise QueryError(f"cannot reach {endpoint}: {getattr(error, 'reason', error)}") from None
    if accept == "application/n-triples":
        return QueryResult("graph", triples=[q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)])
    answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    variables = [v.value for v in answer.variables]
    solutions = [{name: row[name] for name in variables if row[name] is not None} for row in answer]
    return QueryResult("select", variables=variables, solutions=solutions)
