"""Every figure of issue 13 in one run, each beside its target, as Markdown (``make bench``).

    python bench/run_all.py [--sizes 10000 100000 1000000] [--runs 3] [--timeout 30] [--out FILE]

In order, with the machine described first:

1. **Seeds**, whole process (median of ``--runs`` after one warm-up, commands alternated):
   ``kg build``, ``kg view``, and ``kg query`` for every named query against the minimal raw
   pyoxigraph script (``bench/raw_query.py``: same text, same terms, every row printed).
2. **Each size** of ``--sizes`` (a process of its own, so peak memory is per size; see
   ``bench/bench_size.py``): the graph generated and installed as a project's build
   (``build/store/`` written as ``kg build`` writes it), load ours vs raw, every named query in
   process ours vs raw on the in-memory store and on the store the CLI opens (first page of
   :data:`bench_size.PAGE` rows where the answer is longer), ``find_routes`` cold and warm,
   peak RSS; then ``kg query`` whole process against the raw script on that build.
3. **Virtuoso** holding the ``--virtuoso-size`` graph (pushed with ``kg push``'s library call):
   every named query through ``kg``'s remote path against ours, with the ratio.
4. **A 40k-row SIPRI import**, the build and a query after it: ``bench/bench_import.py`` when
   it is there, its report included as it prints it.

Generated graphs and projects are kept under ``build/bench/`` and reused by the next run.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(BENCH)]

import projects  # noqa: E402
from bench_size import PAGE, project_dir  # noqa: E402
from report import render  # noqa: E402

PYTHON = sys.executable
SKIPPABLE = ("seeds", "virtuoso", "import", "process")
WARMUP = [1]  # uncounted runs of each whole-process command (--warmup)


def _env(project: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "KG_HOME": str(project), "PYTHONPATH": path}


def wait4_run(command: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Wall seconds, peak RSS (MB, this process alone: ``os.wait4``) and exit code of one whole
    process; ``s`` None when it was killed at ``timeout`` seconds."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, cwd=env.get("KG_HOME"), stdout=subprocess.DEVNULL, stderr=errors
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        killer.cancel()
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code == -signal.SIGKILL and seconds >= timeout:
            return {"s": None, "rss_mb": None, "exit": None}
        out = {"s": seconds, "rss_mb": usage.ru_maxrss / 1024, "exit": code}
        if code:
            errors.seek(0)
            out["stderr"] = errors.read().decode(errors="replace").strip().splitlines()[-1:] or [""]
    return out


def median_runs(commands: list[list[str]], env: dict[str, str], runs: int, timeout: float) -> list[dict]:
    """Each command run ``runs`` times after the warm-up runs, in turn (A B A B ...); per command the
    median wall seconds (None when a run failed or was stopped: ``failed`` says how), the largest
    peak RSS, and the median of the pairwise ratios to the last command."""
    seen: list[list[dict[str, Any]]] = [[] for _ in commands]
    for turn in range(WARMUP[0] + runs):
        for index, command in enumerate(commands):
            if any(r["s"] is None or r["exit"] for r in seen[index]):
                continue  # stopped or failed once: not run again (a stopped run costs the timeout)
            result = wait4_run(command, env, timeout)
            if turn >= WARMUP[0] or result["s"] is None or result["exit"]:
                seen[index].append(result)
    out = []
    for results in seen:
        bad = next((r for r in results if r["s"] is None or r["exit"]), None)
        if bad is not None:
            how = (
                f"stopped at {timeout:g} s" if bad["s"] is None else f"exit {bad['exit']}: {bad['stderr'][0]}"
            )
            out.append({"s": None, "failed": how})
            continue
        out.append(
            {
                "s": statistics.median(r["s"] for r in results),
                "min_s": min(r["s"] for r in results),
                "max_s": max(r["s"] for r in results),
                "rss_mb": max(r["rss_mb"] for r in results),
                "runs": [r["s"] for r in results],
            }
        )
    base = out[-1].get("runs")
    for entry in out:
        if entry.get("runs") and base:
            entry["ratio"] = statistics.median(a / b for a, b in zip(entry["runs"], base, strict=True))
    return out


def child(arguments: list[str]) -> dict[str, Any]:
    """Run ``bench/bench_size.py`` with ``arguments``: its JSON, with its own peak RSS."""
    command = [PYTHON, str(BENCH / "bench_size.py"), *arguments]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=_env(ROOT))
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    lines = output.decode().strip().splitlines()
    if os.waitstatus_to_exitcode(status) != 0 or not lines:
        return {"error": f"{' '.join(arguments)} failed with exit code {os.waitstatus_to_exitcode(status)}"}
    result = json.loads(lines[-1])
    result.update(process_rss_mb=usage.ru_maxrss / 1024, wall_s=time.perf_counter() - start)
    return result


def _query_commands(project: Path, name: str, params: dict[str, str], terms: dict[str, str], paged: bool,
                    data: Path, folder: Path, timeout: float) -> list[list[str]]:  # fmt: skip
    from kg.queries import get_query
    from kg.queries.paging import paged as with_page
    from kg.queries.remote import with_prefixes

    text = get_query(name).text
    query_file = folder / f"{name}.rq"
    query_file.write_text(with_prefixes(with_page(text, limit=PAGE) if paged else text), encoding="utf-8")
    form = "ttl" if "CONSTRUCT" in text.upper() else "tsv"
    ours = [PYTHON, "-m", "kg", "query", name, "-f", form, "--timeout", f"{timeout:g}"]
    ours += [f"--param={key}={value}" for key, value in params.items()]
    if paged:
        ours += ["--limit", str(PAGE)]
    raw = [PYTHON, str(BENCH / "raw_query.py"), str(data), str(query_file)]
    raw += [f"{key}={term}" for key, term in terms.items()]
    return [ours, raw]


def whole_process_queries(project: Path, terms: dict[str, dict[str, str]], paged: dict[str, bool],
                          runs: int, timeout: float) -> dict[str, Any]:  # fmt: skip
    """``kg query`` against the raw script, for every named query, on the project's build."""
    from kg.paths import project_paths
    from kg.queries import list_queries
    from kg.store import store_is_current, wants_disk_store

    paths = project_paths(project)
    on_disk = wants_disk_store(paths) and store_is_current(paths)
    data = paths.store / "data" if on_disk else paths.trig
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for query in list_queries():
            commands = _query_commands(
                project, query.name, query.example_params, terms[query.name],
                paged.get(query.name, False), data, Path(folder), timeout,
            )  # fmt: skip
            ours, raw = median_runs(commands, _env(project), runs, timeout)
            out[query.name] = {"ours": ours, "raw": raw, "paged": paged.get(query.name, False)}
            print(
                f"    kg query {query.name}: {ours.get('s')} / raw {raw.get('s')}",
                file=sys.stderr,
                flush=True,
            )
    return out


