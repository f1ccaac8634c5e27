"""The kinds of view: which part of the graph each shows and what stands out.

Each function takes the full :class:`~kg.network.GraphData` and returns a :class:`Selection`.
Edges are picked by their predicate IRI (``kg:partOf``, ``kg:drawnBy``, ...), never by the
words drawn on them.

>>> from kg.store import open_store
>>> from kg.network import extract_graph
>>> chosen = treaty(extract_graph(open_store()))
>>> "https://w3id.org/rnku-kg/id/UNCharterArt51" in chosen.data.nodes
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.chains import Chain, find_routes
from kg.display import chain_tag, summarise_routes
from kg.iris import KG, entity_iri, local_name
from kg.model import FACT_TYPES
from kg.network import Edge, GraphData

__all__ = ["Selection", "ego", "overview", "paths", "redline", "treaty"]

TREATY = str(entity_iri("DPRKRussiaTreaty"))
ARTICLE = str(entity_iri("DPRKRussiaTreatyArt4"))
ROK = str(entity_iri("ROK"))
# The claims that move something from a supplier to a recipient (transfers, deployments).
TRANSFER_CLASSES = frozenset(local_name(t.cls) for t in FACT_TYPES.values() if "supplier" in t.fields)
PART_OF, REFERS_TO = str(KG.partOf), str(KG.refersTo)
DRAWN_BY, CONCERNS_TECHNOLOGY = str(KG.drawnBy), str(KG.concernsTechnology)


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
    chains: list[dict[str, object]] = field(default_factory=list)  # paths: the chains listed, in order
    chain_summary: str | None = None
    edge_tags: dict[str, str] = field(default_factory=dict)  # paths: edge id → its best chain's tag


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
    for seed in sorted(seeds):  # sorted: the page must not depend on set order (hash seed)
        for edge in adjacency.get(seed, []):
            edges[edge.id] = edge
            other = _other(edge, seed)
            if data.nodes[other].kind == "claim":
                edges.update((e.id, e) for e in adjacency.get(other, []))
    chosen = seeds | {n for e in edges.values() for n in (e.source, e.target)}
    position = {e.id: i for i, e in enumerate(data.edges)}
    ordered = sorted(edges.values(), key=lambda e: (position.get(e.id, len(position)), e.id))
    return data.subgraph(chosen, ordered)


# Many, and mostly about people: hidden at first in big views so transfers and relations stand out.
BUSY_CLASSES = frozenset({"Statement", "RoleAssignment"})
BUSY_NOTE = "Statements and role assignments are hidden at first: tick them in the legend to show them."


def _busy(data: GraphData, threshold: int = 100) -> frozenset[str]:
    """The busy classes present, when the view is big enough for them to crowd it."""
    return BUSY_CLASSES & {n.cls for n in data.nodes.values()} if len(data.nodes) > threshold else frozenset()


def overview(data: GraphData) -> Selection:
    """The whole graph; statements and role assignments start unticked in the legend.

    >>> sorted(overview(GraphData()).hidden_classes)
    []
    """
    hidden = _busy(data, 0)
    return Selection(data, "Overview: the whole graph", BUSY_NOTE if hidden else None, hidden_classes=hidden)


def ego(data: GraphData, entity: str, depth: int = 1) -> Selection:
    """An entity and everything within ``depth`` hops; a claim node is a waypoint, not a hop.

    >>> from kg.store import open_store
    >>> from kg.network import extract_graph
    >>> ego(extract_graph(open_store()), ROK).title
    'Ego view: South Korea (depth 1)'
    """
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


# Chains listed per route in the view: a route's parallel transfers can multiply into thousands.
PER_ROUTE = 20


def _chains(
    store: ox.Store, data: GraphData, source: str, target: str, max_hops: int, min_hops: int
) -> tuple[str, list[tuple[Chain, list[Edge]]]]:
    """The :func:`kg.display.summarise_routes` line of the routes :func:`kg.chains.find_routes`
    finds (what ``kg chains`` counts), and the chains of at least ``min_hops`` hops (at most
    :data:`PER_ROUTE` a route, tied ones first) with this view's transfer edges."""
    by_claim: dict[str, Edge] = {e.claim: e for e in data.edges if e.cls in TRANSFER_CLASSES}
    routes = find_routes(store, source, target, max_hops=max_hops)
    found = []
    for route in routes:
        if route.hops < min_hops:
            continue
        for chain in route.chains(limit=PER_ROUTE):
            edges = [by_claim[hop.transfer] for hop in chain.hops if hop.transfer in by_claim]
            if len(edges) == len(chain.hops):
                found.append((chain, edges))
    return summarise_routes(routes), found


