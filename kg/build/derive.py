"""The ``kg:suppliesTo`` edges derived from transfer claims: one rule, read from
the build's rdflib graphs or from an Oxigraph store.

A transfer that moved, or is alleged to have moved (:data:`CHAIN_STATUSES`),
gives supplier → recipient; one routed through a third agent (``kg:via``) also
gives supplier → via → recipient, and one naming another end-user gives
recipient → end-user. The transfer itself stays the n-ary record with the
evidence; the edges only make chain queries fast.

>>> supplies_edges("ROK", "Poland", end_user="Ukraine")
[('ROK', 'Poland'), ('Poland', 'Ukraine')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.model import MOVED, status_iri
from kg.namespaces import GRAPH, KG, RDF
from kg.store import select

__all__ = ["CHAIN_STATUSES", "derive_into_store", "graph_supplies_edges", "supplies_edges"]

# Transfers with these statuses become kg:suppliesTo edges: things that moved,
# or are accused of moving. Requested, refused or merely considered ones do not.
CHAIN_STATUSES = MOVED

# The status IRIs come from the model's table, not from user input.
TRANSFER_LINKS = f"""
SELECT ?supplier ?recipient ?via ?endUser WHERE {{
  ?transfer kg:supplier ?supplier ; kg:recipient ?recipient ; kg:status ?status .
  VALUES ?status {{ {" ".join(f"<{status_iri(s)}>" for s in MOVED)} }}
  OPTIONAL {{ ?transfer kg:via ?via }}
  OPTIONAL {{ ?transfer kg:endUser ?endUser }}
}}
"""


def supplies_edges(
    supplier: str, recipient: str, via: str | None = None, end_user: str | None = None
) -> list[tuple[str, str]]:
    """The supplier → recipient edges one transfer implies."""
    edges = [(supplier, recipient)]
    if via:
        edges += [(supplier, via), (via, recipient)]
    if end_user and end_user != recipient:
        edges.append((recipient, end_user))
    return edges


def graph_supplies_edges(graphs: Iterable[Graph]) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """``kg:suppliesTo`` triples for the transfer claims (deployments included) in ``graphs``."""
    wanted = {KG[status] for status in CHAIN_STATUSES}
    for graph in graphs:
        for transfer in graph.subjects(KG.supplier, None):
            if graph.value(transfer, KG.status) not in wanted or (transfer, RDF.type, KG.Claim) not in graph:
                continue
            supplier, recipient = graph.value(transfer, KG.supplier), graph.value(transfer, KG.recipient)
            if not isinstance(supplier, URIRef) or not isinstance(recipient, URIRef):
                continue
            via, end_user = graph.value(transfer, KG.via), graph.value(transfer, KG.endUser)
            for source, target in supplies_edges(
                supplier,
                recipient,
                via if isinstance(via, URIRef) else None,
                end_user if isinstance(end_user, URIRef) else None,
            ):
                yield URIRef(source), KG.suppliesTo, URIRef(target)


def derive_into_store(store: ox.Store) -> None:
    """Add to ``store``'s derived graph the edges of the transfer claims it holds."""
    derived = ox.NamedNode(str(GRAPH.DERIVED))
    predicate = ox.NamedNode(str(KG.suppliesTo))
    for row in select(store, TRANSFER_LINKS):
        for source, target in supplies_edges(row["supplier"], row["recipient"], row["via"], row["endUser"]):
            store.add(ox.Quad(ox.NamedNode(source), predicate, ox.NamedNode(target), derived))
