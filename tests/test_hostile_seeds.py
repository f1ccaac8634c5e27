"""Hostile seed input (defects 7 and 8 of "Nothing lost, nothing corrupted, nothing let out"):
each is refused by the checker with ``file:line: message`` and exit 2, never a traceback,
before anything reaches the RDF layer, and the previous build stays."""

from __future__ import annotations

import itertools
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.curation.yaml_lines import read_yaml
from kg.errors import CurationError
from kg.paths import ProjectPaths

PREVIOUS = b"# the previous build\n"
TEXT_003 = "texts/003_e95ff6fa875bc6d5.txt"


def _replace(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first ``count`` occurrences of ``old``; return the first one's line."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text.count("\n", 0, text.index(old)) + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def _refused(project: ProjectPaths) -> str:
    """Run ``kg build`` over a previous build; assert exit 2, no traceback and build/ untouched."""
    project.build.mkdir(exist_ok=True)
    project.turtle.write_bytes(PREVIOUS)
    project.trig.write_bytes(PREVIOUS)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "build"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert project.turtle.read_bytes() == PREVIOUS and project.trig.read_bytes() == PREVIOUS
    assert not [p for p in project.build.iterdir() if p.name.endswith(".tmp")]
    return result.output


@pytest.fixture
def facts(project_copy: ProjectPaths) -> Path:
    return project_copy.seeds / "facts"


# ------------------------------------------------------------------ 1. dates


@pytest.mark.parametrize("date", ['"٢٠٢٤"', '"２０２４-06"'])
def test_dates_in_other_unicode_digits_are_refused(
    project_copy: ProjectPaths, facts: Path, date: str
) -> None:
    line = _replace(facts / "003.yaml", "    date: 2024-06-20\n", f"    date: {date}\n")
    output = _refused(project_copy)
    assert (
        f"003.yaml:{line}: fact f003-rok-reconsider-arms-ban: field 'date': {date.strip(chr(34))!r}" in output
    )
    assert "is not a date; write YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits 0-9" in output


def test_year_zero_shows_what_the_curator_wrote(project_copy: ProjectPaths, facts: Path) -> None:
    line = _replace(facts / "003.yaml", "    date: 2024-06-20\n", "    date: 0000\n")
    output = _refused(project_copy)
    assert f"003.yaml:{line}: fact f003-rok-reconsider-arms-ban: field 'date': '0000' is not a year" in output
    assert "there is no year 0" in output


# ------------------------------------------------------------------ 2. numbers


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("000.yaml", "in_favour: 15", "in_favour: .inf", "in_favour must be a finite number, got '.inf'"),
        ("000.yaml", "in_favour: 15", "in_favour: .nan", "in_favour must be a finite number, got '.nan'"),
        ("000.yaml", "in_favour: 15", "in_favour: 150", "in_favour must be between 0 and 100, got 150"),
        ("000.yaml", "in_favour: 15", "in_favour: -1", "in_favour must be between 0 and 100, got -1"),
        ("002w.yaml", "quantity: 3400000", "quantity: -5", "quantity must be at least 0, got -5"),
        ("000.yaml", "value_usd: 230000000", "value_usd: -2.5", "value_usd must be at least 0, got -2.5"),
    ],
)
def test_numbers_are_finite_and_in_range(
    project_copy: ProjectPaths, facts: Path, file: str, old: str, new: str, message: str
) -> None:
    line = _replace(facts / file, old, new)
    output = _refused(project_copy)
    assert re.search(rf"{re.escape(file)}:{line}: fact [\w-]+: {re.escape(message)}", output), output


# ------------------------------------------------------------------ 3. text fields


