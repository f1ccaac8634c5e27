"""Load the built dataset into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

Each named graph of ``build/kg.trig`` is sent with ``PUT <endpoint>?graph=<iri>``
(replacing what the store held in that graph), so named graphs are preserved;
a graph larger than :data:`CHUNK_BYTES` of N-Triples goes in several requests (``PUT``
the first chunk, ``POST`` the rest). With a target ``graph``, the union of the dataset
goes into that one graph instead.
Credentials come from ``KG_SPARQL_USER`` / ``KG_SPARQL_PASSWORD`` (HTTP Basic or
Digest, whichever the server asks for; the Digest challenge is fetched with a bodiless
request first), never from the command line; every HTTP failure is an
:class:`~kg.errors.EndpointError` (see :mod:`kg.endpoints`). A push that fails part-way
says which graphs were already replaced and which one holds only part of its triples.
Given the store's query endpoint, the push then counts each graph's triples there and
fails unless the store holds exactly what was sent.

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
from kg.endpoints import opener, prime, request
from kg.errors import EndpointError
from kg.paths import ProjectPaths, project_paths
from kg.queries.remote import remote_query

__all__ = [
    "CHUNK_BYTES",
    "PushReport",
    "check_counts",
    "chunks",
    "count_graphs",
    "graph_store_url",
    "push_dataset",
    "push_file",
]

# Bytes of N-Triples per request at most (a single longer triple still goes alone).
CHUNK_BYTES = 4 * 1024 * 1024
N_TRIPLES = "application/n-triples"
DEFAULT_GRAPH = "(default graph)"


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


def chunks(triples: list[ox.Triple], size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """N-Triples bodies of at most ``size`` bytes each (at least one body, maybe empty).

    >>> t = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"))
    >>> [len(body) for body in chunks([t] * 3, size=40)]
    [22, 22, 22]
    """
    body: list[bytes] = []
    length = 0
    for triple in triples:
        line = f"{triple} .\n".encode()
        if body and length + len(line) > size:
            yield b"".join(body)
            body, length = [], 0
        body.append(line)
        length += len(line)
    yield b"".join(body)


def _failed_part_way(
    error: EndpointError, name: str, sent: dict[str, int], part: int, parts: int
) -> EndpointError:
    done = ", ".join(sent) if sent else "none"
    where = f"chunk {part + 1} of {parts}"
    state = "keeps its earlier content" if part == 0 else f"holds only its first {part} chunk(s) of {parts}"
    return EndpointError(
        f"{error} — push stopped at graph {name} ({where}), which {state}; "
        f"graphs already replaced: {done}; push again to finish"
    )


def count_graphs(query_endpoint: str, graphs: list[str], timeout: float = 300) -> dict[str, int]:
    """Triples per named graph on a SPARQL endpoint (graphs it lacks count 0)."""
    values = " ".join(f"<{g}>" for g in graphs)
    text = (
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    )
    result = remote_query(query_endpoint, text, timeout=timeout, graphs=graphs)
    found = {row["g"]: int(row["n"]) for row in result.rows()}
    return {g: found.get(g, 0) for g in graphs}


def check_counts(report: PushReport, query_endpoint: str, timeout: float = 300) -> None:
    """Raise EndpointError unless every pushed named graph holds as many triples on the store
    as were sent (the default graph, if pushed, is not counted)."""
    named = [g for g in report.graphs if g != DEFAULT_GRAPH]
    held = count_graphs(query_endpoint, named, timeout)
    wrong = [
        f"{g}: sent {report.graphs[g]}, store holds {held[g]}" for g in named if held[g] != report.graphs[g]
    ]
    if wrong:
        raise EndpointError(
            f"after the push, {query_endpoint} disagrees on {len(wrong)} graph(s): " + "; ".join(wrong)
        )


def push_file(
    trig: Path | str,
    endpoint: str,
    *,
    graph: str | None = None,
    timeout: float = 300,
    progress: Callable[[str, int], None] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    query_endpoint: str | None = None,
) -> PushReport:
    """Push a TriG file's graphs to a Graph Store endpoint (see the module docstring).

    ``progress(graph_iri, triples)`` is called after each graph is sent; with
    ``query_endpoint`` the store's counts are checked afterwards (:func:`check_counts`).
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
    prime(graph_store_url(endpoint, None), session, timeout)
    sent: dict[str, int] = {}
    for name in sorted(by_graph, key=lambda n: n or ""):
        triples = list(by_graph[name])
        url = graph_store_url(endpoint, name)
        bodies = list(chunks(triples, chunk_bytes))
        for index, body in enumerate(bodies):
            # PUT replaces the graph's earlier content; POST appends the further chunks.
            method = "PUT" if index == 0 else "POST"
            headers = {"Content-Type": N_TRIPLES}
            try:
                try:
                    request(url, body, method=method, headers=headers, timeout=timeout, using=session)
                except EndpointError:
                    # Once more with a fresh challenge (a Digest nonce may have expired); sending
                    # the same chunk twice is harmless, a graph is a set of triples.
                    prime(url, session, timeout)
                    request(url, body, method=method, headers=headers, timeout=timeout, using=session)
            except EndpointError as error:
                raise _failed_part_way(error, name or DEFAULT_GRAPH, sent, index, len(bodies)) from None
        sent[name or DEFAULT_GRAPH] = len(triples)
        if progress:
            progress(name or DEFAULT_GRAPH, len(triples))
    report = PushReport(endpoint, sent)
    if query_endpoint:
        check_counts(report, query_endpoint, timeout)
    return report


def push_dataset(
    endpoint: str,
    paths: ProjectPaths | None = None,
    *,
    graph: str | None = None,
    timeout: float = 300,
    progress: Callable[[str, int], None] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    query_endpoint: str | None = None,
) -> PushReport:
    """Push the built dataset (rebuilding first when an input changed since the last build)."""
    paths = paths or project_paths()
    ensure_built(paths)
    return push_file(
        paths.trig, endpoint, graph=graph, timeout=timeout, progress=progress,
        chunk_bytes=chunk_bytes, query_endpoint=query_endpoint,
    )  # fmt: skip