def seeds_section(runs: int, timeout: float) -> dict[str, Any]:
    print("seeds", file=sys.stderr, flush=True)
    project = projects.DATA / "seeds-commands"
    terms = child(["--seeds", str(project)])["terms"]
    env = _env(project)
    build = median_runs([[PYTHON, "-m", "kg", "build"]], env, runs, timeout)[0]
    view = median_runs([[PYTHON, "-m", "kg", "view"]], env, runs, timeout)[0]
    queries = whole_process_queries(project, terms, {}, runs, timeout)
    return {"build": build, "view": view, "queries": queries}


def size_section(size: int, seeds: Path, runs: int, timeout: float, skip: set[str]) -> dict[str, Any]:
    print(f"size {size:,}", file=sys.stderr, flush=True)
    prepared = child(["--prepare", str(size), "--seeds-project", str(seeds)])
    if "error" in prepared:
        return {"size": size, "error": prepared["error"]}
    measured = child(["--measure", str(size), "--runs", str(runs), "--timeout", f"{timeout:g}"])
    result = {"size": size, "prepare": prepared, "measure": measured}
    if "error" in measured or "process" in skip:
        return result
    store = measured.get("disk") or measured["memory"]
    paged = {name: row.get("paged", False) for name, row in store["queries"].items()}
    start = time.perf_counter()
    result["process"] = whole_process_queries(project_dir(size), measured["terms"], paged, runs, timeout)
    result["process_wall_s"] = time.perf_counter() - start
    return result


