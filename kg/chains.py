"""Supply chains: routes of transfers from a source to a target, each hop with its evidence.

A few SPARQL scans read every transfer (deployments included) as hops; the
actor routes of at most ``max_hops`` are found over the supplier → recipient
pairs with reachability pruning, and each route expands into one :class:`Chain`
per combination of parallel transfers. A chain is *linked* when each hop is
explicitly tied to the next: it backfills the stocks the next hop sent on
(``kg:backfills``), it supplies components of the next hop's item
(``kg:integratedInto``), or it names the next hop's recipient as end-user.

>>> from kg.store import open_store
>>> from kg.namespaces import entity_iri
>>> chains = find_chains(open_store(), str(entity_iri("ROK")), str(entity_iri("Ukraine")))
>>> sorted({c.hops[1].supplier_label for c in chains if c.linked and len(c.hops) == 2})
['Poland', 'Romania', 'United States']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import pairwise, product
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.model import MOVED, STATUSES, TRANSFER_KINDS
from kg.namespaces import KG, PREFIXES, local_name

__all__ = [
    "TRANSFERS",
    "TRANSFER_PROPERTIES",
    "Chain",
    "Hop",
    "find_chains",
    "hops_linked",
    "load_hops",
    "simple_paths",
]

# Transfers are read with a few plain scans merged in Python rather than one
# query with many OPTIONALs: Oxigraph answers the scans about 3x faster at 100k
# transfers (see bench/RESULTS.md).
TRANSFERS = """
SELECT ?transfer ?supplier ?recipient ?item ?status ?source ?kind WHERE {
  ?transfer kg:supplier ?supplier ; kg:recipient ?recipient ; kg:item ?item ; kg:status ?status ;
            prov:wasDerivedFrom ?source ; kg:transferKind ?kind .
}
"""
# Optional properties of transfers, one scan each.
TRANSFER_PROPERTIES = {
    "quantity": "SELECT ?transfer ?value WHERE { ?transfer kg:quantity ?value ; kg:supplier ?supplier }",
    "date": "SELECT ?transfer ?value WHERE { ?transfer kg:date ?value ; kg:supplier ?supplier }",
    "claimant": "SELECT ?transfer ?value WHERE { ?transfer kg:claimant ?value ; kg:supplier ?supplier }",
    "endUser": "SELECT ?transfer ?value WHERE { ?transfer kg:endUser ?value ; kg:supplier ?supplier }",
    "integratedInto": "SELECT ?transfer ?value WHERE { ?transfer kg:integratedInto ?value ; kg:supplier ?s }",
    "backfills": "SELECT ?transfer ?value WHERE { ?transfer kg:backfills ?value ; kg:supplier ?supplier }",
    "event": "SELECT ?transfer ?value WHERE { ?transfer kg:attests ?value ; kg:supplier ?supplier }",
}
EVENT_SOURCES = "SELECT ?event ?n WHERE { ?event kg:sourceCount ?n }"
FIRST_QUOTES = "SELECT ?transfer ?quote WHERE { ?transfer kg:quote ?quote ; kg:supplier ?supplier }"
LABELS = "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }"
TITLES = "SELECT ?doc ?title WHERE { ?doc dcterms:title ?title }"

# Status and transfer-kind concepts → the model's words (the words a Hop carries).
_STATUS_WORDS = {str(KG[status]): status for status in STATUSES}
_KIND_WORDS = {str(iri): word for word, iri in TRANSFER_KINDS.items()}


@dataclass(frozen=True)
class Hop:
    """One transfer claim on a route: who sent what to whom, how sure, and the quote that says so."""

    transfer: str
    supplier: str
    supplier_label: str
    recipient: str
    recipient_label: str
    item: str
    item_label: str
    kind: str
    quantity: float | None
    date: str | None
    status: str
    claimant: str | None
    quote: str
    source: str
    source_title: str
    end_user: str | None = None
    integrated_into: str | None = None
    backfills: str | None = None
    event: str | None = None  # the attested event (kg:attests) when sources tell the same transfer
    sources: int = 1  # how many documents report that event (corroboration)

    @property
    def key(self) -> str:
        """What the hop is one account of: its event, or the claim itself."""
        return self.event or self.transfer


@dataclass(frozen=True)
class Chain:
    """A route of hops from source to target; ``linked`` when every hop is tied to the next."""

    hops: tuple[Hop, ...]
    linked: bool

    @property
    def path(self) -> tuple[str, ...]:
        """The entity IRIs along the route, source first."""
        return (self.hops[0].supplier, *(hop.recipient for hop in self.hops))

    def as_rows(self) -> list[dict[str, Any]]:
        """One plain dict per hop, with its 1-based ``hop`` index (for pandas)."""
        return [{"hop": index, **asdict(hop)} for index, hop in enumerate(self.hops, start=1)]


def _pairs(store: ox.Store, query: str) -> dict[str, str]:
    """First column → second column (lexical values) of a two-column SELECT; first value wins."""
    found: dict[str, str] = {}
    solutions = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    for solution in solutions:
        found.setdefault(solution[0].value, solution[1].value)
    return found


def load_hops(store: ox.Store, statuses: Iterable[str] = MOVED) -> list[Hop]:
    """Every transfer claim with one of the statuses (words of :data:`kg.model.STATUSES`), as a
    Hop, in transfer IRI order.

    >>> from kg.store import open_store
    >>> sorted({hop.kind for hop in load_hops(open_store())})
    ['backfill', 'component', 'direct', 'end-user-sale']
    """
    chosen = set(statuses)
    wanted = {iri for iri, word in _STATUS_WORDS.items() if word in chosen}
    solutions = store.query(TRANSFERS, prefixes=PREFIXES, use_default_graph_as_union=True)
    # columns: transfer supplier recipient item status source kind (status and kind as concept IRIs)
    core = sorted(
        (tuple(term.value for term in solution) for solution in solutions),
        key=lambda row: row[0],
    )
    core = [row for row in core if row[4] in wanted]
    if not core:
        return []
    extra = {name: _pairs(store, query) for name, query in TRANSFER_PROPERTIES.items()}
    quotes = _pairs(store, FIRST_QUOTES)
    labels = _pairs(store, LABELS)
    titles = _pairs(store, TITLES)
    event_sources = _pairs(store, EVENT_SOURCES)
    hops: dict[str, Hop] = {}
    for transfer, supplier, recipient, item, status, source, kind in core:
        if transfer in hops:
            continue
        quantity = extra["quantity"].get(transfer)
        hops[transfer] = Hop(
            transfer=transfer,
            supplier=supplier,
            supplier_label=labels.get(supplier, supplier),
            recipient=recipient,
            recipient_label=labels.get(recipient, recipient),
            item=item,
            item_label=labels.get(item, item),
            kind=_KIND_WORDS.get(kind, local_name(kind)),
            quantity=float(quantity) if quantity is not None else None,
            date=extra["date"].get(transfer),
            status=_STATUS_WORDS[status],
            claimant=extra["claimant"].get(transfer),
            quote=quotes.get(transfer) or "",
            source=source,
            source_title=titles.get(source, source),
            end_user=extra["endUser"].get(transfer),
            integrated_into=extra["integratedInto"].get(transfer),
            backfills=extra["backfills"].get(transfer),
            event=extra["event"].get(transfer),
            sources=int(event_sources.get(extra["event"].get(transfer) or "", 1)),
        )
    return list(hops.values())


def hops_linked(first: Hop, second: Hop) -> bool:
    """True when ``first`` is explicitly tied to ``second``: backfill, component or end-user.

    >>> common = dict(quantity=None, date=None, status="reported", claimant=None, quote="", source="s",
    ...               source_title="S")
    >>> a = Hop("t1", "A", "A", "B", "B", "parts", "parts", "component", integrated_into="gun", **common)
    >>> b = Hop("t2", "B", "B", "C", "C", "gun", "gun", "direct", **common)
    >>> hops_linked(a, b)
    True
    """
    return (
        first.backfills == second.transfer
        or (first.integrated_into is not None and first.integrated_into == second.item)
        # components name an end-user too, but for them the component link is the one that counts
        or (
            first.integrated_into is None
            and first.end_user is not None
            and first.end_user == second.recipient != first.recipient
        )
    )


def simple_paths(
    edges: Iterable[tuple[str, str]], source: str, target: str, max_hops: int
) -> list[tuple[str, ...]]:
    """Every simple path of at most ``max_hops`` edges from ``source`` to ``target``.

    A networkx DiGraph of supplier → recipient pairs; nodes that cannot reach the
    target in the hops left are pruned, which keeps dense transfer graphs fast
    (networkx's all_simple_paths does not prune: 3.8 s at 100k transfers).

    >>> sorted(simple_paths([("a", "b"), ("b", "c"), ("a", "c"), ("c", "a")], "a", "c", 2))
    [('a', 'b', 'c'), ('a', 'c')]
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(edges)  # nx.DiGraph(edges) would import pandas to check for a DataFrame
    if source not in graph or target not in graph:
        return []
    # hops from each node to the target, searching backwards at most max_hops deep
    distance = nx.single_target_shortest_path_length(graph, target, cutoff=max_hops)
    if not isinstance(distance, dict):  # networkx < 3.5 yields (node, length) pairs
        distance = dict(distance)
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


# The last store's hops per status set: reading them is most of a chains() call on a large
# graph, and notebooks ask for many routes on one store. Stores are never re-curated in
# place (a new build, as-of view or reasoning gives a new store), so identity is the check.
_HOPS_CACHE: dict[str, tuple[ox.Store, dict[tuple[str, ...], list[Hop]]]] = {}


def _cached_hops(store: ox.Store, statuses: tuple[str, ...]) -> list[Hop]:
    entry = _HOPS_CACHE.get("last")
    if entry is None or entry[0] is not store:
        entry = (store, {})
        _HOPS_CACHE["last"] = entry
    if statuses not in entry[1]:
        entry[1][statuses] = load_hops(store, statuses)
    return entry[1][statuses]


def _linked_combinations(options: list[list[Hop]]) -> list[tuple[Hop, ...]]:
    """Combinations of one hop per step where each hop is tied to the next."""
    partial: list[tuple[Hop, ...]] = [(hop,) for hop in options[0]]
    for step in options[1:]:
        partial = [(*chain, hop) for chain in partial for hop in step if hops_linked(chain[-1], hop)]
    return partial


def find_chains(
    store: ox.Store,
    source: str,
    target: str,
    max_hops: int = 3,
    statuses: Iterable[str] = MOVED,
    *,
    linked_only: bool = False,
) -> list[Chain]:
    """Every route of real transfers from ``source`` to ``target`` (entity IRIs) of at most
    ``max_hops`` hops: chains of two or more tied hops first, then direct transfers, then
    routes whose hops are not tied. With ``linked_only``, only
    chains whose every hop is tied to the next (much fewer on large graphs).

    >>> from kg.store import open_store
    >>> from kg.namespaces import entity_iri
    >>> chains = find_chains(open_store(), str(entity_iri("DPRK")), str(entity_iri("Russia")), max_hops=1)
    >>> "North Korean troops" in {c.hops[0].item_label for c in chains}
    True

    :raises QueryError: when ``max_hops`` is not a whole number of at least 1.
    """
    if isinstance(max_hops, bool) or not isinstance(max_hops, int) or max_hops < 1:
        raise QueryError(f"max_hops must be a whole number of at least 1, not {max_hops!r}")
    edges: dict[tuple[str, str], list[Hop]] = {}
    for hop in _cached_hops(store, tuple(statuses)):
        edges.setdefault((hop.supplier, hop.recipient), []).append(hop)
    if source == target:
        return []
    chains = []
    for path in simple_paths(set(edges), source, target, max_hops):
        options = [edges[pair] for pair in pairwise(path)]
        if linked_only:
            chains += [Chain(hops, True) for hops in _linked_combinations(options)]
            continue
        for hops in product(*options):
            linked = all(hops_linked(a, b) for a, b in pairwise(hops))
            chains.append(Chain(hops=tuple(hops), linked=linked))
    unique = list(dict.fromkeys(chains))  # parallel edges repeat a node path in all_simple_paths
    # One route of real-world transfers is one chain, however many sources tell each hop: keep the
    # first account in chain order (tied before untied), whose hops carry ``sources``.
    once: dict[tuple[str, ...], Chain] = {}
    for chain in sorted(unique, key=_chain_order):
        once.setdefault(tuple(hop.key for hop in chain.hops), chain)
    return list(once.values())


def _chain_order(chain: Chain) -> tuple[int, int, list[str]]:
    """Tied multi-hop chains first (what analysts look for), then direct hops, then untied routes."""
    group = 0 if chain.linked and len(chain.hops) > 1 else 1 if len(chain.hops) == 1 else 2
    return group, len(chain.hops), [hop.transfer for hop in chain.hops]
