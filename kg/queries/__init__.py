"""The named query library (``kg/queries/*.rq``) and the one way to run a query, on the
embedded Oxigraph store or on a remote SPARQL 1.1 endpoint.

A query is given as exactly one of ``name=`` (a named query), ``file=`` (a ``.rq``
file) or ``text=`` (SPARQL text); the notebook API's single positional argument is
told apart by its shape. Parameters are bound by the engine (pyoxigraph
``substitutions``) or, remotely, by a ``VALUES`` block of serialised terms; user text
never becomes SPARQL syntax.

>>> rows = run_query("direct-transfers", {"supplier": "DPRK", "recipient": "Russia"})
>>> "M-1989 Koksan 170 mm self-propelled gun" in {row["item"] for row in rows}
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import BuildMissingError
from kg.names import NameIndex
from kg.paths import ProjectPaths
from kg.queries.library import (
    INLINE,
    NamedQuery,
    Param,
    get_query,
    list_queries,
    load_query,
    parse_header,
    read_query_file,
)
from kg.queries.local import evaluate, evaluate_with_timeout, open_local
from kg.queries.paging import paged
from kg.queries.params import bind_params
from kg.queries.results import QueryResult

__all__ = [
    "NamedQuery",
    "Param",
    "QueryResult",
    "bind_params",
    "execute",
    "get_query",
    "list_queries",
    "run_query",
]


def _query(
    text_or_name: str | None, name: str | None, text: str | None, file: Path | str | None
) -> NamedQuery:
    given = [form for form in (text_or_name, name, text, file) if form is not None]
    if len(given) != 1:
        raise TypeError("give exactly one query: text_or_name, or one of name=, text=, file=")
    if name is not None:
        return get_query(name)
    if file is not None:
        return read_query_file(file)
    if text is not None:
        return parse_header(INLINE, text)
    assert text_or_name is not None
    return load_query(text_or_name)


def _project_graphs(local: ox.Store | None, paths: ProjectPaths | None) -> list[str]:
    """The named graphs of the local build (none without a build: the store's own dataset)."""
    if local is None:
        try:
            local = open_local(paths)
        except BuildMissingError:
            return []
    return sorted(g.value for g in local.named_graphs() if isinstance(g, ox.NamedNode))


def execute(
    text_or_name: str | None = None,
    params: Mapping[str, Any] | None = None,
    endpoint: str | None = None,
    *,
    name: str | None = None,
    text: str | None = None,
    file: Path | str | None = None,
    store: ox.Store | None = None,
    timeout: float | None = None,
    reason: bool = False,
    paths: ProjectPaths | None = None,
    graphs: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Like :func:`run_query` but returns the :class:`QueryResult` (terms, for serialising).

    >>> execute(text="SELECT ?s WHERE { ?s skos:hiddenLabel 'Seoul'@en }").solutions
    [{'s': <NamedNode value=https://w3id.org/rnku-kg/id/ROK>}]
    """
    query = _query(text_or_name, name, text, file)
    local = store
    if local is None and (endpoint is None or any(p.kind == "entity" for p in query.params)):
        local = open_local(paths, reason=reason and endpoint is None)
    if endpoint is not None and graphs is None:
        graphs = _project_graphs(local, paths)

    def resolve(entity: str) -> str:
        assert local is not None
        return NameIndex.for_store(local).resolve(entity)

    bound = bind_params(query, params, resolve)
    text = paged(query.text, limit=limit, offset=offset)
    if endpoint is not None:
        from kg.queries.remote import inject_values, remote_query  # the HTTP client, only for this

        return remote_query(endpoint, inject_values(text, bound), timeout=timeout, graphs=graphs)
    assert local is not None
    if timeout is None:
        return evaluate(local, text, bound)
    return evaluate_with_timeout(local, text, bound, timeout)


def run_query(
    text_or_name: str | None = None,
    params: Mapping[str, Any] | None = None,
    endpoint: str | None = None,
    *,
    name: str | None = None,
    text: str | None = None,
    file: Path | str | None = None,
    store: ox.Store | None = None,
    timeout: float | None = None,
    reason: bool = False,
    paths: ProjectPaths | None = None,
    graphs: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Run a named query, a ``.rq`` file or SPARQL text; rows as dicts of plain values.

    Give the query positionally (a name, a path ending in ``.rq`` or SPARQL text,
    told apart by their shape) or as exactly one of ``name=``, ``file=``, ``text=``.
    Without ``endpoint`` the embedded store is used (``store``, or the built graph
    opened with ``open_store``; ``reason`` adds OWL-RL entailments). With
    ``endpoint`` the same text goes to a remote SPARQL 1.1 endpoint, parameters
    bound with ``VALUES`` and the dataset named with ``FROM``: the ``graphs`` given, or by
    default the named graphs of the local build (as ``kg push`` sends them; without a
    build, the store's own default graph); entity names are still resolved on the local graph.

    Raises QueryError (malformed, unknown, missing parameter, timeout),
    UnknownEntityError (an entity name matches nothing) and EndpointError (the
    endpoint is unreachable, refuses, or answers something unreadable). ``limit`` and
    ``offset`` give one page of the answer (see :mod:`kg.queries.paging`).

    >>> run_query("ASK { kgr:ROK a kg:State }")
    [{'answer': True}]
    >>> run_query(name="polls")[0]["pollster"]
    'Gallup Korea'
    """
    return execute(
        text_or_name,
        params,
        endpoint,
        name=name,
        text=text,
        file=file,
        store=store,
        timeout=timeout,
        reason=reason,
        paths=paths,
        graphs=graphs,
        limit=limit,
        offset=offset,
    ).rows()
