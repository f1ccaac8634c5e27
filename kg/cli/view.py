"""`kg view`: write interactive HTML views of the graph into build/views/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.cli._common import built, project

_OUT = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write into (default: build/views/).",
)
_MAX = click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=None,
    help="Show at most this many nodes (best connected first).",
)


def _out(ctx: click.Context, out: Path | None) -> Path:
    return out or project(ctx).build / "views"


def _write(ctx: click.Context, out: Path | None, kind: str, **options: Any) -> None:
    from kg.store import open_store
    from kg.views.site import write_view

    options = {k: v for k, v in options.items() if v is not None}
    view, path = write_view(open_store(built(ctx)), _out(ctx, out), kind, **options)
    click.echo(f"wrote {path} ({view.node_count} nodes, {view.edge_count} edges)")
    if view.note:
        click.echo(f"  note: {view.note}")


@click.group(invoke_without_command=True)
@_OUT
@click.pass_context
def view(ctx: click.Context, out: Path | None) -> None:
    """Write self-contained HTML graph views (open them in any browser, offline).

    With no subcommand: the overview, the DPRK-Russia treaty, South Korea's red
    lines, South Korea's neighbourhood and its supply chains to Ukraine, and an
    index.html linking them."""
    if ctx.invoked_subcommand is not None:
        ctx.obj["out"] = out
        return
    from kg.store import open_store
    from kg.views.site import write_standard_views

    folder = _out(ctx, out)
    for page, path in write_standard_views(open_store(built(ctx)), folder):
        click.echo(f"wrote {path} ({page.node_count} nodes, {page.edge_count} edges)")
    click.echo(f"open {folder / 'index.html'} in a browser")


@view.command()
@_OUT
@_MAX
@click.pass_context
def overview(ctx: click.Context, out: Path | None, max_nodes: int | None) -> None:
    """The whole graph, coloured and shaped by class, with a legend."""
    _write(ctx, out or ctx.obj.get("out"), "overview", max_nodes=max_nodes)


@view.command()
@click.argument("entity")
@click.option(
    "--depth", type=click.IntRange(1, 6), default=1, show_default=True, help="Hops from the entity."
)
@_OUT
@_MAX
@click.pass_context
def ego(ctx: click.Context, entity: str, depth: int, out: Path | None, max_nodes: int | None) -> None:
    """ENTITY (a name, alias or id) and everything within --depth hops."""
    _write(ctx, out or ctx.obj.get("out"), "ego", entity=entity, depth=depth, max_nodes=max_nodes)


@view.command()
@click.argument("source")
@click.argument("target")
@click.option(
    "--max-hops", type=click.IntRange(1, 6), default=3, show_default=True, help="Longest chain to follow."
)
@click.option(
    "--min-hops",
    type=click.IntRange(1, 6),
    default=2,
    show_default=True,
    help="Shortest chain to highlight (1: direct too).",
)
@_OUT
@click.pass_context
def paths(
    ctx: click.Context, source: str, target: str, max_hops: int, min_hops: int, out: Path | None
) -> None:
    """Supply chains from SOURCE to TARGET highlighted, other transfers dimmed."""
    _write(
        ctx,
        out or ctx.obj.get("out"),
        "paths",
        source=source,
        target=target,
        max_hops=max_hops,
        min_hops=min_hops,
    )


@view.command()
@_OUT
@click.pass_context
def treaty(ctx: click.Context, out: Path | None) -> None:
    """The DPRK-Russia treaty: parties, signings, articles; Article 4 and its cross-references."""
    _write(ctx, out or ctx.obj.get("out"), "treaty")


@view.command()
@_OUT
@click.pass_context
def redline(ctx: click.Context, out: Path | None) -> None:
    """South Korea's red lines, the technologies they name, and the evidence about crossing them."""
    _write(ctx, out or ctx.obj.get("out"), "redline")
