"""The `kg` command: a thin layer over the library. Library errors become one
``Error: ...`` line (or one per problem) and a non-zero exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.errors import KgError
from kg.paths import ProjectPaths, project_paths


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


def _paths(ctx: click.Context) -> ProjectPaths:
    return ctx.obj["paths"]


def _built(ctx: click.Context) -> ProjectPaths:
    """The project's paths, once ``build/`` is up to date: the one step by which a reading
    command may build, saying so on stderr."""
    from kg.build import ensure_built  # rdflib and the build stay off `kg --help`

    paths = _paths(ctx)
    ensure_built(paths, notify=lambda line: click.echo(line, err=True))
    return paths


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
    ctx.obj["paths"] = project_paths(root)


@cli.command()
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; for experiments only).")
@click.pass_context
def build(ctx: click.Context, no_validate: bool) -> None:
    """Check the seeds, build the graph, validate it with SHACL and write
    build/kg.ttl and build/kg.trig (atomically; nothing is written on error)."""
    from kg.build import build as run_build

    result = run_build(_paths(ctx), validate=not no_validate)
    quotes = sum(len(q) for q in result.quotes.values())
    click.echo(
        f"{len(result.curation.facts)} facts, {len(result.curation.entities)} entities, "
        f"{quotes} quotes located in {len(result.curation.sources)} documents; "
        f"{result.triple_count()} triples; SHACL: {'conforms' if result.conforms else 'not validated'}"
    )
    for path in result.written:
        click.echo(f"wrote {path}")


@cli.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Counts per class and per source document."""
    from kg.display import format_table
    from kg.stats import graph_stats
    from kg.store import open_store

    result = graph_stats(open_store(_built(ctx)))
    click.echo(f"{result.triples} triples\n")
    click.echo(format_table([{"class": c, "instances": n} for c, n in result.classes]))
    click.echo("")
    rows = [{"source": s, "claim type": t, "claims": n, "title": title} for s, title, t, n in result.sources]
    click.echo(format_table(rows, ["source", "claim type", "claims", "title"]))


@cli.command()
@click.option(
    "--show",
    type=click.Choice(["uncovered", "skipped", "covered", "all"]),
    default="uncovered",
    show_default=True,
    help="Which candidate sentences to list.",
)
@click.option(
    "--min-ratio",
    type=float,
    default=0.9,
    show_default=True,
    help="Exit with status 1 when the share of covered-or-skipped sentences is lower.",
)
@click.pass_context
def coverage(ctx: click.Context, show: str, min_ratio: float) -> None:
    """List sentences naming two or more known entities and the facts that use them."""
    from kg.coverage import coverage_report
    from kg.display import wrap

    report = coverage_report(_paths(ctx))
    for sentence in report.sentences:
        if show != "all" and sentence.status != show:
            continue
        used = ", ".join(sentence.fact_ids) if sentence.fact_ids else f"skip: {sentence.skip_reason or '-'}"
        click.echo(f"{sentence.source_id}:{sentence.line} [{sentence.status}] {used}")
        click.echo(wrap(sentence.text))
    total = len(report.sentences)
    click.echo(
        f"{total} candidate sentences: {report.count('covered')} covered, "
        f"{report.count('skipped')} skipped with a reason, {report.count('uncovered')} uncovered; "
        f"coverage {report.ratio:.1%}"
    )
    if report.ratio < min_ratio:
        raise click.ClickException(f"coverage {report.ratio:.1%} is below {min_ratio:.0%}")


@cli.command()
@click.pass_context
def tour(ctx: click.Context) -> None:
    """A short guided tour of the built graph (what `make demo` prints)."""
    from kg.api import load
    from kg.display import format_table, wrap
    from kg.stats import graph_stats

    graph = load(_built(ctx), rebuild=False)
    result = graph_stats(graph.store)
    click.secho("1. What is in the graph", bold=True)
    click.echo(format_table([{"class": c, "instances": n} for c, n in result.classes[:20]]))
    click.secho("\n2. Indirect supply into Ukraine: backfills, components, end-user sales", bold=True)
    for row in graph.query("indirect-supply", recipient="Ukraine"):  # one row per chain, first quote per hop
        quantity = f" ({row['quantity1']:,})" if row.get("quantity1") else ""
        click.echo(
            f"  {row['supplier']} → {row['via']} → Ukraine: {row['item1']}{quantity}, then {row['item2']}"
            f"  [{row['link']}; {row['status1']} / {row['status2']}]"
        )
        click.echo(wrap(f"“{row['quote1']}”", indent="      "))
    click.secho("\n3. Article 4 of the 2024 DPRK–Russia treaty", bold=True)
    rows = graph.treaty_article("DPRKRussiaTreatyArt4")
    texts = sorted({r["text"] for r in rows if r.get("text")})
    if texts:
        click.echo(f"  text (as quoted): “{texts[0]}”")
    refs = sorted({r["referenceLabel"] for r in rows if r.get("referenceLabel")})
    click.echo(f"  refers to: {', '.join(refs)}")
    click.echo("  more: kg query --list · kg paths 'South Korea' Ukraine · kg show Seoul")


# Command modules, one per concern; each defines click commands and registers
# them on `cli` when imported. Keep this block one line per module.
# --- command modules ---
from kg import cli_data  # noqa: F401
from kg import cli_query  # noqa: F401
from kg import cli_view  # noqa: F401
from kg import cli_export  # noqa: F401
# --- end command modules ---