def paths(
    data: GraphData,
    source: str,
    target: str,
    max_hops: int = 3,
    *,
    store: ox.Store,
    min_hops: int = 2,
) -> Selection:
    """Supply chains from ``source`` to ``target`` highlighted; their other dealings dimmed around them.

    The chains are those :func:`kg.chains.find_routes` reports on ``store`` (the store ``data`` was
    read from). Only chains of at least ``min_hops`` hops are highlighted: by default the indirect
    ones, since direct deliveries would drown them.

    >>> from kg.store import open_store
    >>> from kg.network import extract_graph
    >>> store = open_store()
    >>> rok, ukraine = str(entity_iri("ROK")), str(entity_iri("Ukraine"))
    >>> paths(extract_graph(store), rok, ukraine, store=store).note.split(";")[0]
    '17 routes: 7 direct, 10 indirect (4 linked, 6 unlinked) (as kg chains counts them)'

    """
    summary, listed = _chains(store, data, source, target, max_hops, min_hops)
    chains = [edges for _chain, edges in listed]
    rank = {"linked": 0, "unlinked": 1, "direct": 2}
    tags: dict[str, str] = {}
    for chain, edges in listed:
        tag = chain_tag(chain)
        for edge in edges:
            if edge.id not in tags or rank[tag] < rank[tags[edge.id]]:
                tags[edge.id] = tag
    on_chain = {source, target} | {n for chain in chains for e in chain for n in (e.source, e.target)}
    context = set(on_chain)
    for edge in data.edges:
        if edge.cls in TRANSFER_CLASSES and (edge.source in on_chain or edge.target in on_chain):
            context |= {edge.source, edge.target}
    edges = [e for e in data.edges if e.cls in TRANSFER_CLASSES]
    if min_hops == max_hops:
        hops = f"{max_hops} hop{'s' if max_hops > 1 else ''}"
    else:
        hops = f"{min_hops} to {max_hops} hops" if min_hops > 1 else f"at most {max_hops} hops"
    title = f"Paths: {_label(data, source)} → {_label(data, target)} ({hops})"
    if chains:
        note = (
            f"{summary} (as kg chains counts them); the {len(chains)} of {hops} are listed and highlighted."
        )
        if min_hops > 1:
            note += (
                " Direct transfers are dimmed (--min-hops 1, or min_hops=1 in Python, highlights them too)."
            )
    else:
        note = f"{summary}; no supply chain of {hops}."
    listing = [
        {
            "tag": chain_tag(chain),
            "route": " → ".join([_label(data, edges[0].source), *(_label(data, e.target) for e in edges)]),
            "edges": [e.id for e in edges],
        }
        for chain, edges in listed
    ]
    return Selection(
        data.subgraph(context, edges),
        title,
        note,
        highlight_nodes=on_chain,
        highlight_edges={e.id for chain in chains for e in chain},
        dim_others=True,
        chains=listing,
        chain_summary=f"{len(listing)} chain(s) of {hops} — {summary}",
        edge_tags=tags,
    )


def treaty(data: GraphData, instrument: str = TREATY, article: str = ARTICLE) -> Selection:
    """A treaty, its parties, signings and articles; one article and its cross-references stand out."""
    adjacency = data.adjacency()
    articles = {
        e.source for e in adjacency.get(instrument, []) if e.target == instrument and e.predicate == PART_OF
    }
    chosen = _around(data, {instrument} | articles)
    references = {
        e.id for e in adjacency.get(article, []) if e.source == article and e.predicate == REFERS_TO
    }
    highlighted = {article} | {_other(e, article) for e in adjacency.get(article, []) if e.id in references}
    title = f"Treaty: {_label(data, instrument)}"
    return Selection(chosen, title, highlight_nodes=highlighted, highlight_edges=references)


def redline(data: GraphData, drawn_by: str = ROK) -> Selection:
    """Red lines an agent drew, the technologies they name, assessments of whether they were
    crossed, and transfers of those technologies.

    >>> from kg.store import open_store
    >>> from kg.network import extract_graph
    >>> sorted(redline(extract_graph(open_store())).highlight_nodes)[0]
    'https://w3id.org/rnku-kg/id/ROKTechTransferRedLine'
    """
    lines = {e.source for e in data.edges if e.predicate == DRAWN_BY and e.target == drawn_by}
    technologies = {e.target for e in data.edges if e.source in lines and e.predicate == CONCERNS_TECHNOLOGY}
    moved = [e for e in data.edges if e.cls in TRANSFER_CLASSES and e.item in technologies]
    chosen = _around(data, lines | technologies, moved)
    assessments = {n.id for n in chosen.nodes.values() if n.cls == "RedLineAssessment"}
    title = f"Red lines drawn by {_label(data, drawn_by)}"
    return Selection(chosen, title, highlight_nodes=lines | assessments)
