"""The notebook API: ``kg.load()`` gives a :class:`KnowledgeGraph` whose methods return
plain rows (lists of dicts or frozen dataclasses) that ``pandas.DataFrame`` takes as they are.

>>> import kg
>>> graph = kg.load()
>>> graph.entity("Seoul").label
'South Korea'
>>> chains = graph.chains("South Korea", "Ukraine")
>>> ("United States", "Ukraine") in {tuple(h.recipient_label for h in c.hops) for c in chains if c.linked}
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from kg.build import ensure_built
from kg.chains import Chain, Route, find_chains, find_routes
from kg.errors import QueryError, UnknownEntityError
from kg.iris import GRAPH, KG, PREFIXES, XSD, local_name
from kg.model import ASSERTED
from kg.names import NameIndex
from kg.paths import ProjectPaths
from kg.queries import QueryResult, execute
from kg.reason import materialise
from kg.store import open_store, select
from kg.views import View, make_view

__all__ = ["EntityCard", "KnowledgeGraph", "load"]

ENTITY_FACTS = """
SELECT DISTINCT ?entity ?label ?type ?alias ?metonym ?description WHERE {
  ?entity rdfs:label ?label .
  OPTIONAL { ?entity a ?type FILTER(STRSTARTS(STR(?type), STR(kg:))) }
  OPTIONAL { ?entity skos:altLabel ?alias }
  OPTIONAL { ?entity skos:hiddenLabel ?metonym }
  OPTIONAL { ?entity rdfs:comment ?description }
}
"""

# Plain (asserted) relations in and out of an entity, with the other end's label.
ENTITY_RELATIONS = """
SELECT DISTINCT ?entity ?direction ?predicate ?other ?otherLabel WHERE {
  { ?entity ?predicate ?other . BIND("out" AS ?direction) }
  UNION { ?other ?predicate ?entity . BIND("in" AS ?direction) }
  FILTER(STRSTARTS(STR(?predicate), STR(kg:)) && isIRI(?other))
  FILTER NOT EXISTS { ?other a kg:Claim }
  OPTIONAL { ?other rdfs:label ?otherLabel }
}
ORDER BY ?direction ?predicate ?other
"""

# Claims that mention the entity in any role, with their type, status and source.
ENTITY_CLAIMS = """
SELECT DISTINCT ?entity ?claim ?type ?role ?label ?status ?source ?sourceTitle WHERE {
  ?claim a kg:Claim ; ?p ?entity ; a ?class ; rdfs:label ?label ; kg:status/skos:prefLabel ?status ;
         prov:wasDerivedFrom ?source .
  ?source dcterms:title ?sourceTitle .
  FILTER(?class NOT IN (kg:Claim, rdf:Statement) && STRSTARTS(STR(?class), STR(kg:)))
  BIND(STRAFTER(STR(?class), "#") AS ?type)
  BIND(REPLACE(STR(?p), "^.*[#/]", "") AS ?role)
}
ORDER BY ?type ?claim ?role
"""


@dataclass(frozen=True)
class EntityCard:
    """What the graph holds about one entity: identity, plain relations, claims and sources."""

    iri: str
    label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...]
    metonyms: tuple[str, ...]
    description: str | None
    relations: tuple[dict[str, Any], ...]  # {"direction", "predicate", "other", "other_label"}
    claims: tuple[
        dict[str, Any], ...
    ]  # {"claim", "type", "role", "label", "status", "source", "source_title"}
    sources: tuple[dict[str, Any], ...] = field(default=())  # {"source", "title", "claims"}

    def claims_by_type(self) -> dict[str, list[dict[str, Any]]]:
        """The claims grouped by claim type (Transfer, Statement, ...), in type order."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for claim in self.claims:
            groups.setdefault(claim["type"], []).append(claim)
        return dict(sorted(groups.items()))


