"""The project's IRIs as rdflib objects, for the code that builds and writes RDF with rdflib.

Every IRI is defined once, as a string, in :mod:`kg.iris` (which the query path uses, so a
query never imports rdflib); this module makes rdflib's namespace objects and terms from those
strings.

>>> from kg.namespaces import KG, KGR
>>> KG.Transfer
rdflib.term.URIRef('https://w3id.org/rnku-kg/ontology#Transfer')
>>> KGR["ROK"]
rdflib.term.URIRef('https://w3id.org/rnku-kg/id/ROK')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from kg import iris
from kg.iris import ONTOLOGY_IRI, PREFIXES, local_name, prefixed

__all__ = [
    "DCTERMS",
    "FOAF",
    "GRAPH",
    "KG",
    "KGD",
    "KGE",
    "KGF",
    "KGR",
    "OA",
    "ONTOLOGY_IRI",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "WD",
    "XSD",
    "document_iri",
    "entity_iri",
    "event_iri",
    "fact_iri",
    "local_name",
    "month_iri",
    "prefixed",
]

KGR = Namespace(iris.KGR)
KGF = Namespace(iris.KGF)
KGD = Namespace(iris.KGD)
KGE = Namespace(iris.KGE)
OA = Namespace(iris.OA)
WD = Namespace(iris.WD)


class KG(DefinedNamespace):
    """The project ontology (``ontology/kg.ttl``), its terms those of :class:`kg.iris.KG`;
    a misspelt term raises AttributeError."""

    _NS = Namespace(iris.KG._NS)
    _fail = True
    __annotations__ = {name: URIRef for name in iris.KG.terms()}


class GRAPH:
    """Named graphs of the built dataset (:class:`kg.iris.GRAPH`, as rdflib terms)."""

    ONTOLOGY = URIRef(iris.GRAPH.ONTOLOGY)
    ENTITIES = URIRef(iris.GRAPH.ENTITIES)
    DOCUMENTS = URIRef(iris.GRAPH.DOCUMENTS)
    DERIVED = URIRef(iris.GRAPH.DERIVED)
    EVENTS = URIRef(iris.GRAPH.EVENTS)
    ASSERTED = URIRef(iris.GRAPH.ASSERTED)
    INFERRED = URIRef(iris.GRAPH.INFERRED)

    @staticmethod
    def source(source_id: str) -> URIRef:
        """Named graph holding the claims of one source document."""
        return URIRef(iris.GRAPH.source(source_id))

    @staticmethod
    def imported(name: str) -> URIRef:
        """Named graph holding one import (``imports/<name>.ttl``).

        >>> GRAPH.imported("trade-register")
        rdflib.term.URIRef('https://w3id.org/rnku-kg/id/graph/import/trade-register')
        """
        return URIRef(iris.GRAPH.imported(name))


def entity_iri(entity_id: str) -> URIRef:
    """IRI of a curated entity.

    >>> entity_iri("DPRK")
    rdflib.term.URIRef('https://w3id.org/rnku-kg/id/DPRK')
    """
    return URIRef(iris.entity_iri(entity_id))


def fact_iri(fact_id: str) -> URIRef:
    """IRI of a curated fact (a claim node)."""
    return URIRef(iris.fact_iri(fact_id))


def document_iri(source_id: str) -> URIRef:
    """IRI of a source document."""
    return URIRef(iris.document_iri(source_id))


def event_iri(event_id: str) -> URIRef:
    """IRI of a real-world event that one or more claims attest (``kg:attests``)."""
    return URIRef(iris.event_iri(event_id))


def month_iri(month: str) -> URIRef:
    """IRI of a calendar month of the derived month index (``kg:Month``).

    >>> month_iri("2024-06")
    rdflib.term.URIRef('https://w3id.org/rnku-kg/id/month/2024-06')
    """
    return URIRef(iris.month_iri(month))
