"""The one writer of the model's RDF: entities, source documents, claims, date intervals and
the Web Annotation evidence of a claim (exact, prefix, suffix, offsets) with its ``kg:quote``
shortcut. The build, every importer and the synthetic generator write through these
functions, so every claim in the graph has the same shape whatever wrote it.

The writers make their terms with the sink's term factory (:class:`Terms`): rdflib terms for an
rdflib ``Graph`` (the curated build, which pySHACL validates), Oxigraph terms for a
:class:`TripleList` made with :data:`OX_TERMS` (an importer writing a whole register to
Turtle: no rdflib term is made, nor converted).

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

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.dates import FuzzyDate
from kg.model import status_iri
from kg.namespaces import DCTERMS, KG, OA, PROV, RDF, RDFS, SKOS, WD, XSD
from kg.texts import Quote

__all__ = [
    "OX_TERMS",
    "RDFLIB_TERMS",
    "Quote",
    "Terms",
    "TripleList",
    "TripleSink",
    "add_claim",
    "add_date",
    "add_document",
    "add_entity",
    "add_evidence",
    "decimal",
    "decimal_lexical",
    "integer",
    "terms_of",
]


Triple = tuple[Any, Any, Any]


class Terms:
    """A term factory: how the writers make IRIs and literals for one kind of sink.

    ``iri(value)`` takes a string (an rdflib ``URIRef`` is one); ``literal(value, lang)`` a
    string (a plain or language-tagged literal) or a Python value given its XSD type the way
    rdflib does (``bool``: boolean, ``int``: integer, ``datetime.date``: date);
    ``typed(lexical, datatype)`` a lexical form and the IRI of its datatype. Both factories give
    the same lexical forms, so a graph written either way serializes to the same bytes.

    >>> OX_TERMS.literal(3), RDFLIB_TERMS.literal(3).n3()
    (<Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>, '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """

    def __init__(
        self,
        iri: Callable[[str], Any],
        plain: Callable[[str, str | None], Any],
        typed: Callable[[str, str], Any],
    ) -> None:
        self.iri = iri
        self._plain = plain
        self.typed = typed

    def literal(self, value: object, lang: str | None = None) -> Any:
        """A literal of ``value`` (see the class)."""
        if isinstance(value, str):
            return self._plain(value, lang)
        if isinstance(value, bool):
            return self.typed("true" if value else "false", _BOOLEAN)
        if isinstance(value, int):
            return self.typed(str(value), _INTEGER)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return self.typed(value.isoformat(), _DATE)
        raise TypeError(f"no literal form for {value!r}")


_BOOLEAN, _INTEGER, _DATE, _DECIMAL = (str(t) for t in (XSD.boolean, XSD.integer, XSD.date, XSD.decimal))
_OX_DATATYPES: dict[str, ox.NamedNode] = {}


def _ox_typed(lexical: str, datatype: str) -> ox.Literal:
    node = _OX_DATATYPES.get(datatype)
    if node is None:
        node = _OX_DATATYPES[str(datatype)] = ox.NamedNode(datatype)
    return ox.Literal(lexical, datatype=node)


def _ox_plain(value: str, lang: str | None) -> ox.Literal:
    return ox.Literal(value) if lang is None else ox.Literal(value, language=lang)


def _rdflib_iri(value: str) -> URIRef:
    return value if isinstance(value, URIRef) else URIRef(value)


RDFLIB_TERMS = Terms(
    _rdflib_iri,
    lambda value, lang: Literal(value, lang=lang),
    lambda lexical, datatype: Literal(lexical, datatype=_rdflib_iri(datatype)),
)
OX_TERMS = Terms(ox.NamedNode, _ox_plain, _ox_typed)


class TripleSink(Protocol):
    """Where the writers put triples: anything with ``add((s, p, o))``, such as an rdflib
    ``Graph`` (to read it back) or a :class:`TripleList` (to write it out fast). A sink with a
    ``terms`` attribute (a :class:`Terms`) gets its terms from it; any other, rdflib terms."""

    def add(self, triple: Triple, /) -> object: ...


def terms_of(sink: TripleSink) -> Terms:
    """The term factory of ``sink``: its ``terms``, or rdflib's.

    >>> from rdflib import Graph
    >>> terms_of(Graph()) is RDFLIB_TERMS, terms_of(TripleList(OX_TERMS)) is OX_TERMS
    (True, True)
    """
    terms = getattr(sink, "terms", None)
    return terms if isinstance(terms, Terms) else RDFLIB_TERMS


class TripleList:
    """A sink that only keeps the triples, in the order added (no indexes): an importer
    writing a large register to a file needs nothing else, and skipping rdflib's store makes
    it several times faster; with :data:`OX_TERMS` its triples are Oxigraph terms, ready for
    pyoxigraph's serializer.

    >>> from kg.namespaces import KGR
    >>> sink = TripleList()
    >>> add_claim(sink, KGR["fact/x"], KG.Transfer, label="A → B", status="reported", source=KGR.s)
    >>> len(sink)
    5
    """

    def __init__(self, terms: Terms = RDFLIB_TERMS) -> None:
        self.terms = terms
        self.triples: list[Triple] = []

    def add(self, triple: Triple, /) -> TripleList:
        self.triples.append(triple)
        return self

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)


