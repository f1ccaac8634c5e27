"""`kg query`, `kg chains`, `kg show` and `kg serve`: thin commands over kg.queries, kg.api and kg.server."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from kg.cli._common import built, project
from kg.errors import KgError
from kg.queries.results import FORMATS


class NameValue(click.ParamType):
    """A ``NAME=VALUE`` pair, as ``(name, value)``; the value may be empty or hold ``=``."""

    name = "NAME=VALUE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        name, sep, text = str(value).partition("=")
        if not sep or not name.strip():
            self.fail(f"{value!r}: write NAME=VALUE, e.g. --param recipient=Ukraine", param, ctx)
        return name.strip(), text


class Seconds(click.ParamType):
    """A finite, positive number of seconds, at most a day (``0``, ``-1``, ``nan``, ``inf`` are refused).

    >>> Seconds().convert("2.5", None, None)
    2.5
    """

    name = "SECONDS"
    limit = 86_400.0

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not (math.isfinite(seconds) and 0 < seconds <= self.limit):
            self.fail(f"{value!r}: give a number of seconds above 0 and at most {self.limit:g}", param, ctx)
        return seconds


@click.command()
@click.argument("query", required=False)
@click.option("-e", "--expression", help="Inline SPARQL text to run instead of a named query or .rq file.")
@click.option(
    "-p", "--param", "params", type=NameValue(), multiple=True, help="A query parameter (repeatable)."
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Aligned table, SPARQL 1.1 CSV/TSV/JSON results, or Turtle for CONSTRUCT/DESCRIBE.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option(
    "--endpoint",
    metavar="URL",
    help="Run on a remote SPARQL 1.1 endpoint instead of the embedded store "
    "(credentials from KG_SPARQL_USER / KG_SPARQL_PASSWORD).",
)
@click.option(
    "--graph",
    "graphs",
    metavar="IRI",
    multiple=True,
    help="With --endpoint: a graph of the dataset to query (repeatable; FROM). "
    "Default: the named graphs of the local build, as `kg push` sends them.",
)
@click.option(
    "--timeout",
    type=Seconds(),
    default=30.0,
    show_default=True,
    help="Stop the query (and --reason's reasoning) after this many seconds.",
)
@click.option("--reason", is_flag=True, help="Add RDFS/OWL-RL entailments first (slower: several seconds).")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help="At most this many rows (one page of the answer).",
)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows first (with --limit)."
)
@click.option(
    "--cookbook", is_flag=True, help="Print the query cookbook (kg/queries/README.md) generated afresh."
)
@click.pass_context
def query(
    ctx: click.Context,
    query: str | None,
    expression: str | None,
    params: tuple[tuple[str, str], ...],
    fmt: str,
    list_queries: bool,
    endpoint: str | None,
    graphs: tuple[str, ...],
    timeout: float,
    reason: bool,
    limit: int | None,
    offset: int,
    cookbook: bool,
) -> None:
    """Run a named query (`kg query indirect-supply --param recipient=Ukraine`), a .rq file, or
    inline SPARQL (-e). Parameters are bound by the engine, never pasted into the text; entity
    parameters take names, aliases or metonyms (Seoul, ROK, South Korea)."""
    from kg.queries import execute
    from kg.queries import list_queries as named_queries
    from kg.queries.results import format_result

    if list_queries:
        for named in named_queries():
            wanted = " ".join(f"--param {p.name}={p.example!r}" for p in named.params)
            click.echo(f"{named.name:18} {named.title}")
            if wanted:
                click.echo(f"{'':18} {wanted}")
        return
    if cookbook:
        from kg.queries.cookbook import cookbook as make_cookbook
        from kg.store import open_store

        click.echo(make_cookbook(open_store(built(ctx))), nl=False)
        return
    if bool(query) == bool(expression):
        raise click.UsageError("give a query name or .rq file, or -e 'SPARQL' (see --list)")
    # The user said which form the query has: -e is text, a .rq path a file, else a name.
    if expression is not None:
        form: dict[str, Any] = {"text": expression}
    elif query is not None and query.endswith(".rq"):
        form = {"file": Path(query)}
    else:
        form = {"name": query}
    # a remote query needs the local graph only to resolve entity names and to name its graphs
    paths = built(ctx) if endpoint is None or params or not graphs else project(ctx)
    store = None
    if reason and endpoint is None:  # reasoning counts against the same --timeout
        from kg.queries.local import open_reasoned

        store, timeout = open_reasoned(paths, timeout)

    def run(limit_s: float | None) -> Any:
        return execute(
            **form, params=dict(params), endpoint=endpoint, timeout=limit_s, store=store, paths=paths,
            graphs=list(graphs) or None, limit=limit, offset=offset,
        )  # fmt: skip

    if endpoint is None:  # no worker process: a watchdog ends the command when time is up
        from kg.queries.local import timeout_error
        from kg.worker import call_with_watchdog

        result = call_with_watchdog(
            lambda: run(None), timeout, on_expiry=lambda: _exit(timeout_error(timeout))
        )
    else:  # the endpoint's request carries the timeout
        result = run(timeout)
    click.echo(format_result(result, fmt))


def _exit(error: KgError) -> NoReturn:
    """End the process at once with ``error``'s line and exit code, as the `kg` group would: the
    thread evaluating the query cannot be stopped, so the process ends without waiting for it."""
    click.echo(f"Error: {error}", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(error.exit_code)


@click.command()
@click.argument("source")
@click.argument("target")
@click.option(
    "--max-hops", type=click.IntRange(1, 6), default=3, show_default=True, help="Longest route to look for."
)
@click.option(
    "--linked-only",
    is_flag=True,
    help="Only routes whose hops are explicitly tied (backfill, component, end-user).",
)
@click.option(
    "--per-route",
    type=click.IntRange(0),
    default=3,
    show_default=True,
    help="Chains listed under each route (tied ones first).",
)
@click.option("--all", "every", is_flag=True, help="List every chain of every route.")
@click.pass_context
def chains(
    ctx: click.Context,
    source: str,
    target: str,
    max_hops: int,
    linked_only: bool,
    per_route: int,
    every: bool,
) -> None:
    """Supply routes from SOURCE to TARGET (names, aliases or metonyms), each once with its count
    of parallel transfers and chains, and its chains hop by hop (status, quote, source title);
    routes tied by backfill, components or end-user first."""
    from kg.api import load
    from kg.display import format_chain, format_route, summarise_routes

    graph = load(built(ctx), rebuild=False, notify=lambda line: click.echo(line, err=True))
    routes = graph.routes(source, target, max_hops=max_hops)
    if linked_only:
        routes = [r for r in routes if r.linked]
    if not routes:
        click.echo(f"no route of at most {max_hops} hops from {source} to {target}")
        return
    number = 0
    for index, route in enumerate(routes, start=1):
        click.echo(format_route(route, index))
        limit = None if every else per_route
        shown = route.linked_chains()[:limit] if linked_only else route.chains(limit=limit)
        for chain in shown:
            number += 1
            click.echo(format_chain(chain, number))
        more = (route.linked if linked_only else route.combinations) - len(shown)
        if more > 0:
            click.echo(f"   … {more} more chain{'s' if more > 1 else ''} on this route (--all lists them)")
        click.echo("")
    click.echo(summarise_routes(routes, linked_only=linked_only))


@click.command()
@click.argument("entity")
@click.pass_context
def show(ctx: click.Context, entity: str) -> None:
    """An entity card: type, aliases, relations in and out, the claims it appears in (grouped by
    type) and their sources. ENTITY is a label, alias, metonym or id (Seoul, ROK, South Korea)."""
    from kg.api import load
    from kg.display import format_entity_card

    click.echo(format_entity_card(load(built(ctx), rebuild=False).entity(entity)))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free port)."
)
@click.option(
    "--allow-remote", is_flag=True, help="Allow a non-loopback --host (exposes the graph to the network)."
)
@click.option(
    "--timeout", type=Seconds(), default=30.0, show_default=True, help="Per-query timeout in seconds."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Queries evaluated at once (one process each); others wait up to --timeout.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, allow_remote: bool, timeout: float, workers: int) -> None:
    """A read-only SPARQL 1.1 Protocol endpoint over the built graph, with the offline query page.
    The default graph is the union of all graphs; updates are refused; a query over --timeout
    is stopped and answered 503. Ctrl-C, SIGTERM or SIGHUP stops it."""
    import signal

    from kg.errors import ServeError
    from kg.server import start_server

    server = start_server(
        built(ctx), host=host, port=port, allow_remote=allow_remote, timeout_s=timeout, workers=workers
    )

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    try:
        click.echo(
            f"query page: {server.url}\nSPARQL endpoint: {server.query_url}  (read-only; Ctrl-C to stop)"
        )
        code = server.process.wait()
        how = f"was killed by signal {-code}" if code < 0 else f"stopped with exit code {code}"
        raise ServeError(f"the endpoint on port {server.port} {how}: {server.last_words() or 'no message'}")
    except KeyboardInterrupt:
        click.echo("stopping")
    finally:
        server.stop()
