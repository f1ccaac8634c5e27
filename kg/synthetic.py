"""Synthetic graphs shaped like ours: states, weapon systems, source documents and dated,
quoted transfer claims, written through :mod:`kg.build.triples` like every curated claim.

It ships inside the package, not under ``tests/``, because the benchmarks (``bench/``) and
the tests of a user's own install (large views, scale) need the same data without a
checkout. One generator serves both sizes: :func:`synthetic_store` gives a small graph for
view tests, :func:`write_synthetic` the real seed build plus N transfers (10k to 1M) as
TriG for ``bench/bench_scale.py``. Output is deterministic for a given size and seed.

Each document's text is the sequence of its transfers' quotes, so offsets, context,
``kg:characterCount`` and ``kg:sha256`` describe a real (if unstored) text. About 5 % of
transfers backfill an earlier one and 5 % supply a component, so indirect-chain queries
have work to do. The derived graph holds what the build's rules derive
(:func:`kg.build.derive.derived_quads`): ``kg:suppliesTo`` edges and ``kg:feeds`` links from
the transfers whose status moved goods (:data:`kg.model.MOVED`), and the month index.

>>> store = synthetic_store(20)
>>> from kg.network import extract_graph
>>> len(extract_graph(store).nodes)
20
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.build.derive import TransferLinks, derived_quads
from kg.build.triples import Quote, add_claim, add_date, add_document, add_entity, add_evidence, decimal
from kg.dates import FuzzyDate, parse_date
from kg.model import ASSERTED, MOVED, STATUSES, TRANSFER_KINDS
from kg.namespaces import GRAPH, KG, SKOS, document_iri, entity_iri, fact_iri
from kg.store import select
from kg.texts import CONTEXT_CHARS

__all__ = ["synthetic_quads", "synthetic_store", "write_synthetic"]

# Most claims are asserted, as in the curated seeds; every other status occurs too.
STATUS_WEIGHTS = [4 if status in ASSERTED else 1 for status in STATUSES]
DATES = [parse_date(f"{year}-{month:02d}") for year in range(2014, 2025) for month in range(1, 13)]
LINKED = 0.05  # share of transfers that backfill an earlier one, and again that supply a component
CHUNK = 500  # transfers converted to Oxigraph quads at a time


class _Collected(Graph):
    """A graph that only collects what is added (no indexes): the writers need ``add`` alone,
    and skipping rdflib's store makes generation about twice as fast."""

    def __init__(self) -> None:
        super().__init__()
        self.added: list[tuple[URIRef, URIRef, URIRef | Literal]] = []

    def add(self, triple: tuple[Any, Any, Any]) -> _Collected:  # type: ignore[override]
        self.added.append(triple)
        return self


def _term(term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype))
    return ox.Literal(str(term))


def _quads(collected: _Collected, graph: str) -> Iterator[ox.Quad]:
    context = ox.NamedNode(graph)
    for s, p, o in collected.added:
        yield ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _term(o), context)
    collected.added.clear()


@dataclass(frozen=True)
class _Transfer:
    node: URIRef
    supplier: URIRef
    recipient: URIRef
    item: URIRef | None
    status: str
    date: FuzzyDate
    kind: str
    link: URIRef | None
    quantity: int
    quote: str


