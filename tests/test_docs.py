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
    for name, command in sorted(group.commands.items()):
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


def test_every_exit_code_is_in_the_readme_table() -> None:
    from kg import errors

    codes = {
        cls.exit_code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.KgError)
    }
    table = README[README.index("### Exit codes") :]
    for code in codes:
        assert re.search(rf"^\| {code} \|", table, re.MULTILINE), f"exit code {code} missing from README"


def test_the_readme_code_map_lists_every_module_of_kg() -> None:
    package = Path(__file__).resolve().parent.parent / "kg"
    modules = {p.relative_to(package.parent).as_posix() for p in package.rglob("*.py")}
    section = README[README.index("## Architecture") : README.index("## Development")]
    mapped = set(re.findall(r"^\| `(kg/[^`]+\.py)` \|", section, re.MULTILINE))
    assert mapped == modules
