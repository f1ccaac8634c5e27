"""`kg build`, `kg stats`, `kg coverage` and `kg tour` as a user runs them."""

from __future__ import annotations

from click.testing import CliRunner

from kg.build import BuildResult
from kg.cli import cli
from kg.coverage import coverage_report
from kg.paths import ProjectPaths


def test_build_reports_counts_and_written_files(project_copy: ProjectPaths) -> None:
    result = CliRunner().invoke(cli, ["--root", str(project_copy.root), "build"])
    assert result.exit_code == 0, result.output
    assert "SHACL: conforms" in result.output
    assert f"wrote {project_copy.trig}" in result.output
    assert project_copy.turtle.is_file()


def test_stats_counts_classes_and_claims_per_source(built: BuildResult, repo_paths: ProjectPaths) -> None:
    result = CliRunner().invoke(cli, ["--root", str(repo_paths.root), "stats"])
    assert result.exit_code == 0, result.output
    assert "kg:Transfer" in result.output and "kg:State" in result.output
    for source in ("kgd:000", "kgd:004"):
        assert source in result.output


def test_coverage_is_at_least_ninety_percent(repo_paths: ProjectPaths) -> None:
    report = coverage_report(repo_paths)
    assert len(report.sentences) > 150
    assert report.ratio >= 0.9


def test_coverage_names_the_facts_using_a_sentence(repo_paths: ProjectPaths) -> None:
    result = CliRunner().invoke(cli, ["--root", str(repo_paths.root), "coverage", "--show", "covered"])
    assert result.exit_code == 0, result.output
    assert "[covered] " in result.output and "f002w-rok-shells-to-us-backfill" in result.output
    assert "coverage " in result.output.splitlines()[-1]


def test_coverage_below_the_threshold_fails(repo_paths: ProjectPaths) -> None:
    result = CliRunner().invoke(cli, ["--root", str(repo_paths.root), "coverage", "--min-ratio", "1.01"])
    assert result.exit_code == 1
    assert "is below 101%" in result.output


def test_tour_shows_the_us_shell_chain_and_article_4(built: BuildResult, repo_paths: ProjectPaths) -> None:
    result = CliRunner().invoke(cli, ["--root", str(repo_paths.root), "tour"])
    assert result.exit_code == 0, result.output
    assert "South Korea → United States → Ukraine" in result.output
    assert "550,000" in result.output
    assert "in accordance with Article 51 of the UN Charter" in result.output
