"""`kg add-source`: a new text copied under the naming rule, its record appended to
sources.yaml without touching the rest; every bad input refused with a clear error and
nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.curation import load_curation
from kg.paths import ProjectPaths

ARTICLE = "Seoul weighs artillery for Kyiv\n\nSouth Korea will review its policy, an official said Friday.\n"


def _snapshot(paths: ProjectPaths) -> dict[str, bytes]:
    return {str(p.relative_to(paths.seeds)): p.read_bytes() for p in paths.seeds.rglob("*") if p.is_file()}


def _run(paths: ProjectPaths, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(paths.root), "add-source", *args])
    return result.exit_code, result.output


def test_a_new_text_is_registered_and_loads(project_copy: ProjectPaths, tmp_path: Path) -> None:
    before = (project_copy.seeds / "sources.yaml").read_text(encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, output = _run(
        project_copy, str(article), "--title", "Seoul weighs artillery", "--publisher", "Korea Times",
        "--date", "2024-11-02", "--url", "https://example.org/a",
    )  # fmt: skip
    assert code == 0, output
    digest = hashlib.sha256(ARTICLE.encode()).hexdigest()
    stored = project_copy.seeds / "texts" / f"005_{digest[:16]}.txt"
    assert stored.read_text(encoding="utf-8") == ARTICLE
    after = (project_copy.seeds / "sources.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and order kept: appended only
    assert f'sha256: "{digest}"' in after and 'publisher: "KoreaTimes"' in after
    source = load_curation(project_copy).sources["005"]
    assert source.date.text == "2024-11-02" and source.path == stored


def test_metadata_can_come_from_front_matter(project_copy: ProjectPaths, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        f"---\ntitle: A title\npublisher: AFP\ndate: 2024-06\n---\n{ARTICLE}", encoding="utf-8"
    )
    code, output = _run(project_copy, str(article))
    assert code == 0, output
    source = load_curation(project_copy).sources["005"]
    assert source.title == "A title" and source.publisher == "AFP"
    assert source.text == ARTICLE  # the front matter is not stored


def test_an_edited_registered_text_is_reported(project_copy: ProjectPaths, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert _run(project_copy, str(article), "--title", "T", "--publisher", "AFP", "--date", "2024")[0] == 0
    stored = next((project_copy.seeds / "texts").glob("005_*.txt"))
    stored.write_text(ARTICLE + "More.\n", encoding="utf-8")
    with pytest.raises(Exception, match="has changed since it was registered"):
        load_curation(project_copy)


BAD = [
    ("empty", b"", "the file is empty"),
    ("blank", b"  \n\n", "the file is empty"),
    ("binary", b"PK\x03\x04\x00\x00zip", "a binary file, not text"),
    ("nul", b"Seoul\x00said", "a binary file, not text"),
    ("latin1", "Séoul said".encode("latin-1"), "not UTF-8 text: byte 0xe9 at offset 1"),
    ("registered", None, "already registered as seeds/texts/003_e95ff6fa875bc6d5.txt"),
    ("too-large", b"a" * 2_000_001, "more than the 2,000,000 a source text may have"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_and_nothing_written(
    project_copy: ProjectPaths, tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    article = tmp_path / f"{name}.txt"
    if data is None:
        data = next((project_copy.seeds / "texts").glob("003_*.txt")).read_bytes()
    article.write_bytes(data)
    before = _snapshot(project_copy)
    code, output = _run(project_copy, str(article), "--title", "T", "--publisher", "AFP", "--date", "2024")
    assert code == 9 and output.startswith("Error: ") and message in output, output
    assert _snapshot(project_copy) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--publisher", "AFP", "--date", "2024"], "no title"),
        (["--title", "T", "--publisher", "Nobody Press", "--date", "2024"], "is not an entity"),
        (["--title", "T", "--publisher", "AFP", "--date", "June 2024"], "is not a date"),
    ],
)
def test_missing_or_wrong_metadata_is_refused(
    project_copy: ProjectPaths, tmp_path: Path, args: list[str], message: str
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = _snapshot(project_copy)
    code, output = _run(project_copy, str(article), *args)
    assert code == 9 and message in output, output
    assert _snapshot(project_copy) == before
