"""`kg export`: every format reads back with the graph's content."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.build import BuildResult
from kg.cli import cli
from kg.paths import ProjectPaths


def _export(repo_paths: ProjectPaths, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"kg.{fmt}"
    result = CliRunner().invoke(cli, ["--root", str(repo_paths.root), "export", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("fmt", "parser"), [("nquads", "nquads"), ("jsonld", "json-ld"), ("trig", "trig")])
def test_rdf_exports_hold_every_quad(
    built: BuildResult, repo_paths: ProjectPaths, tmp_path: Path, fmt: str, parser: str
) -> None:
    dataset = Dataset()
    dataset.parse(_export(repo_paths, fmt, tmp_path), format=parser)
    expected = sum(len(g) for g in built.dataset.graphs())
    assert sum(len(g) for g in dataset.graphs()) == expected


def test_nquads_export_is_deterministic(built: BuildResult, repo_paths: ProjectPaths, tmp_path: Path) -> None:
    first = _export(repo_paths, "nquads", tmp_path).read_bytes()
    second = _export(repo_paths, "nquads", tmp_path).read_bytes()
    assert first == second


def test_graphml_holds_the_us_shell_backfill_with_its_quote(
    built: BuildResult, repo_paths: ProjectPaths, tmp_path: Path
) -> None:
    network = nx.read_graphml(_export(repo_paths, "graphml", tmp_path))
    edges = network.get_edge_data("kgr:ROK", "kgr:USA").values()
    assert any("550,000 155-mm shells" in edge["quote"] for edge in edges)
    assert network.nodes["kgr:Ukraine"]["label"] == "Ukraine"


def test_gexf_opens_in_networkx(built: BuildResult, repo_paths: ProjectPaths, tmp_path: Path) -> None:
    network = nx.read_gexf(_export(repo_paths, "gexf", tmp_path))
    assert network.number_of_edges() > 100


def test_csv_lists_edges_with_status_and_source(built: BuildResult, repo_paths: ProjectPaths) -> None:
    result = CliRunner().invoke(cli, ["--root", str(repo_paths.root), "export", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    alleged = [
        r
        for r in rows
        if r["source"] == "kgr:DPRK" and r["target"] == "kgr:Russia" and r["status"] == "alleged"
    ]
    assert alleged and all(r["source_title"] and r["quote"] for r in alleged)


def test_unknown_format_is_refused(repo_paths: ProjectPaths) -> None:
    result = CliRunner().invoke(cli, ["--root", str(repo_paths.root), "export", "xlsx"])
    assert result.exit_code == 2
    assert "'xlsx' is not one of" in result.output


def test_jsonld_export_is_byte_identical_whatever_the_hash_seed(
    built: BuildResult, repo_paths: ProjectPaths, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"kg-{seed}.jsonld"
        command = [
            sys.executable,
            "-m",
            "kg",
            "--root",
            str(repo_paths.root),
            "export",
            "jsonld",
            "-o",
            str(target),
        ]
        subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 100_000
