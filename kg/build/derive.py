"""The derived graph (``kgr:graph/derived``): edges and indexes the build derives from the
claims, one rule each, read from the build's rdflib graphs or from an Oxigraph store. The
claims stay the record, with their evidence; what is derived only makes queries fast, and is
derived again whenever the claims change (a build, an import, :meth:`kg.api.KnowledgeGraph.as_of`);
:mod:`kg.synthetic` writes it for generated transfers with the same functions.

The rules (statuses from the model: :data:`kg.model.MOVED`, reported, confirmed or alleged):

1. **Supply edges** ``supplier kg:suppliesTo recipient``, for chains and views. A transfer
   claim (deployments included) that moved gives supplier → recipient; one routed through a
   third agent (``kg:via``) also gives supplier → via → recipient; one naming another end-user
   gives recipient → end-user.
2. **Feeds links** ``A kg:feeds B`` between transfer claims, the ties of ``indirect-supply``
   and of linked chains (:func:`kg.chains.hops_linked`): A and B both moved, A is not B, A's
   recipient is B's supplier, and A backfills the stocks B sent on (``A kg:backfills B``), or
   A's items are built into B's item (``A kg:integratedInto`` B's ``kg:item``: the component
   edges), or A, with no ``kg:integratedInto``, names B's recipient as end-user (other than
   A's own recipient). ``?a kg:feeds+ ?b`` follows chains of any length.
3. **Month index** ``claim kg:inMonth kgr:month/YYYY-MM``: every dated claim points at the
   month of its ``kg:earliestDate``; each month is a ``kg:Month`` with its first and last day
   as ``kg:earliestDate`` and ``kg:latestDate``. A claim whose interval lies within
   [start, end] has its earliest month among the months that overlap [start, end], so
   ``timeline`` selects those few months and looks the claims up, instead of scanning every
   date.

>>> supplies_edges("ROK", "Poland", end_user="Ukraine")
[('ROK', 'Poland'), ('Poland', 'Ukraine')]
>>> shells = TransferLinks("t1", "ROK", "USA", MOVED_IRIS[0], item="shells", backfills=("t2",))
>>> sent_on = TransferLinks("t2", "USA", "Ukraine", MOVED_IRIS[0], item="shells")
>>> list(feeds_pairs([shells, sent_on]))
[('t1', 't2')]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.dates import parse_date
from kg.model import MOVED, status_iri
from kg.namespaces import GRAPH, KG, PREFIXES, RDF, XSD, month_iri

__all__ = [
    "CHAIN_STATUSES",
    "MOVED_IRIS",
    "TransferLinks",
    "derive_into_store",
    "derived_quads",
    "derived_triples",
    "feeds_pairs",
    "graph_derived_triples",
    "supplies_edges",
]

# Transfers with these statuses become kg:suppliesTo edges and kg:feeds links: things that
# moved, or are accused of moving. Requested, refused or merely considered ones do not.
CHAIN_STATUSES = MOVED
MOVED_IRIS: tuple[str, ...] = tuple(str(status_iri(s)) for s in MOVED)

Triple = tuple[URIRef, URIRef, URIRef | Literal]
Plain = tuple[str, URIRef, str | dt.date]  # subject IRI, predicate, object IRI or day


@dataclass(frozen=True, slots=True)
class TransferLinks:
    """What the rules read of one transfer claim: its IRI, roles, status IRI and ties."""

    transfer: str
    supplier: str
    recipient: str
    status: str
    item: str | None = None
    via: str | None = None
    end_user: str | None = None
    integrated_into: str | None = None
    backfills: tuple[str, ...] = field(default=())


def supplies_edges(
    supplier: str, recipient: str, via: str | None = None, end_user: str | None = None
) -> list[tuple[str, str]]:
    """The supplier → recipient edges one transfer implies (rule 1)."""
    edges = [(supplier, recipient)]
    if via:
        edges += [(supplier, via), (via, recipient)]
    if end_user and end_user != recipient:
        edges.append((recipient, end_user))
    return edges


def feeds_pairs(transfers: Sequence[TransferLinks]) -> Iterator[tuple[str, str]]:
    """The (A, B) pairs of ``A kg:feeds B`` among ``transfers`` (rule 2), in order."""
    moved = [t for t in transfers if t.status in MOVED_IRIS]
    by_iri = {t.transfer: t for t in moved}
    by_supplier_item: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t in moved:
        by_supplier_item[t.supplier, t.item].append(t.transfer)
        by_pair[t.supplier, t.recipient].append(t.transfer)
    pairs: set[tuple[str, str]] = set()
    for a in moved:
        tied = [b for b in a.backfills if b in by_iri and by_iri[b].supplier == a.recipient]
        if a.integrated_into is not None:
            tied += by_supplier_item.get((a.recipient, a.integrated_into), ())
        elif a.end_user is not None and a.end_user != a.recipient:
            tied += by_pair.get((a.recipient, a.end_user), ())
        pairs.update((a.transfer, b) for b in tied if b != a.transfer)
    yield from sorted(pairs)


def _derived(transfers: Sequence[TransferLinks], dated: Iterable[tuple[str, str]]) -> Iterator[Plain]:
    """Rules 1-3 as plain triples (subject IRI, predicate, object IRI or day), in order."""
    edges = {
        edge
        for t in transfers
        if t.status in MOVED_IRIS
        for edge in supplies_edges(t.supplier, t.recipient, t.via, t.end_user)
    }
    for source, target in sorted(edges):
        yield source, KG.suppliesTo, target
    for a, b in feeds_pairs(transfers):
        yield a, KG.feeds, b
    months: set[str] = set()
    for claim, earliest in sorted(dated):
        months.add(earliest[:7])
        yield claim, KG.inMonth, str(month_iri(earliest[:7]))
    for month in sorted(months):
        interval, node = parse_date(month), str(month_iri(month))
        yield node, RDF.type, str(KG.Month)
        yield node, KG.earliestDate, interval.earliest
        yield node, KG.latestDate, interval.latest


def derived_triples(transfers: Sequence[TransferLinks], dated: Iterable[tuple[str, str]]) -> Iterator[Triple]:
    """Every triple of the derived graph (rules 1-3) for ``transfers`` and ``dated`` claims
    (``(claim IRI, earliest day as YYYY-MM-DD)``), as rdflib terms, in order.

    >>> [str(o) for _, _, o in derived_triples([], [("c", "2024-06-19")])]  # doctest: +NORMALIZE_WHITESPACE
    ['https://w3id.org/rnku-kg/id/month/2024-06', 'https://w3id.org/rnku-kg/ontology#Month',
     '2024-06-01', '2024-06-30']
    """
    for s, p, o in _derived(transfers, dated):
        yield URIRef(s), p, Literal(o) if isinstance(o, dt.date) else URIRef(o)


# ------------------------------------------------------------------ read from rdflib graphs


def _iri(value: object) -> str | None:
    return str(value) if isinstance(value, URIRef) else None


def _graph_transfers(graph: Graph) -> Iterator[TransferLinks]:
    for transfer in graph.subjects(KG.supplier, None, unique=True):
        supplier = _iri(graph.value(transfer, KG.supplier))
        recipient = _iri(graph.value(transfer, KG.recipient))
        status = _iri(graph.value(transfer, KG.status))
        if supplier is None or recipient is None or status is None:
            continue
        if (transfer, RDF.type, KG.Claim) not in graph:
            continue  # an attested event repeats its claims' roles; only claims count
        backfills = sorted(str(b) for b in graph.objects(transfer, KG.backfills) if isinstance(b, URIRef))
        yield TransferLinks(
            str(transfer),
            supplier,
            recipient,
            status,
            item=_iri(graph.value(transfer, KG.item)),
            via=_iri(graph.value(transfer, KG.via)),
            end_user=_iri(graph.value(transfer, KG.endUser)),
            integrated_into=_iri(graph.value(transfer, KG.integratedInto)),
            backfills=tuple(backfills),
        )


def _graph_dated(graph: Graph) -> Iterator[tuple[str, str]]:
    for claim, earliest in graph.subject_objects(KG.earliestDate):
        if isinstance(claim, URIRef) and (claim, RDF.type, KG.Claim) in graph:
            yield str(claim), str(earliest)


def graph_derived_triples(graphs: Iterable[Graph]) -> Iterator[Triple]:
    """The derived graph's triples for the claims in ``graphs`` (the build's named graphs)."""
    graphs = list(graphs)
    transfers = [t for graph in graphs for t in _graph_transfers(graph)]
    dated = [pair for graph in graphs for pair in _graph_dated(graph)]
    yield from derived_triples(transfers, dated)


# ------------------------------------------------------------------ read from an Oxigraph store

# Transfer claims and each optional property in a scan of its own, merged in Python: one query
# with five OPTIONALs is planned as hash joins over whole predicates (see bench/RESULTS.md).
STORE_TRANSFERS = """
SELECT ?transfer ?supplier ?recipient ?status WHERE {
  ?transfer kg:supplier ?supplier ; kg:recipient ?recipient ; kg:status ?status ; a kg:Claim .
}
"""
STORE_TIES = {
    name: f"SELECT ?transfer ?value WHERE {{ ?transfer kg:{name} ?value ; kg:supplier ?supplier }}"
    for name in ("item", "via", "endUser", "integratedInto", "backfills")
}
STORE_DATED = "SELECT ?claim ?earliest WHERE { ?claim kg:earliestDate ?earliest ; a kg:Claim }"


def _rows(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    """A SELECT's rows as tuples of term values (faster than :func:`kg.store.select` at scale)."""
    solutions = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    return [tuple(None if term is None else term.value for term in row) for row in solutions]