def synthetic_quads(
    transfers: int,
    *,
    states: int = 200,
    items: int = 300,
    agents: Sequence[str] = (),
    per_document: int = 100,
    seed: int = 0,
) -> Iterator[ox.Quad]:
    """Entities, documents and ``transfers`` transfer claims in the build's named graphs.

    ``states`` and ``items`` synthetic entities are made; ``agents`` are IRIs of existing
    states (the seed build's) that take part too. With ``items=0`` transfers name no item
    and none supplies a component. The first transfers link each agent to an earlier one,
    so the graph is connected.

    >>> quads = list(synthetic_quads(3, states=3, items=2, per_document=2))
    >>> len({q.subject for q in quads if q.predicate.value.endswith("#evidence")})
    3
    """
    rng = random.Random(seed)
    collected = _Collected()
    actors = [URIRef(a) for a in agents]
    labels: dict[URIRef, str] = {}
    for index in range(states):
        node = entity_iri(f"SynthState{index}")
        labels[node] = f"State {index}"
        actors.append(node)
        add_entity(collected, node, KG.State, labels[node])
    weapons = []
    for index in range(items):
        node = entity_iri(f"SynthItem{index}")
        labels[node] = f"Weapon system {index}"
        weapons.append(node)
        add_entity(collected, node, KG.WeaponSystem, labels[node])
    yield from _quads(collected, GRAPH.ENTITIES)
    made: list[tuple[URIRef, URIRef]] = []  # (transfer, supplier), for backfills
    moved: list[TransferLinks] = []  # what the derived graph's rules read
    dated: list[tuple[str, str]] = []
    for first in range(0, transfers, per_document):
        document = document_iri(f"synth-{first // per_document}")
        planned = []
        for index in range(first, min(transfers, first + per_document)):
            planned.append(_plan(rng, index, actors, weapons, labels, made))
            made.append((planned[-1].node, planned[-1].supplier))
        text = _add_document(collected, document, first // per_document, planned, actors[0])
        yield from _quads(collected, GRAPH.DOCUMENTS)
        offset = 0
        for position, transfer in enumerate(planned):
            quote = _quote(text, offset, transfer.quote)
            offset = quote.end + 1
            _add_transfer(collected, transfer, document, quote)
            dated.append((str(transfer.node), transfer.date.earliest.isoformat()))
            if transfer.status in MOVED:
                moved.append(_links(transfer))
            if position % CHUNK == CHUNK - 1:
                yield from _quads(collected, GRAPH.source(f"synth-{first // per_document}"))
        yield from _quads(collected, GRAPH.source(f"synth-{first // per_document}"))
    yield from derived_quads(moved, dated)


def _links(transfer: _Transfer) -> TransferLinks:
    link = None if transfer.link is None else str(transfer.link)
    return TransferLinks(
        str(transfer.node),
        str(transfer.supplier),
        str(transfer.recipient),
        str(KG[transfer.status]),
        item=None if transfer.item is None else str(transfer.item),
        integrated_into=link if transfer.kind == "component" else None,
        backfills=(link,) if transfer.kind == "backfill" and link else (),
    )


def _plan(
    rng: random.Random,
    index: int,
    actors: list[URIRef],
    weapons: list[URIRef],
    labels: dict[URIRef, str],
    made: list[tuple[URIRef, URIRef]],
) -> _Transfer:
    if 0 < index < len(actors):  # each agent supplies an earlier one: the graph is connected
        supplier, recipient = actors[index], actors[rng.randrange(index)]
    else:
        supplier, recipient = rng.sample(actors, 2)
    kind, link, roll = "direct", None, rng.random()
    if roll < LINKED and made:
        # Backfill: this transfer replaces stocks that its recipient sent on earlier.
        link, recipient = made[rng.randrange(len(made))]  # the earlier transfer and its supplier
        if supplier == recipient:
            supplier = actors[(actors.index(recipient) + 1) % len(actors)]
        kind = "backfill"
    elif roll < 2 * LINKED and weapons:
        kind, link = "component", rng.choice(weapons)
    item = rng.choice(weapons) if weapons else None
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    what = labels.get(item, "goods") if item else "goods"
    who = [labels.get(agent, agent.rsplit("/", 1)[-1]) for agent in (supplier, recipient)]
    return _Transfer(
        node=fact_iri(f"synth-{index}"),
        supplier=supplier,
        recipient=recipient,
        item=item,
        status=status,
        date=rng.choice(DATES),
        kind=kind,
        link=link,
        quantity=rng.randrange(1, 5000),
        quote=f"{who[0]} delivered {what} to {who[1]} (synthetic transfer {index}).",
    )


def _add_document(
    graph: Graph, document: URIRef, number: int, planned: Iterable[_Transfer], publisher: URIRef
) -> str:
    text = "\n".join(transfer.quote for transfer in planned) + "\n"
    add_document(
        graph,
        document,
        identifier=f"synth-{number}",
        title=f"Synthetic report {number}",
        publisher=publisher,
        date=DATES[number % len(DATES)],
        kind="report",
        file_name=f"seeds/texts/synth-{number}.txt",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        characters=len(text),
    )
    return text


def _quote(text: str, start: int, exact: str) -> Quote:
    end = start + len(exact)
    context = text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]
    return Quote(exact, start, end, *context)


