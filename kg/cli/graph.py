"""`kg build`, `kg stats`, `kg coverage` and `kg tour`: making the graph and seeing what is in it."""

from __future__ import annotations

import click

from kg.cli._common import built, project


@click.command()
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; for experiments only).")
@click.pass_context
def build(ctx: click.Context, no_validate: bool) -> None:
    """Check the seeds, build the graph, validate it with SHACL and write
    build/kg.ttl and build/kg.trig (atomically; nothing is written on error)."""
    from kg.build import build as run_build

    result = run_build(project(ctx), validate=not no_validate)
    quotes = sum(len(q) for q in result.quotes.values())
    click.echo(
        f"{len(result.curation.facts)} facts, {len(result.curation.entities)} entities, "
        f"{quotes} quotes located in {len(result.curation.sources)} documents; "
        f"{result.triple_count()} triples; SHACL: {'conforms' if result.conforms else 'not validated'}"
    )
    for path in result.written:
        click.echo(f"wrote {path}")


@click.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Counts per class and per source document."""
    from kg.display import format_table
    from kg.stats import graph_stats
    from kg.store import open_store

    result = graph_stats(open_store(built(ctx)))
    click.echo(f"{result.triples} triples\n")
    click.echo(format_table([{"class": c, "instances": n} for c, n in result.classes]))
    click.echo("")
    rows = [{"source": s, "claim type": t, "claims": n, "title": title} for s, title, t, n in result.sources]
    click.echo(format_table(rows, ["source", "claim type", "claims", "title"]))


@click.command()
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

    report = coverage_report(project(ctx))
    for sentence in report.sentences:
        if show != "all" and sentence.status != show:
            continue
        used = ", ".join(sentence.fact_ids) if sentence.fact_ids else f"skip: {sentence.skip_reason or '-'}"
        click.echo(f"{sentence.source_id}:{sentence.line} [{sentence.status}] {used}")
        click.echo(wrap(sentence.text))
    total = len(report.sentences)
    click.echo(f"{len(report.events)} attested events, {report.corroborated} told by two or more sources")
    click.echo(
        f"{total} candidate sentences: {report.count('covered')} covered, "
        f"{report.count('skipped')} skipped with a reason, {report.count('uncovered')} uncovered; "
        f"coverage {report.ratio:.1%}"
    )
    if report.ratio < min_ratio:
        raise click.ClickException(f"coverage {report.ratio:.1%} is below {min_ratio:.0%}")


@click.command()
@click.pass_context
def tour(ctx: click.Context) -> None:
    """A short guided tour of the built graph (what `make demo` prints)."""
    from kg.api import load
    from kg.display import format_table, wrap
    from kg.stats import graph_stats

    graph = load(built(ctx), rebuild=False)
    result = graph_stats(graph.store)
    click.secho("1. What is in the graph", bold=True)
    click.echo(format_table([{"class": c, "instances": n} for c, n in result.classes[:20]]))
    click.secho("\n2. Indirect supply into Ukraine: backfills, components, end-user sales", bold=True)
    seen: set[tuple[str, str]] = set()
    for row in graph.query(
        "indirect-supply", recipient="Ukraine"
    ):  # one row per account, first quote per hop
        route = (row["event1"] or row["transfer1"], row["event2"] or row["transfer2"])
        if route in seen:  # the same route told by another source
            continue
        seen.add(route)
        quantity = f" ({row['quantity1']:,})" if row.get("quantity1") else ""
        told = f"; reported by {row['sources1']} sources" if (row.get("sources1") or 1) > 1 else ""
        click.echo(
            f"  {row['supplier']} → {row['via']} → Ukraine: {row['item1']}{quantity}, then {row['item2']}"
            f"  [{row['link']}; {row['status1']} / {row['status2']}{told}]"
        )
        click.echo(wrap(f"“{row['quote1']}”", indent="      "))
    click.secho("\n3. Article 4 of the 2024 DPRK–Russia treaty", bold=True)
    rows = graph.treaty_article("DPRKRussiaTreatyArt4")
    texts = sorted({r["text"] for r in rows if r.get("text")}, key=lambda t: ("Article 51" not in t, t))
    for text in texts:
        click.echo(f"  text (as quoted): “{text}”")
    refs = sorted({r["referenceLabel"] for r in rows if r.get("referenceLabel")})
    click.echo(f"  refers to: {', '.join(refs)}")
    click.echo("  more: kg query --list · kg chains 'South Korea' Ukraine · kg show Seoul")
