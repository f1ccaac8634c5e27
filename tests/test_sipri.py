"""Importing a SIPRI trade-register CSV export: parsing, mapping to the ontology,
entity reconciliation, skipped rows, and imports kept under imports/.

The fixtures are synthetic rows in SIPRI's export layout (their first line says so)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.build import build, ensure_built
from kg.build.triples import add_date
from kg.cli import cli
from kg.dates import parse_date
from kg.errors import ImportFileError
from kg.importers import list_imports, remove_import
from kg.importers.reconcile import EntityReconciler
from kg.importers.sipri import ImportReport, import_sipri, sipri_graph
from kg.importers.sipri_csv import parse_sipri, read_sipri
from kg.namespaces import DCTERMS, GRAPH, KG, KGR, OA
from kg.paths import ProjectPaths, project_paths
from kg.queries import run_query
from kg.store import open_store, select
from kg.texts import CONTEXT_CHARS

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REGISTER = FIXTURES / "sipri_trade_register.csv"
MALFORMED = FIXTURES / "sipri_malformed.csv"
NAME = "sipri-trade-register"
HEADER = (
    "Recipient,Supplier,Year of order,,Number ordered,,Weapon designation,Weapon description,"
    "Number delivered,,Year(s) of delivery,status,Comments,SIPRI TIV per unit,"
    "SIPRI TIV for total order,SIPRI TIV of delivered weapons"
)


def _copy_project(root: Path) -> ProjectPaths:
    for name in ("ontology", "seeds"):
        shutil.copytree(REPO / name, root / name)
    return project_paths(root)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProjectPaths, ImportReport]:
    """A scratch project with the synthetic register imported and built."""
    paths = _copy_project(tmp_path_factory.mktemp("sipri"))
    report = import_sipri(REGISTER, paths)
    build(paths)
    return paths, report


def _kgr(name: str) -> str:
    return str(KGR[name])


def _iris(**values: str) -> dict[str, ox.NamedNode]:
    return {name: ox.NamedNode(str(value)) for name, value in values.items()}


def _transfer(paths: ProjectPaths, line: int) -> dict[str, object]:
    query = """
    SELECT ?t ?g ?p ?o WHERE { GRAPH ?g { ?t ?p ?o } }
    """
    rows = select(open_store(paths), query, _iris(t=KGR[f"fact/{NAME}-{line}"], g=GRAPH.imported(NAME)))
    values: dict[str, object] = {}
    for row in rows:
        key = row["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        values.setdefault(key, set()).add(row["o"])  # type: ignore[union-attr]
    return {k: next(iter(v)) if len(v) == 1 else v for k, v in values.items()}  # type: ignore[arg-type]


# ------------------------------------------------------------------ parsing


def test_metadata_lines_before_the_header_are_skipped() -> None:
    register = read_sipri(REGISTER)
    assert len(register.rows) == 28 and not register.problems
    assert register.rows[0].line == 13
    assert register.rows[0].designation == "K2 Black Panther"


def test_export_date_is_read_from_the_metadata() -> None:
    assert read_sipri(REGISTER).generated == dt.date(2025, 3, 11)


def test_fixture_says_it_is_synthetic() -> None:
    assert read_sipri(REGISTER).title.startswith("SYNTHETIC TEST DATA - NOT REAL SIPRI DATA")


def test_latin1_names_are_decoded() -> None:
    register = read_sipri(REGISTER)
    assert register.encoding == "latin-1"
    assert "Türkiye" in {row.recipient for row in register.rows}


def test_question_marks_make_year_and_numbers_uncertain() -> None:
    row = next(r for r in read_sipri(REGISTER).rows if r.designation == "Hwasong-11")
    assert (row.year_of_order, row.year_of_order_uncertain) == (2023, True)
    assert (row.number_ordered, row.number_ordered_uncertain) == (100, True)
    assert (row.number_delivered, row.number_delivered_uncertain) == (50, True)


def test_a_certain_row_has_no_uncertainty() -> None:
    row = read_sipri(REGISTER).rows[0]
    assert not (row.year_of_order_uncertain or row.number_ordered_uncertain or row.number_delivered_uncertain)


def test_delivery_years_are_split_on_semicolons() -> None:
    row = next(r for r in read_sipri(REGISTER).rows if r.designation == "K9 Thunder chassis")
    assert row.delivery_years == tuple(range(2015, 2023))


def test_tiv_figures_are_exact_decimals_in_millions() -> None:
    row = next(
        r for r in read_sipri(REGISTER).rows if r.designation == "K9 Thunder" and r.recipient == "Poland"
    )
    assert (row.tiv_per_unit, row.tiv_total_order, row.tiv_delivered) == (
        Decimal("4.1"),
        Decimal("869.2"),
        Decimal("393.6"),
    )


def test_quoted_comma_in_a_name_stays_in_its_column() -> None:
    row = next(r for r in read_sipri(REGISTER).rows if r.designation == "F-35A")
    assert (row.recipient, row.supplier) == ("Korea, South", "United States")


def test_row_offsets_point_at_the_row_in_the_decoded_text() -> None:
    register = read_sipri(REGISTER)
    for row in register.rows:
        assert register.text[row.start : row.end] == row.raw


def test_malformed_rows_are_reported_with_line_numbers_and_the_rest_kept() -> None:
    register = read_sipri(MALFORMED)
    assert [p.line for p in register.problems] == [14, 15, 17, 18]
    assert [row.line for row in register.rows] == [13, 16, 19]


def test_wrong_column_count_is_reported() -> None:
    assert str(read_sipri(MALFORMED).problems[0]) == "line 14: 11 columns, expected 16"


def test_bad_year_is_reported() -> None:
    assert "year of order '20x2' is not a year" in str(read_sipri(MALFORMED).problems[1])


def test_bytes_in_an_unknown_encoding_are_reported() -> None:
    problem = str(read_sipri(MALFORMED).problems[2])
    assert problem.startswith("line 17: character 0x93") and "unknown encoding" in problem


def test_bad_number_is_reported() -> None:
    assert "number delivered '1x0' is not a whole number" in str(read_sipri(MALFORMED).problems[3])


def test_utf16_file_is_refused() -> None:
    data = ("\ufeff" + HEADER + "\n").encode("utf-16-le")
    with pytest.raises(ImportFileError, match="UTF-16"):
        parse_sipri(data, "x.csv")


def test_file_without_header_row_is_refused() -> None:
    with pytest.raises(ImportFileError, match="no header row"):
        parse_sipri(b"just,some,csv\n1,2,3\n", "x.csv")


# ------------------------------------------------------------------ reconciliation


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("South Korea", "ROK"),
        ("Korea, South", "ROK"),
        ("United States", "USA"),
        ("North Korea", "DPRK"),
        ("Korea, North", "DPRK"),
        ("Russia", "Russia"),
        ("Ukraine", "Ukraine"),
        ("Poland", "Poland"),
        ("Romania", "Romania"),
        ("NATO**", "NATO"),
    ],
)
def test_names_reconcile_to_known_entities(name: str, entity: str) -> None:
    assert EntityReconciler.from_seeds().agent(name) == KGR[entity]


def test_unknown_names_become_entities_of_the_marked_kind() -> None:
    index = EntityReconciler.from_seeds()
    index.agent("Germany")
    index.agent("Ukraine Rebels*")
    index.agent("African Union**")
    kinds = {entity.label: entity.type for entity in index.created}
    assert kinds == {
        "Germany": "State",
        "Ukraine Rebels": "Organisation",
        "African Union": "InternationalOrganisation",
    }


def test_import_reports_the_entities_it_created(imported: tuple[ProjectPaths, ImportReport]) -> None:
    created = {entity.id: entity.type for entity in imported[1].created}
    assert created["Germany"] == "State"
    assert created["Turkiye"] == "State"
    assert created["UkraineRebels"] == "Organisation"
    assert "ROK" not in created and "NATO" not in created


# ------------------------------------------------------------------ mapping


def test_transfer_is_mapped_field_by_field(imported: tuple[ProjectPaths, ImportReport]) -> None:
    # Line 18: Ukraine,South Korea,2022,?,54,,K9 chassis,...,"for 54 Krab self-propelled guns from Poland"
    fields = _transfer(imported[0], 18)
    kg = "https://w3id.org/rnku-kg/ontology#"
    assert fields["type"] == {kg + "Transfer", kg + "Claim"}
    assert fields["supplier"] == _kgr("ROK")
    assert fields["recipient"] == _kgr("Ukraine")
    assert fields["item"] == _kgr("K9Chassis")
    assert fields["status"] == kg + "reported"
    assert fields["yearOfOrder"] == "2022" and fields["yearOfOrderUncertain"] == "true"
    assert fields["numberOrdered"] == 54 and fields["numberOrderedUncertain"] == "false"
    assert fields["numberDelivered"] == 54 and fields["numberDeliveredUncertain"] == "false"
    assert fields["deliveryYear"] == {"2022", "2023"}
    assert fields["itemCondition"] == "New"
    assert fields["comment"] == "for 54 Krab self-propelled guns from Poland"
    assert (fields["tivPerUnit"], fields["tivTotalOrder"], fields["tivDelivered"]) == (1.2, 64.8, 64.8)
    assert fields["rowNumber"] == 18


def test_route_through_a_third_state_is_read_from_comments(
    imported: tuple[ProjectPaths, ImportReport],
) -> None:
    fields = _transfer(imported[0], 18)
    assert fields["via"] == _kgr("Poland")
    assert fields["integratedInto"] == _kgr("KrabHowitzer")
    assert fields["transferKind"].endswith("#component")  # type: ignore[union-attr]


def test_delivered_via_names_the_transit_state(imported: tuple[ProjectPaths, ImportReport]) -> None:
    # Line 36: Ukraine,Germany,...,Gepard,...,"Aid; delivered via Poland"
    fields = _transfer(imported[0], 36)
    assert (fields["supplier"], fields["via"]) == (_kgr("Germany"), _kgr("Poland"))


def test_an_order_not_yet_delivered_is_planned(imported: tuple[ProjectPaths, ImportReport]) -> None:
    # Line 21: Romania,South Korea,2024,,54,,K9 Thunder,...,0,,,New
    fields = _transfer(imported[0], 21)
    assert fields["status"].endswith("#planned")  # type: ignore[union-attr]
    assert fields["numberDelivered"] == 0 and "deliveryYear" not in fields


def test_provenance_is_the_file_and_the_row_text(imported: tuple[ProjectPaths, ImportReport]) -> None:
    paths, _ = imported
    query = """
    SELECT ?t ?doc ?exact ?start ?end WHERE {
      ?t prov:wasDerivedFrom ?doc ; kg:evidence/oa:hasTarget ?target .
      ?target oa:hasSource ?doc ; oa:hasSelector ?q, ?p .
      ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
    }"""
    rows = select(open_store(paths), query, _iris(t=KGR[f"fact/{NAME}-18"]))
    assert len(rows) == 1
    row = rows[0]
    assert row["doc"] == _kgr("source/sipri-trade-register")
    text = (paths.imports / f"{NAME}.csv").read_bytes().decode("latin-1")
    assert text[row["start"] : row["end"]] == row["exact"]
    assert row["exact"].startswith("Ukraine,South Korea,2022,?,54,,K9 chassis")


EVIDENCE = """
SELECT ?t ?exact ?prefix ?suffix ?start ?end WHERE {
  ?t kg:evidence/oa:hasTarget/oa:hasSelector ?q, ?p .
  ?q oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix . ?p oa:start ?start ; oa:end ?end .
}"""


def _row_in_context(text: str, row: dict[str, Any]) -> tuple[str, str, str]:
    start, end = row["start"], row["end"]
    return text[start - CONTEXT_CHARS : start], text[start:end], text[end : end + CONTEXT_CHARS]


def test_evidence_context_is_the_text_around_the_row(imported: tuple[ProjectPaths, ImportReport]) -> None:
    report = imported[1]
    store = ox.Store()
    store.load(path=str(report.ttl), format=ox.RdfFormat.TURTLE)
    rows = select(store, EVIDENCE)
    assert len(rows) == report.transfers
    text = report.csv.read_bytes().decode("latin-1")
    for row in rows:
        assert (row["prefix"], row["exact"], row["suffix"]) == _row_in_context(text, row)
    # 32 characters either side, cut only by the end of the file
    assert {len(row["prefix"]) for row in rows} == {CONTEXT_CHARS}
    assert sorted(len(row["suffix"]) for row in rows)[1:] == [CONTEXT_CHARS] * (len(rows) - 1)


def test_built_evidence_context_is_the_text_around_the_row(
    imported: tuple[ProjectPaths, ImportReport],
) -> None:
    paths, report = imported
    row = select(open_store(paths), EVIDENCE, _iris(t=KGR[f"fact/{NAME}-18"]))[0]
    text = report.csv.read_bytes().decode("latin-1")
    assert (row["prefix"], row["exact"], row["suffix"]) == _row_in_context(text, row)


def test_context_of_the_last_row_stops_at_the_end_of_the_file() -> None:
    register = parse_sipri(
        (HEADER + "\n" + "Poland,Korea South,2022,,2,,K9,SPG,2,,2022,New,,,,").encode(), "r.csv"
    )
    graph = sipri_graph(register, "r", EntityReconciler.from_seeds(), KGR["SIPRI"])
    selector = KGR["fact/sipri-r-2/evidence/1/quote"]
    assert (str(graph.value(selector, OA.prefix)), str(graph.value(selector, OA.suffix))) == (
        HEADER[-CONTEXT_CHARS + 1 :] + "\n",
        "",
    )


def test_year_of_order_is_dated_like_a_curated_claim() -> None:
    register = read_sipri(REGISTER)
    graph = sipri_graph(register, "r", EntityReconciler.from_seeds(), KGR["SIPRI"])
    row = next(r for r in register.rows if r.year_of_order == 2022)
    claim = KGR[f"fact/sipri-r-{row.line}"]
    expected = Graph()
    add_date(expected, claim, parse_date("2022"))
    dated = {(claim, p, o) for p, o in graph.predicate_objects(claim) if p in set(expected.predicates())}
    assert dated == set(expected)
    assert graph.value(claim, KG.datePrecision) == KG.year
    assert str(graph.value(claim, KG.latestDate)) == "2022-12-31"


def test_register_is_a_document_dated_by_its_export_day() -> None:
    register = read_sipri(REGISTER)
    graph = sipri_graph(register, "r", EntityReconciler.from_seeds(), KGR["SIPRI"])
    document = KGR["source/sipri-r"]
    assert (str(graph.value(document, DCTERMS.issued)), graph.value(document, KG.datePrecision)) == (
        "2025-03-11",
        KG.day,
    )


def test_build_includes_the_import_as_its_own_named_graph(
    imported: tuple[ProjectPaths, ImportReport],
) -> None:
    query = "SELECT ?g ?t WHERE { GRAPH ?g { ?t a kg:Transfer } }"
    rows = select(open_store(imported[0]), query, _iris(g=GRAPH.imported(NAME)))
    assert len(rows) == 28


def test_imported_transfers_add_supply_edges(imported: tuple[ProjectPaths, ImportReport]) -> None:
    query = "SELECT ?g ?a ?b WHERE { GRAPH ?g { ?a kg:suppliesTo ?b } }"
    edges = {(r["a"], r["b"]) for r in select(open_store(imported[0]), query, _iris(g=GRAPH.DERIVED))}
    # Germany -> Ukraine "delivered via Poland" gives Germany -> Poland -> Ukraine too.
    for supplier, recipient in (("Germany", "Ukraine"), ("Germany", "Poland"), ("Iran", "Russia")):
        assert (str(KGR[supplier]), str(KGR[recipient])) in edges


def test_undelivered_orders_add_no_supply_edge(imported: tuple[ProjectPaths, ImportReport]) -> None:
    query = "SELECT ?g ?a ?b WHERE { GRAPH ?g { ?a kg:suppliesTo ?b } }"
    edges = {(r["a"], r["b"]) for r in select(open_store(imported[0]), query, _iris(g=GRAPH.DERIVED))}
    assert ((_kgr("Australia")), (_kgr("ROK"))) not in edges
    assert ((_kgr("NATO")), (_kgr("Ukraine"))) not in edges


def test_imported_transfers_join_the_indirect_supply_query(
    imported: tuple[ProjectPaths, ImportReport],
) -> None:
    rows = run_query("indirect-supply", {"recipient": "Ukraine"}, paths=imported[0])
    chains = {(r["supplier"], r["via"], r["link"], r["transfer1"]) for r in rows}
    assert ("South Korea", "Poland", "component", str(KGR[f"fact/{NAME}-17"])) in chains


# ------------------------------------------------------------------ imports/ folder


def test_importing_the_same_file_again_replaces_it(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    first = import_sipri(REGISTER, paths)
    again = import_sipri(REGISTER, paths)
    assert (first.replaced, again.replaced) == (False, True)
    assert [info.name for info in list_imports(paths)] == [NAME]
    kept = sorted(p.name for p in paths.imports.iterdir())
    assert kept == [f"{NAME}.{ext}" for ext in ("csv", "json", "ttl")]


def test_import_list_reads_the_summary_written_with_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _copy_project(tmp_path)
    report = import_sipri(REGISTER, paths)
    monkeypatch.setattr(ox, "parse", lambda *a, **k: pytest.fail("list_imports parsed the Turtle"))
    [info] = list_imports(paths)
    assert (info.name, info.transfers, info.source_file) == (NAME, report.transfers, REGISTER.name)


def test_import_list_reads_the_turtle_when_the_summary_does_not_describe_it(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    report = import_sipri(REGISTER, paths)
    summary = paths.imports / f"{NAME}.json"
    summary.write_text(summary.read_text().replace(f'"transfers": {report.transfers}', '"transfers": 1'))
    [from_summary] = list_imports(paths)
    report.ttl.write_bytes(report.ttl.read_bytes() + b"\n")  # other bytes: the summary is stale
    [from_turtle] = list_imports(paths)
    assert (from_summary.transfers, from_turtle.transfers) == (1, report.transfers)
    assert from_turtle.source_file == REGISTER.name


def test_import_output_is_deterministic(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    first = import_sipri(REGISTER, paths).ttl.read_bytes()
    assert import_sipri(REGISTER, paths).ttl.read_bytes() == first


def test_removed_import_is_gone_from_queries(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    import_sipri(MALFORMED, paths)
    query = "SELECT (COUNT(?t) AS ?n) WHERE { ?t kg:rowNumber ?line }"
    assert ensure_built(paths)
    assert select(open_store(paths), query)[0]["n"] == 3
    remove_import("sipri-malformed", paths)
    assert ensure_built(paths), "removing an import makes the build stale"
    assert select(open_store(paths), query)[0]["n"] == 0
    assert list_imports(paths) == []


def test_changed_copy_of_the_source_stops_the_build(tmp_path: Path) -> None:
    from kg.errors import CurationError

    paths = _copy_project(tmp_path)
    report = import_sipri(MALFORMED, paths)
    report.csv.write_bytes(report.csv.read_bytes().replace(b"Krab", b"Crab"))
    with pytest.raises(CurationError, match="changed since it was imported"):
        build(paths, write=False, validate=False)


# ------------------------------------------------------------------ CLI


def test_cli_import_lists_skipped_rows_with_file_and_line(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    result = CliRunner().invoke(cli, ["--root", str(paths.root), "import", "sipri", str(MALFORMED)])
    assert result.exit_code == 0, result.output
    assert f"skipped {MALFORMED}:14: 11 columns, expected 16" in result.output
    assert "imported sipri-malformed: 3 transfers, 4 rows skipped" in result.output
    assert "new entity kgr:K2BlackPanther (WeaponSystem): K2 Black Panther" in result.output


def test_cli_import_list_and_remove(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    runner = CliRunner()
    runner.invoke(cli, ["--root", str(paths.root), "import", "sipri", str(MALFORMED)])
    listed = runner.invoke(cli, ["--root", str(paths.root), "import", "list"])
    assert listed.exit_code == 0 and listed.output.startswith("sipri-malformed\t3 transfers")
    removed = runner.invoke(cli, ["--root", str(paths.root), "import", "remove", "sipri-malformed"])
    assert removed.exit_code == 0 and "removed" in removed.output
    assert runner.invoke(cli, ["--root", str(paths.root), "import", "list"]).output == "no imports\n"


def test_cli_remove_unknown_import_fails_cleanly(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    result = CliRunner().invoke(cli, ["--root", str(paths.root), "import", "remove", "nope"])
    assert result.exit_code == 7
    assert result.output.startswith("Error: no import named 'nope'")


def test_cli_import_of_a_file_that_is_not_an_export_fails_cleanly(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    result = CliRunner().invoke(cli, ["--root", str(paths.root), "import", "sipri", str(other)])
    assert result.exit_code == 7
    assert "Error: other.csv: no header row" in result.output


def test_an_entity_created_by_an_import_resolves_by_name(imported: tuple[ProjectPaths, ImportReport]) -> None:
    from kg.api import load

    graph = load(imported[0])
    assert graph.resolve("Germany") == _kgr("Germany")


@pytest.mark.parametrize(("name", "entity"), [("Ukraine Rebels*", "UkraineRebels"), ("Türkiye", "Turkiye")])
def test_entities_an_import_created_resolve_by_the_name_it_read(
    imported: tuple[ProjectPaths, ImportReport], name: str, entity: str
) -> None:
    from kg.api import load

    assert load(imported[0]).resolve(name) == _kgr(entity)


def test_cli_import_reports_skipped_rows_from_their_line_and_reason(tmp_path: Path) -> None:
    paths = _copy_project(tmp_path)
    result = CliRunner().invoke(cli, ["--root", str(paths.root), "import", "sipri", str(MALFORMED)])
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped")]
    problems = read_sipri(MALFORMED).problems
    assert skipped == [f"skipped {MALFORMED}:{p.line}: {p.reason}" for p in problems]
