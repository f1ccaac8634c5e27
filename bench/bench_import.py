"""Benchmark of a whole SIPRI register: a synthetic trade register of N rows
(:mod:`kg.synthetic_register`) through ``kg import sipri FILE --name big``, then ``kg build``
(with SHACL), then ``kg query direct-transfers`` after it, each a whole ``python -m kg``
process in a scratch copy of ontology/ and seeds/, with its peak RSS and the issue's targets.

    python bench/bench_import.py --rows 40000
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGETS = {"import": 30.0, "build": 120.0, "query": 0.3}


def run(step: str, args: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak RSS (kB) of one ``python -m kg`` process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_HOME": str(cwd)}
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{step} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40000)
    args = parser.parse_args()
    from kg.synthetic_register import synthetic_register

    with tempfile.TemporaryDirectory(prefix="kg-bench-import-") as scratch:
        project = Path(scratch)
        for name in ("ontology", "seeds"):
            shutil.copytree(ROOT / name, project / name)
        register = project / "register.csv"
        register.write_bytes(synthetic_register(args.rows))
        steps = {
            "import": ["import", "sipri", str(register), "--name", "big"],
            "build": ["build"],
            "query": ["query", "direct-transfers", "-p", "supplier=North Korea", "-p", "recipient=Russia"],
        }
        print(f"rows: {args.rows}  ({register.stat().st_size / 2**20:.1f} MiB of CSV)")
        print("| step | seconds | target | peak RSS (children so far) |")
        print("|---|---|---|---|")
        for step, command in steps.items():
            seconds, peak = run(step, command, project)
            verdict = "met" if seconds < TARGETS[step] else "NOT met"
            print(f"| {step} | {seconds:.2f} s | < {TARGETS[step]:g} s ({verdict}) | {peak / 1024:,.0f} MB |")
        trig = project / "build" / "kg.trig"
        store = (project / "build" / "store").is_dir()
        print(f"kg.trig: {trig.stat().st_size / 2**20:.0f} MiB; store written: {store}")


if __name__ == "__main__":
    main()
