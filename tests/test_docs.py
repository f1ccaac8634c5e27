"""Meta-tests that keep the documentation honest."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from kg.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "kg") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    context = click.Context(group)
    for name in group.list_commands(context):  # the `kg` group imports a command's module on demand
        command = group.get_command(context, name)
        assert command is not None, name
        full = f"{prefix} {name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found += _commands(command, full)
    return found


COMMANDS = _commands(cli)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 20, f"{name} has no useful --help text"


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_every_command_appears_in_the_readme(name: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", README), (
        f"`{name}` is not documented in README.md"
    )


def test_readme_opens_with_the_two_commands_a_new_user_runs() -> None:
    start = README.index("## Start here")
    section = README[start : README.index("\n## ", start + 1)]
    assert "make demo" in section and "make test" in section


def _error_classes() -> dict[str, int]:
    from kg import errors

    return {
        name: cls.exit_code
        for name, cls in vars(errors).items()
        if isinstance(cls, type) and issubclass(cls, errors.KgError)
    }


def _exit_code_rows() -> dict[str, str]:
    table = README[README.index("### Exit codes") :]
    return dict(re.findall(r"^\| (\d+) \| .*? \| (.*) \|$", table[: table.index("\n\n", 40)], re.MULTILINE))


def test_the_exit_code_table_lists_exactly_the_codes_the_code_uses() -> None:
    assert set(_exit_code_rows()) == {"0"} | {str(code) for code in _error_classes().values()}


@pytest.mark.parametrize(("name", "code"), sorted(_error_classes().items()))
def test_every_error_class_is_in_its_exit_code_row(name: str, code: int) -> None:
    assert f"`{name}`" in _exit_code_rows()[str(code)]


def test_every_error_class_lives_in_kg_errors() -> None:
    import ast

    package = Path(__file__).resolve().parent.parent / "kg"
    known = set(_error_classes())
    elsewhere = [
        f"{path.name}:{node.name}"
        for path in package.rglob("*.py")
        if path.name != "errors.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
        and any(getattr(base, "id", getattr(base, "attr", "")) in known for base in node.bases)
    ]
    assert elsewhere == []


def test_the_readme_code_map_lists_every_module_of_kg() -> None:
    package = Path(__file__).resolve().parent.parent / "kg"
    modules = {p.relative_to(package.parent).as_posix() for p in package.rglob("*.py")}
    section = README[README.index("## Architecture") : README.index("## Development")]
    mapped = set(re.findall(r"^\| `(kg/[^`]+\.py)` \|", section, re.MULTILINE))
    assert mapped == modules
