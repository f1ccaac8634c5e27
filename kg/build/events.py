"""One real-world event, many sources: the ``kgr:event/<id>`` nodes (``kge:<id>``) that claims
attest through their ``event:`` key.

Each source's claim stays the attestation, with its own quote, status, claimant and date. The
event node, declared once, gets in the events graph:

* ``kg:eventClass``, the claims' class (every attestation is of one fact type);
* every field value the attestations agree on: a field some attestations give and none
  contradicts (``kg:instrument``, ``kg:location``, ``kg:supplier``, ...); a field two
  attestations give differently (a status, an item, a quantity) is left to the claims;
* its date interval, the intersection of the attestations' intervals (``kg:earliestDate``,
  ``kg:latestDate``), and ``kg:date`` when they all give the same date;
* ``kg:attestationCount`` (claims) and ``kg:sourceCount`` (documents): "reported by N sources".

>>> from kg.curation import load_curation
>>> events = event_attestations(load_curation())
>>> len(events["dprk-russia-treaty-signing"])
4
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.build.triples import decimal, integer
from kg.curation import Curation, Fact
from kg.model import FACT_TYPES, FieldSpec
from kg.namespaces import KG, RDF, RDFS, entity_iri, event_iri

__all__ = ["add_events", "event_attestations"]

# Fields that belong to one source's account, never to the event.
PER_SOURCE = frozenset({"status", "claimant", "note", "summary", "date_note", "disputes", "event", "quote"})


def event_attestations(curation: Curation) -> dict[str, list[Fact]]:
    """Event id → the facts attesting it, in fact-id order."""
    events: dict[str, list[Fact]] = {}
    for fact in sorted(curation.facts.values(), key=lambda f: f.id):
        if fact.get("event"):
            events.setdefault(fact.get("event"), []).append(fact)
    return events


def _term(spec: FieldSpec, value: object) -> Node:
    if spec.kind in ("entity", "entities"):
        return entity_iri(str(value))
    if spec.kind == "number":
        return integer(value) if spec.integer else decimal(value)  # type: ignore[arg-type]
    if spec.concepts is not None:
        return URIRef(spec.concepts[str(value)])
    return Literal(value)


def _agreed(facts: Sequence[Fact]) -> list[tuple[URIRef, Node]]:
    fields = FACT_TYPES[facts[0].type].all_fields
    agreed: list[tuple[URIRef, Node]] = []
    for name, spec in fields.items():
        if (
            name in PER_SOURCE
            or spec.prop is None
            or spec.kind not in ("entity", "entities", "number", "choice")
        ):
            continue
        given = {repr(f.get(name)): f.get(name) for f in facts if f.get(name) is not None}
        if len(given) != 1:
            continue
        value = next(iter(given.values()))
        for one in value if isinstance(value, list) else [value]:
            agreed.append((URIRef(spec.prop), _term(spec, one)))
    return agreed


def add_events(graph: Graph, curation: Curation, labels: dict[str, str]) -> None:
    """Write every attested event into ``graph`` (``labels``: fact id → claim label)."""
    for event_id, facts in sorted(event_attestations(curation).items()):
        node = event_iri(event_id)
        graph.add((node, RDF.type, KG.AttestedEvent))
        graph.add((node, RDFS.label, Literal(labels[facts[0].id], lang="en")))
        graph.add((node, KG.eventClass, URIRef(FACT_TYPES[facts[0].type].cls)))
        for prop, value in _agreed(facts):
            graph.add((node, prop, value))
        dated = [f.date for f in facts if f.date is not None]
        if dated:
            earliest, latest = max(d.earliest for d in dated), min(d.latest for d in dated)
            if earliest <= latest:
                graph.add((node, KG.earliestDate, Literal(earliest)))
                graph.add((node, KG.latestDate, Literal(latest)))
            if len({d.literal() for d in dated}) == 1 and len(dated) == len(facts):
                graph.add((node, KG.date, dated[0].literal()))
                graph.add((node, KG.datePrecision, dated[0].precision_concept))
        graph.add((node, KG.attestationCount, Literal(len(facts))))
        graph.add((node, KG.sourceCount, Literal(len({f.source_id for f in facts}))))
