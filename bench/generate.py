"""Synthetic datasets shaped like ours, for benchmarks at 10k, 100k and 1M transfers.

The output is the real seed build (ontology, entities, documents, the five texts'
claims, so every named query's example parameters resolve) plus ``N`` synthetic
transfer claims among the seed states and ``--states`` generated ones, each with
status, date, quantity, item, a source document and a Web Annotation quote, as
``kg build`` writes them; about 5 % supply components and 5 % backfill an
earlier transfer, so the indirect-chain queries have work to do; the derived
``kg:suppliesTo`` graph covers them. Deterministic for a given size and seed.

    python bench/generate.py 100000   # writes build/bench/synthetic-100000.trig
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import GRAPH, KG, KGR, OA, PROV, RDF, RDFS, SKOS, XSD

STATUSES = ("reported", "reported", "reported", "confirmed", "alleged", "denied", "planned")
CHAIN = {"reported", "confirmed", "alleged"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _lit(value: object, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=_n(datatype)) if datatype else ox.Literal(str(value))


def _seed_states(seed_trig: Path) -> list[ox.NamedNode]:
    store = ox.Store()
    store.bulk_load(path=str(seed_trig), format=ox.RdfFormat.TRIG)
    query = "SELECT ?s ?class WHERE { GRAPH ?g { ?s a ?class } } ORDER BY ?s"
    rows = store.query(query, substitutions={ox.Variable("class"): _n(KG.State)})
    return [row["s"] for row in rows]


def synthetic_quads(
    transfers: int, seed_trig: Path, *, states: int = 200, items: int = 300, seed: int = 0
) -> Iterator[ox.Quad]:
    """The seed build's quads followed by ``transfers`` synthetic transfer claims."""
    rng = random.Random(seed)
    yield from ox.parse(path=str(seed_trig), format=ox.RdfFormat.TRIG)
    entities, documents, derived = _n(GRAPH.ENTITIES), _n(GRAPH.DOCUMENTS), _n(GRAPH.DERIVED)
    actors = _seed_states(seed_trig)
    for index in range(states):
        node = _n(KGR[f"synth/state/{index}"])
        actors.append(node)
        yield ox.Quad(node, _n(RDF.type), _n(KG.State), entities)
        yield ox.Quad(node, _n(RDFS.label), _lit(f"State {index}", lang="en"), entities)
        yield ox.Quad(node, _n(SKOS.prefLabel), _lit(f"State {index}", lang="en"), entities)
    weapons = []
    for index in range(items):
        node = _n(KGR[f"synth/item/{index}"])
        weapons.append(node)
        yield ox.Quad(node, _n(RDF.type), _n(KG.WeaponSystem), entities)
        yield ox.Quad(node, _n(RDFS.label), _lit(f"Weapon system {index}", lang="en"), entities)
        yield ox.Quad(node, _n(SKOS.prefLabel), _lit(f"Weapon system {index}", lang="en"), entities)
    doc_count = max(1, transfers // 100)
    for index in range(doc_count):
        doc = _n(KGR[f"source/synth-{index}"])
        yield ox.Quad(doc, _n(RDF.type), _n(KG.SourceDocument), documents)
        yield ox.Quad(doc, _n(DCTERMS_TITLE), _lit(f"Synthetic report {index}", lang="en"), documents)
        yield ox.Quad(doc, _n(DCTERMS_PUBLISHER), actors[0], documents)
    edges: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
    made: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]] = []  # (transfer, supplier, recipient)
    for index in range(transfers):
        doc_index = index % doc_count
        graph = _n(KGR[f"graph/source/synth-{doc_index}"])
        doc = _n(KGR[f"source/synth-{doc_index}"])
        node = _n(KGR[f"fact/synth-{index}"])
        supplier, recipient = rng.sample(actors, 2)
        item = rng.choice(weapons)
        status = rng.choice(STATUSES)
        kind = "direct"
        extra: list[tuple[str, ox.NamedNode]] = []
        roll = rng.random()
        if roll < 0.05 and made:
            # Backfill: this transfer replaces stocks that its recipient sent on earlier.
            earlier, middle, _ = made[rng.randrange(len(made))]
            recipient = middle
            if supplier == recipient:
                supplier = actors[(actors.index(recipient) + 1) % len(actors)]
            kind = "backfill"
            extra.append((KG.backfills, earlier))
        elif roll < 0.10:
            kind = "component"
            extra.append((KG.integratedInto, rng.choice(weapons)))
        year = rng.randrange(2014, 2025)
        month = rng.randrange(1, 13)
        quads = [
            (RDF.type, _n(KG.Transfer)),
            (RDF.type, _n(KG.Claim)),
            (RDFS.label, _lit(f"Synthetic transfer {index}", lang="en")),
            (KG.status, _n(KG[status])),
            (PROV.wasDerivedFrom, doc),
            (KG.supplier, supplier),
            (KG.recipient, recipient),
            (KG.item, item),
            (
                KG.transferKind,
                _n(KG[{"direct": "direct", "backfill": "backfill", "component": "component"}[kind]]),
            ),
            (KG.quantity, _lit(rng.randrange(1, 5000), XSD.decimal)),
            (KG.date, _lit(f"{year:04d}-{month:02d}", XSD.gYearMonth)),
            (KG.datePrecision, _n(KG.month)),
            (KG.earliestDate, _lit(f"{year:04d}-{month:02d}-01", XSD.date)),
            (KG.latestDate, _lit(f"{year:04d}-{month:02d}-28", XSD.date)),
            *((p, o) for p, o in extra),
        ]
        for predicate, obj in quads:
            yield ox.Quad(node, _n(predicate), obj, graph)
        annotation = _n(f"{node.value}/evidence/1")
        target, quote, position = (
            _n(f"{annotation.value}/{part}") for part in ("target", "quote", "position")
        )
        yield ox.Quad(node, _n(KG.evidence), annotation, graph)
        yield ox.Quad(annotation, _n(RDF.type), _n(OA.Annotation), graph)
        yield ox.Quad(annotation, _n(OA.hasBody), node, graph)
        yield ox.Quad(annotation, _n(OA.hasTarget), target, graph)
        yield ox.Quad(target, _n(RDF.type), _n(OA.SpecificResource), graph)
        yield ox.Quad(target, _n(OA.hasSource), doc, graph)
        yield ox.Quad(target, _n(OA.hasSelector), quote, graph)
        yield ox.Quad(target, _n(OA.hasSelector), position, graph)
        yield ox.Quad(quote, _n(RDF.type), _n(OA.TextQuoteSelector), graph)
        text = _lit(f"Synthetic quote number {index} about a transfer.")
        yield ox.Quad(quote, _n(OA.exact), text, graph)
        yield ox.Quad(node, _n(KG.quote), text, graph)
        yield ox.Quad(position, _n(RDF.type), _n(OA.TextPositionSelector), graph)
        yield ox.Quad(position, _n(OA.start), _lit(index * 10, XSD.nonNegativeInteger), graph)
        yield ox.Quad(position, _n(OA.end), _lit(index * 10 + 9, XSD.nonNegativeInteger), graph)
        made.append((node, supplier, recipient))
        if status in CHAIN:
            edges.add((supplier, recipient))
    for supplier, recipient in sorted(edges, key=lambda e: (e[0].value, e[1].value)):
        yield ox.Quad(supplier, _n(KG.suppliesTo), recipient, derived)


