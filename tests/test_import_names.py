"""The imports/ folder with hostile names and states: names are names (never paths), one
import per source IRI and per file, the project root is never guessed, and the csv/ttl pair
of an import is never silently half old, half new."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.errors import CurationError, ImportFileError, OutputError, ProjectNotFoundError
from kg.importers import list_imports, remove_import
from kg.importers.sipri import import_sipri
from kg.paths import ProjectPaths, project_paths

REPO = Path(__file__).resolve().parent.parent
REGISTER = Path(__file__).resolve().parent / "fixtures" / "sipri_trade_register.csv"
HEADER = (
    "Recipient,Supplier,Year of order,,Number ordered,,Weapon designation,Weapon description,"
    "Number delivered,,Year(s) of delivery,status,Comments,SIPRI TIV per unit,"
    "SIPRI TIV for total order,SIPRI TIV of delivered weapons"
)
RULE = "an import name is 1 to 64 lower-case letters, digits and hyphens"


def _project(root: Path) -> ProjectPaths:
    for name in ("ontology", "seeds"):
        shutil.copytree(REPO / name, root / name)
    return project_paths(root)


def _register(path: Path, designation: str = "K9 Thunder") -> Path:
    row = f"Poland,South Korea,2022,,212,,{designation},self-propelled gun,96,,2022,New,,4.1,869,394"
    path.write_text(f"Generated: 2025-03-11\n{HEADER}\n{row}\n", encoding="latin-1")
    return path


def _import(paths: ProjectPaths, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(paths.root), "import", *args])
    return result.exit_code, result.output


def _files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


# ------------------------------------------------------------------ names are names


@pytest.mark.parametrize(
    "name", ["../../escaped", "/tmp/kg-abs-import", "sub/dir", "my import", "a>b", ".hidden"]
)
def test_a_name_that_is_not_an_import_name_is_refused_before_anything_is_written(
    tmp_path: Path, name: str
) -> None:
    paths = _project(tmp_path / "project")
    before = _files(tmp_path)
    code, output = _import(paths, "sipri", str(REGISTER), "--name", name)
    assert (code, RULE in output) == (7, True), output
    assert _files(tmp_path) == before
    assert not Path("/tmp/kg-abs-import.ttl").exists()


def test_remove_takes_a_name_not_a_path(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    paths.imports.mkdir()
    code, output = _import(paths, "remove", "../ontology/kg")
    assert (code, RULE in output) == (7, True), output
    assert paths.ontology_file.is_file()


def test_remove_deletes_only_an_import_list_imports_knows(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    paths.imports.mkdir()
    (paths.imports / "notes.csv").write_text("my own file\n")
    with pytest.raises(ImportFileError, match="no import named 'notes'"):
        remove_import("notes", paths)
    assert (paths.imports / "notes.csv").is_file()


def test_the_default_name_is_a_slug_of_the_file_name(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    report = import_sipri(_register(tmp_path / "Trade Register (1).csv"), paths)
    assert report.name == "trade-register-1"
    assert [info.name for info in list_imports(paths)] == ["trade-register-1"]


def test_names_that_share_a_source_iri_are_refused(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    import_sipri(_register(tmp_path / "a.csv"), paths, name="x")
    with pytest.raises(ImportFileError, match="would share kgd:sipri-x with the import 'x'"):
        import_sipri(_register(tmp_path / "b.csv", "K2"), paths, name="sipri-x")
    assert [info.name for info in list_imports(paths)] == ["x"]


def test_a_ttl_under_imports_with_a_bad_name_stops_the_build(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    paths.imports.mkdir()
    (paths.imports / "My Import.ttl").write_text("")
    with pytest.raises(CurationError, match="'My Import' is not an import name"):
        build(paths, write=False, validate=False)


# ------------------------------------------------------------------ one import per file


def test_the_same_file_under_a_second_name_is_refused(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    import_sipri(REGISTER, paths)
    copy = shutil.copy(REGISTER, tmp_path / "trade-register (1).csv")
    code, output = _import(paths, "sipri", str(copy))
    assert code == 7, output
    assert "already imported as 'sipri-trade-register'" in output
    assert [info.name for info in list_imports(paths)] == ["sipri-trade-register"]


# ------------------------------------------------------------------ the pair stays consistent


def test_an_import_killed_between_its_two_renames_is_caught_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _project(tmp_path)
    import_sipri(_register(tmp_path / "r.csv"), paths)
    renames: list[str] = []
    real_replace = os.replace

    def crash_on_second(source: str, target: str | Path) -> None:
        renames.append(str(target))
        if len(renames) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr("kg.files.os.replace", crash_on_second)
    with pytest.raises(OutputError):
        import_sipri(_register(tmp_path / "r.csv", "K2 Black Panther"), paths)
    monkeypatch.undo()
    assert renames[0].endswith("r.csv"), "the csv copy goes first, the ttl that completes the import last"
    with pytest.raises(CurationError, match="changed since it was imported"):
        build(paths, write=False, validate=False)


# ------------------------------------------------------------------ the project root


def test_no_project_here_is_an_error_not_another_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProjectNotFoundError, match="no kg project here"):
        project_paths()


def test_no_project_here_exits_4_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 4
    assert result.output.startswith("Error: no kg project here:")


def test_the_project_is_found_from_a_subfolder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_HOME", raising=False)
    monkeypatch.chdir(REPO / "notebooks")
    assert project_paths().root == REPO
