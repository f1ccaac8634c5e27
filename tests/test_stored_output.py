"""What the build writes refers to the files as stored, and a failed write leaves the previous
build whole: CRLF source texts keep their offsets (probe 9); a full disk or a file-size limit
gives one ``Error:`` line, no temporary file and the previous build (probe 10)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.build import build
from kg.cli import cli
from kg.paths import ProjectPaths

REPO = Path(__file__).resolve().parent.parent
PREVIOUS = b"# the previous build\n"
LINE_BREAK_FACT = """facts:
  - id: f003-quote-across-a-line-break
    type: Event
    summary: a quote that spans a line break
    quote: "Weapons Sales to Ukraine\\n\\nMajor weapons exporter"
"""
SELECTORS = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX kg: <https://w3id.org/rnku-kg/ontology#>
SELECT ?file ?count ?start ?end ?exact WHERE {
  ?target oa:hasSource ?doc ; oa:hasSelector ?position, ?quote .
  ?doc kg:fileName ?file ; kg:characterCount ?count .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
}
"""


def _to_crlf(path: Path) -> None:
    data = path.read_bytes()
    assert b"\r" not in data
    path.write_bytes(data.replace(b"\n", b"\r\n"))


def test_offsets_of_a_crlf_text_slice_the_stored_characters(project_copy: ProjectPaths) -> None:
    facts = project_copy.seeds / "facts" / "003.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("facts:\n", LINE_BREAK_FACT, 1), encoding="utf-8"
    )
    for name in ("003_e95ff6fa875bc6d5.txt", "004_6531047cc44199d1.txt"):  # 004's skips span line breaks
        _to_crlf(project_copy.seeds / "texts" / name)
    build(project_copy)
    dataset = Dataset(default_union=True)
    dataset.parse(project_copy.trig, format="trig")
    rows = list(dataset.query(SELECTORS))
    stored = {
        str(file): (project_copy.root / str(file)).read_bytes().decode("utf-8") for file, *_ in rows
    }  # decoded as stored: no newline translation
    assert rows
    checked = 0
    for file, count, start, end, exact in rows:
        text = stored[str(file)]
        assert int(count) == len(text)
        assert text[int(start) : int(end)] == str(exact), (file, start, end)
        checked += "003_" in str(file)
    assert checked > 50
    spanning = [str(exact) for *_, exact in rows if str(exact).startswith("Weapons Sales to Ukraine")]
    assert spanning == ["Weapons Sales to Ukraine\r\n\r\nMajor weapons exporter"]


def _previous_build(project: ProjectPaths) -> None:
    project.build.mkdir(exist_ok=True)
    project.turtle.write_bytes(PREVIOUS)
    project.trig.write_bytes(PREVIOUS)


def _assert_previous_build_intact(project: ProjectPaths) -> None:
    assert project.turtle.read_bytes() == PREVIOUS and project.trig.read_bytes() == PREVIOUS
    assert not project.manifest.exists()
    assert not [p.name for p in project.build.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_gives_one_error_line_and_keeps_the_previous_build(
    project_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    _previous_build(project_copy)
    monkeypatch.setattr("kg.files.os.fsync", full)
    result = CliRunner().invoke(cli, ["--root", str(project_copy.root), "build"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].endswith("kg.ttl: cannot write (No space left on device)")
    assert "Traceback" not in result.output
    _assert_previous_build_intact(project_copy)


def test_a_file_size_limit_gives_one_error_line_and_keeps_the_previous_build(
    project_copy: ProjectPaths,
) -> None:
    _previous_build(project_copy)
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))\n"
        "from kg.cli import cli\n"
        "cli(['--root', sys.argv[1], 'build'], prog_name='kg')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(project_copy.root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].endswith("kg.ttl: cannot write (File too large)"), result.stderr
    assert "Traceback" not in result.stderr
    _assert_previous_build_intact(project_copy)
