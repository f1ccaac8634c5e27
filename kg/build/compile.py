"""Checked curation and located quotes → the rdflib dataset: one named graph per source
document (its claims and their evidence), one for the ontology, one for entities, one for
document metadata, one for the events that claims attest (kg.build.events), one for the plain
triples the documents state as fact (each once, ``kgr:graph/asserted``), one per import and one
for what is derived at build time (``kg:suppliesTo``, ``kg:feeds``, the month index: kg.build.derive).

>>> from kg.curation import load_curation
>>> from kg.paths import project_paths
>>> from kg.texts import resolve_quotes
>>> curation = load_curation()
>>> dataset = compile_dataset(curation, resolve_quotes(curation)[0], project_paths())
>>> entities = set(dataset.graph(GRAPH.ENTITIES).subjects())
>>> all(entity_iri(e) in entities for e in curation.entities)
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.build.attribution import first_party, states_as_fact
from kg.build.derive import graph_derived_triples
from kg.build.events import add_events
from kg.build.imports import ImportedGraph, load_imports
from kg.build.triples import add_claim, add_date, add_document, add_entity, add_evidence, decimal, integer
from kg.curation import Curation, Entity, Fact
from kg.display import shorten
from kg.errors import CurationError, CurationErrors
from kg.model import ENTITY_TYPES, FACT_TYPES, TRANSFER_KINDS, FieldSpec
from kg.namespaces import GRAPH, KG, PREFIXES, RDF, SKOS, document_iri, entity_iri, event_iri, fact_iri
from kg.paths import ProjectPaths
from kg.texts import LocatedQuote

__all__ = ["compile_dataset", "compile_imports", "fact_label", "new_dataset"]

LABEL_LENGTH = 80  # longest generated claim label

ENTITY_CLASSES = {name: KG[name] for name in sorted(ENTITY_TYPES)}


def _label(curation: Curation, entity_id: str | None) -> str:
    if entity_id is None:
        return "?"
    entity = curation.entities.get(entity_id)
    return entity.label if entity else entity_id


def fact_label(curation: Curation, fact: Fact) -> str:
    """A readable one-line label for a claim node.

    >>> from kg.curation import load_curation
    >>> curation = load_curation()
    >>> fact_label(curation, next(f for f in curation.facts.values() if f.type == "Signing"))[:11]
    'Signing of '
    """
    name = lambda key: _label(curation, fact.get(key))  # noqa: E731
    kind = fact.get("kind")
    if fact.type in ("Transfer", "Deployment"):
        suffix = f" ({kind})" if kind and kind != "direct" else ""
        return f"{name('supplier')} → {name('recipient')}: {name('item')}{suffix}"
    if fact.type == "Relation":
        target = name("object") if fact.get("object") else shorten(fact.get("value", ""), LABEL_LENGTH)
        return f"{name('subject')} {fact.get('predicate')} {target}"
    if fact.type == "Role":
        return f"{name('person')}: {fact.get('role')}"
    if fact.type == "Meeting":
        return "Meeting of " + ", ".join(_label(curation, p) for p in fact.get("participants", []))
    if fact.type == "Statement":
        return f"{name('speaker')}: {shorten(fact.get('summary') or fact.quotes[0].text, LABEL_LENGTH)}"
    if fact.type == "Sanction":
        return f"Sanctions by {name('imposed_by')}"
    if fact.type == "Poll":
        return f"{name('pollster')} poll: {shorten(fact.get('question', ''), LABEL_LENGTH)}"
    if fact.type == "Signing":
        return f"Signing of {name('instrument')}"
    if fact.type == "PolicyChange":
        return f"{name('actor')}: {fact.get('action')} {name('policy')}"
    if fact.type == "RedLineAssessment":
        return f"{name('claimant')}: {name('red_line')} {fact.get('verdict')}"
    return shorten(fact.get("summary") or fact.quotes[0].text, LABEL_LENGTH)


def _add_entity(graph: Graph, entity: Entity) -> None:
    node = entity_iri(entity.id)
    add_entity(
        graph,
        node,
        ENTITY_CLASSES[entity.type],
        entity.label,
        aliases=entity.aliases,
        metonyms=entity.metonyms,
        description=entity.description,
        wikidata=entity.wikidata,
    )
    if entity.part_of:
        graph.add((node, KG.partOf, entity_iri(entity.part_of)))
        graph.add((entity_iri(entity.part_of), KG.hasProvision, node))
    if entity.broader:
        graph.add((node, SKOS.broader, entity_iri(entity.broader)))
    for other in entity.related:
        graph.add((node, SKOS.related, entity_iri(other)))
    if entity.number:
        graph.add((node, KG.articleNumber, Literal(entity.number)))


def _add_documents(graph: Graph, curation: Curation, root: Path, read: Callable[[Path], bytes]) -> None:
    for source in curation.sources.values():
        if source.publisher not in curation.entities:
            raise CurationErrors(
                [
                    CurationError(
                        source.where.path,
                        source.where.line,
                        f"publisher {source.publisher!r} is not a known entity id",
                    )
                ]
            )
        data = source.data if source.data is not None else read(source.path)
        add_document(
            graph,
            document_iri(source.id),
            identifier=source.id,
            title=source.title,
            publisher=entity_iri(source.publisher),
            authors=source.authors,
            date=source.date,
            date_note=source.date_note,
            kind=source.kind,
            file_name=source.path.relative_to(root).as_posix(),
            sha256=hashlib.sha256(data).hexdigest(),
            characters=len(data.decode("utf-8")),
        )


def _add_fact(
    graph: Graph,
    curation: Curation,
    fact: Fact,
    quotes: list[LocatedQuote],
    own: dict[str, frozenset[str]],
    asserted: Graph,
) -> None:
    fact_type = FACT_TYPES[fact.type]
    node = fact_iri(fact.id)
    source = document_iri(fact.source_id)
    add_claim(
        graph,
        node,
        URIRef(fact_type.cls),
        label=fact_label(curation, fact),
        status=fact.status,
        source=source,
    )
    if fact.date is not None:
        add_date(graph, node, fact.date)
    for name, value in fact.values.items():
        spec = fact_type.all_fields[name]
        if spec.prop is None or name == "status":
            continue
        for one in value if isinstance(value, list) else [value]:
            graph.add((node, URIRef(spec.prop), _object(spec, one)))
    if fact.type == "Statement" and "claimant" not in fact.values:
        # who says it: a statement's speaker is its claimant (one pattern for "what did X say")
        graph.add((node, KG.claimant, entity_iri(fact.get("speaker"))))
    if "supplier" in fact_type.fields and "kind" not in fact.values:
        graph.add((node, KG.transferKind, URIRef(TRANSFER_KINDS["direct"])))
    if fact.type == "Relation":
        source_record = curation.sources.get(fact.source_id)
        publisher = source_record.publisher if source_record else None
        _add_relation(graph, node, fact, asserted if states_as_fact(fact, publisher, own) else None)
    add_evidence(graph, node, source, quotes)


def _object(spec: FieldSpec, value: Any) -> Node:
    """The RDF term a field value becomes, by the kind of field (see kg.model)."""
    if spec.kind in ("entity", "entities"):
        return entity_iri(value)
    if spec.kind == "fact":
        return fact_iri(value)
    if spec.kind == "event":
        return event_iri(value)
    if spec.kind == "number":
        return integer(value) if spec.integer else decimal(value)
    if spec.concepts is not None:
        return URIRef(spec.concepts[value])
    return Literal(value)


def _add_relation(graph: Graph, node: URIRef, fact: Fact, asserted: Graph | None) -> None:
    subject = entity_iri(fact.get("subject"))
    predicate = KG[fact.get("predicate")]
    obj: Node = entity_iri(fact.get("object")) if fact.get("object") else Literal(fact.get("value"))
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    # Only what the document states as fact (kg.build.attribution) becomes a plain triple,
    # once, in the asserted graph however many documents state it (queries without DISTINCT
    # do not double count); everything else (opinions, allegations, plans...) stays a claim.
    if asserted is not None:
        asserted.add((subject, predicate, obj))


def new_dataset() -> Dataset:
    """An empty dataset with the project's prefixes bound."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def compile_dataset(
    curation: Curation,
    quotes: dict[str, list[LocatedQuote]],
    paths: ProjectPaths,
    *,
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> Dataset:
    """Turn checked curation and located quotes into the RDF dataset of the curated graphs
    (files through ``read``); imports are read by :func:`compile_imports`."""
    dataset = new_dataset()
    ontology = dataset.graph(GRAPH.ONTOLOGY)
    ontology.parse(data=read(paths.ontology_file), format="turtle")
    documents = dataset.graph(GRAPH.DOCUMENTS)
    _add_documents(documents, curation, paths.root, read)
    entities = dataset.graph(GRAPH.ENTITIES)
    for entity in sorted(curation.entities.values(), key=lambda e: e.id):
        _add_entity(entities, entity)
    own = first_party(curation)
    asserted = dataset.graph(GRAPH.ASSERTED)
    for source_id in sorted(curation.sources):
        graph = dataset.graph(GRAPH.source(source_id))
        for fact in curation.facts.values():
            if fact.source_id == source_id:
                _add_fact(graph, curation, fact, quotes[fact.id], own, asserted)
    for triple in list(asserted):
        if triple in entities:  # an entity record says it already (a provision's kg:partOf)
            asserted.remove(triple)
    add_events(
        dataset.graph(GRAPH.EVENTS),
        curation,
        {fact.id: fact_label(curation, fact) for fact in curation.facts.values() if fact.get("event")},
    )
    derived = dataset.graph(GRAPH.DERIVED)
    claim_graphs = [g for g in dataset.graphs() if g.identifier not in (GRAPH.DERIVED, GRAPH.ONTOLOGY)]
    for triple in graph_derived_triples(claim_graphs):
        derived.add(triple)
    return dataset


def compile_imports(paths: ProjectPaths) -> list[ImportedGraph]:
    """The imports (``imports/<name>.ttl``), each a named graph of its own with its supply
    edges, as Oxigraph quads: rdflib would take minutes over a whole SIPRI register."""
    return load_imports(paths)
