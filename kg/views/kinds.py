"""The kinds of view: which part of the graph each shows and what stands out.

Each function takes the full :class:`GraphData` and returns a :class:`Selection`.

>>> from kg.store import open_store
>>> from kg.views.graphdata import extract_graph
>>> chosen = treaty(extract_graph(open_store()))
>>> "https://w3id.org/rnku-kg/id/UNCharterArt51" in chosen.data.nodes
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.build.derive import CHAIN_STATUSES
from kg.namespaces import entity_iri
from kg.views.graphdata import Edge, GraphData

__all__ = ["Selection", "chain_paths", "ego", "overview", "paths", "redline", "treaty"]

TREATY = str(entity_iri("DPRKRussiaTreaty"))
ARTICLE = str(entity_iri("DPRKRussiaTreatyArt4"))
ROK = str(entity_iri("ROK"))
TRANSFER_CLASSES = {"Transfer", "Deployment"}


@dataclass
class Selection:
    """Part of the graph to draw, with the nodes and edges to emphasise."""

    data: GraphData
    title: str
    note: str | None = None
    highlight_nodes: set[str] = field(default_factory=set)
    highlight_edges: set[str] = field(default_factory=set)
    dim_others: bool = False
    hidden_classes: frozenset[str] = frozenset()


def _label(data: GraphData, iri: str) -> str:
    node = data.nodes.get(iri)
    return node.label if node else iri


def _other(edge: Edge, node: str) -> str:
    return edge.target if edge.source == node else edge.source


def _around(data: GraphData, seeds: Iterable[str], extra: Iterable[Edge] = ()) -> GraphData:
    """The seeds, the edges touching them, and the claim nodes next to a seed with all their edges:
    a focused picture rather than every edge among the nodes reached."""
    adjacency = data.adjacency()
    seeds = set(seeds)
    edges: dict[str, Edge] = {e.id: e for e in extra}
    for seed in seeds:
        for edge in adjacency.get(seed, []):
            edges[edge.id] = edge
            other = _other(edge, seed)
            if data.nodes[other].kind == "claim":
                edges.update((e.id, e) for e in adjacency.get(other, []))
    chosen = seeds | {n for e in edges.values() for n in (e.source, e.target)}
    return data.subgraph(chosen, list(edges.values()))


# Many, and mostly about people: hidden at first in big views so transfers and relations stand out.
BUSY_CLASSES = frozenset({"Statement", "RoleAssignment"})
BUSY_NOTE = "Statements and role assignments are hidden at first: tick them in the legend to show them."


def _busy(data: GraphData, threshold: int = 100) -> frozenset[str]:
    """The busy classes present, when the view is big enough for them to crowd it."""
    return BUSY_CLASSES & {n.cls for n in data.nodes.values()} if len(data.nodes) > threshold else frozenset()


def overview(data: GraphData) -> Selection:
    """The whole graph; statements and role assignments start unticked in the legend."""
    hidden = _busy(data, 0)
    return Selection(data, "Overview: the whole graph", BUSY_NOTE if hidden else None, hidden_classes=hidden)


def ego(data: GraphData, entity: str, depth: int = 1) -> Selection:
    """An entity and everything within ``depth`` hops; a claim node is a waypoint, not a hop."""
    adjacency = data.adjacency()
    reached = {entity}
    frontier = {entity}
    for _ in range(max(depth, 0)):
        following: set[str] = set()
        for node in frontier:
            for edge in adjacency.get(node, []):
                other = _other(edge, node)
                ends = {other}
                if data.nodes[other].kind == "claim":
                    reached.add(other)
                    ends = {_other(e, other) for e in adjacency.get(other, [])}
                following |= ends - reached
        reached |= following
        frontier = following
    title = f"Ego view: {_label(data, entity)} (depth {depth})"
    chosen = data.subgraph(reached)
    hidden = _busy(chosen)
    note = BUSY_NOTE if hidden else None
    return Selection(chosen, title, note, highlight_nodes={entity}, hidden_classes=hidden)


def chain_paths(data: GraphData, source: str, target: str, max_hops: int = 3) -> list[list[Edge]]:
    """Supply chains from ``source`` to ``target``: simple paths of transfers that moved or are
    alleged to have moved (the statuses behind ``kg:suppliesTo``), at most ``max_hops`` long."""
    outgoing: dict[str, list[Edge]] = {}
    for edge in data.edges:
        fact = data.facts.get(edge.fact)
        if edge.cls in TRANSFER_CLASSES and fact is not None and fact.status in CHAIN_STATUSES:
            outgoing.setdefault(edge.source, []).append(edge)
    found: list[list[Edge]] = []

    def walk(node: str, path: list[Edge], seen: set[str]) -> None:
        for edge in outgoing.get(node, []):
            if edge.target in seen:
                continue
            if edge.target == target:
                found.append([*path, edge])
            elif len(path) + 1 < max_hops:
                walk(edge.target, [*path, edge], seen | {edge.target})

    walk(source, [], {source})
    return found


def _chains_from_library(
    store: Any, data: GraphData, source: str, target: str, max_hops: int
) -> list[list[Edge]]:
    """The chains kg.chains finds, as lists of this view's transfer edges."""
    from kg.chains import find_chains

    by_fact: dict[str, Edge] = {e.fact: e for e in data.edges if e.cls in TRANSFER_CLASSES}
    found = []
    for chain in find_chains(store, source, target, max_hops=max_hops):
        edges = [by_fact[hop.transfer] for hop in chain.hops if hop.transfer in by_fact]
        if len(edges) == len(chain.hops):
            found.append(edges)
    return found


