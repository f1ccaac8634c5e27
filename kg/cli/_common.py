"""What every command module shares: the project folders from the context and the one step by
which a reading command may build. Command modules import this, never the `kg` group."""

from __future__ import annotations

import click

from kg.paths import ProjectPaths, project_paths

__all__ = ["built", "project"]


def project(ctx: click.Context) -> ProjectPaths:
    """The project folders (``--root``, ``KG_HOME`` or the working directory and its parents);
    raises :class:`~kg.errors.ProjectNotFoundError` when there is none."""
    if "paths" not in ctx.obj:
        ctx.obj["paths"] = project_paths(ctx.obj.get("root"))
    return ctx.obj["paths"]


def built(ctx: click.Context) -> ProjectPaths:
    """The project's folders once ``build/`` is up to date: the one step by which a reading
    command may build, saying so on stderr (see the README, "When the graph is rebuilt")."""
    from kg.build import ensure_built  # rdflib and the build stay off `kg --help`

    paths = project(ctx)
    ensure_built(paths, notify=lambda line: click.echo(line, err=True))
    return paths
