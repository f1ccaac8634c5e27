"""Import a SIPRI trade register: parsed rows (:mod:`kg.importers.sipri_csv`) → RDF, written
through :mod:`kg.build.triples` like every curated claim, → ``imports/<name>.ttl``.

Each good row becomes one ``kg:Transfer`` claim with SIPRI's own fields (numbers ordered
and delivered with their uncertainty, delivery years, TIV figures, the row number), the
year of order as its date, and the row itself as its evidence: exact text, offsets and
32 characters of context in the decoded file. Routes through a third state appear only
in Comments ("for 54 Krab self-propelled guns from Poland"), so ``via``/``for``/``from``
are read there.

>>> source_id("trade-register"), source_id("sipri-2024")
('sipri-trade-register', 'sipri-2024')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, URIRef

from kg.build.imports import import_files
from kg.build.triples import (
    OX_TERMS,
    Quote,
    TripleList,
    TripleSink,
    add_claim,
    add_date,
    add_document,
    add_evidence,
    decimal_lexical,
    terms_of,
)
from kg.dates import parse_date
from kg.errors import ImportFileError
from kg.importers import RowProblem, check_import_name, check_not_imported, import_name, save_import
from kg.importers.reconcile import EntityReconciler, NewEntity
from kg.importers.sipri_csv import SipriRegister, SipriRow, read_sipri
from kg.namespaces import DCTERMS, KG, RDFS, XSD, document_iri, fact_iri
from kg.paths import ProjectPaths, project_paths
from kg.texts import CONTEXT_CHARS

__all__ = ["SIPRI_ID", "ImportReport", "import_sipri", "sipri_graph", "source_id"]

SIPRI_ID = "SIPRI"
_NAME = r"([A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3})"
_VIA = re.compile(rf"\b(?:via|from) {_NAME}")
_FOR_AGENT = re.compile(rf"\bfor {_NAME}")
_FOR_SYSTEM = re.compile(r"\bfor (?:\d+ )?([\w'/ -]+?)(?= from | via |[;,.()]|$)")
Sink = TypeVar("Sink", bound=TripleSink)


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows mapped, rows skipped (with line numbers), entities created."""

    name: str
    ttl: Path
    csv: Path
    transfers: int
    problems: tuple[RowProblem, ...]
    created: tuple[NewEntity, ...]
    replaced: bool


