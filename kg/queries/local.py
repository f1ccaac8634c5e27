"""Queries on the embedded Oxigraph store: the project prefixes, the union of all graphs
as default graph, values written in as constants the planner sees, and an optional timeout
enforced by a forked worker (a signal alarm cannot interrupt a query running inside Oxigraph;
the ``kg query`` command, which ends when time is up, uses a watchdog thread instead:
:func:`kg.worker.call_with_watchdog`).

>>> evaluate(ox.Store(), "SELECT ?x WHERE { }", {"x": ox.Literal("v")}).rows()
[{'x': 'v'}]
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import pyoxigraph as ox

from kg.errors import QueryError
from kg.iris import GRAPH, PREFIXES
from kg.paths import ProjectPaths
from kg.queries.inline import inlined
from kg.queries.params import Term
from kg.queries.results import QueryResult
from kg.reason import materialise
from kg.store import open_store
from kg.worker import call_in_fork

__all__ = ["evaluate", "evaluate_with_timeout", "open_local", "open_reasoned", "timeout_error"]


def evaluate(store: ox.Store, text: str, substitutions: Mapping[str, Term] | None = None) -> QueryResult:
    """Run SPARQL on the store with the project prefixes and the union of all graphs as
    default graph. Malformed text or a value bound to an unprojected variable raises QueryError.

    Bound values are written into the query as constants the planner sees
    (:mod:`kg.queries.inline`); a query that assigns a bound variable itself, or whose rewritten
    text does not parse, gets them as pyoxigraph ``substitutions`` instead.

    >>> evaluate(open_store(), "ASK { kgr:DPRKRussiaTreatyArt4 kg:refersTo kgr:UNCharterArt51 }").boolean
    True
    """
    bound = dict(substitutions or {})
    form = inlined(text, bound) if bound else None
    if form is not None:
        try:
            answer = _query(store, form.text)
        except SyntaxError:  # e.g. a literal where the query has a predicate: let the engine bind it
            form = None
    if form is None:
        try:
            answer = _query(store, text, bound)
        except SyntaxError as error:
            # Oxigraph says "error at LINE:COLUMN: expected ..."; keep it, it names the place.
            raise QueryError(f"malformed SPARQL: {error}") from None
    result = QueryResult.from_oxigraph(answer)
    if form is not None and form.select_star:  # `SELECT *` lost the inlined variables' columns
        for name, term in bound.items():
            if name not in result.variables:
                result.variables.append(name)
                for solution in result.solutions:
                    solution[name] = term
    return result


def _query(
    store: ox.Store, text: str, bound: Mapping[str, Term] | None = None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    subs = {ox.Variable(k): v for k, v in (bound or {}).items()}
    try:
        return store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs)
    except RuntimeError as error:  # e.g. a substituted variable the query does not project
        hint = " (Oxigraph binds only variables the query SELECTs)" if "projection" in str(error) else ""
        raise QueryError(f"cannot run the query: {error}{hint}") from None


def evaluate_with_timeout(
    store: ox.Store, text: str, bound: Mapping[str, Term], timeout: float
) -> QueryResult:
    """:func:`evaluate` in a forked worker process that is killed after ``timeout`` seconds;
    a query that runs longer raises QueryError.

    >>> evaluate_with_timeout(open_store(), "ASK { kgr:ROK a kg:State }", {}, 10).boolean
    True
    """
    try:
        return call_in_fork(lambda: evaluate(store, text, bound), timeout)
    except TimeoutError:
        raise timeout_error(timeout) from None
    except ChildProcessError as error:
        raise QueryError(f"the query worker died ({error})") from None


def timeout_error(timeout: float) -> QueryError:
    """The error of a query stopped after ``timeout`` seconds (one message, fork or watchdog).

    >>> str(timeout_error(2))
    'the query took longer than 2 s and was stopped; raise --timeout'
    """
    return QueryError(f"the query took longer than {timeout:g} s and was stopped; raise --timeout")


def open_local(paths: ProjectPaths | None = None, *, reason: bool = False) -> ox.Store:
    """The built graph in an embedded store (see :func:`kg.store.open_store`), with OWL-RL
    entailments added when ``reason`` is true.

    >>> len(open_local()) > 1000
    True
    """
    store = open_store(paths, writable=reason)
    if reason:
        materialise(store)
    return store


def open_reasoned(paths: ProjectPaths | None, timeout: float) -> tuple[ox.Store, float]:
    """:func:`open_local` with entailments, the reasoning run in a forked worker killed after
    ``timeout`` seconds (raising QueryError); also returns the seconds left for the query.

    >>> store, left = open_reasoned(None, 120)
    >>> store.query("ASK { kgr:ROK a kg:Agent }", prefixes=PREFIXES, use_default_graph_as_union=True)
    <QueryBoolean true>
    >>> 0 < left < 120
    True
    """
    started = time.monotonic()
    store = open_store(paths, writable=True)
    inferred = ox.NamedNode(str(GRAPH.INFERRED))

    def closure() -> bytes:
        materialise(store)
        return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=inferred) or b""

    try:
        triples = call_in_fork(closure, timeout)
    except TimeoutError:
        raise QueryError(
            f"reasoning (--reason) took longer than {timeout:g} s and was stopped; raise --timeout"
        ) from None
    except ChildProcessError as error:
        raise QueryError(f"the reasoning worker died ({error})") from None
    store.load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=inferred)
    left = timeout - (time.monotonic() - started)
    if left <= 0:
        raise QueryError(f"reasoning (--reason) took all of the {timeout:g} s; raise --timeout")
    return store, left
