"""`kg import` (datasets kept under imports/) and `kg push` (to a SPARQL 1.1 graph store)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli._common import built, project


@click.group(name="import")
def import_group() -> None:
    """Bring outside datasets into the graph. Each import is kept as imports/<name>.ttl
    (plus a copy of the source file) and is part of every later `kg build`, `kg query`,
    `kg chains` and `kg view`; importing the same file again replaces it."""


@import_group.command(name="list")
@click.pass_context
def import_list(ctx: click.Context) -> None:
    """List the imports kept under imports/."""
    from kg.importers import list_imports

    imports = list_imports(project(ctx))
    for info in imports:
        click.echo(f"{info.name}\t{info.transfers} transfers\tfrom {info.source_file}\t{info.ttl}")
    if not imports:
        click.echo("no imports")


@import_group.command(name="remove")
@click.argument("name")
@click.pass_context
def import_remove(ctx: click.Context, name: str) -> None:
    """Remove the import NAME (its files under imports/); the next build leaves it out."""
    from kg.importers import remove_import

    for path in remove_import(name, project(ctx)):
        click.echo(f"removed {path}")


@import_group.command(name="sipri")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="Keep the import under this name (default: from the file name).")
@click.pass_context
def import_sipri_command(ctx: click.Context, csv_file: Path, name: str | None) -> None:
    """Import a SIPRI Arms Transfers Database trade-register CSV export (Latin-1).

    Rows that cannot be read are listed with their line numbers and skipped;
    suppliers and recipients are matched to known entities by name or alias,
    and entities that had to be created are listed."""
    from kg.importers.sipri import import_sipri

    with click.progressbar(length=1, label=f"reading {csv_file.name}", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        report = import_sipri(csv_file, project(ctx), name=name, progress=progress)
    for problem in report.problems:
        click.echo(f"skipped {csv_file}:{problem.line}: {problem.reason}", err=True)
    for entity in report.created:
        click.echo(f"new entity kgr:{entity.id} ({entity.type}): {entity.label}")
    action = "replaced" if report.replaced else "imported"
    click.echo(
        f"{action} {report.name}: {report.transfers} transfers, {len(report.problems)} rows skipped, "
        f"{len(report.created)} new entities; wrote {report.ttl}"
    )


@click.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph), "
    "http://host:3030/ds/data (Fuseki). Credentials: KG_SPARQL_USER / KG_SPARQL_PASSWORD.",
)
@click.option(
    "--graph",
    metavar="IRI",
    help="Load the whole dataset into this one named graph instead of one graph per named graph.",
)
@click.option(
    "--check",
    "query_endpoint",
    metavar="URL",
    help="The store's SPARQL query endpoint: after the push, count each graph's triples there "
    "and fail (exit 8) unless they are what was sent.",
)
@click.option("--timeout", type=float, default=300, show_default=True, help="Seconds per HTTP request.")
@click.pass_context
def push(
    ctx: click.Context, endpoint: str, graph: str | None, query_endpoint: str | None, timeout: float
) -> None:
    """Load the built dataset into a SPARQL 1.1 store with the Graph Store HTTP
    Protocol (rebuilding first if needed). Each named graph replaces the graph of
    the same IRI in the store; large graphs go in several requests of at most 4 MB."""
    from kg.push import push_dataset

    def progress(name: str, triples: int) -> None:
        click.echo(f"{triples:>9} triples → {name}", err=True)

    report = push_dataset(
        endpoint, built(ctx), graph=graph, timeout=timeout, progress=progress, query_endpoint=query_endpoint
    )
    click.echo(f"pushed {report.triples} triples in {len(report.graphs)} graphs to {endpoint}")
