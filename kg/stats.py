"""Counts per class and per source document, for `kg stats`."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.iris import prefixed
from kg.store import select

__all__ = ["Stats", "graph_stats"]

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""

SOURCE_COUNTS = """
SELECT ?doc ?title ?type (COUNT(DISTINCT ?fact) AS ?n) WHERE {
  ?fact a kg:Claim ; prov:wasDerivedFrom ?doc ; a ?type .
  ?doc dcterms:title ?title .
  FILTER(?type != kg:Claim && STRSTARTS(STR(?type), STR(kg:)))
} GROUP BY ?doc ?title ?type ORDER BY ?doc DESC(?n) ?type
"""


@dataclass(frozen=True)
class Stats:
    """Instances per class; claims per source and claim type; triple count."""

    classes: list[tuple[str, int]]
    sources: list[tuple[str, str, str, int]]
    triples: int


def graph_stats(store: ox.Store) -> Stats:
    """Count the built graph.

    >>> from kg.store import open_store
    >>> stats = graph_stats(open_store())
    >>> dict(stats.classes)["kg:State"] >= 10
    True
    """
    classes = [(prefixed(r["class"]), r["n"]) for r in select(store, CLASS_COUNTS)]
    sources = [
        (prefixed(r["doc"]), r["title"], prefixed(r["type"]), r["n"]) for r in select(store, SOURCE_COUNTS)
    ]
    triples = len(store)
    return Stats(classes, sources, triples)