def _add_transfer(graph: Graph, transfer: _Transfer, document: URIRef, quote: Quote) -> None:
    node = transfer.node
    label = f"Synthetic transfer {node.rsplit('-', 1)[-1]}"
    add_claim(graph, node, KG.Transfer, label=label, status=transfer.status, source=document)
    graph.add((node, KG.supplier, transfer.supplier))
    graph.add((node, KG.recipient, transfer.recipient))
    if transfer.item is not None:
        graph.add((node, KG.item, transfer.item))
    graph.add((node, KG.transferKind, URIRef(TRANSFER_KINDS[transfer.kind])))
    if transfer.kind == "backfill":
        graph.add((node, KG.backfills, transfer.link))
    elif transfer.kind == "component":
        graph.add((node, KG.integratedInto, transfer.link))
    graph.add((node, KG.quantity, decimal(transfer.quantity)))
    add_date(graph, node, transfer.date)
    add_evidence(graph, node, document, [quote])


def synthetic_store(states: int, transfers_per_state: float = 1.5, seed: int = 7) -> ox.Store:
    """An in-memory store of ``states`` states linked by about ``transfers_per_state``
    transfers each (no items), with the status concepts' labels, for view tests.

    >>> len(synthetic_store(10)) > 10 * 30
    True
    """
    store = ox.Store()
    ontology = ox.NamedNode(GRAPH.ONTOLOGY)
    pref = ox.NamedNode(SKOS.prefLabel)
    store.extend(ox.Quad(ox.NamedNode(KG[s]), pref, ox.Literal(s, language="en"), ontology) for s in STATUSES)
    count = int(states * transfers_per_state)
    store.extend(synthetic_quads(count, states=states, items=0, per_document=max(count, 1), seed=seed))
    return store


def _seed_states(seed_trig: Path) -> list[str]:
    store = ox.Store()
    store.bulk_load(path=str(seed_trig), format=ox.RdfFormat.TRIG)
    return [row["s"] for row in select(store, "SELECT ?s WHERE { GRAPH ?g { ?s a kg:State } } ORDER BY ?s")]


def write_synthetic(transfers: int, output: Path, seed_trig: Path, **options: int) -> int:
    """Write the seed build (``seed_trig``) plus ``transfers`` synthetic transfers as TriG,
    what ``kg build`` writes; returns the number of quads. ``options``: ``states``, ``items``,
    ``seed`` (see :func:`synthetic_quads`).

    >>> import tempfile
    >>> from kg.store import open_store
    >>> from kg.paths import project_paths
    >>> _ = open_store()  # builds build/kg.trig when it is missing or stale
    >>> out = Path(tempfile.mkdtemp()) / "synthetic.trig"
    >>> write_synthetic(10, out, project_paths().trig, states=2, items=2) > 10 * 30
    True
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    count = 0

    def counted() -> Iterator[ox.Quad]:
        nonlocal count
        quads = synthetic_quads(transfers, agents=_seed_states(seed_trig), **options)
        for source in (ox.parse(path=str(seed_trig), format=ox.RdfFormat.TRIG), quads):
            for quad in source:
                count += 1
                yield quad

    partial = output.with_suffix(".partial")
    ox.serialize(counted(), output=str(partial), format=ox.RdfFormat.TRIG)
    partial.replace(output)  # a failed run leaves no truncated file behind
    return count
