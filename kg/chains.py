"""Supply chains: routes of transfers from a source to a target, each hop with its evidence.

One SPARQL query reads every transfer (deployments included) into a networkx
MultiDiGraph of actors, one edge per transfer claim; ``all_simple_paths`` with a
cutoff finds the actor routes, and each route expands into one :class:`Chain`
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

from kg.store import select

__all__ = ["TRANSFERS", "Chain", "Hop", "find_chains", "hops_linked", "load_hops"]

# Every transfer claim with its labels and first quote; one row per transfer.
TRANSFERS = """
SELECT ?transfer ?supplier ?supplierLabel ?recipient ?recipientLabel ?item ?itemLabel ?kind ?quantity
       ?date ?status ?claimant ?quote ?source ?sourceTitle ?endUser ?integratedInto ?backfills
WHERE {
  ?transfer a/rdfs:subClassOf* kg:Transfer ; kg:supplier ?supplier ; kg:recipient ?recipient ;
            kg:item ?item ; kg:status ?st ; prov:wasDerivedFrom ?source .
  ?supplier rdfs:label ?supplierLabel . ?recipient rdfs:label ?recipientLabel . ?item rdfs:label ?itemLabel .
  ?st skos:prefLabel ?status . ?source dcterms:title ?sourceTitle .
  OPTIONAL { ?transfer kg:transferKind/skos:prefLabel ?kind }
  OPTIONAL { ?transfer kg:quantity ?quantity }
  OPTIONAL { ?transfer kg:date ?date }
  OPTIONAL { ?transfer kg:claimant ?claimant }
  OPTIONAL { ?transfer kg:endUser ?endUser }
  OPTIONAL { ?transfer kg:integratedInto ?integratedInto }
  OPTIONAL { ?transfer kg:backfills ?backfills }
  OPTIONAL {
    ?transfer kg:evidence ?ev . ?ev oa:hasTarget/oa:hasSelector/oa:exact ?quote .
    FILTER(STRENDS(STR(?ev), "/evidence/1"))
  }
}
ORDER BY ?transfer
"""

# skos:prefLabel of kg:endUserSale etc. as written in the ontology -> the contract's kind names.
_KINDS = {"end-user sale": "end-user-sale", "endusersale": "end-user-sale"}


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


def _kind(label: str | None) -> str:
    if not label:
        return "direct"
    key = label.strip().lower()
    return _KINDS.get(key, _KINDS.get(key.replace("-", "").replace(" ", ""), key.replace(" ", "-")))


def load_hops(store: ox.Store, statuses: Iterable[str] = ("reported", "confirmed", "alleged")) -> list[Hop]:
    """Every transfer claim with one of the statuses, as a Hop (one SPARQL query)."""
    wanted = set(statuses)
    hops: dict[str, Hop] = {}
    for row in select(store, TRANSFERS):
        if row["status"] not in wanted or row["transfer"] in hops:
            continue
        quantity = row["quantity"]
        hops[row["transfer"]] = Hop(
            transfer=row["transfer"],
            supplier=row["supplier"],
            supplier_label=row["supplierLabel"],
            recipient=row["recipient"],
            recipient_label=row["recipientLabel"],
            item=row["item"],
            item_label=row["itemLabel"],
            kind=_kind(row["kind"]),
            quantity=float(quantity) if quantity is not None else None,
            date=None if row["date"] is None else str(row["date"]),
            status=row["status"],
            claimant=row["claimant"],
            quote=row["quote"] or "",
            source=row["source"],
            source_title=row["sourceTitle"],
            end_user=row["endUser"],
            integrated_into=row["integratedInto"],
            backfills=row["backfills"],
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


def find_chains(
    store: ox.Store,
    source: str,
    target: str,
    max_hops: int = 3,
    statuses: Iterable[str] = ("reported", "confirmed", "alleged"),
) -> list[Chain]:
    """Every route of real transfers from ``source`` to ``target`` (entity IRIs) of at most
    ``max_hops`` hops; linked chains first, then shorter ones.

    >>> from kg.store import open_store
    >>> from kg.namespaces import entity_iri
    >>> chains = find_chains(open_store(), str(entity_iri("DPRK")), str(entity_iri("Russia")), max_hops=1)
    >>> "North Korean troops" in {c.hops[0].item_label for c in chains}
    True
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for hop in load_hops(store, statuses):
        graph.add_edge(hop.supplier, hop.recipient, key=hop.transfer, hop=hop)
    if source not in graph or target not in graph or source == target:
        return []
    chains = []
    for path in nx.all_simple_paths(graph, source, target, cutoff=max_hops):
        options = [
            sorted((data["hop"] for data in graph.get_edge_data(a, b).values()), key=lambda h: h.transfer)
            for a, b in pairwise(path)
        ]
        for hops in product(*options):
            linked = all(hops_linked(a, b) for a, b in pairwise(hops))
            chains.append(Chain(hops=tuple(hops), linked=linked))
    unique = list(dict.fromkeys(chains))  # parallel edges repeat a node path in all_simple_paths
    return sorted(unique, key=lambda c: (not c.linked, len(c.hops), [h.transfer for h in c.hops]))