class KnowledgeGraph:
    """The built graph in an embedded Oxigraph store, with name resolution and named queries."""

    def __init__(self, store: ox.Store, paths: ProjectPaths | None = None) -> None:
        self.store = store
        self.paths = paths

    @cached_property
    def _names(self) -> NameIndex:
        return NameIndex.for_store(self.store)

    def resolve(self, name: str) -> str:
        """The IRI an entity name (label, alias, metonym or id; any case) denotes.

        >>> load().resolve("Pyongyang")
        'https://w3id.org/rnku-kg/id/DPRK'
        """
        return self._names.resolve(name)

    def query(
        self,
        sparql_or_name: str,
        /,
        timeout: float | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        **params: Any,
    ) -> list[dict[str, Any]]:
        """Rows of a named query, a ``.rq`` file or SPARQL text; parameters by keyword;
        ``limit``/``offset`` for one page of an answer that grows with the data.

        >>> len(load().query("timeline", start="2022-01-01", end="2024-12-31", limit=5))
        5
        >>> rows = load().query("direct-transfers", supplier="DPRK", recipient="Russia")
        >>> sorted({row["status"] for row in rows})
        ['alleged', 'denied', 'planned', 'reported', 'requested']
        """
        return self.execute(sparql_or_name, params, timeout=timeout, limit=limit, offset=offset).rows()

    def execute(
        self,
        sparql_or_name: str,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> QueryResult:
        """Like :meth:`query` but the :class:`~kg.queries.QueryResult` with RDF terms."""
        return execute(sparql_or_name, params, store=self.store, timeout=timeout, limit=limit, offset=offset)

    def chains(self, source: str, target: str, max_hops: int = 3, **options: Any) -> list[Chain]:
        """Supply routes between two named entities, each hop with its evidence
        (see :func:`kg.chains.find_chains`)."""
        return find_chains(self.store, self.resolve(source), self.resolve(target), max_hops, **options)

    def routes(self, source: str, target: str, max_hops: int = 3, **options: Any) -> list[Route]:
        """Supply routes between two named entities, each with its counts of chains, which it
        builds on demand (see :func:`kg.chains.find_routes`; for large graphs).

        >>> routes = load().routes("Seoul", "Kyiv", max_hops=2)
        >>> [r.linked_chains()[0].hops[1].supplier_label for r in routes if r.hops == 2 and r.linked][:1]
        ['Poland']
        """
        return find_routes(self.store, self.resolve(source), self.resolve(target), max_hops, **options)

    def entity(self, name: str) -> EntityCard:
        """The card of a named entity: types, aliases, relations in and out, claims, sources.

        >>> card = load().entity("ROK")
        >>> "Seoul" in card.metonyms and "State" in card.types
        True
        """
        iri = ox.NamedNode(self.resolve(name))
        facts = select(self.store, ENTITY_FACTS, {"entity": iri})
        if not facts:
            raise UnknownEntityError(f"{name!r} has no label in the graph")
        relations = select(self.store, ENTITY_RELATIONS, {"entity": iri})
        claims = select(self.store, ENTITY_CLAIMS, {"entity": iri})
        sources: dict[str, dict[str, Any]] = {}
        for claim in claims:
            entry = sources.setdefault(
                claim["source"], {"source": claim["source"], "title": claim["sourceTitle"]}
            )
            entry.setdefault("ids", set()).add(claim["claim"])
        return EntityCard(
            iri=iri.value,
            label=str(facts[0]["label"]),
            types=tuple(sorted({local_name(r["type"]) for r in facts if r["type"]})),
            aliases=tuple(sorted({r["alias"] for r in facts if r["alias"]})),
            metonyms=tuple(sorted({r["metonym"] for r in facts if r["metonym"]})),
            description=next((r["description"] for r in facts if r["description"]), None),
            relations=tuple(
                {
                    "direction": r["direction"],
                    "predicate": r["predicate"],
                    "other": r["other"],
                    "other_label": r["otherLabel"],
                }
                for r in relations
            ),
            claims=tuple(
                {
                    "claim": r["claim"],
                    "type": r["type"],
                    "role": r["role"],
                    "label": r["label"],
                    "status": r["status"],
                    "source": r["source"],
                    "source_title": r["sourceTitle"],
                }
                for r in claims
            ),
            sources=tuple(
                {"source": s["source"], "title": s["title"], "claims": len(s["ids"])}
                for s in sorted(sources.values(), key=lambda s: s["source"])
            ),
        )

    def treaty_article(self, article: str) -> list[dict[str, Any]]:
        """An article's quoted text and cross-references (a treaty's name gives all its articles).

        >>> rows = load().treaty_article("Article 4")
        >>> sorted({row["referenceLabel"] for row in rows})[0]
        'Article 51 of the UN Charter'
        """
        iri = self.resolve(article)
        treaty = select(
            self.store,
            "SELECT ?article ?treaty WHERE { ?article kg:partOf ?treaty }",
            {"article": ox.NamedNode(iri)},
        )
        rows = self.query("treaty-articles", treaty=ox.NamedNode(treaty[0]["treaty"] if treaty else iri))
        return [row for row in rows if row["article"] == iri] if treaty else rows

    def red_lines(self) -> list[dict[str, Any]]:
        """Every red line with who drew it, its trigger, and the evidence for and against crossing."""
        return self.query("red-lines")

    def timeline(self, start: str, end: str) -> list[dict[str, Any]]:
        """Dated claims whose date lies within [start, end] (ISO dates), in order.

        >>> any(row["type"] == "Signing" for row in load().timeline("2024-06-19", "2024-06-19"))
        True
        """
        return self.query("timeline", start=start, end=end)

    def as_of(self, date: str | dt.date) -> KnowledgeGraph:
        """The graph as it stood on a date (ISO, e.g. ``"2024-06-30"``): only the claims derived
        (``prov:wasDerivedFrom``) from a document whose ``kg:latestDate`` is on or before it,
        whichever named graph they live in, curated or imported. A dropped claim goes with its
        evidence and with the plain triples only it stated; the derived edges are derived again
        from what stays. Ontology, entities and documents are kept.

        :raises QueryError: if ``date`` is not an ISO date.

        >>> old = load().as_of("2023-12-31")
        >>> sorted({row["published"] for row in old.query("as-of", date="2024-12-31")})
        ['2023-04']
        """
        return KnowledgeGraph(_as_of_store(self.store, date), self.paths)

    def view(self, kind: str = "overview", **options: Any) -> View:
        """An interactive view of this graph, made by :func:`kg.views.make_view`;
        ``kind`` and ``options`` are passed on unchanged."""
        return make_view(self, kind, **options)


# Claims on record at a cut-off: derived from a document certainly published by then.
CLAIMS_ON_RECORD = """
SELECT DISTINCT ?claim ?date WHERE {
  ?claim a kg:Claim ; prov:wasDerivedFrom ?doc . ?doc kg:latestDate ?latest FILTER(?latest <= ?date)
}
"""
ALL_CLAIMS = "SELECT DISTINCT ?claim WHERE { ?claim a kg:Claim }"
# Relation claims, graph by graph, with the plain triple each reifies.
REIFIED = """
SELECT ?graph ?claim ?status ?s ?p ?o WHERE {
  GRAPH ?graph { ?claim a kg:RelationClaim ; kg:status ?status ;
                        rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
}
"""


def _cut_off(date: str | dt.date) -> ox.Literal:
    """The cut-off day as an ``xsd:date`` literal.

    >>> _cut_off("2024-06-30").value
    '2024-06-30'
    >>> _cut_off("30 June")
    Traceback (most recent call last):
    kg.errors.QueryError: as_of: '30 June' is not a date; give an ISO date such as 2024-06-30
    """
    if isinstance(date, dt.datetime):
        date = date.date()
    try:
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(date)
    except (TypeError, ValueError):
        raise QueryError(f"as_of: {date!r} is not a date; give an ISO date such as 2024-06-30") from None
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def _as_of_store(store: ox.Store, date: str | dt.date) -> ox.Store:
    """A copy of ``store`` without the claims not on record at ``date`` (see :meth:`KnowledgeGraph.as_of`)."""
    kept = {row["claim"] for row in select(store, CLAIMS_ON_RECORD, {"date": _cut_off(date)})}
    dropped = {row["claim"] for row in select(store, ALL_CLAIMS)} - kept
    # A graph's plain triples are those its kept asserted relation claims state and the build wrote
    # (kg.build.attribution decides which: not an interviewee's opinion).
    asserted = {str(KG[status]) for status in ASSERTED}
    reified: set[ox.Quad] = set()
    stated: set[ox.Quad] = set()
    for row in store.query(REIFIED, prefixes=PREFIXES):
        quad = ox.Quad(row["s"], row["p"], row["o"], row["graph"])
        reified.add(quad)
        if row["claim"].value in kept and row["status"].value in asserted and quad in store:
            stated.add(quad)
    derived = ox.NamedNode(str(GRAPH.DERIVED))

    def on_record(quad: ox.Quad) -> bool:
        if quad.graph_name == derived:
            return False  # re-derived below from the claims kept
        # the claim itself, or its evidence subtree (<claim>/evidence/...)
        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.split("/evidence/", 1)[0] in dropped:
            return False
        return quad not in reified or quad in stated

    result = ox.Store()
    result.extend(quad for quad in store if on_record(quad))
    result.extend(stated)
    from kg.build.derive import derive_into_store  # rdflib: only for an as-of view

    derive_into_store(result)  # the build's rule, over the claims kept
    return result


def load(
    paths: ProjectPaths | None = None,
    *,
    reason: bool = False,
    rebuild: bool = True,
    notify: Callable[[str], None] | None = None,
) -> KnowledgeGraph:
    """The built graph, optionally with OWL-RL entailments. With ``rebuild`` (the default) the
    graph is first rebuilt when an input changed since the last build (``notify`` is told why);
    without it, the build on disk is used as it is.

    >>> load().query("ASK { kgr:ROK a kg:Agent }")
    [{'answer': False}]
    """
    if rebuild:
        ensure_built(paths, notify)
    store = open_store(paths, notify, writable=reason)
    if reason:
        materialise(store)
    return KnowledgeGraph(store, paths)
