"""The `kg` command: a thin layer over the library. Library errors become one
``Error: ...`` line (or one per problem) and the exit code of their class (README, "Exit codes").

The group is defined here and each command module's commands are added to it below; command
modules never import the group, so they can be read and tested alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.cli import curate, data, export, graph, query, view
from kg.errors import KgError

__all__ = ["cli"]


class KgClickError(click.ClickException):
    """A library error shown to the user without a traceback."""

    def __init__(self, error: KgError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


class KgGroup(click.Group):
    """Runs subcommands, turning :class:`KgError` into a clean message and exit code."""

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


for command in (
    graph.build,
    graph.stats,
    graph.coverage,
    graph.tour,
    query.query,
    query.chains,
    query.show,
    query.serve,
    view.view,
    export.export_command,
    data.import_group,
    data.push,
    curate.add_source,
    curate.suggest,
    curate.accept,
):
    cli.add_command(command)