def paths(
    data: GraphData,
    source: str,
    target: str,
    max_hops: int = 3,
    *,
    store: Any = None,
    min_hops: int = 2,
) -> Selection:
    """Supply chains from ``source`` to ``target`` highlighted; their other dealings dimmed around them.

    With a ``store``, the chains are those :func:`kg.chains.find_chains` reports; without one, the
    transfer paths in ``data`` (:func:`chain_paths`). Only chains of at least ``min_hops`` hops are
    highlighted: by default the indirect ones, since direct deliveries would drown them."""
    if store is not None:
        chains = _chains_from_library(store, data, source, target, max_hops)
    else:
        chains = chain_paths(data, source, target, max_hops)
    chains = [chain for chain in chains if len(chain) >= min_hops]
    on_chain = {source, target} | {n for chain in chains for e in chain for n in (e.source, e.target)}
    context = set(on_chain)
    for edge in data.edges:
        if edge.cls in TRANSFER_CLASSES and (edge.source in on_chain or edge.target in on_chain):
            context |= {edge.source, edge.target}
    edges = [e for e in data.edges if e.cls in TRANSFER_CLASSES]
    hops = f"{min_hops} to {max_hops} hops" if min_hops > 1 else f"at most {max_hops} hops"
    title = f"Paths: {_label(data, source)} → {_label(data, target)} ({hops})"
    if chains:
        note = f"{len(chains)} supply chain(s) highlighted; other transfers of the same states dimmed."
        if min_hops > 1:
            note += " Direct transfers are among the dimmed ones (min_hops=1 highlights them too)."
    else:
        note = f"No supply chain of {hops} found."
    return Selection(
        data.subgraph(context, edges),
        title,
        note,
        highlight_nodes=on_chain,
        highlight_edges={e.id for chain in chains for e in chain},
        dim_others=True,
    )


def treaty(data: GraphData, instrument: str = TREATY, article: str = ARTICLE) -> Selection:
    """A treaty, its parties, signings and articles; one article and its cross-references stand out."""
    adjacency = data.adjacency()
    articles = {
        e.source for e in adjacency.get(instrument, []) if e.target == instrument and e.label == "part of"
    }
    chosen = _around(data, {instrument} | articles)
    references = {e.id for e in adjacency.get(article, []) if e.source == article and e.label == "refers to"}
    highlighted = {article} | {_other(e, article) for e in adjacency.get(article, []) if e.id in references}
    title = f"Treaty: {_label(data, instrument)}"
    return Selection(chosen, title, highlight_nodes=highlighted, highlight_edges=references)


def redline(data: GraphData, drawn_by: str = ROK) -> Selection:
    """Red lines an agent drew, the technologies they name, assessments of whether they were
    crossed, and transfers of those technologies."""
    lines = {e.source for e in data.edges if e.label == "drawn by" and e.target == drawn_by}
    technologies = {e.target for e in data.edges if e.source in lines and e.label == "concerns technology"}
    moved = [e for e in data.edges if e.cls in TRANSFER_CLASSES and e.item in technologies]
    chosen = _around(data, lines | technologies, moved)
    assessments = {n.id for n in chosen.nodes.values() if n.cls == "RedLineAssessment"}
    title = f"Red lines drawn by {_label(data, drawn_by)}"
    return Selection(chosen, title, highlight_nodes=lines | assessments)
