"""The entity/claim network, read from the store: entity nodes, claim nodes and the edges
between them, each edge or claim node carrying its claim (status, date, verbatim quotes,
source). The views draw it; the exports write it for Gephi, yEd and spreadsheets.

A claim of a binary fact type (:data:`kg.model.BINARY_FACT_TYPES`) becomes one edge: a
transfer (supplier → recipient, labelled with the item) or a relation claim whose object is
an entity (subject → object, labelled with the predicate). Every other claim (statement,
meeting, signing, sanction, ...) becomes a small claim node with one edge per entity it names
by a role property (:data:`kg.model.ROLE_PROPERTIES`). A relation claim whose object is text
(a provision's text, a red line's condition) is shown with its subject node rather than as an
edge. Statuses and transfer kinds travel as the model's words (``"alleged"``,
``"end-user-sale"``), edges carry the IRI of their predicate or role property.

>>> from kg.store import open_store
>>> data = extract_graph(open_store())
>>> data.nodes["https://w3id.org/rnku-kg/id/ROK"].label
'South Korea'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg import model
from kg.documents import Document, Evidence, extract_documents
from kg.iris import KG, local_name, prefixed
from kg.store import select

__all__ = [
    "BINARY_CLAIMS",
    "CLASS_ORDER",
    "Claim",
    "Document",
    "Edge",
    "Evidence",
    "GraphData",
    "Node",
    "extract_documents",
    "extract_graph",
    "words",
]


def _values(iris: Iterable[Any]) -> str:
    """IRIs from the model's table as SPARQL terms (``NamedNode`` checks each is an IRI)."""
    return " ".join(str(ox.NamedNode(str(iri))) for iri in iris)


# Class local names of the claims drawn as one edge (the Relation fact type's class is RelationClaim).
BINARY_CLAIMS = frozenset(local_name(model.FACT_TYPES[name].cls) for name in model.BINARY_FACT_TYPES)
# Most specific first: a resource typed with several classes is drawn as the first one listed.
CLASS_ORDER = model.CLASS_ORDER
# Fallback class of a resource typed with none of CLASS_ORDER.
DEFAULT_CLASS = "Agent"

# Every claim with its class, status, date interval, claimant and source document.
CLAIMS = f"""
SELECT ?claim ?class ?label ?status ?date ?earliest ?latest ?claimant ?source ?title ?publisher ?issued
WHERE {{
  VALUES ?class {{ {_values(t.cls for t in model.FACT_TYPES.values())} }}
  ?claim a ?class .
  OPTIONAL {{ ?claim rdfs:label ?label }}
  OPTIONAL {{ ?claim kg:status ?status }}
  OPTIONAL {{ ?claim kg:date ?date }}
  OPTIONAL {{ ?claim kg:earliestDate ?earliest }}
  OPTIONAL {{ ?claim kg:latestDate ?latest }}
  OPTIONAL {{ ?claim kg:claimant/rdfs:label ?claimant }}
  OPTIONAL {{ ?claim prov:wasDerivedFrom ?source .
             OPTIONAL {{ ?source dcterms:title ?title }}
             OPTIONAL {{ ?source dcterms:issued ?issued }}
             OPTIONAL {{ ?source dcterms:publisher ?pub . OPTIONAL {{ ?pub rdfs:label ?publisherLabel }} }}
             BIND(COALESCE(?publisherLabel, STR(?pub)) AS ?publisher) }}
}} ORDER BY ?claim
"""

# The verbatim quotes evidencing each claim, in evidence order, with their context and offsets.
QUOTES = """
SELECT ?claim ?evidence ?quote ?prefix ?suffix ?start ?end ?document WHERE {
  ?claim a kg:Claim ; kg:evidence ?evidence .
  ?evidence oa:hasTarget ?target .
  ?target oa:hasSelector ?selector .
  ?selector oa:exact ?quote .
  OPTIONAL { ?selector oa:prefix ?prefix }
  OPTIONAL { ?selector oa:suffix ?suffix }
  OPTIONAL { ?target oa:hasSource ?document }
  OPTIONAL { ?target oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }
} ORDER BY ?claim ?evidence
"""

# What the curator added to a claim: the precision of its date, how the date was found, a note,
# and the event it attests (several sources reporting one event share it).
CLAIM_NOTES = """
SELECT ?claim ?precision ?dateNote ?comment ?attests WHERE {
  ?claim a kg:Claim .
  OPTIONAL { ?claim kg:datePrecision ?precision }
  OPTIONAL { ?claim kg:dateNote ?dateNote }
  OPTIONAL { ?claim rdfs:comment ?comment }
  OPTIONAL { ?claim kg:attests ?attests }
} ORDER BY ?claim
"""

# Aliases and metonyms of entities (what Find searches besides labels and ids).
ENTITY_NAMES = """
SELECT ?entity ?name WHERE {
  ?entity skos:altLabel|skos:hiddenLabel ?name .
  FILTER NOT EXISTS { ?entity a kg:Claim }
} ORDER BY ?entity ?name
"""


