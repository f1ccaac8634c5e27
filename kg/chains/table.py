"""The hop table: every transfer of a store with one of some statuses, in columns, with the
indexes route search needs.

Routes need only who sent what to whom and how the transfers are tied, so the table holds the
int columns of :class:`kg.chains.columns.HopColumns` (supplier, recipient, item, end-user,
component-of, backfilled row, event key). For a store opened from a build
(:func:`kg.store.store_origin`) they are read from the file the build wrote next to its TriG
(:mod:`kg.chains.hopfile`); otherwise, or when that file is missing, stale or damaged (``notify``
of the store is told why), a few plain two-column scans of the store fill them (about 2 µs a
row out of pyoxigraph). Labels, quotes, dates, quantities and titles are read per hop, only for
hops that are shown (:meth:`HopTable.hops`).

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

from kg.chains.columns import NONE, HopColumns, scan_columns
from kg.chains.hopfile import read_hop_file
from kg.chains.hops import Hop
from kg.errors import HopFileError
from kg.iris import KG
from kg.model import MOVED
from kg.store import derived, store_origin

__all__ = ["HopTable", "hop_table"]

_DETAILS = {str(KG[name]): name for name in ("quantity", "date", "claimant", "quote")}
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
_SOURCE_COUNT = ox.NamedNode(str(KG["sourceCount"]))


def _first(store: ox.Store, subject: str, predicate: ox.NamedNode) -> str | None:
    for quad in store.quads_for_pattern(ox.NamedNode(subject), predicate, None, None):
        return quad.object.value
    return None


class HopTable:
    """The hops of one store and status set, in columns, with the indexes route search needs."""

    def __init__(self, store: ox.Store, columns: HopColumns) -> None:
        self.store = store
        self.columns = columns
        self.transfers: list[str] = columns.transfers
        self.names: list[str] = columns.names
        self.index = {name: number for number, name in enumerate(self.names)}
        self.supplier, self.recipient, self.item = columns.supplier, columns.recipient, columns.item
        self.end_user, self.integrated = columns.end_user, columns.integrated
        self.backfills, self.key = columns.backfills, columns.key
        order, starts = columns.pair_rows, [*columns.pair_start, len(columns)]
        pairs = zip(columns.pair_supplier, columns.pair_recipient, strict=True)
        self.pairs: dict[tuple[int, int], list[int]] = {
            pair: order[starts[number] : starts[number + 1]] for number, pair in enumerate(pairs)
        }
        self.successors: dict[int, list[int]] = {}
        self.predecessors: dict[int, list[int]] = {}
        for supplier, recipient in self.pairs:  # in supplier, recipient order
            self.successors.setdefault(supplier, []).append(recipient)
            self.predecessors.setdefault(recipient, []).append(supplier)
        # (a, b, c) → {hop h of pair (b, c): the hops of pair (a, b) tied to h}
        self.links: dict[tuple[int, int, int], dict[int, list[int]]] = {}
        ties = zip(
            columns.link_a, columns.link_b, columns.link_c, columns.link_h, columns.link_g, strict=True
        )
        for a, b, c, h, g in ties:
            self.links.setdefault((a, b, c), {}).setdefault(h, []).append(g)
        self._groups: dict[tuple[int, int], tuple[tuple[int, ...], ...]] = {}
        self._hops: dict[int, Hop] = {}

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
        transfer, columns = self.transfers[row], self.columns
        details: dict[str, Any] = {}
        for quad in self.store.quads_for_pattern(ox.NamedNode(transfer), None, None, None):
            name = _DETAILS.get(quad.predicate.value)
            if name is not None:
                details.setdefault(name, quad.object.value)
        supplier, recipient, item = (self.names[c[row]] for c in (self.supplier, self.recipient, self.item))
        event = columns.events[columns.event[row]] if columns.event[row] != NONE else None
        count = _first(self.store, event, _SOURCE_COUNT) if event else None
        quantity = details.get("quantity")
        source = columns.sources[columns.source[row]]
        backfilled = self.backfills[row]
        backfills = self.transfers[backfilled] if backfilled != NONE else columns.foreign_backfills.get(row)
        return Hop(
            transfer=transfer,
            supplier=supplier,
            supplier_label=self.label(supplier),
            recipient=recipient,
            recipient_label=self.label(recipient),
            item=item,
            item_label=self.label(item),
            kind=columns.kind_words[columns.kind[row]],
            quantity=float(quantity) if quantity is not None else None,
            date=details.get("date"),
            status=columns.status_words[columns.status[row]],
            claimant=details.get("claimant"),
            quote=details.get("quote") or "",
            source=source,
            source_title=_first(self.store, source, _TITLE) or source,
            end_user=self._name(self.end_user[row]),
            integrated_into=self._name(self.integrated[row]),
            backfills=backfills,
            event=event,
            sources=int(count) if count is not None else 1,
        )

    def _name(self, number: int) -> str | None:
        return None if number == NONE else self.names[number]

    def label(self, iri: str) -> str:
        """The entity's first ``rdfs:label``, or its IRI."""
        return _first(self.store, iri, _LABEL) or iri


def hop_table(store: ox.Store, statuses: Iterable[str] = MOVED) -> HopTable:
    """The store's :class:`HopTable` for these statuses, read on first use and kept for the last
    store: from the build's hop file when the store came from that build and the file is good,
    else by scanning the store (the same table either way)."""
    # reading the table is most of a first chains() call on a large graph, and notebooks ask for
    # many routes on one store
    chosen = tuple(statuses)
    return derived(store, ("hops", chosen), lambda s: HopTable(s, _columns(s, chosen)))


def _columns(store: ox.Store, statuses: tuple[str, ...]) -> HopColumns:
    origin = store_origin(store)
    if origin is not None and set(statuses) == set(MOVED):  # what the build writes
        try:
            return read_hop_file(origin.trig.with_suffix(".hops"), origin.identity)
        except HopFileError as error:
            if origin.notify is not None:
                origin.notify(f"{error}; reading the hops from the store instead (`kg build` writes it)")
    return scan_columns(store, statuses)