def decimal_lexical(value: int | float | Decimal) -> str:
    """The ``xsd:decimal`` lexical form of a number, as rdflib writes it.

    >>> decimal_lexical(550000), decimal_lexical(2.5)
    ('550000', '2.5')
    """
    return f"{Decimal(str(value)):f}"


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
    t = terms_of(graph)
    iri, literal, add, subject = t.iri, t.literal, graph.add, t.iri(node)
    add((subject, iri(RDF.type), iri(cls)))
    add((subject, iri(RDFS.label), literal(label, "en")))
    add((subject, iri(SKOS.prefLabel), literal(label, "en")))
    for alias in aliases:
        add((subject, iri(SKOS.altLabel), literal(alias, "en")))
    for metonym in metonyms:
        add((subject, iri(SKOS.hiddenLabel), literal(metonym, "en")))
    if description:
        add((subject, iri(RDFS.comment), literal(description, "en")))
    if wikidata:
        add((subject, iri(SKOS.exactMatch), iri(WD[wikidata])))


def add_date(graph: TripleSink, node: URIRef, date: FuzzyDate, prop: URIRef = KG.date) -> None:
    """A date with its precision and the interval it denotes (``kg:earliestDate``/``kg:latestDate``)."""
    t = terms_of(graph)
    iri, subject = t.iri, t.iri(node)
    graph.add((subject, iri(prop), t.typed(date.text, date.datatype)))
    graph.add((subject, iri(KG.datePrecision), iri(date.precision_concept)))
    graph.add((subject, iri(KG.earliestDate), t.literal(date.earliest)))
    graph.add((subject, iri(KG.latestDate), t.literal(date.latest)))


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
    t = terms_of(graph)
    iri, literal, add, subject = t.iri, t.literal, graph.add, t.iri(node)
    add((subject, iri(RDF.type), iri(KG.SourceDocument)))
    add((subject, iri(RDFS.label), literal(title, "en")))
    add((subject, iri(DCTERMS.title), literal(title, "en")))
    add((subject, iri(DCTERMS.identifier), literal(identifier)))
    add((subject, iri(DCTERMS.publisher), iri(publisher)))
    for author in authors:
        add((subject, iri(DCTERMS.creator), literal(author)))
    if media_type:
        add((subject, iri(DCTERMS.format), literal(media_type)))
    if date is not None:
        add_date(graph, node, date, prop=DCTERMS.issued)
    if date_note:
        add((subject, iri(KG.dateNote), literal(date_note)))
    add((subject, iri(KG.documentKind), literal(kind)))
    add((subject, iri(KG.fileName), literal(file_name)))
    add((subject, iri(KG.sha256), literal(sha256)))
    add((subject, iri(KG.characterCount), literal(characters)))
    add((subject, iri(DCTERMS.language), literal("en")))


def add_claim(
    graph: TripleSink, node: URIRef, cls: URIRef, *, label: str, status: str, source: URIRef
) -> None:
    """The core of every claim: its class, ``kg:Claim``, label, status and source document."""
    t = terms_of(graph)
    iri, subject = t.iri, t.iri(node)
    graph.add((subject, iri(RDF.type), iri(cls)))
    graph.add((subject, iri(RDF.type), iri(KG.Claim)))
    graph.add((subject, iri(RDFS.label), t.literal(label, "en")))
    graph.add((subject, iri(KG.status), iri(status_iri(status))))
    graph.add((subject, iri(PROV.wasDerivedFrom), iri(source)))


# The evidence's vocabulary, looked up once (rdflib's namespace attributes cost microseconds).
_EVIDENCE = (
    KG.evidence, RDF.type, OA.Annotation, OA.motivatedBy, OA.describing, OA.hasBody, OA.hasTarget,
    OA.SpecificResource, OA.hasSource, OA.hasSelector, OA.TextQuoteSelector, OA.exact, OA.prefix,
    OA.suffix, OA.TextPositionSelector, OA.start, OA.end, KG.quote,
)  # fmt: skip
_NON_NEGATIVE = str(XSD.nonNegativeInteger)


def add_evidence(graph: TripleSink, claim: URIRef, document: URIRef, quotes: Sequence[Quote]) -> None:
    """One W3C Web Annotation per quote (TextQuoteSelector and TextPositionSelector), and
    ``kg:quote``, the first quote's exact text, so queries can show it without the walk.

    Selector and target nodes are IRIs below the annotation, not blank nodes, so output is
    deterministic.
    """
    if not quotes:
        raise ValueError(f"{claim}: a claim needs at least one quote")
    t = terms_of(graph)
    iri, literal, typed, add = t.iri, t.literal, t.typed, graph.add
    (
        evidence, a, annotation_class, motivated_by, describing, has_body, has_target, specific,
        has_source, has_selector, quote_class, exact, prefix, suffix, position_class, start, end,
        quote_property,
    ) = (iri(term) for term in _EVIDENCE)  # fmt: skip
    subject, source = iri(claim), iri(document)
    for index, quote in enumerate(quotes, start=1):
        base = f"{claim}/evidence/{index}"
        annotation, target = iri(base), iri(f"{base}/target")
        quote_selector, position = iri(f"{base}/quote"), iri(f"{base}/position")
        add((subject, evidence, annotation))
        add((annotation, a, annotation_class))
        add((annotation, motivated_by, describing))
        add((annotation, has_body, subject))
        add((annotation, has_target, target))
        add((target, a, specific))
        add((target, has_source, source))
        add((target, has_selector, quote_selector))
        add((target, has_selector, position))
        add((quote_selector, a, quote_class))
        add((quote_selector, exact, literal(quote.exact)))
        add((quote_selector, prefix, literal(quote.prefix)))
        add((quote_selector, suffix, literal(quote.suffix)))
        add((position, a, position_class))
        add((position, start, typed(str(quote.start), _NON_NEGATIVE)))
        add((position, end, typed(str(quote.end), _NON_NEGATIVE)))
    add((subject, quote_property, literal(quotes[0].exact)))
