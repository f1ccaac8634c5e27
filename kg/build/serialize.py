"""The dataset → ``build/kg.ttl`` (the union of all graphs) and ``build/kg.trig`` (one block
per named graph), written by pyoxigraph's serializers over the quads in sorted order, so the
same dataset always gives the same bytes and no literal is ever edited as text.
:func:`check_round_trip` parses the files back and compares them with the dataset.

>>> from rdflib import Literal
>>> from kg.build.compile import new_dataset
>>> from kg.namespaces import GRAPH, KGR, RDFS
>>> dataset = new_dataset()
>>> dataset.graph(GRAPH.ENTITIES).add((KGR.ROK, RDFS.comment, Literal("line\\u2028separator")))
<Graph identifier=... (<class 'rdflib.graph.Graph'>)>
>>> quads = to_quads(dataset)
>>> turtle, trig = serialize(quads)
>>> check_round_trip(quads, turtle, trig)
>>> [line.strip() for line in trig.decode().split(chr(10)) if "comment" in line]  # not splitlines()
['kgr:ROK rdfs:comment "line\u2028separator" .']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from kg.errors import OutputError
from kg.namespaces import PREFIXES

T = TypeVar("T")

__all__ = [
    "check_round_trip",
    "merge_quads",
    "ox_term",
    "serialize",
    "to_quads",
    "turtle_of",
    "union_triples",
]


def ox_term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The Oxigraph term of an rdflib term.

    >>> ox_term(Literal("5", lang="en"))
    <Literal value=5 language=en>
    """
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def to_quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of the dataset's named graphs as Oxigraph terms, in a fixed order (graph,
    subject, predicate, object by their N-Triples form). Blank nodes, if any, are first
    given canonical labels, so their rdflib ids do not leak into the output."""
    quads: list[ox.Quad] = []
    for graph in dataset.graphs():
        if not isinstance(graph.identifier, URIRef):
            continue  # rdflib's empty default graph; the build writes named graphs only
        name = ox.NamedNode(str(graph.identifier))
        for s, p, o in graph:
            quads.append(ox.Quad(ox_term(s), ox_term(p), ox_term(o), name))  # type: ignore[arg-type]
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        canonical = ox.Dataset(quads)
        canonical.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        quads = list(canonical)
    return sorted(set(quads), key=_sort_key)


def merge_quads(*parts: Sequence[ox.Quad]) -> list[ox.Quad]:
    """The quads of every part once, in the order of :func:`to_quads`.

    >>> q = ox.Quad(ox.NamedNode("x:s"), ox.NamedNode("x:p"), ox.Literal("o"), ox.NamedNode("x:g"))
    >>> merge_quads([q], [q]) == [q]
    True
    """
    if len(parts) == 1:
        return list(parts[0])
    keyed = sorted(((_sort_key(q), q) for part in parts for q in part), key=_first)  # keys, not quads
    return _first_of_each(keyed)


def _first(pair: tuple[tuple[str, ...], object]) -> tuple[str, ...]:
    return pair[0]


def _first_of_each(keyed: Iterable[tuple[tuple[str, ...], T]]) -> list[T]:
    """The items of a key-sorted sequence, dropping those whose key repeats the one before
    (the N-Triples/N-Quads form of the terms identifies an RDF statement): cheaper than a set
    of Oxigraph terms, which hashes every term."""
    found: list[T] = []
    last: tuple[str, ...] | None = None
    for key, item in keyed:
        if key != last:
            found.append(item)
            last = key
    return found


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The triples of the union of the graphs, once each, sorted: what ``kg.ttl`` holds
    (computed once by the build for :func:`serialize` and :func:`check_round_trip`)."""
    keyed = sorted((((str(q.subject), str(q.predicate), str(q.object)), q.triple) for q in quads), key=_first)
    return _first_of_each(keyed)


def turtle_of(triples: Iterable[tuple[Any, Any, Any]]) -> bytes:
    """Deterministic Turtle of triples (without blank nodes), of rdflib or of Oxigraph terms
    (an importer's :class:`~kg.build.triples.TripleList` with ``OX_TERMS``: nothing to
    convert), written by pyoxigraph in sorted order, each triple once, with the project
    prefixes: linear in the triples, unlike rdflib's writer.

    >>> from kg.namespaces import KGR, RDFS
    >>> print(turtle_of([(KGR.ROK, RDFS.label, Literal("ROK"))]).decode().splitlines()[-1])
    kgr:ROK rdfs:label "ROK" .
    """
    terms: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}  # terms repeat: convert each once

    def term(node: Any) -> Any:
        if isinstance(node, (ox.NamedNode, ox.Literal, ox.BlankNode)):
            return node
        found = terms.get(node)
        if found is None:
            found = terms[node] = ox_term(node)
        return found

    keyed = []
    for s, p, o in triples:
        s, p, o = term(s), term(p), term(o)
        keyed.append(((s.value, p.value, str(o)), s, p, o))
    keyed.sort(key=lambda row: row[0])
    ordered, last = [], None
    for key, s, p, o in keyed:  # sorted: a repeated triple is next to its twin
        if key != last:
            ordered.append(ox.Triple(s, p, o))
            last = key
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=_prefixes()) or b""


def serialize(quads: Sequence[ox.Quad], triples: Sequence[ox.Triple] | None = None) -> tuple[bytes, bytes]:
    """Turtle of the union of all graphs (``triples``: :func:`union_triples`, computed when not
    given) and TriG of the named graphs, from sorted quads."""
    union = union_triples(quads) if triples is None else triples
    turtle = ox.serialize(union, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes())
    return turtle or b"", trig or b""


def _parse(data: bytes, fmt: ox.RdfFormat, where: Path | str) -> list[ox.Quad]:
    try:
        return list(ox.parse(data, format=fmt))
    except SyntaxError as error:
        raise OutputError(where, f"the file just written does not parse back ({error})") from None


def _same(found: list[ox.Quad] | list[ox.Triple], expected: Sequence[ox.Quad] | Sequence[ox.Triple]) -> bool:
    # the writers keep the order given, so the files read back in it: a list comparison, and
    # sets (hashing every term) only if the order differs
    return found == list(expected) or set(found) == set(expected)


def check_round_trip(
    quads: Sequence[ox.Quad],
    turtle: bytes,
    trig: bytes,
    *,
    triples: Sequence[ox.Triple] | None = None,
    turtle_path: Path | str = "kg.ttl",
    trig_path: Path | str = "kg.trig",
) -> None:
    """Parse the Turtle and TriG back; raise :class:`kg.errors.OutputError` unless the TriG
    holds exactly ``quads`` and the Turtle exactly their triples (``triples``, as given to
    :func:`serialize`)."""
    found = _parse(trig, ox.RdfFormat.TRIG, trig_path)
    if not _same(found, quads):
        expected, got = set(quads), set(found)
        raise OutputError(
            trig_path,
            f"reads back as {len(got)} quads, not the {len(expected)} validated "
            f"({len(expected - got)} missing, {len(got - expected)} unexpected); previous build kept",
        )
    union = union_triples(quads) if triples is None else triples
    found_triples = [quad.triple for quad in _parse(turtle, ox.RdfFormat.TURTLE, turtle_path)]
    if not _same(found_triples, union):
        raise OutputError(
            turtle_path,
            f"reads back as {len(set(found_triples))} triples, not the {len(union)} validated; "
            "previous build kept",
        )
