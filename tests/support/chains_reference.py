"""The chains search before routes (every product of parallel transfers, as kg.chains did it):
the reference the route search is tested against."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise, product

import pyoxigraph as ox

from kg.chains import Chain, Hop, chain_order, hops_linked, load_hops
from kg.model import MOVED


def simple_paths(
    edges: Iterable[tuple[str, str]], source: str, target: str, max_hops: int
) -> list[tuple[str, ...]]:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    if source not in graph or target not in graph:
        return []
    distance = dict(nx.single_target_shortest_path_length(graph, target, cutoff=max_hops))
    found: list[tuple[str, ...]] = []

    def walk(path: tuple[str, ...], seen: frozenset[str]) -> None:
        left = max_hops - (len(path) - 1)
        for following in sorted(graph.successors(path[-1])):
            if following == target:
                found.append((*path, target))
            elif following not in seen and distance.get(following, max_hops + 1) < left:
                walk((*path, following), seen | {following})

    walk((source,), frozenset({source}))
    return found


def _linked_combinations(options: list[list[Hop]]) -> list[tuple[Hop, ...]]:
    partial: list[tuple[Hop, ...]] = [(hop,) for hop in options[0]]
    for step in options[1:]:
        partial = [(*chain, hop) for chain in partial for hop in step if hops_linked(chain[-1], hop)]
    return partial


def reference_chains(
    store: ox.Store,
    source: str,
    target: str,
    max_hops: int = 3,
    statuses: Iterable[str] = MOVED,
    *,
    linked_only: bool = False,
    hops: list[Hop] | None = None,
) -> list[Chain]:
    """``find_chains`` as it was: all chains, by products of parallel transfers."""
    edges: dict[tuple[str, str], list[Hop]] = {}
    for hop in hops if hops is not None else load_hops(store, statuses):
        edges.setdefault((hop.supplier, hop.recipient), []).append(hop)
    if source == target:
        return []
    chains = []
    for path in simple_paths(set(edges), source, target, max_hops):
        options = [edges[pair] for pair in pairwise(path)]
        if linked_only:
            chains += [Chain(hops, True) for hops in _linked_combinations(options)]
            continue
        for combination in product(*options):
            linked = all(hops_linked(a, b) for a, b in pairwise(combination))
            chains.append(Chain(hops=tuple(combination), linked=linked))
    unique = list(dict.fromkeys(chains))
    once: dict[tuple[str, ...], Chain] = {}
    for chain in sorted(unique, key=chain_order):
        once.setdefault(tuple(hop.key for hop in chain.hops), chain)
    return list(once.values())