# Transfers (and deployments): supplier → recipient, with the item and route.
TRANSFERS = """
SELECT ?claim ?supplier ?recipient ?item ?itemLabel ?kind WHERE {
  ?claim kg:supplier ?supplier ; kg:recipient ?recipient .
  OPTIONAL { ?claim kg:item ?item . OPTIONAL { ?item rdfs:label ?itemLabel } }
  OPTIONAL { ?claim kg:transferKind ?kind }
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
ROLES = f"""
SELECT ?claim ?role ?entity WHERE {{
  VALUES ?role {{ {_values(model.ROLE_PROPERTIES)} }}
  ?claim a kg:Claim ; ?role ?entity .
  FILTER(isIRI(?entity))
  FILTER NOT EXISTS {{ ?entity a kg:Concept }}
}} ORDER BY ?claim ?role ?entity
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

# Concept IRI → the model's word, for statuses and transfer kinds.
_STATUS_WORDS = {str(KG[status]): status for status in model.STATUSES}
_KIND_WORDS = {str(iri): word for word, iri in model.TRANSFER_KINDS.items()}


def _word(table: dict[str, str], iri: str | None) -> str | None:
    """The model's word for a concept IRI (its local name if the model has none)."""
    return None if iri is None else table.get(iri, local_name(iri))


@dataclass
class Claim:
    """One claim as a view shows it on hover: what, how sure, when, and the evidence.

    ``cls`` is the local name of the claim's class (``Transfer``, ``RelationClaim``, ...);
    ``status`` a word of :data:`kg.model.STATUSES`.
    """

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
    precision: str | None = None  # "day", "month" or "year" (of kg:date)
    date_note: str | None = None
    comment: str | None = None
    attests: str | None = None  # the event this claim reports, when the curator merged sources
    evidence: list[Evidence] = field(default_factory=list)
    source_earliest: str | None = None
    source_latest: str | None = None

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
            "precision": self.precision,
            "dateNote": self.date_note,
            "comment": self.comment,
            "attests": self.attests and prefixed(self.attests),
            "evidence": [e.to_json() for e in self.evidence],
            "source": {
                "id": self.source and prefixed(self.source),
                "title": self.source_title,
                "publisher": self.source_publisher,
                "date": self.source_date,
                "earliest": self.source_earliest,
                "latest": self.source_latest,
            },
        }


@dataclass
class Node:
    """An entity, or a claim drawn as a node (``kind`` says which)."""

    id: str
    label: str
    cls: str
    kind: str  # "entity" or "claim"
    claim: str | None = None  # claim nodes: the claim they stand for
    notes: list[str] = field(default_factory=list)  # text-valued relation claims about this entity
    names: list[str] = field(default_factory=list)  # entities: aliases and metonyms


@dataclass
class Edge:
    """A drawn edge from the claim ``claim``.

    ``predicate`` is the IRI of the relation (relation claims) or of the role property (edges
    from a claim node, ``kg:claimant`` for an assessor); ``None`` for transfers and deployments,
    which go supplier → recipient. ``kind`` is a transfer's kind (a word of
    :data:`kg.model.TRANSFER_KINDS`), ``item`` the item transferred.
    """

    id: str
    source: str
    target: str
    label: str
    cls: str
    claim: str
    predicate: str | None = None
    item: str | None = None
    kind: str | None = None


