"""Benchmark of supply chains at scale: ``find_routes`` (routes with counts, chains on demand)
against the all-chains search it replaces (every product of parallel transfers), cold (first
call on a store: the hop table is read) and warm, South Korea → Ukraine at most 3 hops.

    python bench/bench_chains.py --sizes 10000 100000

Data are the same files as bench_scale.py (``build/bench/synthetic-N.trig``, made on first use).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "build" / "bench"
sys.path.insert(0, str(ROOT))


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def measure(size: int, old_max: int) -> list[str]:
    from kg.chains import find_routes, load_hops
    from kg.chains import table as hop_tables
    from kg.namespaces import entity_iri
    from kg.store import load_store
    from kg.synthetic import write_synthetic
    from tests.support.chains_reference import reference_chains

    path = DATA / f"synthetic-{size}.trig"
    if not path.exists():
        write_synthetic(size, path, ROOT / "build" / "kg.trig")
    load_s, store = timed(lambda: load_store(path))
    source, target = str(entity_iri("ROK")), str(entity_iri("Ukraine"))
    rows = [f"| {size:,} | load {load_s:.1f} s |"]

    def routes() -> list[Any]:
        return find_routes(store, source, target, 3)

    hop_tables._CACHE.clear()
    cold, found = timed(routes)
    warm, found = timed(routes)
    chains = sum(r.combinations for r in found)
    linked = sum(r.linked for r in found if r.hops > 1)
    shown, _ = timed(lambda: [c for r in found for c in r.chains(limit=3)])
    rows.append(
        f"| find_routes | {cold:.2f} s | {warm * 1000:.1f} ms | {len(found):,} routes, {chains:,} chains"
        f" counted, {linked} linked multi-hop; 3 chains a route built in {shown:.2f} s |"
    )
    if size <= old_max:
        old_cold, old = timed(lambda: reference_chains(store, source, target, 3))
        hops = load_hops(store)
        old_warm, _ = timed(lambda: reference_chains(store, source, target, 3, hops=hops))
        rows.append(f"| all chains (before) | {old_cold:.2f} s | {old_warm:.2f} s | {len(old):,} chains |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(f"| peak RSS | {peak:,.0f} MB | | |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--old-max", type=int, default=100_000, help="largest size also run the old way")
    args = parser.parse_args()
    print("| transfers | cold | warm | result |\n|---|---|---|---|")
    for size in args.sizes:
        print("\n".join(measure(size, args.old_max)), flush=True)


if __name__ == "__main__":
    main()
