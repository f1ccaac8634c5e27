"""Routes: the actor paths from a source to a target, each with its counts of chains, and the
chains of a route built only when asked for.

Routes are the simple paths of at most ``max_hops`` supplier → recipient pairs of the hop
table, pruned by the backward distance to the target. A route's chains are one per sequence
of events (parallel accounts of one event count once); it never multiplies out its parallel
transfers: :attr:`Route.combinations` is a product of counts, and its linked chains come from
backward joins over the table's links (made with its columns: :class:`kg.chains.columns.HopColumns`).

>>> from kg.store import open_store
>>> from kg.namespaces import entity_iri
>>> routes = find_routes(open_store(), str(entity_iri("ROK")), str(entity_iri("Ukraine")))
>>> sorted(r.labels[1] for r in routes if r.hops == 2 and r.linked)
['Poland', 'Romania', 'United States']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice, pairwise, product
from math import prod

import pyoxigraph as ox

from kg.chains.hops import Chain, chain_order
from kg.chains.table import HopTable, hop_table
from kg.errors import QueryError
from kg.model import MOVED

__all__ = ["Route", "find_chains", "find_routes", "route_order"]


@dataclass(frozen=True)
class Route:
    """One actor path from source to target, with how many chains run along it.

    ``parallel`` is the number of transfer claims on each hop, ``combinations`` the number of
    chains (one per sequence of events: the product of each hop's distinct events) and
    ``linked`` how many of them are tied hop to hop (a direct route's chains all are).
    """

    table: HopTable = field(repr=False, compare=False)
    nodes: tuple[int, ...]
    parallel: tuple[int, ...]
    combinations: int
    linked: int
    _linked_rows: tuple[tuple[int, ...], ...] = field(repr=False, compare=False)

    @property
    def path(self) -> tuple[str, ...]:
        """The entity IRIs along the route, source first."""
        return tuple(self.table.names[node] for node in self.nodes)

    @property
    def labels(self) -> tuple[str, ...]:
        """The entities' labels along the route."""
        return tuple(self.table.label(iri) for iri in self.path)

    @property
    def hops(self) -> int:
        """How many transfers long the route is."""
        return len(self.nodes) - 1

    @property
    def unlinked(self) -> int:
        """How many of the route's chains are not tied hop to hop."""
        return self.combinations - self.linked

    def linked_chains(self) -> list[Chain]:
        """The route's tied chains (every chain of a direct route), in transfer order."""
        return self._build(self._linked_rows, True)

    def chains(self, limit: int | None = None) -> list[Chain]:
        """The route's chains, tied ones first, at most ``limit`` of them; nothing beyond them is built."""
        if limit is not None and limit < 0:
            raise QueryError(f"limit must not be negative, not {limit!r}")
        linked = self._linked_rows[:limit]
        left = None if limit is None else limit - len(linked)
        rest = list(islice(self._unlinked_rows(), left))
        return self._build(linked, True) + self._build(rest, False)

    def _unlinked_rows(self) -> Iterator[tuple[int, ...]]:
        if self.hops == 1:
            return
        keys = self.table.key
        tied = {tuple(keys[row] for row in rows) for rows in self._linked_rows}
        steps = [self.table.groups(a, b) for a, b in pairwise(self.nodes)]
        for groups in product(*steps):
            rows = tuple(group[0] for group in groups)
            if tuple(keys[row] for row in rows) not in tied:
                yield rows

    def _build(self, combinations: Iterable[tuple[int, ...]], linked: bool) -> list[Chain]:
        combinations = list(combinations)
        hops = iter(self.table.hops(row for rows in combinations for row in rows))
        return [Chain(tuple(next(hops) for _ in rows), linked) for rows in combinations]


def route_order(route: Route) -> tuple[int, int]:
    """Routes with tied chains first, then direct routes, then the rest; shorter first."""
    return (0 if route.hops > 1 and route.linked else 1 if route.hops == 1 else 2), route.hops


def _check(max_hops: object) -> None:
    if isinstance(max_hops, bool) or not isinstance(max_hops, int) or max_hops < 1:
        raise QueryError(f"max_hops must be a whole number of at least 1, not {max_hops!r}")


def _paths(table: HopTable, source: int, target: int, max_hops: int) -> list[tuple[int, ...]]:
    """Simple paths of at most ``max_hops`` pairs, successors in IRI order, pruned by each
    node's distance to the target (searched backwards at most ``max_hops`` deep)."""
    distance = {target: 0}
    frontier = [target]
    for depth in range(1, max_hops + 1):
        reached = []
        for node in frontier:
            for predecessor in table.predecessors.get(node, ()):
                if predecessor not in distance:
                    distance[predecessor] = depth
                    reached.append(predecessor)
        frontier = reached
    if source not in distance:
        return []
    found: list[tuple[int, ...]] = []
    successors, far = table.successors, max_hops + 1

    def walk(path: tuple[int, ...], seen: frozenset[int]) -> None:
        left = max_hops - (len(path) - 1)
        if left == 1:  # one hop left: only an edge into the target will do (distance 1)
            if distance.get(path[-1]) == 1:
                found.append((*path, target))
            return
        for following in successors.get(path[-1], ()):
            if following == target:
                found.append((*path, target))
            elif following not in seen and distance.get(following, far) < left:
                walk((*path, following), seen | {following})

    walk((source,), frozenset({source}))
    return found


def _linked_rows(table: HopTable, nodes: tuple[int, ...]) -> list[tuple[int, ...]]:
    """One hop per step, each tied to the next, found backwards from the hops into the target."""
    if len(nodes) == 2:
        return [(row,) for row in table.pairs[(nodes[0], nodes[1])]]
    last = table.links.get(nodes[-3:])  # type: ignore[arg-type]
    if not last:
        return []
    partial = [(g, h) for h, tied in last.items() for g in tied]
    for start in range(len(nodes) - 4, -1, -1):
        step = table.links.get(nodes[start : start + 3])  # type: ignore[arg-type]
        if not step:
            return []
        partial = [(f, *rows) for rows in partial for f in step.get(rows[0], ())]
    return partial


def _route(table: HopTable, nodes: tuple[int, ...]) -> Route:
    pairs = list(pairwise(nodes))
    representative: dict[tuple[int, ...], tuple[int, ...]] = {}
    key = table.key
    for rows in sorted(_linked_rows(table, nodes)):  # the first account of each event sequence
        representative.setdefault(tuple([key[row] for row in rows]), rows)
    return Route(
        table=table,
        nodes=nodes,
        parallel=tuple([len(table.pairs[pair]) for pair in pairs]),
        combinations=prod([len(table.groups(*pair)) for pair in pairs]),
        linked=len(representative),
        _linked_rows=tuple(representative.values()),
    )


def find_routes(
    store: ox.Store, source: str, target: str, max_hops: int = 3, statuses: Iterable[str] = MOVED
) -> list[Route]:
    """Every route of real transfers from ``source`` to ``target`` (entity IRIs) of at most
    ``max_hops`` hops, in :func:`route_order`, each with its counts; chains are built per route.

    :raises QueryError: when ``max_hops`` is not a whole number of at least 1.
    """
    _check(max_hops)
    table = hop_table(store, statuses)
    if source == target or source not in table.index or target not in table.index:
        return []
    nodes = _paths(table, table.index[source], table.index[target], max_hops)
    return sorted((_route(table, path) for path in nodes), key=route_order)


def find_chains(
    store: ox.Store,
    source: str,
    target: str,
    max_hops: int = 3,
    statuses: Iterable[str] = MOVED,
    *,
    linked_only: bool = False,
) -> list[Chain]:
    """Every chain of real transfers from ``source`` to ``target`` (entity IRIs) of at most
    ``max_hops`` hops: chains of two or more tied hops first, then direct transfers, then
    routes whose hops are not tied. With ``linked_only``, only chains whose every hop is tied to
    the next. One chain per sequence of events, told by its first account. On a large graph,
    :func:`find_routes` counts them without building them all.

    >>> from kg.store import open_store
    >>> from kg.namespaces import entity_iri
    >>> chains = find_chains(open_store(), str(entity_iri("DPRK")), str(entity_iri("Russia")), max_hops=1)
    >>> "North Korean troops" in {c.hops[0].item_label for c in chains}
    True

    :raises QueryError: when ``max_hops`` is not a whole number of at least 1.
    """
    routes = find_routes(store, source, target, max_hops, statuses)
    chains = [c for r in routes for c in (r.linked_chains() if linked_only else r.chains())]
    once: dict[tuple[str, ...], Chain] = {}
    for chain in sorted(chains, key=chain_order):  # an event on two routes' pairs counts once
        once.setdefault(tuple(hop.key for hop in chain.hops), chain)
    return list(once.values())
