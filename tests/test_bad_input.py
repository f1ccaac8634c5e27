"""Every curation mistake gives one clear message with file and line, a non-zero
exit, and leaves the previous build untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.paths import ProjectPaths

PREVIOUS = b"# the previous build\n"


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of ``old`` and return its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return text.count("\n", 0, index) + 1


def _build(project: ProjectPaths) -> tuple[int, str]:
    project.build.mkdir()
    project.turtle.write_bytes(PREVIOUS)
    project.trig.write_bytes(PREVIOUS)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "build"])
    assert project.turtle.read_bytes() == PREVIOUS, "kg.ttl was touched"
    assert project.trig.read_bytes() == PREVIOUS, "kg.trig was touched"
    assert not [p for p in project.build.iterdir() if p.name.endswith(".tmp")]
    return result.exit_code, result.output


def _fact_line(path: Path, fact_id: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip() == f"- id: {fact_id}")


@pytest.fixture
def facts_003(project_copy: ProjectPaths) -> Path:
    return project_copy.seeds / "facts" / "003.yaml"


def test_unknown_entity_reference(project_copy: ProjectPaths, facts_003: Path) -> None:
    line = _replace(facts_003, "supplier: DPRK", "supplier: NorthKorea")
    code, output = _build(project_copy)
    assert code == 2
    assert f"003.yaml:{line}:" in output
    assert "unknown entity 'NorthKorea'" in output


def test_quote_not_in_its_text_names_the_nearest_passage(project_copy: ProjectPaths, facts_003: Path) -> None:
    line = _replace(
        facts_003,
        "described allegations of supplying weapons to Russia as",
        "described allegations of sending arms to Russia as",
    )
    code, output = _build(project_copy)
    assert code == 2
    assert f"003.yaml:{line}:" in output
    assert "quote not found in 003_e95ff6fa875bc6d5.txt" in output
    assert "nearest text (line" in output and "supplying weapons to Russia" in output


def test_malformed_date(project_copy: ProjectPaths, facts_003: Path) -> None:
    line = _replace(facts_003, "date: 2024-06-19", "date: 2024-13-19")
    code, output = _build(project_copy)
    assert code == 2
    assert f"003.yaml:{line}:" in output
    assert "'2024-13-19' is not a real day" in output


def test_duplicate_fact_id(project_copy: ProjectPaths) -> None:
    facts_004 = project_copy.seeds / "facts" / "004.yaml"
    first = (project_copy.seeds / "facts" / "000.yaml").read_text(encoding="utf-8")
    first_id = next(
        line.split("id:")[1].strip() for line in first.splitlines() if line.strip().startswith("- id: f000-")
    )
    second_id = next(
        line.split("id:")[1].strip()
        for line in facts_004.read_text().splitlines()
        if line.strip().startswith("- id: f004-")
    )
    line = _replace(facts_004, f"- id: {second_id}\n", f"- id: {first_id}\n")
    code, output = _build(project_copy)
    assert code == 2
    assert f"004.yaml:{line}: duplicate fact id '{first_id}' (first declared at 000.yaml:" in output


def test_missing_required_field(project_copy: ProjectPaths, facts_003: Path) -> None:
    text = facts_003.read_text(encoding="utf-8")
    fact_line = text[: text.index("    type: Transfer\n    supplier: ")].count(
        "\n"
    )  # the fact's "- id:" line
    _replace(facts_003, "    type: Transfer\n    supplier: ", "    type: Transfer\n    supplierx_removed: ")
    code, output = _build(project_copy)
    assert code == 2
    assert f"003.yaml:{fact_line}:" in output
    assert "missing required field 'supplier' for Transfer" in output


def test_yaml_syntax_error(project_copy: ProjectPaths, facts_003: Path) -> None:
    _replace(facts_003, "facts:\n", "facts:\n  - id: [unclosed\n")
    code, output = _build(project_copy)
    assert code == 2
    assert "003.yaml:" in output and "YAML syntax error" in output


def test_unknown_status_value_suggests_the_right_one(project_copy: ProjectPaths, facts_003: Path) -> None:
    line = _replace(facts_003, "status: alleged", "status: allegedly")
    code, output = _build(project_copy)
    assert code == 2
    assert f"003.yaml:{line}:" in output
    assert "status 'allegedly' is not one of reported, confirmed, alleged" in output
    assert "did you mean alleged" in output


def test_unknown_field_suggests_the_right_one(project_copy: ProjectPaths, facts_003: Path) -> None:
    line = _replace(facts_003, "claimant:", "claimnt:")
    code, output = _build(project_copy)
    assert code == 2
    assert (
        f"003.yaml:{line}:" in output
        and "unknown field 'claimnt'" in output
        and "did you mean claimant" in output
    )


def test_entity_of_the_wrong_type(project_copy: ProjectPaths, facts_003: Path) -> None:
    line = _replace(facts_003, "item: DPRKArtilleryAmmunition", "item: Russia")
    code, output = _build(project_copy)
    assert code == 2
    assert f"003.yaml:{line}:" in output and "Russia is a State, expected one of" in output


def test_all_problems_are_reported_at_once(project_copy: ProjectPaths, facts_003: Path) -> None:
    _replace(facts_003, "status: alleged", "status: allegedly")
    _replace(facts_003, "supplier: DPRK", "supplier: NorthKorea")
    code, output = _build(project_copy)
    assert code == 2
    assert "allegedly" in output and "NorthKorea" in output and "2 problems in the seed files" in output


def test_shacl_violation_stops_the_build(project_copy: ProjectPaths) -> None:
    shapes = project_copy.shapes_file
    _replace(
        shapes,
        "sh:path kg:holder ; sh:minCount 1 ; sh:maxCount 1 ; sh:class kg:Person",
        "sh:path kg:holder ; sh:minCount 1 ; sh:maxCount 1 ; sh:class kg:State",
    )
    code, output = _build(project_copy)
    assert code == 3
    assert "does not conform" in output and "kg:holder" in output
