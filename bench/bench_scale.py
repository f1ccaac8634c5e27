"""Benchmarks at scale: load rate, named-query latency, chains() latency and peak memory.

For each size (synthetic transfers from kg/synthetic.py) a fresh child process
loads the dataset and measures, so peak RSS is per size:

- load rate (triples/s): our loader (``kg.store.load_store``) vs raw pyoxigraph ``bulk_load``;
- each named query with its example parameters: our layer (``kg.queries.run_query``, rows as
  plain Python values, names resolved) vs raw pyoxigraph (same text, pre-bound terms, rows
  materialised) at every size, and vs rdflib's in-memory store at the smallest size;
- ``kg.chains.find_chains`` South Korea → Ukraine, at most 3 hops;
- peak resident memory of the child.

Every measurement runs in a forked worker killed after ``--timeout`` seconds
(a signal cannot interrupt a query inside Oxigraph); a killed one is shown as ``>T``.

    python bench/bench_scale.py --sizes 10000 100000 [--json bench/results.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_size import raw_rows  # the same raw measurement as make bench

from kg.worker import call_in_fork

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "build" / "bench"  # generated data is large and not committed


# ------------------------------------------------------------------ timing


def _timed_call(function: Callable[[], Any]) -> tuple[float | None, Any]:
    start = time.perf_counter()
    try:
        result = function()
    except Exception as error:  # a benchmark reports any failure and goes on
        return None, f"{type(error).__name__}: {error}"
    return time.perf_counter() - start, result


def timed(function: Callable[[], Any], timeout: float) -> tuple[float | None, Any]:
    """Seconds ``function`` took in a forked worker (None when killed after ``timeout``), and its result."""
    try:
        return call_in_fork(lambda: _timed_call(function), timeout)
    except (TimeoutError, ChildProcessError):
        return None, None


def best_of(function: Callable[[], Any], runs: int, timeout: float) -> tuple[float | None, Any]:
    times, result = [], None
    for _ in range(runs):
        seconds, result = timed(function, timeout)
        if seconds is None:
            return None, result
        times.append(seconds)
    return min(times), result


# ------------------------------------------------------------------ one size


def measure(size: int, timeout: float, runs: int, rdflib_max: int) -> dict[str, Any]:
    import pyoxigraph as ox

    from kg.chains import find_chains
    from kg.names import NameIndex
    from kg.namespaces import PREFIXES, entity_iri
    from kg.queries import bind_params, list_queries, run_query
    from kg.store import load_store
    from kg.synthetic import write_synthetic

    path = DATA / f"synthetic-{size}.trig"
    seed_trig = ROOT / "build" / "kg.trig"
    if not path.exists():
        start = time.perf_counter()
        write_synthetic(size, path, seed_trig)
        print(f"  generated {path.name} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    out: dict[str, Any] = {"size": size, "queries": {}}

    # Alternate the two loaders twice and keep each one's best: the first read of the
    # file also warms the page cache, which would favour whichever loader ran second.
    raw_times, our_times, triples = [], [], 0
    for attempt in range(2):
        start = time.perf_counter()
        raw = ox.Store()
        raw.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        raw_times.append(time.perf_counter() - start)
        triples = len(raw)
        del raw
        start = time.perf_counter()
        store = load_store(path)
        our_times.append(time.perf_counter() - start)
        if attempt == 0:
            del store
    raw_load, our_load = min(raw_times), min(our_times)
    out.update(triples=triples, raw_load_s=raw_load, our_load_s=our_load)
    print(f"  loaded {triples} quads: raw {raw_load:.1f} s, ours {our_load:.1f} s", file=sys.stderr)

    index = NameIndex.from_store(store)
    rdf_dataset = None
    if size <= rdflib_max:
        from rdflib import Dataset

        start = time.perf_counter()
        rdf_dataset = Dataset(default_union=True)
        rdf_dataset.parse(path, format="trig")
        out["rdflib_load_s"] = time.perf_counter() - start
    for query in list_queries():
        params = query.example_params
        bound = bind_params(query, params, index.resolve)
        subs = {ox.Variable(k): v for k, v in bound.items()}

        # Raw pyoxigraph on the same loaded store: the difference is only our layer's work.
        def raw_run(text: str = query.text, subs: dict[Any, Any] = subs) -> int:
            return raw_rows(store, text, subs)

        def ours(name: str = query.name, params: dict[str, str] = params) -> int:
            return len(run_query(name, params, store=store))

        row: dict[str, Any] = {}
        row["ours_s"], row["rows"] = best_of(ours, runs, timeout)
        row["raw_s"], _ = best_of(raw_run, runs, timeout)
        if rdf_dataset is not None:
            from rdflib import Literal, URIRef

            def rdflib_run(
                text: str = query.text, bound: dict[str, Any] = bound, data: Any = rdf_dataset
            ) -> int:
                bindings = {
                    k: URIRef(v.value)
                    if isinstance(v, ox.NamedNode)
                    else Literal(v.value, datatype=URIRef(v.datatype.value))
                    for k, v in bound.items()
                }
                result = data.query(text, initNs=PREFIXES, initBindings=bindings)
                return len(list(result))

            row["rdflib_s"], _ = best_of(rdflib_run, 1, timeout)
        out["queries"][query.name] = row
        print(f"  {query.name}: {row}", file=sys.stderr)
    source, target = str(entity_iri("ROK")), str(entity_iri("Ukraine"))
    out["chains_s"], out["chains"] = timed(
        lambda: len(find_chains(store, source, target, max_hops=3)), timeout
    )
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ------------------------------------------------------------------ report


def _fmt(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f">{timeout:g} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(ours: float | None, raw: float | None) -> str:
    if ours is None or raw is None or raw == 0:
        return "-"
    return f"{ours / raw:.2f}×"


def report(results: list[dict[str, Any]], timeout: float) -> str:
    lines = [f"machine: {machine()}", ""]
    lines.append(
        "| transfers | quads | raw load | our load | raw triples/s | our triples/s | ratio | peak RSS |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for r in results:
        lines.append(
            f"| {r['size']:,} | {r['triples']:,} | {r['raw_load_s']:.2f} s | {r['our_load_s']:.2f} s "
            f"| {r['triples'] / r['raw_load_s']:,.0f} | {r['triples'] / r['our_load_s']:,.0f} "
            f"| {_ratio(r['our_load_s'], r['raw_load_s'])} | {r['peak_rss_mb']:,.0f} MB |"
        )
    lines.append("")
    names = sorted({name for r in results for name in r["queries"]})
    header = "| query | " + " | ".join(
        f"{r['size']:,}: ours / raw / ratio" + (" / rdflib" if "rdflib_load_s" in r else "") for r in results
    )
    lines.append(header + " |")
    lines.append("|---|" + "---|" * len(results))
    for name in names:
        cells = []
        for r in results:
            q = r["queries"].get(name, {})
            cell = f"{_fmt(q.get('ours_s'), timeout)} / {_fmt(q.get('raw_s'), timeout)} / "
            cell += _ratio(q.get("ours_s"), q.get("raw_s"))
            if "rdflib_load_s" in r:
                cell += f" / {_fmt(q.get('rdflib_s'), timeout)}"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    chains = " | ".join(f"{_fmt(r['chains_s'], timeout)} ({r['chains']} chains)" for r in results)
    lines.append(f"| chains() ROK→Ukraine ≤3 hops | {chains} |")
    return "\n".join(lines)


def _first(path: str, key: str) -> str | None:
    try:
        with open(path) as lines:
            return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(key)), None)
    except OSError:
        return None


def machine() -> str:
    """CPU, cores, memory, OS and library versions, for the results table."""
    import os

    import pyoxigraph
    import rdflib

    cpu = _first("/proc/cpuinfo", "model name") or platform.machine()
    memory = _first("/proc/meminfo", "MemTotal")
    ram = f", {int(memory.split()[0]) / 1024 / 1024:.0f} GB RAM" if memory else ""
    versions = f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}"
    versions += f", rdflib {rdflib.__version__}"
    return f"{cpu}, {os.cpu_count()} cores{ram}; {platform.system()} {platform.release()}; {versions}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per measurement")
    parser.add_argument("--runs", type=int, default=3, help="runs per query (best is reported)")
    parser.add_argument("--rdflib-max", type=int, default=10_000, help="largest size also run on rdflib")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.timeout, args.runs, args.rdflib_max)))
        return
    results = []
    for size in args.sizes:
        print(f"size {size:,}", file=sys.stderr)
        command = [sys.executable, __file__, "--one", str(size), "--timeout", str(args.timeout)]
        command += ["--runs", str(args.runs), "--rdflib-max", str(args.rdflib_max)]
        done = subprocess.run(command, capture_output=False, stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            print(f"size {size:,} failed with exit code {done.returncode}", file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    print(report(results, args.timeout))


if __name__ == "__main__":
    main()
