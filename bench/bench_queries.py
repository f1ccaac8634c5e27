"""Latency of every named query: embedded Oxigraph vs rdflib's in-memory store (not a test).

Both engines get the same text with the project prefixes declared, the union of all
graphs as default graph (rdflib: ``Dataset(default_union=True)``), and the header's
example parameters bound (Oxigraph: substitutions; rdflib: initBindings). Prints
the median of several runs per query and the rdflib / Oxigraph ratio. rdflib runs
in a forked worker that is stopped after ``--rdflib-timeout`` seconds (its engine
takes minutes on the multi-join chain query), shown as ``>N``.

    .venv/bin/python bench/bench_queries.py [--repeat 5] [--rdflib-timeout 60]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import rdflib

from kg.names import NameIndex
from kg.queries import bind_params, list_queries
from kg.queries.local import evaluate
from kg.queries.remote import with_prefixes
from kg.store import open_store
from kg.worker import call_in_fork


def _median_ms(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _rdflib_ms(dataset: rdflib.Dataset, text: str, init: dict, repeat: int, timeout: float) -> float | None:
    """Median rdflib latency, or None when it ran past the timeout (the worker is killed)."""
    try:  # forked, so the child shares the parsed dataset
        return call_in_fork(
            lambda: _median_ms(lambda: list(dataset.query(text, initBindings=init)), repeat)[0], timeout
        )
    except TimeoutError:
        return None


def _rdflib_term(term: object) -> rdflib.term.Identifier:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    assert isinstance(term, ox.Literal)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per query and engine (median shown)")
    parser.add_argument("--rdflib-timeout", type=float, default=60, help="seconds before rdflib is stopped")
    args = parser.parse_args()

    start = time.perf_counter()
    store = open_store()
    load_ox = (time.perf_counter() - start) * 1000
    from kg.paths import project_paths

    start = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(project_paths().trig, format="trig")
    load_rdflib = (time.perf_counter() - start) * 1000
    print(f"load: oxigraph {load_ox:.0f} ms, rdflib {load_rdflib:.0f} ms ({len(store)} quads)\n")

    names = NameIndex.from_store(store)
    print(f"{'query':18} {'rows':>5} {'oxigraph ms':>12} {'rdflib ms':>10} {'ratio':>7}")
    for query in list_queries():
        bound = bind_params(query, query.example_params, names.resolve)
        text = with_prefixes(query.text)
        ox_ms, result = _median_ms(lambda: evaluate(store, text, bound), args.repeat)  # noqa: B023
        init = {name: _rdflib_term(term) for name, term in bound.items()}
        rdf_ms = _rdflib_ms(dataset, text, init, args.repeat, args.rdflib_timeout)
        rows = len(result.rows())  # type: ignore[attr-defined]
        if rdf_ms is None:  # stopped: show the timeout as a lower bound
            limit = args.rdflib_timeout * 1000
            rdflib_text, ratio = f">{limit:.0f}", f">{limit / max(ox_ms, 1e-3):.0f}×"
        else:
            rdflib_text, ratio = f"{rdf_ms:.1f}", f"{rdf_ms / max(ox_ms, 1e-3):.0f}×"
        print(f"{query.name:18} {rows:>5} {ox_ms:>12.1f} {rdflib_text:>10} {ratio:>7}")


if __name__ == "__main__":
    main()
