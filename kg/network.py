"""What a graph view draws, read from the store: entity nodes, claim nodes and
the edges between them, each edge or claim node carrying its fact (status,
date, verbatim quotes, source).

A claim with two natural ends becomes one edge: a transfer (supplier →
recipient, labelled with the item) or a relation claim whose object is an
entity (subject → object, labelled with the predicate). Every other claim
(statement, meeting, signing, sanction, ...) becomes a small claim node with
one edge per entity it names (speaker, participant, ...). A relation claim
whose object is text (a provision's text, a red line's condition) is shown
with its subject node rather than as an edge.

>>> from kg.store import open_store
>>> data = extract_graph(open_store())
>>> data.nodes["https://w3id.org/rnku-kg/id/ROK"].label
'South Korea'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.namespaces import prefixed
from kg.store import select

__all__ = ["Edge", "Fact", "GraphData", "Node", "extract_graph"]

# Every claim with its class, status, date interval, claimant and source document.
CLAIMS = """
SELECT ?claim ?class ?label ?status ?date ?earliest ?latest ?claimant ?source ?title ?publisher ?issued
WHERE {
  VALUES ?class { kg:Transfer kg:Deployment kg:RelationClaim kg:RoleAssignment kg:Meeting kg:Statement
                  kg:Sanction kg:Poll kg:Signing kg:PolicyChange kg:RedLineAssessment kg:Event }
  ?claim a ?class .
  OPTIONAL { ?claim rdfs:label ?label }
  OPTIONAL { ?claim kg:status/skos:prefLabel ?status }
  OPTIONAL { ?claim kg:date ?date }
  OPTIONAL { ?claim kg:earliestDate ?earliest }
  OPTIONAL { ?claim kg:latestDate ?latest }
  OPTIONAL { ?claim kg:claimant/rdfs:label ?claimant }
  OPTIONAL { ?claim prov:wasDerivedFrom ?source .
             OPTIONAL { ?source dcterms:title ?title }
             OPTIONAL { ?source dcterms:issued ?issued }
             OPTIONAL { ?source dcterms:publisher ?pub . OPTIONAL { ?pub rdfs:label ?publisherLabel } }
             BIND(COALESCE(?publisherLabel, STR(?pub)) AS ?publisher) }
} ORDER BY ?claim
"""

# The verbatim quotes evidencing each claim, in evidence order.
QUOTES = """
SELECT ?claim ?evidence ?quote WHERE {
  ?claim a kg:Claim ; kg:evidence ?evidence .
  ?evidence oa:hasTarget/oa:hasSelector/oa:exact ?quote .
} ORDER BY ?claim ?evidence
"""

# Transfers (and deployments): supplier → recipient, with the item and route.
TRANSFERS = """
SELECT ?claim ?supplier ?recipient ?item ?itemLabel ?kind WHERE {
  ?claim kg:supplier ?supplier ; kg:recipient ?recipient .
  OPTIONAL { ?claim kg:item ?item . OPTIONAL { ?item rdfs:label ?itemLabel } }
  OPTIONAL { ?claim kg:transferKind/skos:prefLabel ?kind }
} ORDER BY ?claim
"""

# Relation claims: subject, predicate and object (an entity or a text).
RELATIONS = """
SELECT ?claim ?subject ?predicate ?object ?isEntity WHERE {
  ?claim a kg:RelationClaim ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
  BIND(isIRI(?object) AS ?isEntity)
} ORDER BY ?claim
"""

# The entities an n-ary claim names, and in which role.
ROLES = """
SELECT ?claim ?role ?entity WHERE {
  VALUES ?role { kg:speaker kg:about kg:participant kg:location kg:topic kg:actor kg:policy kg:imposedBy
                 kg:target kg:signatory kg:instrument kg:redLine kg:holder kg:organisation kg:pollster
                 kg:commissionedBy }
  ?claim a kg:Claim ; ?role ?entity .
  FILTER(isIRI(?entity))
  FILTER NOT EXISTS { ?entity a kg:Concept }
} ORDER BY ?claim ?role ?entity
"""

# The assessor of a red-line assessment is its claimant: drawn as an edge too.
ASSESSORS = """
SELECT ?claim ?entity WHERE { ?claim a kg:RedLineAssessment ; kg:claimant ?entity . } ORDER BY ?claim
"""

# Label and classes of every resource that is neither a claim nor part of the machinery.
ENTITIES = """
SELECT ?entity ?label ?class WHERE {
  ?entity a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
  FILTER NOT EXISTS { ?entity a kg:Claim }
  OPTIONAL { ?entity rdfs:label ?label }
}
"""

# Most specific first: a resource typed with several classes is drawn as the first one listed.
CLASS_ORDER = [
    "State",
    "Person",
    "Party",
    "InternationalOrganisation",
    "GovernmentAgency",
    "ArmedForces",
    "Company",
    "MediaOrganisation",
    "ResearchInstitute",
    "Organisation",
    "Treaty",
    "Law",
    "Resolution",
    "Declaration",
    "LegalInstrument",
    "Provision",
    "WeaponSystem",
    "Technology",
    "NonLethalItem",
    "MilitaryPersonnel",
    "Item",
    "Policy",
    "RedLine",
    "Place",
    "Agent",
]

BINARY_CLAIMS = {"Transfer", "Deployment", "RelationClaim"}


@dataclass
class Fact:
    """One claim as a view shows it on hover: what, how sure, when, and the evidence."""

    iri: str
    cls: str
    label: str
    status: str | None = None
    date: str | None = None
    earliest: str | None = None
    latest: str | None = None
    claimant: str | None = None
    quotes: list[str] = field(default_factory=list)
    source: str | None = None
    source_title: str | None = None
    source_publisher: str | None = None
    source_date: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain values for the page (the page escapes them when it shows them)."""
        return {
            "id": prefixed(self.iri),
            "cls": self.cls,
            "label": self.label,
            "status": self.status,
            "date": self.date,
            "earliest": self.earliest,
            "latest": self.latest,
            "claimant": self.claimant,
            "quotes": self.quotes,
            "source": {
                "id": self.source and prefixed(self.source),
                "title": self.source_title,
                "publisher": self.source_publisher,
                "date": self.source_date,
            },
        }


