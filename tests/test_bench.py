"""The one-run benchmark (``bench/run_all.py``) at a tiny size: the report it prints holds every
named query, in process and whole process, beside the targets of issue 13, each with a verdict.

The driver runs once for the module (about 15 s: 200 transfers, one run per figure, without the
seeds commands, Virtuoso or the SIPRI import), into a scratch folder."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.queries import list_queries

REPO = Path(__file__).resolve().parent.parent
NAMES = [q.name for q in list_queries()]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The report written with --out, and what the driver printed."""
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "report.md"
    command = [
        sys.executable,
        str(REPO / "bench" / "run_all.py"),
        "--sizes",
        "200",
        "--runs",
        "1",
        "--warmup",
        "0",
    ]
    command += ["--skip", "seeds", "virtuoso", "import", "--data", str(folder / "data"), "--out", str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return out.read_text(encoding="utf-8"), done.stdout


def _section(report: str, title: str) -> str:
    return report.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]


def _rows(section: str, header: str) -> dict[str, list[str]]:
    """The rows of the Markdown table whose header starts with ``header``, by first cell."""
    table = section.split(f"| {header}", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in table]
    return {row[0]: row[1:] for row in cells}


def test_the_report_printed_is_the_report_written(run: tuple[str, str]) -> None:
    written, printed = run
    assert printed == written


def test_the_machine_is_described_first(run: tuple[str, str]) -> None:
    machine = _section(run[0], "Machine")
    assert re.search(r"\d+ cores, \d+ GB RAM", machine)
    assert "pyoxigraph" in machine and "load average" in machine


def test_every_named_query_is_timed_in_process_against_raw_beside_both_targets(
    run: tuple[str, str],
) -> None:
    rows = _rows(_section(run[0], "200 transfers"), "query | rows | paged")
    assert sorted(rows) == sorted(NAMES)
    for name, cells in rows.items():
        assert re.fullmatch(r"[\d.]+ (ms|s) / [\d.]+ (ms|s) / [\d.]+×", cells[2]), (name, cells)
        assert cells[-2] in ("PASS", "MISS") and cells[-1] in ("PASS", "MISS"), (name, cells)
    header = _section(run[0], "200 transfers").split("| query | rows | paged", 1)[1].splitlines()[0]
    assert "< 1 s" in header and "ours ≤ 1.2× raw" in header


def test_every_named_query_is_timed_whole_process_against_the_raw_script(run: tuple[str, str]) -> None:
    rows = _rows(_section(run[0], "200 transfers"), "`kg query` once built")
    assert sorted(name.removesuffix(" (first page)") for name in rows) == sorted(NAMES)
    for name, cells in rows.items():
        assert "exit" not in cells[0] and cells[-1] in ("PASS", "MISS"), (name, cells)


def test_a_query_whose_answer_is_longer_than_a_page_is_timed_by_its_first_page(run: tuple[str, str]) -> None:
    rows = _rows(_section(run[0], "200 transfers"), "query | rows | paged")
    paged = {name for name, cells in rows.items() if cells[1] == "yes"}
    longer = {name for name, cells in rows.items() if int(cells[0].replace(",", "")) > 50}
    assert paged == longer - {"describe-entity"}  # a CONSTRUCT gives a graph, not a page of rows
    assert "as-of" in paged


def test_chains_are_timed_cold_and_warm_against_their_targets(run: tuple[str, str]) -> None:
    rows = _rows(_section(run[0], "200 transfers"), "find_routes")
    assert list(rows) == ["memory"]
    cold, warm, found, *verdicts = rows["memory"]
    assert cold.endswith(("ms", "s")) and warm.endswith(("ms", "s")) and " / " in found
    assert set(verdicts) <= {"PASS", "MISS"}


def test_the_summary_reads_each_figure_against_its_target(run: tuple[str, str]) -> None:
    rows = _rows(_section(run[0], "Against the targets"), "target | figure | verdict")
    expected = [
        "200: every named query < 1 s (stated for 1M)",
        "200: ours ≤ 1.2× raw, in process",
        "200: chains 3 hops cold < 2 s / warm < 0.2 s (stated for 1M)",
        "200: peak memory < 12 GB (stated for 1M)",
        "200: `kg query` end to end < 1 s once built (stated for 1M)",
    ]
    assert list(rows) == expected
    assert all(re.fullmatch(r"(PASS|MISS)( / (PASS|MISS))?", cells[-1]) for cells in rows.values())