def import_sipri(
    csv_path: Path | str,
    paths: ProjectPaths | None = None,
    *,
    name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a SIPRI trade-register CSV export into ``imports/<name>.ttl`` (+ ``.csv``).

    Rows that cannot be read are skipped and listed in the report with their
    line numbers; the rest are imported. Nothing is written unless at least one row is.

    >>> import shutil, tempfile
    >>> from kg.importers.sipri_csv import COLUMNS
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = shutil.copytree(project_paths().seeds, root / "seeds")  # a scratch project
    >>> export = root / "register.csv"
    >>> row = "Poland,South Korea,2022,,212,,K9 Thunder,self-propelled gun,96,,2022,New,,,,"
    >>> _ = export.write_text("Generated: 2025-03-11\\n" + ",".join(COLUMNS) + "\\nx,y\\n" + row + "\\n")
    >>> report = import_sipri(export, project_paths(root))
    >>> report.name, report.transfers, [(p.line, p.reason) for p in report.problems]
    ('register', 1, [(3, '2 columns, expected 16')])

    :raises ImportFileError: when ``name`` breaks the name rule or would share its source IRI
        with another import, the file cannot be read, holds no row that can be imported, or is
        already imported under another name.
    """
    paths = paths or project_paths()
    csv_path = Path(csv_path)
    name = check_import_name(name) if name is not None else import_name(csv_path.name)
    _check_source_id_free(name, paths)
    register = read_sipri(csv_path, progress=progress)
    if not register.rows:
        raise ImportFileError(f"{csv_path}: no row to import; nothing written{_first_problems(register)}")
    check_not_imported(name, register.data, paths)
    if register.generated is None:
        # No "Information generated" line: date the export by the file itself.
        register.generated = dt.date.fromtimestamp(csv_path.stat().st_mtime)
    reconciler = EntityReconciler.from_seeds(paths)
    publisher = reconciler.add_publisher(
        SIPRI_ID, "ResearchInstitute", "Stockholm International Peace Research Institute", "SIPRI"
    )
    triples = sipri_graph(register, name, reconciler, publisher, into=TripleList(OX_TERMS))
    reconciler.write_created(triples)
    ttl, csv_copy, replaced = save_import(
        name, triples, register.data, paths, source_file=register.file_name, transfers=len(register.rows)
    )
    return ImportReport(
        name=name,
        ttl=ttl,
        csv=csv_copy,
        transfers=len(register.rows),
        problems=tuple(register.problems),
        created=reconciler.created,
        replaced=replaced,
    )


def _first_problems(register: SipriRegister, shown: int = 5) -> str:
    """The first skipped rows, for an error message (the report is not printed then)."""
    if not register.problems:
        return " (the file has a header row but no rows)"
    lines = [f"{register.file_name}:{p.line}: {p.reason}" for p in register.problems[:shown]]
    more = len(register.problems) - shown
    if more > 0:
        lines.append(f"... and {more} more")
    return f": all {len(register.problems)} rows were skipped:\n" + "\n".join(lines)


def _check_source_id_free(name: str, paths: ProjectPaths) -> None:
    """Two names with one source id (``x`` and ``sipri-x``) would merge two imports' IRIs."""
    for other, _ttl in import_files(paths):
        if other != name and source_id(other) == source_id(name):
            raise ImportFileError(
                f"import name {name!r} would share kgd:{source_id(name)} with the import "
                f"{other!r}; choose another --name, or remove {other!r} first"
            )


def source_id(name: str) -> str:
    """Id of the source document of import ``name`` (``kgd:<id>``); facts are ``<id>-<line>``.

    Not one-to-one (``x`` and ``sipri-x`` give ``sipri-x``): :func:`import_sipri` refuses a
    name whose id another import already has.

    >>> source_id("sipri")
    'sipri'
    """
    return name if name == "sipri" or name.startswith("sipri-") else f"sipri-{name}"


def sipri_graph(
    register: SipriRegister,
    name: str,
    reconciler: EntityReconciler,
    publisher: URIRef,
    into: Sink | None = None,
) -> Graph | Sink:
    """The RDF of an import: its source document and one kg:Transfer claim per good row, in
    a new rdflib ``Graph``, or added to ``into`` (a :class:`~kg.build.triples.TripleList` of
    Oxigraph terms when it is only to be written out: several times faster on a whole register).

    >>> from kg.importers.sipri_csv import parse_sipri, COLUMNS
    >>> data = ",".join(COLUMNS) + "\\nPoland,Korea South,2022,,212,,K9 Thunder,SPG,96,,2022,New,,,,\\n"
    >>> register = parse_sipri(data.encode(), "r.csv")
    >>> graph = sipri_graph(register, "r", EntityReconciler.from_seeds(), URIRef("x:sipri"))
    >>> str(graph.value(fact_iri("sipri-r-2"), KG.date)), str(graph.value(fact_iri("sipri-r-2"), KG.status))
    ('2022', 'https://w3id.org/rnku-kg/ontology#reported')
    """
    graph: Graph | Sink = Graph() if into is None else into
    document = document_iri(source_id(name))
    _add_register(graph, register, name, document, publisher)
    for row in register.rows:
        _add_row(graph, register.text, row, name, document, reconciler)
    return graph


def _add_register(
    graph: TripleSink, register: SipriRegister, name: str, document: URIRef, publisher: URIRef
) -> None:
    add_document(
        graph,
        document,
        identifier=source_id(name),
        title=f"SIPRI trade register: {register.title}",
        publisher=publisher,
        date=parse_date(register.generated) if register.generated is not None else None,
        kind="dataset-export",
        file_name=f"imports/{name}.csv",
        sha256=register.sha256,
        characters=len(register.text),
        media_type=f"text/csv; charset={register.encoding}",
    )
    terms = terms_of(graph)
    graph.add((terms.iri(document), terms.iri(DCTERMS.source), terms.literal(register.file_name)))


def _route(
    row: SipriRow, reconciler: EntityReconciler, supplier: URIRef, recipient: URIRef
) -> dict[str, URIRef]:
    """Third states and systems named in Comments: via/from X, for X, for <system>."""
    found: dict[str, URIRef] = {}
    ends = {supplier, recipient}
    for match in _VIA.finditer(row.comments):
        node = _find_prefix(match.group(1), reconciler.find_agent)
        if node is not None and node not in ends:
            found.setdefault("via", node)
    for match in _FOR_AGENT.finditer(row.comments):
        node = _find_prefix(match.group(1), reconciler.find_agent)
        if node is not None and node not in ends:
            found.setdefault("end_user", node)
    for match in _FOR_SYSTEM.finditer(row.comments):
        node = _find_prefix(match.group(1), reconciler.find_item)
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


_ROW = (
    KG.rowNumber, KG.supplier, KG.recipient, KG.item, KG.transferKind, KG.component, KG.direct,
    KG.integratedInto, KG.via, KG.endUser, KG.numberOrdered, KG.numberOrderedUncertain,
    KG.quantity, KG.quantityQualifier, KG.numberDelivered, KG.numberDeliveredUncertain,
    KG.yearOfOrder, KG.yearOfOrderUncertain, KG.deliveryYear, KG.itemCondition, RDFS.comment,
    KG.tivPerUnit, KG.tivTotalOrder, KG.tivDelivered,
)  # fmt: skip
_POSITIVE, _YEAR, _DECIMAL = (str(t) for t in (XSD.positiveInteger, XSD.gYear, XSD.decimal))


def _add_row(
    graph: TripleSink, text: str, row: SipriRow, name: str, document: URIRef, reconciler: EntityReconciler
) -> None:
    t = terms_of(graph)
    iri, literal, typed = t.iri, t.literal, t.typed
    (
        row_number, has_supplier, has_recipient, has_item, transfer_kind, component, direct,
        integrated_into, via, end_user, number_ordered, number_ordered_uncertain, quantity,
        quantity_qualifier, number_delivered, number_delivered_uncertain, year_of_order,
        year_of_order_uncertain, delivery_year, item_condition, comment, *tiv,
    ) = (iri(term) for term in _ROW)  # fmt: skip
    claim = fact_iri(f"{source_id(name)}-{row.line}")
    supplier, recipient = reconciler.agent(row.supplier), reconciler.agent(row.recipient)
    item = reconciler.item(row.designation, row.description)
    route = _route(row, reconciler, supplier, recipient)
    label = f"{reconciler.label(supplier)} → {reconciler.label(recipient)}: {row.designation}"
    # SIPRI records deals: delivered ones as fact, the rest as orders not yet delivered.
    status = "reported" if row.delivered else "planned"
    add_claim(graph, claim, KG.Transfer, label=label, status=status, source=document)
    add, node = graph.add, iri(claim)
    add((node, row_number, typed(str(row.line), _POSITIVE)))
    add((node, has_supplier, iri(supplier)))
    add((node, has_recipient, iri(recipient)))
    add((node, has_item, iri(item)))
    add((node, transfer_kind, component if "integrated_into" in route else direct))
    if "integrated_into" in route:
        add((node, integrated_into, iri(route["integrated_into"])))
    if "via" in route:
        add((node, via, iri(route["via"])))
    if "end_user" in route:
        add((node, end_user, iri(route["end_user"])))
    if row.number_ordered is not None:
        add((node, number_ordered, literal(row.number_ordered)))
        add((node, number_ordered_uncertain, literal(row.number_ordered_uncertain)))
        add((node, quantity, typed(decimal_lexical(row.number_ordered), _DECIMAL)))
        if row.number_ordered_uncertain:
            add((node, quantity_qualifier, literal("approximately")))
    if row.number_delivered is not None:
        add((node, number_delivered, literal(row.number_delivered)))
        add((node, number_delivered_uncertain, literal(row.number_delivered_uncertain)))
    if row.year_of_order is not None:
        add((node, year_of_order, typed(f"{row.year_of_order:04d}", _YEAR)))
        add((node, year_of_order_uncertain, literal(row.year_of_order_uncertain)))
        add_date(graph, claim, parse_date(row.year_of_order))
    for year in row.delivery_years:
        add((node, delivery_year, typed(f"{year:04d}", _YEAR)))
    if row.status:
        add((node, item_condition, literal(row.status)))
    if row.comments:
        add((node, comment, literal(row.comments)))
    for prop, value in zip(tiv, (row.tiv_per_unit, row.tiv_total_order, row.tiv_delivered), strict=True):
        if value is not None:
            add((node, prop, typed(decimal_lexical(value), _DECIMAL)))
    # The row is the quote: its exact text, offsets and context in the decoded file.
    prefix = text[max(0, row.start - CONTEXT_CHARS) : row.start]
    suffix = text[row.end : row.end + CONTEXT_CHARS]
    add_evidence(graph, claim, document, [Quote(row.raw, row.start, row.end, prefix, suffix)])