@dataclass
class Node:
    """An entity, or a claim drawn as a node (``kind`` says which)."""

    id: str
    label: str
    cls: str
    kind: str  # "entity" or "claim"
    fact: str | None = None  # claim nodes: the fact they stand for
    notes: list[str] = field(default_factory=list)  # text-valued relation claims about this entity


@dataclass
class Edge:
    """A drawn edge; ``fact`` is the claim it comes from."""

    id: str
    source: str
    target: str
    label: str
    cls: str
    fact: str
    item: str | None = None  # transfers: the item transferred


@dataclass
class GraphData:
    """Nodes, edges and facts of a view, keyed by IRI (edges by a derived id)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    facts: dict[str, Fact] = field(default_factory=dict)

    def adjacency(self) -> dict[str, list[Edge]]:
        """Edges incident to each node (both directions)."""
        result: dict[str, list[Edge]] = defaultdict(list)
        for edge in self.edges:
            result[edge.source].append(edge)
            result[edge.target].append(edge)
        return result

    def subgraph(self, node_ids: set[str], edges: list[Edge] | None = None) -> GraphData:
        """The given nodes, the edges among them (or the given edges) and the facts they use."""
        chosen = edges if edges is not None else self.edges
        kept = [e for e in chosen if e.source in node_ids and e.target in node_ids]
        nodes = {k: v for k, v in self.nodes.items() if k in node_ids}
        used = {e.fact for e in kept} | {n.fact for n in nodes.values() if n.fact}
        used |= {f for n in nodes.values() for f in n.notes}
        return GraphData(nodes, kept, {k: v for k, v in self.facts.items() if k in used})


def words(name: str) -> str:
    """A camelCase property name as words.

    >>> words("concernsTechnology")
    'concerns technology'
    """
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _entity_classes(store: ox.Store) -> dict[str, tuple[str, str | None]]:
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str | None] = {}
    for row in select(store, ENTITIES):
        classes[row["entity"]].add(_local(row["class"]))
        labels[row["entity"]] = row["label"] or labels.get(row["entity"])
    rank = {name: i for i, name in enumerate(CLASS_ORDER)}
    result = {}
    for entity, names in classes.items():
        best = min(names, key=lambda n: (rank.get(n, len(rank)), n))
        result[entity] = (best, labels.get(entity))
    return result


def extract_graph(store: ox.Store) -> GraphData:
    """Everything a view can draw, from the built graph in ``store``."""
    data = GraphData()
    for row in select(store, CLAIMS):
        data.facts[row["claim"]] = Fact(
            iri=row["claim"],
            cls=_local(row["class"]),
            label=row["label"] or prefixed(row["claim"]),
            status=row["status"],
            date=None if row["date"] is None else str(row["date"]),
            earliest=row["earliest"],
            latest=row["latest"],
            claimant=row["claimant"],
            source=row["source"],
            source_title=row["title"],
            source_publisher=row["publisher"],
            source_date=None if row["issued"] is None else str(row["issued"]),
        )
    for row in select(store, QUOTES):
        if row["claim"] in data.facts:
            data.facts[row["claim"]].quotes.append(row["quote"])

    entities = _entity_classes(store)

    def entity(iri: str) -> str:
        if iri not in data.nodes:
            cls, label = entities.get(iri, ("Agent", None))
            data.nodes[iri] = Node(iri, label or prefixed(iri), cls, "entity")
        return iri

    def add_edge(fact: str, source: str, target: str, label: str, cls: str, item: str | None = None) -> None:
        data.edges.append(Edge(f"{prefixed(fact)}#{len(data.edges)}", source, target, label, cls, fact, item))

    for row in select(store, TRANSFERS):
        fact = data.facts.get(row["claim"])
        if fact is None:
            continue
        label = row["itemLabel"] or (prefixed(row["item"]) if row["item"] else "transfer")
        if row["kind"] and row["kind"] != "direct":
            label = f"{label} ({row['kind']})"
        add_edge(fact.iri, entity(row["supplier"]), entity(row["recipient"]), label, fact.cls, row["item"])
    for row in select(store, RELATIONS):
        fact = data.facts.get(row["claim"])
        if fact is None:
            continue
        subject = entity(row["subject"])
        if row["isEntity"] == "true":
            add_edge(fact.iri, subject, entity(row["object"]), words(_local(row["predicate"])), fact.cls)
        else:
            data.nodes[subject].notes.append(fact.iri)
    for fact in data.facts.values():
        if fact.cls in BINARY_CLAIMS:
            continue
        tag = fact.cls if not fact.date else f"{fact.cls} {fact.date}"
        data.nodes[fact.iri] = Node(fact.iri, _short(tag), fact.cls, "claim", fact=fact.iri)
    for row in select(store, ROLES):
        fact = data.facts.get(row["claim"])
        if fact is None or fact.cls in BINARY_CLAIMS:
            continue
        add_edge(fact.iri, fact.iri, entity(row["entity"]), words(_local(row["role"])), fact.cls)
    for row in select(store, ASSESSORS):
        add_edge(row["claim"], row["claim"], entity(row["entity"]), "assessed by", "RedLineAssessment")
    return data
