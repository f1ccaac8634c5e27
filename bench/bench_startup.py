"""Start-up of `kg query` against a minimal raw pyoxigraph script doing the same work.

Both run as whole processes, alternately, on a built project: `kg query claims -p topic=...`
(freshness check, store, name resolution, the named query, the table) against a script that
imports pyoxigraph, loads ``build/kg.trig``, runs the same query text with the same term bound
and prints the rows. Each figure is the median of ``--runs`` runs: wall seconds and CPU
seconds (user + system, from the operating system's accounting of the finished child).

    python bench/bench_startup.py [--runs 15] [--root PROJECT]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPIC = "North Korean artillery ammunition"
TOPIC_IRI = "https://w3id.org/rnku-kg/id/DPRKArtilleryAmmunition"

RAW = f"""
import pyoxigraph as ox
from pathlib import Path
store = ox.Store()
store.bulk_load(path="build/kg.trig", format=ox.RdfFormat.TRIG)
text = Path({str(ROOT / "kg" / "queries" / "claims.rq")!r}).read_text(encoding="utf-8")
prefixes = {{"kg": "https://w3id.org/rnku-kg/ontology#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "prov": "http://www.w3.org/ns/prov#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/"}}
rows = store.query(text, prefixes=prefixes, use_default_graph_as_union=True,
                   substitutions={{ox.Variable("topic"): ox.NamedNode({TOPIC_IRI!r})}})
for row in rows:
    print("\\t".join(str(term) for term in row))
"""


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--root", type=Path, default=ROOT, help="a built project (default: this checkout)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_HOME": str(args.root)}
    commands = {
        "kg query claims": [sys.executable, "-m", "kg", "query", "claims", "-p", f"topic={TOPIC}"],
        "raw pyoxigraph": [sys.executable, "-c", RAW],
    }
    subprocess.run(commands["kg query claims"], cwd=args.root, env=env, check=True, stdout=subprocess.DEVNULL)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):  # alternately, so drifting machine speed hits both alike
        for name, command in commands.items():
            times[name].append(run(command, args.root, env))
    medians = {
        name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
        for name, t in times.items()
    }
    for name, (wall, cpu) in medians.items():
        print(f"{name:18} wall {wall * 1000:6.0f} ms   cpu {cpu * 1000:6.0f} ms   (median of {args.runs})")
    (kg_wall, kg_cpu), (raw_wall, raw_cpu) = medians.values()
    print(f"{'ratio':18} wall {kg_wall / raw_wall:6.2f}x     cpu {kg_cpu / raw_cpu:6.2f}x")


if __name__ == "__main__":
    main()
