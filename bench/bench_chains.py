"""Benchmark of supply chains at scale: ``find_routes`` (routes with counts, chains on demand),
South Korea → Ukraine at most 3 hops, on a store loaded from a synthetic TriG: cold with the hop
table scanned from the store (a store with no hop file: an as-of view, one made in memory),
cold with it read from the hop file written next to the TriG (what a store opened from
``kg build`` reads: :func:`kg.chains.hopfile.save_hop_table` writes it here), and warm; and,
up to ``--old-max``, the all-chains search routes replaced (every product of parallel transfers).

    python bench/bench_chains.py --sizes 10000 100000

Data are the same files as bench_scale.py (``build/bench/synthetic-N.trig``, made on first use;
``synthetic-N.hops`` is written beside each).
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
    import pyoxigraph as ox

    from kg.chains import HopTable, find_routes, load_hops
    from kg.chains.hopfile import read_hop_file, save_hop_table
    from kg.namespaces import entity_iri
    from kg.store import derived, load_store, trig_identity
    from kg.synthetic import write_synthetic
    from tests.support.chains_reference import reference_chains

    path = DATA / f"synthetic-{size}.trig"
    if not path.exists():
        write_synthetic(size, path, ROOT / "build" / "kg.trig")
    hops = path.with_suffix(".hops")
    hops.unlink(missing_ok=True)
    load_s, store = timed(lambda: load_store(path, track=True))
    source, target = str(entity_iri("ROK")), str(entity_iri("Ukraine"))
    rows = [f"| {size:,} | load {load_s:.1f} s | | |"]

    def routes() -> list[Any]:
        return find_routes(store, source, target, 3)

    def forget() -> None:  # the hop table is kept for the last store: make another one the last
        derived(ox.Store(), "nothing", lambda _: None)

    scan_cold, found = timed(routes)  # no hop file yet: the table is scanned
    write_s, _ = timed(lambda: save_hop_table(store, path))
    forget()
    file_cold, found = timed(routes)
    warm, found = timed(routes)
    read_s, columns = timed(lambda: read_hop_file(hops, trig_identity(path)))
    index_s, _ = timed(lambda: HopTable(store, columns))
    chains = sum(r.combinations for r in found)
    linked = sum(r.linked for r in found if r.hops > 1)
    shown, _ = timed(lambda: [c for r in found for c in r.chains(limit=3)])
    rows.append(
        f"| find_routes, table scanned | {scan_cold:.2f} s | {warm * 1000:.1f} ms | {len(found):,} routes,"
        f" {chains:,} chains counted, {linked} linked multi-hop |"
    )
    rows.append(
        f"| find_routes, table from hop file | {file_cold:.2f} s | {warm * 1000:.1f} ms | {len(columns):,}"
        f" hops; file {hops.stat().st_size / 2**20:.1f} MB written in {write_s:.2f} s, read in"
        f" {read_s:.2f} s, indexed in {index_s:.2f} s; 3 chains a route built in {shown:.2f} s |"
    )
    if size <= old_max:
        old_cold, old = timed(lambda: reference_chains(store, source, target, 3))
        every = load_hops(store)
        old_warm, _ = timed(lambda: reference_chains(store, source, target, 3, hops=every))
        rows.append(f"| all chains (before) | {old_cold:.2f} s | {old_warm:.2f} s | {len(old):,} chains |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(f"| peak RSS | {peak:,.0f} MB | | |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--old-max", type=int, default=10_000, help="largest size also run the old way")
    args = parser.parse_args()
    print("| transfers | cold | warm | result |\n|---|---|---|---|")
    for size in args.sizes:
        print("\n".join(measure(size, args.old_max)), flush=True)


if __name__ == "__main__":
    main()