@dataclass
class GraphData:
    """Nodes, edges and claims of a view, keyed by IRI (edges by a derived id)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    claims: dict[str, Claim] = field(default_factory=dict)

    def adjacency(self) -> dict[str, list[Edge]]:
        """Edges incident to each node (both directions)."""
        result: dict[str, list[Edge]] = defaultdict(list)
        for edge in self.edges:
            result[edge.source].append(edge)
            result[edge.target].append(edge)
        return result

    def degrees(self) -> dict[str, int]:
        """The number of edges at each node (nodes without edges are left out).

        >>> GraphData(edges=[Edge("e", "a", "b", "", "Transfer", "c")]).degrees()
        {'a': 1, 'b': 1}
        """
        degree: dict[str, int] = defaultdict(int)
        for edge in self.edges:
            degree[edge.source] += 1
            degree[edge.target] += 1
        return dict(degree)

    def subgraph(self, node_ids: set[str], edges: list[Edge] | None = None) -> GraphData:
        """The given nodes, the edges among them (or the given edges) and the claims they use."""
        chosen = edges if edges is not None else self.edges
        kept = [e for e in chosen if e.source in node_ids and e.target in node_ids]
        nodes = {k: v for k, v in self.nodes.items() if k in node_ids}
        used = {e.claim for e in kept} | {n.claim for n in nodes.values() if n.claim}
        used |= {f for n in nodes.values() for f in n.notes}
        return GraphData(nodes, kept, {k: v for k, v in self.claims.items() if k in used})


def words(name: str) -> str:
    """A camelCase property name as words.

    >>> words("concernsTechnology")
    'concerns technology'
    """
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _entity_classes(store: ox.Store) -> dict[str, tuple[str, str | None]]:
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str | None] = {}
    for row in select(store, ENTITIES):
        classes[row["entity"]].add(local_name(row["class"]))
        labels[row["entity"]] = row["label"] or labels.get(row["entity"])
    rank = {name: i for i, name in enumerate(CLASS_ORDER)}
    result = {}
    for entity, names in classes.items():
        best = min(names, key=lambda n: (rank.get(n, len(rank)), n))
        result[entity] = (best, labels.get(entity))
    return result


def extract_graph(store: ox.Store) -> GraphData:
    """Everything a view can draw, from the built graph in ``store``.

    >>> from kg.store import open_store
    >>> data = extract_graph(open_store())
    >>> sorted({e.label for e in data.edges if e.predicate == "https://w3id.org/rnku-kg/ontology#partOf"})
    ['part of']
    """
    data = GraphData()
    for row in select(store, CLAIMS):
        data.claims[row["claim"]] = Claim(
            iri=row["claim"],
            cls=local_name(row["class"]),
            label=row["label"] or prefixed(row["claim"]),
            status=_word(_STATUS_WORDS, row["status"]),
            date=None if row["date"] is None else str(row["date"]),
            earliest=row["earliest"],
            latest=row["latest"],
            claimant=row["claimant"],
            source=row["source"],
            source_title=row["title"],
            source_publisher=row["publisher"],
            source_date=None if row["issued"] is None else str(row["issued"]),
        )
    seen_evidence: set[str] = set()
    for row in select(store, QUOTES):
        claim = data.claims.get(row["claim"])
        if claim is None or row["evidence"] in seen_evidence:
            continue
        seen_evidence.add(row["evidence"])
        claim.quotes.append(row["quote"])
        start, end = row["start"], row["end"]
        claim.evidence.append(
            Evidence(
                row["quote"],
                row["prefix"] or "",
                row["suffix"] or "",
                None if start is None else int(start),
                None if end is None else int(end),
                row["document"],
            )
        )
    for row in select(store, CLAIM_NOTES):
        claim = data.claims.get(row["claim"])
        if claim is None:
            continue
        claim.precision = claim.precision or (row["precision"] and local_name(row["precision"]))
        claim.date_note = claim.date_note or row["dateNote"]
        claim.comment = claim.comment or row["comment"]
        claim.attests = claim.attests or row["attests"]
    documents = {d.iri: d for d in extract_documents(store)}
    for claim in data.claims.values():
        document = documents.get(claim.source or "")
        if document is not None:
            claim.source_earliest, claim.source_latest = document.earliest, document.latest

    entities = _entity_classes(store)

    def entity(iri: str) -> str:
        if iri not in data.nodes:
            cls, label = entities.get(iri, (DEFAULT_CLASS, None))
            data.nodes[iri] = Node(iri, label or prefixed(iri), cls, "entity")
        return iri

    def add_edge(claim: Claim, source: str, target: str, label: str, **extra: Any) -> None:
        edge_id = f"{prefixed(claim.iri)}#{len(data.edges)}"
        data.edges.append(Edge(edge_id, source, target, label, claim.cls, claim.iri, **extra))

    for row in select(store, TRANSFERS):
        claim = data.claims.get(row["claim"])
        if claim is None:
            continue
        kind = _word(_KIND_WORDS, row["kind"])
        label = row["itemLabel"] or (prefixed(row["item"]) if row["item"] else "transfer")
        if kind and kind != "direct":
            label = f"{label} ({kind})"
        supplier, recipient = entity(row["supplier"]), entity(row["recipient"])
        add_edge(claim, supplier, recipient, label, item=row["item"], kind=kind)
    for row in select(store, RELATIONS):
        claim = data.claims.get(row["claim"])
        if claim is None:
            continue
        subject = entity(row["subject"])
        if row["isEntity"] == "true":
            label = words(local_name(row["predicate"]))
            add_edge(claim, subject, entity(row["object"]), label, predicate=row["predicate"])
        else:
            data.nodes[subject].notes.append(claim.iri)
    for claim in data.claims.values():
        if claim.cls in BINARY_CLAIMS:
            continue
        tag = claim.cls if not claim.date else f"{claim.cls} {claim.date}"
        data.nodes[claim.iri] = Node(claim.iri, _short(tag), claim.cls, "claim", claim=claim.iri)
    for row in select(store, ROLES):
        claim = data.claims.get(row["claim"])
        if claim is None or claim.cls in BINARY_CLAIMS:
            continue
        add_edge(
            claim, claim.iri, entity(row["entity"]), words(local_name(row["role"])), predicate=row["role"]
        )
    for row in select(store, ASSESSORS):
        claim = data.claims.get(row["claim"])
        if claim is not None:
            add_edge(claim, claim.iri, entity(row["entity"]), "assessed by", predicate=str(KG.claimant))
    for row in select(store, ENTITY_NAMES):
        node = data.nodes.get(row["entity"])
        if node is not None and node.kind == "entity" and row["name"] not in node.names:
            node.names.append(row["name"])
    return data
