"""The hop table: every transfer of a store with one of some statuses, read once, in columns.

Routes need only who sent what to whom and how the transfers are tied, so the table holds
parallel lists of ints (supplier, recipient, item, end-user, component-of, backfilled row,
event key) indexing :attr:`HopTable.names`; rows are in transfer IRI order and entity ids in
IRI order, so comparing ints compares IRIs. A few plain two-column scans fill it (about
2 µs a row out of pyoxigraph, whatever the reader). Labels, quotes, dates, quantities and
titles are read per hop, only for hops that are shown (:meth:`HopTable.hops`).

>>> from kg.store import open_store
>>> table = hop_table(open_store())
>>> hop = table.hops([0])[0]
>>> hop.transfer == table.transfers[0] and hop.status in MOVED
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg.chains.hops import _KIND_WORDS, _STATUS_WORDS, Hop
from kg.iris import KG, PREFIXES, local_name
from kg.model import MOVED
from kg.store import derived

__all__ = ["HopTable", "hop_table"]

NONE = -1  # an absent optional column value

# One scan per column; the optional ones only for subjects that are transfers.
_SCAN = "SELECT ?transfer ?value WHERE {{ ?transfer {predicate} ?value }}"
_SCAN_TRANSFERS = "SELECT ?transfer ?value WHERE {{ ?transfer {predicate} ?value ; kg:supplier ?s }}"
CORE = {
    "status": "kg:status",
    "supplier": "kg:supplier",
    "recipient": "kg:recipient",
    "item": "kg:item",
    "kind": "kg:transferKind",
}
OPTIONAL = {
    "source": "prov:wasDerivedFrom",
    "endUser": "kg:endUser",
    "integratedInto": "kg:integratedInto",
    "backfills": "kg:backfills",
    "event": "kg:attests",
}
_DETAILS = {str(KG[name]): name for name in ("quantity", "date", "claimant", "quote")}
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
_SOURCE_COUNT = ox.NamedNode(str(KG["sourceCount"]))


def _pairs(store: ox.Store, query: str, keep: set[str] | None = None) -> dict[str, str]:
    """First column → second column of a two-column SELECT (first value wins)."""
    found: dict[str, str] = {}
    for solution in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True):
        subject = solution[0].value
        if keep is None or subject in keep:
            found.setdefault(subject, solution[1].value)
    return found


def _first(store: ox.Store, subject: str, predicate: ox.NamedNode) -> str | None:
    for quad in store.quads_for_pattern(ox.NamedNode(subject), predicate, None, None):
        return quad.object.value
    return None


class HopTable:
    """The hops of one store and status set, in columns, with the indexes route search needs."""

    def __init__(self, store: ox.Store, statuses: Iterable[str] = MOVED) -> None:
        chosen = set(statuses)
        wanted = {iri for iri, word in _STATUS_WORDS.items() if word in chosen}
        self.store = store
        status = {
            t: s for t, s in _pairs(store, _SCAN.format(predicate=CORE["status"])).items() if s in wanted
        }
        columns = {"status": status}
        for name, predicate in CORE.items():
            if name != "status":
                columns[name] = _pairs(store, _SCAN.format(predicate=predicate), set(status))
        rows = set(status).intersection(*columns.values())
        extra = {n: _pairs(store, _SCAN_TRANSFERS.format(predicate=p), rows) for n, p in OPTIONAL.items()}
        rows &= set(extra["source"])  # a transfer without a source is no hop (as load_hops reads it)
        self.transfers: list[str] = sorted(rows)
        self.row = {transfer: index for index, transfer in enumerate(self.transfers)}
        column = {n: [values[t] for t in self.transfers] for n, values in columns.items()}
        optional = {n: [values.get(t) for t in self.transfers] for n, values in extra.items()}
        entities = {*column["supplier"], *column["recipient"], *column["item"]}
        entities |= {v for n in ("endUser", "integratedInto") for v in optional[n] if v is not None}
        self.names: list[str] = sorted(entities)
        self.index = {name: number for number, name in enumerate(self.names)}
        ids = self.index
        self.supplier = [ids[v] for v in column["supplier"]]
        self.recipient = [ids[v] for v in column["recipient"]]
        self.item = [ids[v] for v in column["item"]]
        self.end_user = [NONE if v is None else ids[v] for v in optional["endUser"]]
        self.integrated = [NONE if v is None else ids[v] for v in optional["integratedInto"]]
        self.backfills = [NONE if v is None else self.row.get(v, NONE) for v in optional["backfills"]]
        keys: dict[str, int] = {}
        accounts = zip(optional["event"], self.transfers, strict=True)
        self.key = [keys.setdefault(event or transfer, len(keys)) for event, transfer in accounts]
        self.status = [_STATUS_WORDS[v] for v in column["status"]]
        self.kind = [_KIND_WORDS.get(v, local_name(v)) for v in column["kind"]]
        self.source: list[str] = optional["source"]  # type: ignore[assignment]
        self.raw = {n: optional[n] for n in ("endUser", "integratedInto", "backfills", "event")}
        self.pairs: dict[tuple[int, int], list[int]] = {}
        for number, pair in enumerate(zip(self.supplier, self.recipient, strict=True)):
            self.pairs.setdefault(pair, []).append(number)
        self.successors: dict[int, list[int]] = {}
        self.predecessors: dict[int, list[int]] = {}
        for supplier, recipient in sorted(self.pairs):
            self.successors.setdefault(supplier, []).append(recipient)
            self.predecessors.setdefault(recipient, []).append(supplier)
        self._groups: dict[tuple[int, int], tuple[tuple[int, ...], ...]] = {}
        self._hops: dict[int, Hop] = {}
        self.links = self._links()

    def _links(self) -> dict[tuple[int, int, int], dict[int, list[int]]]:
        """(a, b, c) → {hop h of pair (b, c): the hops of pair (a, b) tied to h}, by the rules of
        :func:`kg.chains.hops_linked` (backfill, component, end-user), joined backwards."""
        by_supplier_item: dict[tuple[int, int], list[int]] = {}
        for number, pair in enumerate(zip(self.supplier, self.item, strict=True)):
            by_supplier_item.setdefault(pair, []).append(number)
        links: dict[tuple[int, int, int], dict[int, set[int]]] = {}
        for g, (a, b) in enumerate(zip(self.supplier, self.recipient, strict=True)):
            tied: list[int] = []
            if self.backfills[g] != NONE and self.supplier[self.backfills[g]] == b:
                tied.append(self.backfills[g])
            if self.integrated[g] != NONE:
                tied += by_supplier_item.get((b, self.integrated[g]), ())
            elif self.end_user[g] not in (NONE, b):
                tied += self.pairs.get((b, self.end_user[g]), ())
            for h in tied:
                links.setdefault((a, b, self.recipient[h]), {}).setdefault(h, set()).add(g)
        return {triple: {h: sorted(gs) for h, gs in tied.items()} for triple, tied in links.items()}

    def groups(self, supplier: int, recipient: int) -> tuple[tuple[int, ...], ...]:
        """The pair's rows grouped by what they are accounts of (event or claim), each group
        in row order and the groups by their first row.

        >>> from kg.store import open_store
        >>> table = hop_table(open_store())
        >>> pair = next(iter(table.pairs))
        >>> sum(len(group) for group in table.groups(*pair)) == len(table.pairs[pair])
        True
        """
        pair = (supplier, recipient)
        if pair not in self._groups:
            grouped: dict[int, list[int]] = {}
            for row in self.pairs.get(pair, ()):
                grouped.setdefault(self.key[row], []).append(row)
            self._groups[pair] = tuple(tuple(rows) for rows in grouped.values())
        return self._groups[pair]

    def hops(self, rows: Iterable[int]) -> list[Hop]:
        """The rows as :class:`~kg.chains.Hop` objects with their evidence, read for these rows only."""
        rows = list(rows)
        for row in dict.fromkeys(r for r in rows if r not in self._hops):
            self._hops[row] = self._hop(row)
        return [self._hops[row] for row in rows]

    def _hop(self, row: int) -> Hop:
        transfer = self.transfers[row]
        details: dict[str, Any] = {}
        for quad in self.store.quads_for_pattern(ox.NamedNode(transfer), None, None, None):
            name = _DETAILS.get(quad.predicate.value)
            if name is not None:
                details.setdefault(name, quad.object.value)
        supplier, recipient, item = (self.names[c[row]] for c in (self.supplier, self.recipient, self.item))
        event = self.raw["event"][row]
        count = _first(self.store, event, _SOURCE_COUNT) if event else None
        quantity = details.get("quantity")
        return Hop(
            transfer=transfer,
            supplier=supplier,
            supplier_label=self.label(supplier),
            recipient=recipient,
            recipient_label=self.label(recipient),
            item=item,
            item_label=self.label(item),
            kind=self.kind[row],
            quantity=float(quantity) if quantity is not None else None,
            date=details.get("date"),
            status=self.status[row],
            claimant=details.get("claimant"),
            quote=details.get("quote") or "",
            source=self.source[row],
            source_title=_first(self.store, self.source[row], _TITLE) or self.source[row],
            end_user=self.raw["endUser"][row],
            integrated_into=self.raw["integratedInto"][row],
            backfills=self.raw["backfills"][row],
            event=event,
            sources=int(count) if count is not None else 1,
        )

    def label(self, iri: str) -> str:
        """The entity's first ``rdfs:label``, or its IRI."""
        return _first(self.store, iri, _LABEL) or iri


def hop_table(store: ox.Store, statuses: Iterable[str] = MOVED) -> HopTable:
    """The store's :class:`HopTable` for these statuses, read on first use and kept for the last store."""
    # reading the table is most of a first chains() call on a large graph, and notebooks ask for
    # many routes on one store
    chosen = tuple(statuses)
    return derived(store, ("hops", chosen), lambda s: HopTable(s, chosen))
