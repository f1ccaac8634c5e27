"""`kg export`: the built graph for other tools (thin layer over kg.export)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli._common import built
from kg.export import EXPORT_FORMATS


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (atomically). Default: standard output.",
)
@click.pass_context
def export_command(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the built graph: RDF as ttl, trig, nquads or jsonld; the entity network (entities,
    and transfer/relation claims with status, date and quote) as graphml, gexf (Gephi) or csv."""
    from kg.export import export
    from kg.files import write_atomically
    from kg.store import open_store

    paths = built(ctx)
    data = export(open_store(paths), paths, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomically({output: data})
    click.echo(f"wrote {output} ({len(data):,} bytes)", err=True)
