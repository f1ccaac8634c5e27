"""Supply chains: routes of transfers from a source to a target, each hop with its evidence.

The transfers of a store (deployments included) are held in a columnar hop table
(:mod:`kg.chains.table`), read from the file the build writes (:mod:`kg.chains.hopfile`) for a
store of that build, else scanned once from the store; routes are simple paths over actors
with reachability pruning, and each route counts its chains (one per sequence of events along
it) and finds its *linked* ones by backward joins: a hop backfills the stocks the next hop sent
on (``kg:backfills``), it supplies components of the next hop's item (``kg:integratedInto``), or
it names the next hop's recipient as end-user. :func:`find_routes` returns routes with counts
and builds chains on demand; :func:`find_chains` builds every chain (fine on curated graphs, not
at 1M transfers).

>>> from kg.store import open_store
>>> from kg.namespaces import entity_iri
>>> chains = find_chains(open_store(), str(entity_iri("ROK")), str(entity_iri("Ukraine")))
>>> sorted({c.hops[1].supplier_label for c in chains if c.linked and len(c.hops) == 2})
['Poland', 'Romania', 'United States']
"""

from kg.chains.hops import TRANSFER_PROPERTIES, TRANSFERS, Chain, Hop, chain_order, hops_linked, load_hops
from kg.chains.routes import Route, find_chains, find_routes, route_order
from kg.chains.table import HopTable, hop_table

__all__ = [
    "TRANSFERS",
    "TRANSFER_PROPERTIES",
    "Chain",
    "Hop",
    "HopTable",
    "Route",
    "chain_order",
    "find_chains",
    "find_routes",
    "hop_table",
    "hops_linked",
    "load_hops",
    "route_order",
]