DCTERMS_TITLE = "http://purl.org/dc/terms/title"
DCTERMS_PUBLISHER = "http://purl.org/dc/terms/publisher"


def write_synthetic(transfers: int, output: Path, seed_trig: Path, **options: int) -> int:
    """Write a synthetic dataset as TriG (what `kg build` writes); returns the number of quads."""
    output.parent.mkdir(parents=True, exist_ok=True)
    count = 0

    def counted() -> Iterator[ox.Quad]:
        nonlocal count
        for quad in synthetic_quads(transfers, seed_trig, **options):
            count += 1
            yield quad

    partial = output.with_suffix(".partial")
    ox.serialize(counted(), output=str(partial), format=ox.RdfFormat.TRIG)
    partial.replace(output)  # a failed run leaves no truncated file behind
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("transfers", type=int, help="number of synthetic transfers (10000, 100000, 1000000)")
    parser.add_argument("-o", "--output", type=Path, help="TriG file (default build/bench/synthetic-N.trig)")
    parser.add_argument(
        "--seed-trig", type=Path, default=Path("build/kg.trig"), help="the seed build to extend"
    )
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    output = args.output or Path(f"build/bench/synthetic-{args.transfers}.trig")
    count = write_synthetic(args.transfers, output, args.seed_trig, states=args.states, seed=args.seed)
    print(f"wrote {count} quads to {output}")


if __name__ == "__main__":
    main()