def import_section(arguments: list[str], timeout: float) -> dict[str, Any]:
    script = BENCH / "bench_import.py"
    if not script.is_file():
        return {"note": "bench/bench_import.py is not in this checkout: the SIPRI import was not measured"}
    print("SIPRI import", file=sys.stderr, flush=True)
    done = subprocess.run(
        [PYTHON, str(script), *arguments], env=_env(ROOT), cwd=ROOT, capture_output=True, text=True,
        timeout=max(timeout, 3600), check=False,
    )  # fmt: skip
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        return {"note": f"bench/bench_import.py failed with exit code {done.returncode}: {' / '.join(tail)}"}
    return {"report": done.stdout.strip()}


def machine() -> dict[str, str]:
    from bench_scale import machine as description

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {
        "description": description(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit.stdout.strip() or "?",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is shown)")
    parser.add_argument(
        "--warmup", type=int, default=1, help="uncounted runs before each whole-process figure"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a measurement is stopped")
    parser.add_argument(
        "--virtuoso-size", type=int, default=100_000, help="the graph Virtuoso is loaded with"
    )
    parser.add_argument("--skip", nargs="*", choices=SKIPPABLE, default=[], help="sections to leave out")
    parser.add_argument("--import-args", default="", help="arguments for bench/bench_import.py (one string)")
    parser.add_argument("--out", type=Path, help="also write the report here")
    parser.add_argument("--data", type=Path, help="where graphs and projects go (default build/bench)")
    args = parser.parse_args()
    if args.data:  # read by bench/projects.py, here and in every child
        os.environ["KG_BENCH_DATA"] = str(args.data.resolve())
        projects.DATA = args.data.resolve()
    skip = set(args.skip)
    WARMUP[0] = args.warmup
    # Whole-process figures are for a user's steady state, where Python has written the package's
    # bytecode on the first run; with PYTHONDONTWRITEBYTECODE set (as on some CI machines) every
    # run would compile ~50 modules again (about 20 ms), which the raw script never pays.
    compileall.compile_dir(ROOT / "kg", quiet=1)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "machine": machine(),
        "runs": args.runs,
        "warmup": args.warmup,
        "timeout": args.timeout,
        "page": PAGE,
    }
    seeds = projects.DATA / "seeds-project"
    child(["--seeds", str(seeds)])
    if "seeds" not in skip:
        results["seeds"] = seeds_section(args.runs, args.timeout)
    results["sizes"] = [size_section(n, seeds, args.runs, args.timeout, skip) for n in args.sizes]
    if "virtuoso" not in skip:
        size = args.virtuoso_size
        if size not in args.sizes:
            child(["--prepare", str(size), "--seeds-project", str(seeds)])
        print(f"Virtuoso with {size:,} transfers", file=sys.stderr, flush=True)
        arguments = ["--virtuoso", str(size), "--runs", str(args.runs), "--timeout", f"{args.timeout:g}"]
        results["virtuoso"] = {"size": size, **child(arguments)}
    if "import" not in skip:
        results["import"] = import_section(args.import_args.split(), args.timeout)
    results["machine"]["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results["wall_s"] = time.perf_counter() - started
    results["machine"]["driver_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (projects.DATA / "run_all.json").write_text(json.dumps(results, indent=1))
    text = render(results)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
