"""The hop table's data: every transfer with one of some statuses, in columns of ints, made
either by scanning a store or from the quads a build has in hand (the same rule, so the same
columns), and kept in a file by :mod:`kg.chains.hopfile`.

Rows are in transfer IRI order and entity ids in IRI order, so comparing ints compares IRIs.
A transfer is a row when it has a status of the set, a supplier, a recipient, an item, a kind
and a source document; where a property has several values, the smallest (by its lexical
value) counts, whatever order the store or the quads give them in.

>>> from kg.store import open_store
>>> columns = scan_columns(open_store())
>>> columns == columns_from_quads(open_store(), columns.statuses)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.chains.hops import _KIND_WORDS, _STATUS_WORDS
from kg.iris import KG, PREFIXES, PROV, local_name
from kg.model import MOVED

__all__ = ["NONE", "HopColumns", "columns_from_quads", "scan_columns"]

NONE = -1  # an absent optional value (end-user, component-of, backfilled row, event)

# column → predicate: the core ones every row has, the optional ones read for rows only
CORE = {
    "status": KG["status"],
    "supplier": KG["supplier"],
    "recipient": KG["recipient"],
    "item": KG["item"],
    "kind": KG["transferKind"],
    "source": PROV + "wasDerivedFrom",
}
OPTIONAL = {
    "endUser": KG["endUser"],
    "integratedInto": KG["integratedInto"],
    "backfills": KG["backfills"],
    "event": KG["attests"],
}
# One scan per column; the optional ones only for subjects that are transfers.
_SCAN = "SELECT ?transfer ?value WHERE {{ ?transfer <{predicate}> ?value }}"
_SCAN_TRANSFERS = "SELECT ?transfer ?value WHERE {{ ?transfer <{predicate}> ?value ; kg:supplier ?s }}"


@dataclass
class HopColumns:
    """The hops of one status set as parallel columns (one entry per row).

    ``supplier``, ``recipient``, ``item``, ``end_user`` and ``integrated`` index :attr:`names`;
    ``backfills`` is the row a hop backfills (:data:`NONE` when that transfer is no row: its
    IRI is then in :attr:`foreign_backfills`); ``event`` indexes :attr:`events` and ``key``
    numbers what a row is an account of (its event, or the claim itself) in order of first
    row; ``status``, ``kind`` and ``source`` index :attr:`status_words`, :attr:`kind_words`
    and :attr:`sources`.

    The indexes route search needs are kept with them, so a table read from a file need not
    make them again: ``pair_rows`` holds the rows ordered by supplier, recipient and row, and
    pair *i* (``pair_supplier[i]`` → ``pair_recipient[i]``, pairs in that order) owns
    ``pair_rows[pair_start[i]:pair_start[i + 1]]``, accounts of ``pair_accounts[i]`` events
    or claims (distinct keys); each link *j* says that row
    ``link_g[j]`` (pair ``link_a[j]`` → ``link_b[j]``) is tied to row ``link_h[j]`` (pair
    ``link_b[j]`` → ``link_c[j]``), by the rules of :func:`kg.chains.hops_linked`, links in
    that order.
    """

    statuses: tuple[str, ...]
    transfers: list[str]
    names: list[str]
    supplier: list[int]
    recipient: list[int]
    item: list[int]
    end_user: list[int]
    integrated: list[int]
    backfills: list[int]
    event: list[int]
    key: list[int]
    status: list[int]
    kind: list[int]
    source: list[int]
    events: list[str]
    sources: list[str]
    status_words: list[str]
    kind_words: list[str]
    foreign_backfills: dict[int, str] = field(default_factory=dict)
    pair_rows: list[int] = field(default_factory=list)
    pair_supplier: list[int] = field(default_factory=list)
    pair_recipient: list[int] = field(default_factory=list)
    pair_start: list[int] = field(default_factory=list)
    pair_accounts: list[int] = field(default_factory=list)
    link_a: list[int] = field(default_factory=list)
    link_b: list[int] = field(default_factory=list)
    link_c: list[int] = field(default_factory=list)
    link_h: list[int] = field(default_factory=list)
    link_g: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.transfers)


def _smaller(found: dict[str, str], subject: str, value: str) -> None:
    old = found.get(subject)
    if old is None or value < old:
        found[subject] = value


def _pairs(store: ox.Store, query: str, keep: set[str] | None = None) -> dict[str, str]:
    """First column → smallest second column of a two-column SELECT (lexical values)."""
    found: dict[str, str] = {}
    for solution in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True):
        subject = solution[0].value
        if keep is None or subject in keep:
            _smaller(found, subject, solution[1].value)
    return found


def _chosen(statuses: Iterable[str]) -> tuple[tuple[str, ...], set[str]]:
    words = tuple(sorted(set(statuses)))
    return words, {iri for iri, word in _STATUS_WORDS.items() if word in words}


def scan_columns(store: ox.Store, statuses: Iterable[str] = MOVED) -> HopColumns:
    """The columns read from ``store`` with a few two-column scans (about 2 µs a row)."""
    words, wanted = _chosen(statuses)
    status = {t: s for t, s in _pairs(store, _SCAN.format(predicate=CORE["status"])).items() if s in wanted}
    found = {"status": status}
    for name, predicate in CORE.items():
        if name != "status":
            found[name] = _pairs(store, _SCAN.format(predicate=predicate), set(status))
    rows = set(status).intersection(*found.values())
    for name, predicate in OPTIONAL.items():
        found[name] = _pairs(store, _SCAN_TRANSFERS.format(predicate=predicate), rows)
    return _columns(words, found)


def columns_from_quads(quads: Iterable[ox.Quad], statuses: Iterable[str] = MOVED) -> HopColumns:
    """The columns of a dataset given as quads (all graphs, as the union default graph reads
    them), in one pass: what the build writes from the quads it has in hand."""
    words, wanted = _chosen(statuses)
    columns = {str(predicate): name for name, predicate in (*CORE.items(), *OPTIONAL.items())}
    found: dict[str, dict[str, str]] = {name: {} for name in columns.values()}
    for quad in quads:
        name = columns.get(quad.predicate.value)
        if name is not None:
            _smaller(found[name], quad.subject.value, quad.object.value)
    status = {t: s for t, s in found["status"].items() if s in wanted}
    rows = set(status).intersection(*(found[name] for name in CORE))
    found = {name: {t: v for t, v in values.items() if t in rows} for name, values in found.items()}
    return _columns(words, found)


def _columns(statuses: tuple[str, ...], found: dict[str, dict[str, str]]) -> HopColumns:
    """The columns of the rows every core column holds."""
    rows = set(found["status"]).intersection(*(found[name] for name in CORE))
    transfers = sorted(rows)
    row = {transfer: number for number, transfer in enumerate(transfers)}
    core = {name: [found[name][t] for t in transfers] for name in CORE}
    extra = {name: [found[name].get(t) for t in transfers] for name in OPTIONAL}
    entities = {*core["supplier"], *core["recipient"], *core["item"]}
    entities |= {v for name in ("endUser", "integratedInto") for v in extra[name] if v is not None}
    names = sorted(entities)
    ids = {name: number for number, name in enumerate(names)}

    def interned(values: list[str | None], pool: list[str]) -> list[int]:
        numbers = {value: number for number, value in enumerate(pool)}
        return [NONE if v is None else numbers[v] for v in values]

    events = sorted({v for v in extra["event"] if v is not None})
    sources = sorted(set(core["source"]))
    status_words = sorted({_STATUS_WORDS[v] for v in core["status"]})
    kind_words = sorted({_KIND_WORDS.get(v, local_name(v)) for v in core["kind"]})
    keys: dict[str, int] = {}
    accounts = zip(extra["event"], transfers, strict=True)
    backfilled = extra["backfills"]
    columns = HopColumns(
        statuses=statuses,
        transfers=transfers,
        names=names,
        supplier=[ids[v] for v in core["supplier"]],
        recipient=[ids[v] for v in core["recipient"]],
        item=[ids[v] for v in core["item"]],
        end_user=[NONE if v is None else ids[v] for v in extra["endUser"]],
        integrated=[NONE if v is None else ids[v] for v in extra["integratedInto"]],
        backfills=[NONE if v is None else row.get(v, NONE) for v in backfilled],
        event=interned(extra["event"], events),
        key=[keys.setdefault(event or transfer, len(keys)) for event, transfer in accounts],
        status=interned([_STATUS_WORDS[v] for v in core["status"]], status_words),
        kind=interned([_KIND_WORDS.get(v, local_name(v)) for v in core["kind"]], kind_words),
        source=interned(core["source"], sources),  # type: ignore[arg-type]
        events=events,
        sources=sources,
        status_words=status_words,
        kind_words=kind_words,
        foreign_backfills={n: v for n, v in enumerate(backfilled) if v is not None and v not in row},
    )
    _index(columns)
    return columns


def _index(columns: HopColumns) -> None:
    """Fill the pair and link indexes of ``columns`` from its columns."""
    supplier, recipient, item = columns.supplier, columns.recipient, columns.item
    order = sorted(range(len(columns)), key=lambda r: (supplier[r], recipient[r]))  # stable: row order
    columns.pair_rows = order
    pairs: dict[tuple[int, int], list[int]] = {}
    for number in order:
        pairs.setdefault((supplier[number], recipient[number]), []).append(number)
    start = 0
    for (a, b), rows in pairs.items():
        columns.pair_supplier.append(a)
        columns.pair_recipient.append(b)
        columns.pair_start.append(start)
        columns.pair_accounts.append(len({columns.key[number] for number in rows}))
        start += len(rows)
    by_supplier_item: dict[tuple[int, int], list[int]] = {}
    for number, pair in enumerate(zip(supplier, item, strict=True)):
        by_supplier_item.setdefault(pair, []).append(number)
    links: set[tuple[int, int, int, int, int]] = set()
    backfills, integrated, end_user = columns.backfills, columns.integrated, columns.end_user
    for g, (a, b) in enumerate(zip(supplier, recipient, strict=True)):
        tied: list[int] = []
        if backfills[g] != NONE and supplier[backfills[g]] == b:
            tied.append(backfills[g])
        if integrated[g] != NONE:
            tied += by_supplier_item.get((b, integrated[g]), ())
        elif end_user[g] not in (NONE, b):
            tied += pairs.get((b, end_user[g]), ())
        links.update((a, b, recipient[h], h, g) for h in tied)
    ordered = sorted(links)
    columns.link_a, columns.link_b, columns.link_c, columns.link_h, columns.link_g = (
        [link[number] for link in ordered] for number in range(5)
    )
