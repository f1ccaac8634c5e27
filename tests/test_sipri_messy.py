"""The SIPRI reader on ordinary-but-messy CSV: every row is imported or reported with its
real line number and reason, and hostile strings leave the exports well-formed and inert."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal

from kg.build import build
from kg.errors import ImportFileError
from kg.export import export
from kg.importers.sipri import import_sipri
from kg.importers.sipri_csv import MAX_FIELD_CHARS, MAX_RECORD_LINES, SipriRegister, parse_sipri, read_sipri
from kg.namespaces import RDFS
from kg.paths import ProjectPaths, project_paths
from kg.store import open_store

REPO = Path(__file__).resolve().parent.parent
HEADER = (
    "Recipient,Supplier,Year of order,,Number ordered,,Weapon designation,Weapon description,"
    "Number delivered,,Year(s) of delivery,status,Comments,SIPRI TIV per unit,"
    "SIPRI TIV for total order,SIPRI TIV of delivered weapons"
)
# The header is line 3; data rows start at line 4.
PREAMBLE = f"Generated: 2025-03-11\n\n{HEADER}\n"


def row(
    designation: str = "K9", description: str = "gun", comments: str = "", tiv: str = "1", **cells: str
) -> str:
    recipient, supplier = cells.get("recipient", "Poland"), cells.get("supplier", "South Korea")
    return f"{recipient},{supplier},2022,,1,,{designation},{description},1,,2023,New,{comments},{tiv},1,1\n"


def parse(*rows: str, encoding: str = "latin-1") -> SipriRegister:
    return parse_sipri((PREAMBLE + "".join(rows)).encode(encoding), "register.csv")


def lines(register: SipriRegister) -> tuple[list[int], list[int]]:
    """(lines of the rows read, lines of the rows reported)."""
    return [r.line for r in register.rows], [p.line for p in register.problems]


# ------------------------------------------------------------------ quotes


def test_a_stray_quote_in_an_unquoted_field_is_text() -> None:
    register = parse(row(description='12" gun'), row("K2"))
    assert [(r.line, r.description) for r in register.rows] == [(4, '12" gun'), (5, "gun")]


def test_an_unterminated_quote_is_reported_and_the_rows_after_it_are_read() -> None:
    register = parse(row(comments='"open'), *[row("K2")] * (MAX_RECORD_LINES + 5))
    assert lines(register) == (list(range(5, 5 + MAX_RECORD_LINES + 5)), [4])
    assert "quoted field opened here is not closed" in register.problems[0].reason


def test_an_unterminated_quote_at_the_end_of_the_file_is_reported() -> None:
    register = parse(row("K2"), row(comments='"open'), row("K3"))
    assert lines(register) == ([4, 6], [5])
    assert register.problems[0].reason == "a quoted field opened here is never closed"


def test_an_unbalanced_quote_does_not_swallow_the_next_quoted_row() -> None:
    register = parse(row(comments='"open'), row("K2", comments='"Part of deal; first batch"'))
    assert lines(register) == ([5], [4])
    assert register.rows[0].comments == "Part of deal; first batch"


def test_a_quoted_field_may_still_hold_a_line_break() -> None:
    register = parse(row(comments='"first\nsecond"'), row("K2"))
    assert [(r.line, r.comments) for r in register.rows] == [(4, "first\nsecond"), (6, "")]


# ------------------------------------------------------------------ sizes and numbers


def test_a_field_over_the_limit_is_reported_and_the_rest_kept() -> None:
    register = parse(row(comments="x" * (MAX_FIELD_CHARS + 1)), row("K2"))
    assert lines(register) == ([5], [4])
    assert register.problems[0].reason == f"a field is longer than {MAX_FIELD_CHARS:,} characters"


def test_a_field_over_the_csv_module_limit_is_reported() -> None:
    register = parse(row(comments="x" * 5_000_000), row("K2"))
    assert lines(register) == ([5], [4])


@pytest.mark.parametrize("tiv", ["NaN", "nan", "sNaN", "inf", "-Infinity", "1e999999"])
def test_a_tiv_that_is_not_a_finite_figure_is_reported(tiv: str) -> None:
    register = parse(row(tiv=tiv), row("K2"))
    assert lines(register) == ([5], [4])
    assert register.problems[0].reason.startswith(f"TIV per unit {tiv!r} is not a non-negative number")


# ------------------------------------------------------------------ characters


def test_line_numbers_count_only_real_line_ends() -> None:
    register = parse(row(comments="a\u2028b\u2029c"), row("K2", tiv="x"), encoding="utf-8")
    assert lines(register) == ([4], [5])
    assert register.rows[0].comments == "a\u2028b\u2029c"


def test_a_next_line_character_is_reported_at_its_line_and_later_lines_stay_right() -> None:
    register = parse(row(comments="a\x85b"), row("K2", tiv="x"), row("K3"))
    assert lines(register) == ([6], [4, 5])
    assert "character 0x85 at column" in register.problems[0].reason


def test_a_vertical_tab_is_reported_at_its_line_and_later_lines_stay_right() -> None:
    register = parse(row(comments='"a\x0bb"'), row("K2", tiv="x"), row("K3"))
    assert lines(register) == ([6], [4, 5])
    assert register.problems[0].reason.startswith("control character 0x0b")


def test_a_control_byte_is_reported() -> None:
    register = parse(row("K9\x01X"), row("K2"))
    assert lines(register) == ([5], [4])
    assert register.problems[0].reason.startswith("control character 0x01 at column")


@pytest.mark.parametrize(
    ("cells", "reason"), [({"recipient": "**"}, "recipient '**'"), ({"supplier": "*"}, "supplier '*'")]
)
def test_a_marker_without_a_name_is_reported(cells: dict[str, str], reason: str) -> None:
    register = parse(row(**cells), row("K2"))
    assert lines(register) == ([5], [4])
    assert register.problems[0].reason == f"{reason} has no name before its '*' marker"


# ------------------------------------------------------------------ files with nothing to import


def _project(root: Path) -> ProjectPaths:
    for name in ("ontology", "seeds"):
        shutil.copytree(REPO / name, root / name)
    return project_paths(root)


def test_a_header_only_file_is_refused_and_nothing_written(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    export_file = tmp_path / "empty.csv"
    export_file.write_text(PREAMBLE)
    with pytest.raises(ImportFileError, match="no row to import; nothing written") as error:
        import_sipri(export_file, paths)
    assert error.value.exit_code == 7
    assert not paths.imports.exists()


def test_a_file_whose_every_row_is_bad_names_the_lines(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    export_file = tmp_path / "bad.csv"
    export_file.write_text(PREAMBLE + "a,b\n" + row(tiv="NaN"))
    with pytest.raises(ImportFileError, match="all 2 rows were skipped") as error:
        import_sipri(export_file, paths)
    assert "bad.csv:4: 2 columns, expected 16" in str(error.value)
    assert not paths.imports.exists()


def test_reading_is_bounded(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="larger than 64 MiB"):
        read_sipri("/dev/zero")


# ------------------------------------------------------------------ exports of hostile strings


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """An import with a non-character (U+FFFF) in a row, a formula-like recipient, and (edited
    into its Turtle, as a hand-made import could hold) an entity label with a control character."""
    root = tmp_path_factory.mktemp("hostile")
    paths = _project(root)
    export_file = root / "hostile.csv"
    rows = row("K9\uffffX"), row("K2", recipient="=HYPERLINK(1)", comments="+cmd"), row(recipient="Null Land")
    export_file.write_bytes((PREAMBLE + "".join(rows)).encode())
    report = import_sipri(export_file, paths)
    graph = Graph().parse(report.ttl)
    for node, label in list(graph.subject_objects(RDFS.label)):
        if str(label) == "Null Land":
            graph.set((node, RDFS.label, Literal("Null\x01Land", lang=label.language)))
    report.ttl.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    build(paths)
    return paths


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_xml_network_exports_stay_well_formed_whatever_the_strings(
    hostile: ProjectPaths, tmp_path: Path, fmt: str, read: object
) -> None:
    out = tmp_path / f"network.{fmt}"
    out.write_bytes(export(open_store(hostile), hostile, fmt))
    network = read(out)  # type: ignore[operator]
    labels = {str(data.get("label")) for _node, data in network.nodes(data=True)}
    quotes = {str(data.get("quote")) for *_ends, data in network.edges(data=True)}
    assert "Null\ufffdLand" in labels
    assert any("K9\ufffdX" in quote for quote in quotes)


def test_csv_export_neutralises_cells_that_would_start_a_formula(hostile: ProjectPaths) -> None:
    rows = list(csv.reader(io.StringIO(export(open_store(hostile), hostile, "csv").decode())))
    cells = [cell for line in rows for cell in line]
    assert any(cell.startswith("'=HYPERLINK(1)") for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_a_line_separator_in_a_comment_survives_the_import_and_the_build(tmp_path: Path) -> None:
    # web text often holds U+2028; once, one in a SIPRI comment made kg build write an unreadable kg.trig
    import pyoxigraph as ox

    paths = _project(tmp_path)
    export_file = tmp_path / "separators.csv"
    comment = "for Krab guns\u2028delivered\u2029via Poland"
    export_file.write_bytes((PREAMBLE + row(comments=f'"{comment}"')).encode("utf-8"))
    import_sipri(export_file, paths)
    build(paths)
    store = ox.Store()
    store.bulk_load(path=str(paths.trig), format=ox.RdfFormat.TRIG)
    comments = {q.object.value for q in store if q.predicate.value == str(RDFS.comment)}
    assert comment in comments
