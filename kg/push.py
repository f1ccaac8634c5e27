"""Load the built dataset into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

Each named graph of ``build/kg.trig`` is sent with ``PUT <endpoint>?graph=<iri>``
(replacing what the store held in that graph), so named graphs are preserved;
large graphs go in chunks (``PUT`` the first, ``POST`` the rest). With a target
``graph``, the union of the dataset goes into that one graph instead.
Credentials come from ``KG_SPARQL_USER`` / ``KG_SPARQL_PASSWORD`` (HTTP Basic or
Digest, whichever the server asks for), never from the command line; every HTTP
failure is an :class:`~kg.errors.EndpointError` (see :mod:`kg.endpoints`).

>>> graph_store_url("http://127.0.0.1:7878/store", "https://w3id.org/rnku-kg/id/graph/derived")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Frnku-kg%2Fid%2Fgraph%2Fderived'
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build import ensure_built
from kg.endpoints import opener, request
from kg.errors import EndpointError
from kg.paths import ProjectPaths, project_paths

__all__ = ["PushReport", "graph_store_url", "push_dataset", "push_file"]

# Triples per request: keeps each body to some tens of MB of N-Triples.
CHUNK_TRIPLES = 200_000
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class PushReport:
    """What was sent: triples per target graph IRI."""

    endpoint: str
    graphs: dict[str, int]

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of one graph (``?graph=``) or of the default graph (``?default``).

    >>> graph_store_url("http://h/store?x=1", None)
    'http://h/store?x=1&default'
    """
    joiner = "&" if urllib.parse.urlparse(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{joiner}default"
    return f"{endpoint}{joiner}" + urllib.parse.urlencode({"graph": graph})


def _chunks(triples: list[ox.Triple], size: int) -> Iterator[bytes]:
    for start in range(0, max(len(triples), 1), size):
        yield ox.serialize(triples[start : start + size], format=ox.RdfFormat.N_TRIPLES) or b""


def push_file(
    trig: Path | str,
    endpoint: str,
    *,
    graph: str | None = None,
    timeout: float = 300,
    progress: Callable[[str, int], None] | None = None,
) -> PushReport:
    """Push a TriG file's graphs to a Graph Store endpoint (see the module docstring).

    ``progress(graph_iri, triples)`` is called after each graph is sent.
    """
    by_graph: dict[str | None, dict[ox.Triple, None]] = {}
    try:
        quads = ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)
        for quad in quads:
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            # A dict keeps first-seen order and drops the duplicates that merging into one graph makes.
            by_graph.setdefault(graph if graph else name, {})[quad.triple] = None
    except (OSError, SyntaxError) as error:
        raise EndpointError(f"cannot read {trig}: {error}") from None
    session = opener(endpoint)
    sent: dict[str, int] = {}
    for name in sorted(by_graph, key=lambda n: n or ""):
        triples = list(by_graph[name])
        url = graph_store_url(endpoint, name)
        for index, body in enumerate(_chunks(triples, CHUNK_TRIPLES)):
            # PUT replaces the graph's earlier content; POST appends the further chunks.
            method = "PUT" if index == 0 else "POST"
            request(
                url, body, method=method, headers={"Content-Type": N_TRIPLES}, timeout=timeout, using=session
            )
        sent[name or "(default graph)"] = len(triples)
        if progress:
            progress(name or "(default graph)", len(triples))
    return PushReport(endpoint, sent)


def push_dataset(
    endpoint: str,
    paths: ProjectPaths | None = None,
    *,
    graph: str | None = None,
    timeout: float = 300,
    progress: Callable[[str, int], None] | None = None,
) -> PushReport:
    """Push the built dataset (rebuilding first when an input changed since the last build)."""
    paths = paths or project_paths()
    ensure_built(paths)
    return push_file(paths.trig, endpoint, graph=graph, timeout=timeout, progress=progress)
