"""`kg add-source`, `kg suggest` and `kg accept`: the curator's path from a new article to
accepted facts, thin commands over kg.sources_registry and kg.suggest."""

from __future__ import annotations

import time
from pathlib import Path

import click

from kg.cli._common import project

__all__ = ["accept", "add_source", "suggest"]


@click.command("add-source")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="The article's title.")
@click.option("--publisher", help="The publisher: an entity id, label or alias in seeds/entities.yaml.")
@click.option("--date", "date", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--url", help="Where the article was read.")
@click.option("--kind", help="news-article (default), wire-story, interview, policy-analysis, ...")
@click.option("--author", "authors", multiple=True, help="An author (repeat for several).")
@click.option("--date-note", help="How the date was found, when it is inferred.")
@click.pass_context
def add_source(
    ctx: click.Context,
    file: Path,
    title: str | None,
    publisher: str | None,
    date: str | None,
    url: str | None,
    kind: str | None,
    authors: tuple[str, ...],
    date_note: str | None,
) -> None:
    """Copy FILE into seeds/texts/ as NNN_<sha256 prefix>.txt and append its metadata and
    SHA-256 to seeds/sources.yaml. Metadata may also come from a front-matter block (--- lines)
    at the top of FILE. Refuses (writing nothing) a file already registered, empty, binary,
    not UTF-8 or too large."""
    from kg.sources_registry import add_source as register

    paths = project(ctx)
    new = register(
        paths,
        file,
        title=title,
        publisher=publisher,
        date=date,
        url=url,
        kind=kind,
        authors=list(authors),
        date_note=date_note,
    )
    click.echo(f"registered source {new.id}: seeds/{new.record['file']} (sha256 {new.sha256[:16]}…)")
    click.echo(f"next: kg suggest {new.id}")


@click.command("suggest")
@click.argument("doc")
@click.option("--force", is_flag=True, help="Replace an existing draft (never an accepted fact file).")
@click.pass_context
def suggest(ctx: click.Context, doc: str, force: bool) -> None:
    """Write a draft fact file, seeds/facts/drafts/DOC.yaml, for the registered document DOC:
    sentences, entity mentions, proposed new entities, dates, quantities and candidate facts,
    each marked `suggested:` with its confidence and quote, for the curator to edit and then
    `kg accept DOC`. `kg build` never reads drafts."""
    from kg.suggest import write_draft

    paths = project(ctx)
    started = time.perf_counter()
    path, draft = write_draft(paths, doc, force=force)
    seconds = time.perf_counter() - started
    click.echo(
        f"wrote {path.relative_to(paths.root)}: {len(draft.facts)} facts, {len(draft.entities)} new "
        f"entities, {len(draft.review)} mentions to review ({seconds:.2f} s)"
    )
    click.echo(f"edit it, then: kg accept {doc}")


@click.command("accept")
@click.argument("doc")
@click.pass_context
def accept(ctx: click.Context, doc: str) -> None:
    """Accept the edited draft of DOC: drop the `suggested:` markers and the review list, check
    the result as `kg build` would, and move it to seeds/facts/DOC.yaml (never over an
    accepted file)."""
    from kg.suggest.draft import accept_draft

    paths = project(ctx)
    path, count = accept_draft(paths, doc)
    click.echo(f"accepted {count} facts into {path.relative_to(paths.root)}; run kg build")
