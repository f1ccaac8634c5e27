"""The `kg` command: a thin layer over the library. Library errors become one
``Error: ...`` line (or one per problem) and the exit code of their class (README, "Exit codes").

The group is defined here and names each command's module (:data:`COMMANDS`), imported when
that command runs, so `kg query` pays for no other command's imports; command modules never
import the group, so they can be read and tested alone.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

import click

from kg.errors import KgError

__all__ = ["COMMANDS", "cli"]

# Command name -> (module, function); `kg --help` lists them sorted, as click does.
COMMANDS = {
    "build": ("kg.cli.graph", "build"),
    "stats": ("kg.cli.graph", "stats"),
    "coverage": ("kg.cli.graph", "coverage"),
    "tour": ("kg.cli.graph", "tour"),
    "query": ("kg.cli.query", "query"),
    "chains": ("kg.cli.query", "chains"),
    "show": ("kg.cli.query", "show"),
    "serve": ("kg.cli.query", "serve"),
    "view": ("kg.cli.view", "view"),
    "export": ("kg.cli.export", "export_command"),
    "import": ("kg.cli.data", "import_group"),
    "push": ("kg.cli.data", "push"),
    "add-source": ("kg.cli.curate", "add_source"),
    "suggest": ("kg.cli.curate", "suggest"),
    "accept": ("kg.cli.curate", "accept"),
}


class KgClickError(click.ClickException):
    """A library error shown to the user without a traceback."""

    def __init__(self, error: KgError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


class KgGroup(click.Group):
    """Runs subcommands, turning :class:`KgError` into a clean message and exit code; a
    command's module is imported when the command is first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, function = COMMANDS[cmd_name]
            self.add_command(getattr(import_module(module), function), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            raise KgClickError(error) from None


@click.group(cls=KgGroup)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_HOME",
    help="Project folder (holding ontology/ and seeds/). Default: found from the working directory.",
)
@click.version_option(package_name="kg")
@click.pass_context
def cli(ctx: click.Context, root: Path | None) -> None:
    """Knowledge graph of Russia - North Korea - South Korea - Ukraine relations,
    built from source texts with a checked quote behind every fact."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = root  # found when a command needs it, so `kg CMD --help` works anywhere