def _replace_line(path: Path, prefix: str, new: str) -> int:
    """Replace the first line that starts with ``prefix`` (after indentation) by ``new``, kept
    at the same indentation; return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(prefix))
    lines[index] = lines[index][: len(lines[index]) - len(lines[index].lstrip())] + new
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


@pytest.mark.parametrize(
    ("file", "prefix", "new", "message"),
    [
        (
            "facts/003.yaml",
            "date: 2024-06-20",
            "summary: [one, two]",
            "fact f003-rok-reconsider-arms-ban: field 'summary' must be text, got a list",
        ),
        (
            "facts/003.yaml",
            'note: "Announced by',
            "note: {a: 1}",
            "fact f003-rok-reconsider-arms-ban: field 'note' must be text, got a mapping",
        ),
        (
            "facts/003.yaml",
            "- {id: AhnChanIl,",
            "- {id: AhnChanIl, type: Person, label: [Ahn, Chan-il]}",
            "entity AhnChanIl: field 'label' must be text, got a list",
        ),
        (
            "sources.yaml",
            'title: "US security expert',
            "title: [x]",
            "source 000: field 'title' must be text, got a list",
        ),
    ],
)
def test_lists_and_mappings_are_not_text(
    project_copy: ProjectPaths, file: str, prefix: str, new: str, message: str
) -> None:
    path = project_copy.seeds / file
    line = _replace_line(path, prefix, new)
    output = _refused(project_copy)
    assert f"{path.name}:{line}: {message}" in output


def test_a_plain_scalar_becomes_the_text_written(project_copy: ProjectPaths, facts: Path) -> None:
    from kg.curation import load_curation

    _replace(facts / "003.yaml", "role: ", "role: yes #", 1)
    curation = load_curation(project_copy)
    assert [f.get("role") for f in curation.facts.values() if f.type == "Role" and f.get("role") == "yes"]


# ------------------------------------------------------------------ 4. ids


@pytest.mark.parametrize("bad", ['"Ahn Chan Il"', '"Ahn>Chan<Il"', '"Ahn\\u00e9"', '"-Ahn"', '"Ahn."'])
def test_entity_ids_must_be_iri_safe(project_copy: ProjectPaths, facts: Path, bad: str) -> None:
    path = facts / "003.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.count("\n", 0, text.index("{id: AhnChanIl,")) + 1
    path.write_text(text.replace("AhnChanIl", bad), encoding="utf-8")
    output = _refused(project_copy)
    assert (
        f"003.yaml:{line}: entity: id " in output and "is not a valid id; use ASCII letters, digits" in output
    )
    assert "unknown entity" not in output, "references to a rejected entity are not reported again"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('"f003 rok <x>"', "fact: id 'f003 rok <x>' is not a valid id"),
        ("[a, b]", "fact: field 'id' must be text, got a list"),
    ],
)
def test_fact_ids_must_be_iri_safe(project_copy: ProjectPaths, facts: Path, bad: str, message: str) -> None:
    line = _replace(facts / "003.yaml", "id: f003-rok-reconsider-arms-ban", f"id: {bad}")
    output = _refused(project_copy)
    assert f"003.yaml:{line}: {message}" in output
    assert output.count(f"003.yaml:{line}:") == 1


def test_every_seed_id_passes_the_id_rule(repo_paths: ProjectPaths) -> None:
    from kg.curation import load_curation

    curation = load_curation(repo_paths)
    ids = [*curation.sources, *curation.entities, *curation.facts]
    pattern = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
    assert len(ids) > 500 and all(pattern.fullmatch(i) for i in ids)


def test_wikidata_must_be_a_qid(project_copy: ProjectPaths) -> None:
    line = _replace(project_copy.seeds / "entities.yaml", "wikidata: Q884", 'wikidata: "Q884 x"')
    output = _refused(project_copy)
    assert f"entities.yaml:{line}: entity ROK: wikidata 'Q884 x' is not a QID like Q884" in output


# ------------------------------------------------------------------ 5. files


def test_a_source_text_that_is_not_utf8(project_copy: ProjectPaths) -> None:
    with (project_copy.seeds / TEXT_003).open("ab") as stream:
        stream.write(b"\xff\xfe")
    output = _refused(project_copy)
    assert f"seeds/{TEXT_003}: not UTF-8 text (invalid start byte)" in output
    assert "unknown source" not in output and "problems in the seed files" not in output


def test_a_directory_named_like_a_fact_file(project_copy: ProjectPaths, facts: Path) -> None:
    (facts / "zzz.yaml").mkdir()
    assert "seeds/facts/zzz.yaml: cannot read (Is a directory)" in _refused(project_copy)


@pytest.mark.parametrize("name", ["../../outside.txt", "../ontology/kg.ttl", "/etc/hostname"])
def test_a_source_text_outside_seeds_is_refused(project_copy: ProjectPaths, name: str) -> None:
    (project_copy.root.parent / "outside.txt").write_bytes((project_copy.seeds / TEXT_003).read_bytes())
    line = _replace(project_copy.seeds / "sources.yaml", f"file: {TEXT_003}", f"file: {name}")
    output = _refused(project_copy)
    assert f"sources.yaml:{line}: source 003: text file {name!r} is outside seeds/" in output


def test_a_link_out_of_seeds_is_refused(project_copy: ProjectPaths) -> None:
    outside = project_copy.root.parent / "outside.txt"
    outside.write_bytes((project_copy.seeds / TEXT_003).read_bytes())
    (project_copy.seeds / TEXT_003).unlink()
    (project_copy.seeds / TEXT_003).symlink_to(outside)
    assert f"source 003: text file '{TEXT_003}' is outside seeds/" in _refused(project_copy)


# ------------------------------------------------------------------ 6. alias bombs


def _bomb(levels: int) -> str:
    names = [chr(ord("a") + i) for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [x,x,x,x,x,x,x,x,x]"]
    lines += [f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]" for p, n in itertools.pairwise(names)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(7), encoding="utf-8")
    assert len(path.read_bytes()) < 600
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(CurationError, match="YAML anchors and aliases"):
        read_yaml(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1 and peak < 5_000_000


def test_an_alias_bomb_in_a_fact_file(project_copy: ProjectPaths, facts: Path) -> None:
    path = facts / "003.yaml"
    path.write_text(_bomb(7) + path.read_text(encoding="utf-8"), encoding="utf-8")
    output = _refused(project_copy)
    assert "003.yaml:1: YAML anchors and aliases (&a, *a) are not allowed in seed files" in output
    assert len(output) < 2000


def test_deep_nesting_is_refused(project_copy: ProjectPaths, facts: Path) -> None:
    line = _replace(
        facts / "003.yaml", "    date: 2024-06-20\n", "    date: " + "[" * 5000 + "]" * 5000 + "\n"
    )
    assert f"003.yaml:{line}: lists and mappings nested more than 32 deep" in _refused(project_copy)


# ------------------------------------------------------------------ 7. all problems at once


def test_a_syntax_error_does_not_hide_the_other_files_problems(
    project_copy: ProjectPaths, facts: Path
) -> None:
    _replace(facts / "003.yaml", "facts:\n", "facts:\n  - id: [unclosed\n")
    first = _replace(facts / "001.yaml", "actor: ROK\n", "actor: ROKK\n")
    second = _replace(facts / "004.yaml", "supplier: DPRK", "supplier: NorthKorea")
    output = _refused(project_copy)
    assert re.search(r"003.yaml:\d+: YAML syntax error", output)
    assert f"001.yaml:{first}:" in output and "unknown entity 'ROKK'" in output
    assert f"004.yaml:{second}:" in output and "unknown entity 'NorthKorea'" in output


def test_a_broken_registry_is_reported_with_the_fact_files_syntax(
    project_copy: ProjectPaths, facts: Path
) -> None:
    with (project_copy.seeds / "entities.yaml").open("a", encoding="utf-8") as stream:
        stream.write("- [\n")
    _replace(facts / "003.yaml", "facts:\n", "facts:\n  - id: [unclosed\n")
    output = _refused(project_copy)
    assert "entities.yaml:" in output and "003.yaml:" in output and "2 problems in the seed files" in output


# ------------------------------------------------------------------ 8. facts naming themselves


def _id_before(path: Path, marker: str) -> str:
    text = path.read_text(encoding="utf-8")
    return re.findall(r"- id: (\S+)", text[: text.index(marker)])[-1]


def test_a_transfer_that_backfills_itself(project_copy: ProjectPaths, facts: Path) -> None:
    path = facts / "002w.yaml"
    own = _id_before(path, "backfills: f002w-poland-weapons-to-ukraine")
    _replace(path, "backfills: f002w-poland-weapons-to-ukraine", f"backfills: {own}")
    assert re.search(
        rf"002w.yaml:\d+: fact {own}: backfills itself; name another fact", _refused(project_copy)
    )


def test_a_fact_that_disputes_itself(project_copy: ProjectPaths, facts: Path) -> None:
    path = facts / "003.yaml"
    own = _id_before(path, "disputes: f003-dprk-russia-ammunition-alleged-usa")
    _replace(path, "disputes: f003-dprk-russia-ammunition-alleged-usa", f"disputes: {own}")
    assert re.search(rf"003.yaml:\d+: fact {own}: disputes itself; name another fact", _refused(project_copy))


def test_backfills_must_name_a_transfer(project_copy: ProjectPaths, facts: Path) -> None:
    _replace(
        facts / "002w.yaml",
        "backfills: f002w-poland-weapons-to-ukraine",
        "backfills: f003-rok-reconsider-arms-ban",
    )
    output = _refused(project_copy)
    assert "backfills 'f003-rok-reconsider-arms-ban', a PolicyChange; it must name a Transfer" in output
