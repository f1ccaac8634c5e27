"""The one writer of the model's RDF: entities, source documents, claims, date intervals and
the Web Annotation evidence of a claim (exact, prefix, suffix, offsets) with its ``kg:quote``
shortcut. The build, every importer and the synthetic generator write through these
functions, so every claim in the graph has the same shape whatever wrote it.

>>> from rdflib import Graph
>>> from kg.dates import parse_date
>>> from kg.namespaces import KG, KGR
>>> graph = Graph()
>>> claim = KGR["fact/x"]
>>> add_claim(graph, claim, KG.Transfer, label="A → B", status="reported", source=KGR["source/9"])
>>> add_date(graph, claim, parse_date("2024-06"))
>>> add_evidence(graph, claim, KGR["source/9"], [Quote("sold", 10, 14, "it was ", " to")])
>>> str(graph.value(claim, KG.quote)), str(graph.value(claim, KG.latestDate))
('sold', '2024-06-30')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.dates import FuzzyDate
from kg.model import status_iri
from kg.namespaces import DCTERMS, KG, OA, PROV, RDF, RDFS, SKOS, WD, XSD
from kg.texts import Quote

__all__ = [
    "Quote",
    "TripleList",
    "TripleSink",
    "add_claim",
    "add_date",
    "add_document",
    "add_entity",
    "add_evidence",
    "decimal",
    "integer",
]


Triple = tuple[Node, Node, Node]


class TripleSink(Protocol):
    """Where the writers put triples: anything with ``add((s, p, o))``, such as an rdflib
    ``Graph`` (to read it back) or a :class:`TripleList` (to write it out fast)."""

    def add(self, triple: Triple, /) -> object: ...


class TripleList:
    """A sink that only keeps the triples, in the order added (no indexes): an importer
    writing a large register to a file needs nothing else, and skipping rdflib's store makes
    it several times faster.

    >>> from kg.namespaces import KGR
    >>> sink = TripleList()
    >>> add_claim(sink, KGR["fact/x"], KG.Transfer, label="A → B", status="reported", source=KGR.s)
    >>> len(sink)
    5
    """

    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def add(self, triple: Triple, /) -> TripleList:
        self.triples.append(triple)
        return self

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)


def decimal(value: int | float | Decimal) -> Literal:
    """A number as ``xsd:decimal`` (the form every store keeps).

    >>> decimal(550000).n3()
    '"550000"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def integer(value: int) -> Literal:
    """A count as ``xsd:integer`` (the form every store keeps).

    >>> integer(4).n3()
    '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return Literal(int(value), datatype=XSD.integer)


def add_entity(
    graph: TripleSink,
    node: URIRef,
    cls: URIRef,
    label: str,
    *,
    aliases: Iterable[str] = (),
    metonyms: Iterable[str] = (),
    description: str | None = None,
    wikidata: str | None = None,
) -> None:
    """A named thing: its class, label (rdfs and SKOS), aliases, metonyms and description."""
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    for alias in aliases:
        graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
    for metonym in metonyms:
        graph.add((node, SKOS.hiddenLabel, Literal(metonym, lang="en")))
    if description:
        graph.add((node, RDFS.comment, Literal(description, lang="en")))
    if wikidata:
        graph.add((node, SKOS.exactMatch, WD[wikidata]))


def add_date(graph: TripleSink, node: URIRef, date: FuzzyDate, prop: URIRef = KG.date) -> None:
    """A date with its precision and the interval it denotes (``kg:earliestDate``/``kg:latestDate``)."""
    graph.add((node, prop, date.literal()))
    graph.add((node, KG.datePrecision, date.precision_concept))
    graph.add((node, KG.earliestDate, Literal(date.earliest)))
    graph.add((node, KG.latestDate, Literal(date.latest)))


def add_document(
    graph: TripleSink,
    node: URIRef,
    *,
    identifier: str,
    title: str,
    publisher: URIRef,
    date: FuzzyDate | None,
    kind: str,
    file_name: str,
    sha256: str,
    characters: int,
    authors: Sequence[str] = (),
    date_note: str = "",
    media_type: str | None = None,
) -> None:
    """A source document's metadata; ``file_name`` is relative to the project root."""
    graph.add((node, RDF.type, KG.SourceDocument))
    graph.add((node, RDFS.label, Literal(title, lang="en")))
    graph.add((node, DCTERMS.title, Literal(title, lang="en")))
    graph.add((node, DCTERMS.identifier, Literal(identifier)))
    graph.add((node, DCTERMS.publisher, publisher))
    for author in authors:
        graph.add((node, DCTERMS.creator, Literal(author)))
    if media_type:
        graph.add((node, DCTERMS.format, Literal(media_type)))
    if date is not None:
        add_date(graph, node, date, prop=DCTERMS.issued)
    if date_note:
        graph.add((node, KG.dateNote, Literal(date_note)))
    graph.add((node, KG.documentKind, Literal(kind)))
    graph.add((node, KG.fileName, Literal(file_name)))
    graph.add((node, KG.sha256, Literal(sha256)))
    graph.add((node, KG.characterCount, Literal(characters)))
    graph.add((node, DCTERMS.language, Literal("en")))


def add_claim(
    graph: TripleSink, node: URIRef, cls: URIRef, *, label: str, status: str, source: URIRef
) -> None:
    """The core of every claim: its class, ``kg:Claim``, label, status and source document."""
    graph.add((node, RDF.type, cls))
    graph.add((node, RDF.type, KG.Claim))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, KG.status, URIRef(status_iri(status))))
    graph.add((node, PROV.wasDerivedFrom, source))


def add_evidence(graph: TripleSink, claim: URIRef, document: URIRef, quotes: Sequence[Quote]) -> None:
    """One W3C Web Annotation per quote (TextQuoteSelector and TextPositionSelector), and
    ``kg:quote``, the first quote's exact text, so queries can show it without the walk.

    Selector and target nodes are IRIs below the annotation, not blank nodes, so output is
    deterministic.
    """
    if not quotes:
        raise ValueError(f"{claim}: a claim needs at least one quote")
    for index, quote in enumerate(quotes, start=1):
        annotation = URIRef(f"{claim}/evidence/{index}")
        target = URIRef(f"{annotation}/target")
        quote_selector = URIRef(f"{annotation}/quote")
        position = URIRef(f"{annotation}/position")
        graph.add((claim, KG.evidence, annotation))
        graph.add((annotation, RDF.type, OA.Annotation))
        graph.add((annotation, OA.motivatedBy, OA.describing))
        graph.add((annotation, OA.hasBody, claim))
        graph.add((annotation, OA.hasTarget, target))
        graph.add((target, RDF.type, OA.SpecificResource))
        graph.add((target, OA.hasSource, document))
        graph.add((target, OA.hasSelector, quote_selector))
        graph.add((target, OA.hasSelector, position))
        graph.add((quote_selector, RDF.type, OA.TextQuoteSelector))
        graph.add((quote_selector, OA.exact, Literal(quote.exact)))
        graph.add((quote_selector, OA.prefix, Literal(quote.prefix)))
        graph.add((quote_selector, OA.suffix, Literal(quote.suffix)))
        graph.add((position, RDF.type, OA.TextPositionSelector))
        graph.add((position, OA.start, Literal(quote.start, datatype=XSD.nonNegativeInteger)))
        graph.add((position, OA.end, Literal(quote.end, datatype=XSD.nonNegativeInteger)))
    graph.add((claim, KG.quote, Literal(quotes[0].exact)))
