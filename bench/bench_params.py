"""How a query's parameters reach Oxigraph, and what the planner makes of it.

For each named query with parameters (their header examples, resolved on the graph), on one
dataset loaded in memory: pyoxigraph ``substitutions`` (joined in at the root after
planning), a ``VALUES`` block or ``BIND``s at the start of the WHERE clause, and the values
written in as constants (:func:`kg.queries.inline.inlined`, what ``kg query`` does). Each
figure is the median of ``--runs`` runs; every form must give the same rows.

    python bench/bench_params.py build/bench/synthetic-100000.trig [--runs 3] [--queries timeline claims]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.iris import PREFIXES
from kg.names import NameIndex
from kg.queries.inline import inline_terms
from kg.queries.library import get_query, list_queries
from kg.queries.params import Term, bind_params
from kg.queries.remote import inject_values

ROOT = Path(__file__).resolve().parent.parent


def bind_first(text: str, bound: Mapping[str, Term]) -> str:
    """``BIND(term AS ?x)`` for each value at the start of the WHERE clause."""
    brace = inject_values(text, {"_": ox.Literal("")}).index(" VALUES (")  # where VALUES would go
    binds = "".join(f" BIND({term} AS ?{name})" for name, term in bound.items())
    return text[:brace] + binds + text[brace:]


def timed(store: ox.Store, text: str, subs: Mapping[str, Term], runs: int) -> tuple[float, list[str]]:
    times, rows = [], []
    for _ in range(runs):
        start = time.perf_counter()
        answer = store.query(
            text,
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
            substitutions={ox.Variable(k): v for k, v in subs.items()},
        )
        rows = sorted(repr(list(row)) for row in answer)
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trig", type=Path, nargs="?", default=ROOT / "build" / "kg.trig")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", nargs="*", help="named queries (default: every one with parameters)")
    args = parser.parse_args()
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(args.trig), format=ox.RdfFormat.TRIG)
    print(f"{args.trig}: {len(store):,} quads loaded in {time.perf_counter() - started:.1f} s")
    resolve = NameIndex.for_store(store).resolve
    names = args.queries or [q.name for q in list_queries() if q.params]
    print(f"{'query':17} {'substitutions':>14} {'VALUES first':>13} {'BIND first':>11} {'constants':>10}")
    for name in names:
        query = get_query(name)
        bound = bind_params(query, query.example_params, resolve)
        forms = [
            (query.text, bound),
            (inject_values(query.text, bound), {}),
            (bind_first(query.text, bound), {}),
            (inline_terms(query.text, bound) or query.text, {}),
        ]
        results = [timed(store, text, subs, args.runs) for text, subs in forms]
        same = all(rows == results[0][1] for _, rows in results)
        cells = " ".join(
            f"{seconds:>{width}.3f}" for (seconds, _), width in zip(results, (14, 13, 11, 10), strict=True)
        )
        print(f"{name:17} {cells}  s, {len(results[0][1])} rows{'' if same else '  ANSWERS DIFFER'}")


if __name__ == "__main__":
    main()
