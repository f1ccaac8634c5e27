"""Read a SIPRI Arms Transfers Database trade-register CSV export and map it to RDF.

The export is Latin-1 text: a few metadata lines, a header row starting with
``Recipient``, then one deal per row in 16 columns. Three unnamed columns hold
``?`` when the year of order, number ordered or number delivered is uncertain;
delivery years look like ``2022; 2023``; TIV figures are in millions; ``*``
marks non-state actors and ``**`` multinational bodies (``NATO**``). Routes
through a third state appear only in Comments ("for 54 Krab self-propelled
guns from Poland"), so ``via``/``for``/``from`` are read there.

A malformed row (wrong column count, bad year or number, bytes in an unknown
encoding) is reported with its line number and skipped; the other rows are kept.

>>> data = b"Title\\nRecipient,Supplier,Year of order,,Number ordered,,Weapon designation,"
>>> data += b"Weapon description,Number delivered,,Year(s) of delivery,status,Comments,"
>>> data += b"SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\\n"
>>> data += b"Poland,South Korea,2022,,212,,K9 Thunder,self-propelled gun,96,?,2022; 2023,New,,4.1,869,394\\n"
>>> register = parse_sipri(data, "trade-register.csv")
>>> row = register.rows[0]
>>> (row.line, row.recipient, row.supplier, row.delivery_years, row.number_delivered_uncertain)
(3, 'Poland', 'South Korea', (2022, 2023), True)
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.errors import ImportFileError
from kg.namespaces import DCTERMS, KG, OA, PROV, RDF, RDFS, XSD, document_iri, fact_iri

__all__ = [
    "COLUMNS",
    "RowProblem",
    "SipriRegister",
    "SipriRow",
    "parse_sipri",
    "read_sipri",
    "sipri_graph",
    "source_id",
]

COLUMNS = (
    "Recipient",
    "Supplier",
    "Year of order",
    "",
    "Number ordered",
    "",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
)
# Years SIPRI's register covers (it starts in 1950); anything else is a typo.
FIRST_YEAR, LAST_YEAR = 1950, 2100
# C1 control characters never occur in Latin-1 text; in a decoded line they mean
# the bytes were written in another encoding (Windows-1252 quotes, UTF-8, ...).
_FOREIGN_BYTES = re.compile("[\x00\x80-\x9f\ufffd]")
_GENERATED = re.compile(r"(?:generated|date)\s*:?\s*(\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2})", re.IGNORECASE)
_NAME = r"([A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3})"
_VIA = re.compile(rf"\b(?:via|from) {_NAME}")
_FOR_AGENT = re.compile(rf"\bfor {_NAME}")
_FOR_SYSTEM = re.compile(r"\bfor (?:\d+ )?([\w'/ -]+?)(?= from | via |[;,.()]|$)")


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class SipriRow:
    """One deal of the trade register, as typed values, with where it is in the file."""

    line: int
    start: int
    end: int
    raw: str
    recipient: str
    supplier: str
    year_of_order: int | None
    year_of_order_uncertain: bool
    number_ordered: int | None
    number_ordered_uncertain: bool
    designation: str
    description: str
    number_delivered: int | None
    number_delivered_uncertain: bool
    delivery_years: tuple[int, ...]
    status: str
    comments: str
    tiv_per_unit: Decimal | None
    tiv_total_order: Decimal | None
    tiv_delivered: Decimal | None

    @property
    def delivered(self) -> bool:
        """Whether any item of the deal has been delivered."""
        return bool(self.delivery_years) or bool(self.number_delivered)


@dataclass
class SipriRegister:
    """A parsed export: its decoded text, metadata, good rows and skipped rows."""

    file_name: str
    data: bytes
    text: str
    encoding: str
    title: str
    generated: dt.date | None
    rows: list[SipriRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


# ------------------------------------------------------------------ parsing


def _decode(data: bytes, file_name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 10:
        raise ImportFileError(
            f"{file_name}: the file is UTF-16, not a Latin-1 SIPRI export; export it again as CSV"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    # SIPRI writes Latin-1; a file that is valid UTF-8 with non-ASCII text was re-saved.
    if any(byte > 0x7F for byte in data):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1"


def _year(text: str, what: str) -> int:
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ValueError(f"{what} {text!r} is not a year between {FIRST_YEAR} and {LAST_YEAR}")
    return int(text)


def _count(text: str, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{what} {text!r} is not a whole number")
    return int(text)


def _marker(text: str, what: str) -> bool:
    text = text.strip()
    if text not in ("", "?"):
        raise ValueError(f"uncertainty marker for {what} is {text!r}; expected '?' or nothing")
    return text == "?"


def _tiv(text: str, what: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{what} {text!r} is not a number") from None
    if value < 0 or not value.is_finite():
        raise ValueError(f"{what} {text!r} is not a non-negative number")
    return value


def _row(cells: list[str], line: int, start: int, end: int, raw: str) -> SipriRow:
    if len(cells) != len(COLUMNS):
        raise ValueError(f"{len(cells)} columns, expected {len(COLUMNS)}")
    cells = [cell.strip() for cell in cells]
    if not cells[0] or not cells[1]:
        raise ValueError("recipient and supplier must not be empty")
    if not cells[6]:
        raise ValueError("weapon designation must not be empty")
    deliveries = tuple(_year(part, "year of delivery") for part in cells[10].split(";") if part.strip())
    return SipriRow(
        line=line,
        start=start,
        end=end,
        raw=raw,
        recipient=cells[0],
        supplier=cells[1],
        year_of_order=_year(cells[2], "year of order") if cells[2] else None,
        year_of_order_uncertain=_marker(cells[3], "year of order"),
        number_ordered=_count(cells[4], "number ordered"),
        number_ordered_uncertain=_marker(cells[5], "number ordered"),
        designation=cells[6],
        description=cells[7],
        number_delivered=_count(cells[8], "number delivered"),
        number_delivered_uncertain=_marker(cells[9], "number delivered"),
        delivery_years=deliveries,
        status=cells[11],
        comments=cells[12],
        tiv_per_unit=_tiv(cells[13], "TIV per unit"),
        tiv_total_order=_tiv(cells[14], "TIV for total order"),
        tiv_delivered=_tiv(cells[15], "TIV of delivered weapons"),
    )


def _generated(lines: list[str]) -> dt.date | None:
    for line in lines:
        match = _GENERATED.search(line)
        if not match:
            continue
        for pattern in ("%d %B %Y", "%Y-%m-%d", "%d %b %Y"):
            try:
                return dt.datetime.strptime(match.group(1), pattern).date()
            except ValueError:
                continue
    return None


def parse_sipri(
    data: bytes, file_name: str, *, progress: Callable[[int, int], None] | None = None
) -> SipriRegister:
    """Parse the bytes of a trade-register export; malformed rows go to ``problems``.

    ``progress(done, total)`` is called every few hundred rows (for progress bars).
    Raises :class:`ImportFileError` when there is no header row or the file is UTF-16.
    """
    text, encoding = _decode(data, file_name)
    lines = text.splitlines(keepends=True)
    header_index = next(
        (i for i, line in enumerate(lines) if line.lstrip('"').startswith("Recipient,")),
        None,
    )
    if header_index is None:
        raise ImportFileError(
            f"{file_name}: no header row starting 'Recipient,Supplier,...'; "
            "is this a SIPRI trade-register CSV export?"
        )
    metadata = [line.strip().strip('",') for line in lines[:header_index] if line.strip(' ",\r\n')]
    register = SipriRegister(
        file_name=file_name,
        data=data,
        text=text,
        encoding=encoding,
        title=metadata[0] if metadata else file_name,
        generated=_generated(metadata),
    )
    offset = sum(len(line) for line in lines[: header_index + 1])
    index, total = header_index + 1, len(lines)
    while index < total:
        first, start = index, offset
        record = lines[index]
        index += 1
        # A quoted field may hold a line break: join lines until the quotes balance.
        while record.count('"') % 2 and index < total:
            record += lines[index]
            index += 1
        offset += len(record)
        raw = record.rstrip("\r\n")
        if progress and first % 500 == 0:
            progress(index, total)
        if not raw.strip(" ,"):
            continue
        line = first + 1
        foreign = _FOREIGN_BYTES.search(raw)
        if foreign:
            register.problems.append(
                RowProblem(
                    line,
                    f"character {ord(foreign.group()):#04x} at column {foreign.start() + 1} is not "
                    f"{encoding} text (unknown encoding); re-export the file from SIPRI",
                )
            )
            continue
        cells = next(csv.reader([raw]))
        try:
            register.rows.append(_row(cells, line, start, start + len(raw), raw))
        except ValueError as error:
            register.problems.append(RowProblem(line, str(error)))
    if progress:
        progress(total, total)
    return register


def read_sipri(path: Path | str, **options: Callable[[int, int], None] | None) -> SipriRegister:
    """Read and parse an export file (see :func:`parse_sipri`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read: {error.strerror}") from None
    return parse_sipri(data, path.name, **options)


# ------------------------------------------------------------------ mapping


class Resolver:
    """What the mapping needs from entity reconciliation (see :class:`kg.imports.EntityIndex`)."""

    def agent(self, name: str) -> URIRef:  # pragma: no cover - interface
        raise NotImplementedError

    def item(self, designation: str, description: str) -> URIRef:  # pragma: no cover - interface
        raise NotImplementedError

    def find_agent(self, name: str) -> URIRef | None:  # pragma: no cover - interface
        raise NotImplementedError

    def find_item(self, name: str) -> URIRef | None:  # pragma: no cover - interface
        raise NotImplementedError

    def label(self, node: URIRef) -> str:  # pragma: no cover - interface
        raise NotImplementedError


def _decimal(value: Decimal) -> Literal:
    return Literal(value, datatype=XSD.decimal)


def _year_literal(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def _route(row: SipriRow, resolver: Resolver, supplier: URIRef, recipient: URIRef) -> dict[str, URIRef]:
    """Third states and systems named in Comments: via/from X, for X, for <system>."""
    found: dict[str, URIRef] = {}
    ends = {supplier, recipient}
    for match in _VIA.finditer(row.comments):
        node = _find_prefix(match.group(1), resolver.find_agent)
        if node is not None and node not in ends:
            found.setdefault("via", node)
    for match in _FOR_AGENT.finditer(row.comments):
        node = _find_prefix(match.group(1), resolver.find_agent)
        if node is not None and node not in ends:
            found.setdefault("end_user", node)
    for match in _FOR_SYSTEM.finditer(row.comments):
        node = _find_prefix(match.group(1), resolver.find_item)
        if node is not None:
            found.setdefault("integrated_into", node)
    return found


def _find_prefix(phrase: str, find: Callable[[str], URIRef | None]) -> URIRef | None:
    """The longest leading run of words in ``phrase`` that names a known entity."""
    words = phrase.split()
    for size in range(len(words), 0, -1):
        node = find(" ".join(words[:size]))
        if node is not None:
            return node
    return None


def source_id(name: str) -> str:
    """Id of the source document of import ``name`` (``kgr:source/<id>``); facts are ``<id>-<line>``.

    >>> source_id("trade-register"), source_id("sipri-2024")
    ('sipri-trade-register', 'sipri-2024')
    """
    return name if name == "sipri" or name.startswith("sipri-") else f"sipri-{name}"


def sipri_graph(register: SipriRegister, name: str, resolver: Resolver, publisher: URIRef) -> Graph:
    """The RDF of an import: its source document and one kg:Transfer claim per good row.

    Each claim's evidence is the raw row: an oa:TextQuoteSelector whose exact
    text is the row and an oa:TextPositionSelector with its character offsets in
    the decoded file, so every fact keeps a checkable quote.
    """
    graph = Graph()
    document = document_iri(source_id(name))
    _add_document(graph, register, name, document, publisher)
    for row in register.rows:
        _add_row(graph, row, name, document, resolver)
    return graph


def _add_document(
    graph: Graph, register: SipriRegister, name: str, document: URIRef, publisher: URIRef
) -> None:
    issued = register.generated
    title = f"SIPRI trade register: {register.title}"
    graph.add((document, RDF.type, KG.SourceDocument))
    graph.add((document, RDFS.label, Literal(title, lang="en")))
    graph.add((document, DCTERMS.title, Literal(title, lang="en")))
    graph.add((document, DCTERMS.identifier, Literal(source_id(name))))
    graph.add((document, DCTERMS.publisher, publisher))
    graph.add((document, DCTERMS.format, Literal(f"text/csv; charset={register.encoding}")))
    graph.add((document, DCTERMS.source, Literal(register.file_name)))
    if issued is not None:
        graph.add((document, DCTERMS.issued, Literal(issued)))
        graph.add((document, KG.datePrecision, KG.day))
        graph.add((document, KG.earliestDate, Literal(issued)))
        graph.add((document, KG.latestDate, Literal(issued)))
    graph.add((document, KG.documentKind, Literal("dataset-export")))
    graph.add((document, KG.fileName, Literal(f"imports/{name}.csv")))
    graph.add((document, KG.sha256, Literal(register.sha256)))
    graph.add((document, KG.characterCount, Literal(len(register.text))))
    graph.add((document, DCTERMS.language, Literal("en")))


def _add_row(graph: Graph, row: SipriRow, name: str, document: URIRef, resolver: Resolver) -> None:
    node = fact_iri(f"{source_id(name)}-{row.line}")
    supplier, recipient = resolver.agent(row.supplier), resolver.agent(row.recipient)
    item = resolver.item(row.designation, row.description)
    route = _route(row, resolver, supplier, recipient)
    label = f"{resolver.label(supplier)} → {resolver.label(recipient)}: {row.designation}"
    add = graph.add
    add((node, RDF.type, KG.Transfer))
    add((node, RDF.type, KG.Claim))
    add((node, RDFS.label, Literal(label, lang="en")))
    # SIPRI records deals: delivered ones as fact, the rest as orders not yet delivered.
    add((node, KG.status, KG.reported if row.delivered else KG.planned))
    add((node, PROV.wasDerivedFrom, document))
    add((node, KG.rowNumber, Literal(row.line, datatype=XSD.positiveInteger)))
    add((node, KG.supplier, supplier))
    add((node, KG.recipient, recipient))
    add((node, KG.item, item))
    kind = KG.component if "integrated_into" in route else KG.direct
    add((node, KG.transferKind, kind))
    if "integrated_into" in route:
        add((node, KG.integratedInto, route["integrated_into"]))
    if "via" in route:
        add((node, KG.via, route["via"]))
    if "end_user" in route:
        add((node, KG.endUser, route["end_user"]))
    if row.number_ordered is not None:
        add((node, KG.numberOrdered, Literal(row.number_ordered)))
        add((node, KG.numberOrderedUncertain, Literal(row.number_ordered_uncertain)))
        add((node, KG.quantity, _decimal(Decimal(row.number_ordered))))
        if row.number_ordered_uncertain:
            add((node, KG.quantityQualifier, Literal("approximately")))
    if row.number_delivered is not None:
        add((node, KG.numberDelivered, Literal(row.number_delivered)))
        add((node, KG.numberDeliveredUncertain, Literal(row.number_delivered_uncertain)))
    if row.year_of_order is not None:
        year = row.year_of_order
        add((node, KG.yearOfOrder, _year_literal(year)))
        add((node, KG.yearOfOrderUncertain, Literal(row.year_of_order_uncertain)))
        add((node, KG.date, _year_literal(year)))
        add((node, KG.datePrecision, KG.year))
        add((node, KG.earliestDate, Literal(dt.date(year, 1, 1))))
        add((node, KG.latestDate, Literal(dt.date(year, 12, 31))))
    for year in row.delivery_years:
        add((node, KG.deliveryYear, _year_literal(year)))
    if row.status:
        add((node, KG.itemCondition, Literal(row.status)))
    if row.comments:
        add((node, RDFS.comment, Literal(row.comments)))
    for prop, value in (
        (KG.tivPerUnit, row.tiv_per_unit),
        (KG.tivTotalOrder, row.tiv_total_order),
        (KG.tivDelivered, row.tiv_delivered),
    ):
        if value is not None:
            add((node, prop, _decimal(value)))
    _add_row_evidence(graph, node, row, document)


def _add_row_evidence(graph: Graph, node: URIRef, row: SipriRow, document: URIRef) -> None:
    annotation = URIRef(f"{node}/evidence/1")
    target = URIRef(f"{annotation}/target")
    quote, position = URIRef(f"{annotation}/quote"), URIRef(f"{annotation}/position")
    add = graph.add
    add((node, KG.evidence, annotation))
    add((annotation, RDF.type, OA.Annotation))
    add((annotation, OA.motivatedBy, OA.describing))
    add((annotation, OA.hasBody, node))
    add((annotation, OA.hasTarget, target))
    add((target, RDF.type, OA.SpecificResource))
    add((target, OA.hasSource, document))
    add((target, OA.hasSelector, quote))
    add((target, OA.hasSelector, position))
    add((quote, RDF.type, OA.TextQuoteSelector))
    add((quote, OA.exact, Literal(row.raw)))
    add((node, KG.quote, Literal(row.raw)))
    add((position, RDF.type, OA.TextPositionSelector))
    add((position, OA.start, Literal(row.start, datatype=XSD.nonNegativeInteger)))
    add((position, OA.end, Literal(row.end, datatype=XSD.nonNegativeInteger)))
