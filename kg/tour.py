"""The short guided tour `make demo` prints: what is in the graph, the South
Korea → US → Ukraine shell chain with its evidence, and Article 4 of the
2024 DPRK–Russia treaty."""

from __future__ import annotations

import pyoxigraph as ox

from kg.store import select

__all__ = ["BACKFILL_CHAINS", "TREATY_ARTICLE", "backfill_chains", "treaty_article"]

# Two-hop chains where the first transfer backfills the second.
BACKFILL_CHAINS = """
SELECT ?first ?second ?supplier ?middle ?recipient ?item ?quantity ?status1 ?status2 ?quote1 ?quote2 WHERE {
  ?first a kg:Transfer ; kg:backfills ?second ; kg:supplier ?s ; kg:recipient ?m ; kg:item ?i ; kg:status ?st1 ;
         kg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote1 .
  ?second kg:supplier ?m ; kg:recipient ?r ; kg:status ?st2 ; kg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote2 .
  OPTIONAL { ?first kg:quantity ?quantity }
  ?s rdfs:label ?supplier . ?m rdfs:label ?middle . ?r rdfs:label ?recipient . ?i rdfs:label ?item .
  ?st1 skos:prefLabel ?status1 . ?st2 skos:prefLabel ?status2 .
} ORDER BY ?supplier ?middle ?recipient ?first
"""

TREATY_ARTICLE = """
SELECT ?article ?label ?text ?refers ?quote ?claim WHERE {
  ?article a kg:Provision ; kg:partOf ?treaty ; rdfs:label ?label .
  OPTIONAL { ?claim rdf:subject ?article ; rdf:predicate kg:provisionText ; rdf:object ?text ;
                    kg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote . }
  OPTIONAL { ?article kg:refersTo ?r . ?r rdfs:label ?refers }
} ORDER BY ?article ?refers
"""


def backfill_chains(store: ox.Store) -> list[dict[str, object]]:
    """Two-hop backfill chains (A sells to B, replacing what B sent to C), with quotes."""
    return select(store, BACKFILL_CHAINS)


def treaty_article(store: ox.Store, article_iri: str) -> list[dict[str, object]]:
    """A provision's quoted text and cross-references."""
    return select(store, TREATY_ARTICLE, {"article": ox.NamedNode(article_iri)})
