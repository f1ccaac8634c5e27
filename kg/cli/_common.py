"""What every command module shares: the project folders from the context and the one step by
which a reading command may build. Command modules import this, never the `kg` group."""

from __future__ import annotations

import click

from kg.paths import ProjectPaths

__all__ = ["built", "project"]


def project(ctx: click.Context) -> ProjectPaths:
    """The project folders the `kg` group found (``--root``, ``KG_HOME`` or the working directory)."""
    return ctx.obj["paths"]


def built(ctx: click.Context) -> ProjectPaths:
    """The project's folders once ``build/`` is up to date: the one step by which a reading
    command may build, saying so on stderr (see the README, "When the graph is rebuilt")."""
    from kg.build import ensure_built  # rdflib and the build stay off `kg --help`

    paths = project(ctx)
    ensure_built(paths, notify=lambda line: click.echo(line, err=True))
    return paths
