"""Write a synthetic dataset for the scale benchmarks: the seed build plus N transfers.

A command line over :func:`kg.synthetic.write_synthetic` (which ``bench/bench_scale.py``
calls directly); see :mod:`kg.synthetic` for what the data holds.

    python bench/generate.py 100000   # writes build/bench/synthetic-100000.trig
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.synthetic import write_synthetic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("transfers", type=int, help="number of synthetic transfers (10000, 100000, 1000000)")
    parser.add_argument("-o", "--output", type=Path, help="TriG file (default build/bench/synthetic-N.trig)")
    parser.add_argument(
        "--seed-trig", type=Path, default=Path("build/kg.trig"), help="the seed build to extend"
    )
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    output = args.output or Path(f"build/bench/synthetic-{args.transfers}.trig")
    start = time.perf_counter()
    options = {"states": args.states, "items": args.items, "seed": args.seed}
    count = write_synthetic(args.transfers, output, args.seed_trig, **options)
    print(f"wrote {count} quads to {output} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
