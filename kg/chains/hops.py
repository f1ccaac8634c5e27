"""Hops and chains: one transfer claim with its evidence (:class:`Hop`), a route of them
(:class:`Chain`), when two hops are tied (:func:`hops_linked`), and every hop of a store read
in full (:func:`load_hops`: the plain reader, kept for notebooks; routes use
:mod:`kg.chains.table`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox

from kg.iris import KG, PREFIXES, local_name
from kg.model import MOVED, STATUSES, TRANSFER_KINDS

__all__ = ["TRANSFERS", "TRANSFER_PROPERTIES", "Chain", "Hop", "chain_order", "hops_linked", "load_hops"]

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


def chain_order(chain: Chain) -> tuple[int, int, list[str]]:
    """Tied multi-hop chains first (what analysts look for), then direct hops, then untied routes."""
    group = 0 if chain.linked and len(chain.hops) > 1 else 1 if len(chain.hops) == 1 else 2
    return group, len(chain.hops), [hop.transfer for hop in chain.hops]