def _store_transfers(store: ox.Store) -> list[TransferLinks]:
    ties: dict[str, dict[str | None, list[str]]] = {name: defaultdict(list) for name in STORE_TIES}
    for name, query in STORE_TIES.items():
        for transfer, value in _rows(store, query):
            if value is not None:
                ties[name][transfer].append(value)

    def one(name: str, transfer: str) -> str | None:
        values = ties[name].get(transfer)
        return min(values) if values else None

    return [
        TransferLinks(
            transfer,
            supplier,
            recipient,
            status,
            item=one("item", transfer),
            via=one("via", transfer),
            end_user=one("endUser", transfer),
            integrated_into=one("integratedInto", transfer),
            backfills=tuple(sorted(ties["backfills"].get(transfer, ()))),
        )
        for transfer, supplier, recipient, status in _rows(store, STORE_TRANSFERS)
    ]


def derived_quads(transfers: Sequence[TransferLinks], dated: Iterable[tuple[str, str]]) -> Iterator[ox.Quad]:
    """:func:`derived_triples` as Oxigraph quads in the derived graph (for stores and TriG writers)."""
    graph, day = ox.NamedNode(str(GRAPH.DERIVED)), ox.NamedNode(str(XSD.date))
    predicates: dict[str, ox.NamedNode] = {}
    for s, p, o in _derived(transfers, dated):
        predicate = predicates.get(p) or predicates.setdefault(p, ox.NamedNode(str(p)))
        value = ox.Literal(o.isoformat(), datatype=day) if isinstance(o, dt.date) else ox.NamedNode(o)
        yield ox.Quad(ox.NamedNode(s), predicate, value, graph)


def derive_into_store(store: ox.Store) -> None:
    """Add to ``store``'s derived graph what the claims it holds imply (rules 1-3).

    >>> store = ox.Store()
    >>> derive_into_store(store)  # no claims: nothing derived
    >>> len(store)
    0
    """
    dated = [(claim, earliest) for claim, earliest in _rows(store, STORE_DATED) if claim and earliest]
    store.extend(derived_quads(_store_transfers(store), dated))
