"""One size of the one-run benchmark (``bench/run_all.py``), measured in a process of its own so
its peak memory is its own. Prints one JSON object on its last line.

``--seeds DIR``: the checkout's ontology and seeds copied to DIR and built; prints each named
query's example parameters as N-Triples terms.

``--prepare N``: the seeds project copied to ``build/bench/project-N``, the generated graph of N
transfers installed as its build and ``build/store/`` written (see ``bench/projects.py``).

``--measure N``: in process, on the project's graph:

- load: raw ``pyoxigraph.Store.bulk_load`` against ours (``kg.store.load_store``), in memory,
  alternated, best of each; opening the persistent store read-only (ours: ``open_store``);
- every named query with its example parameters, ours (``kg.queries.run_query``: names
  resolved, rows as Python values) against raw pyoxigraph (the same text with the same terms
  as ``substitutions``, every row materialised), on the in-memory store and on the store the
  CLI opens (``build/store/`` when the build is large enough), the median of ``--runs``; a
  query whose answer is longer than :data:`PAGE` rows is *paged*: its first page
  (``limit=PAGE``) is what is measured against the targets;
- ``kg.chains.find_routes`` South Korea → Ukraine, at most 3 hops, cold (first call on the
  store) and warm (the next call), on both stores; the freshness check ``kg query`` makes.

``--virtuoso N``: a private Virtuoso started like the engine tests do, the project's build
pushed with ``kg push``'s library call, and every named query through ``kg``'s remote path
against ours on the store the CLI opens.

Every timed call runs in a forked worker killed after ``--timeout`` seconds (None in the JSON).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import projects  # noqa: E402
from projects import generated, install_graph, seed_project  # noqa: E402

from kg.worker import call_in_fork  # noqa: E402

PAGE = 50  # rows in the first page of a paged query


def project_dir(size: int) -> Path:
    return projects.DATA / f"project-{size}"


def _runs(function: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def timed(function: Callable[[], Any], runs: int, timeout: float) -> dict[str, Any]:
    """The median seconds of ``runs`` calls, each in a forked worker killed after ``timeout``
    seconds (the first call alone, then the others in one worker), and the last result; ``s`` is
    None when the first call was stopped or any call failed (``error`` says why)."""
    times: list[float] = []
    result = None
    for count in (1, runs - 1) if runs > 1 else (1,):
        try:
            more, result = call_in_fork(lambda n=count: _runs(function, n), timeout * count)
        except TimeoutError as error:
            if not times:
                return {"s": None, "error": str(error)}
            break  # the first call finished: keep its time
        except ChildProcessError as error:
            return {"s": None, "error": str(error)}
        except Exception as error:  # a benchmark reports any failure and goes on
            return {"s": None, "error": f"{type(error).__name__}: {error}"}
        times += more
    return {"s": statistics.median(times), "result": result}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ prepare


def prepare(size: int, seeds_project: Path) -> dict[str, Any]:
    from kg.paths import project_paths

    root = project_dir(size)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in ("ontology", "seeds", "build"):
        shutil.copytree(seeds_project / name, root / name, ignore=shutil.ignore_patterns("store", "views"))
    paths = project_paths(root)
    trig, generate_s = generated(size, seeds_project / "build" / "kg.trig")
    store_s = install_graph(paths, trig)
    return {"generate_s": generate_s, "store_write_s": store_s, "trig_bytes": trig.stat().st_size}


# ------------------------------------------------------------------ measure


def raw_rows(store: Any, text: str, subs: dict[Any, Any]) -> int:
    """Rows of raw pyoxigraph on ``store`` for ``text`` with ``subs``, every row materialised."""
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES

    answer = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs)
    if isinstance(answer, ox.QueryBoolean):
        return 1
    if isinstance(answer, ox.QueryTriples):
        return len(list(answer))
    names = [v.value for v in answer.variables]
    return len([[row[n] for n in names] for row in answer])


def queries_on(store: Any, runs: int, timeout: float) -> dict[str, dict[str, Any]]:
    """Ours against raw for every named query on ``store`` (see the module docstring)."""
    import pyoxigraph as ox

    from kg.names import NameIndex
    from kg.queries import bind_params, list_queries, run_query
    from kg.queries.paging import paged

    index = NameIndex.for_store(store)  # built once per store, before the workers fork
    out: dict[str, dict[str, Any]] = {}
    for query in list_queries():
        params = query.example_params
        bound = bind_params(query, params, index.resolve)
        subs = {ox.Variable(k): v for k, v in bound.items()}
        full = timed(
            lambda q=query, p=params: len(run_query(name=q.name, params=p, store=store)), runs, timeout
        )
        row: dict[str, Any] = {"full_s": full["s"], "rows": full.get("result")}
        can_page = "CONSTRUCT" not in query.text.upper()
        if can_page and (full["s"] is None or full["result"] > PAGE):
            row["paged"] = True
            ours = timed(
                lambda q=query, p=params: len(run_query(name=q.name, params=p, store=store, limit=PAGE)),
                runs,
                timeout,
            )
            text = paged(query.text, limit=PAGE)
        else:
            row["paged"], ours, text = False, full, query.text
        raw = timed(lambda t=text, s=subs: raw_rows(store, t, s), runs, timeout)
        row.update(ours_s=ours["s"], raw_s=raw["s"])
        out[query.name] = row
        print(f"    {query.name}: {row}", file=sys.stderr, flush=True)
    return out


def chains_on(store: Any, timeout: float) -> dict[str, Any]:
    """find_routes South Korea → Ukraine ≤ 3 hops: cold (first call on the store), then warm."""
    from kg.chains import find_routes
    from kg.namespaces import entity_iri

    source, target = str(entity_iri("ROK")), str(entity_iri("Ukraine"))

    def cold_and_warm() -> dict[str, Any]:
        start = time.perf_counter()
        routes = find_routes(store, source, target, 3)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        find_routes(store, source, target, 3)
        warm = time.perf_counter() - start
        chains = sum(r.combinations for r in routes)
        return {"cold_s": cold, "warm_s": warm, "routes": len(routes), "chains": chains}

    try:
        return call_in_fork(cold_and_warm, timeout)
    except (TimeoutError, ChildProcessError) as error:
        return {"cold_s": None, "warm_s": None, "error": str(error)}


def _terms(root: Path) -> dict[str, dict[str, str]]:
    """Each named query's parameters as N-Triples terms (for the raw whole-process script)."""
    from kg.names import NameIndex
    from kg.paths import project_paths
    from kg.queries import bind_params, list_queries
    from kg.store import open_store

    index = NameIndex.from_store(open_store(project_paths(root)))
    return {
        q.name: {k: str(v) for k, v in bind_params(q, q.example_params, index.resolve).items()}
        for q in list_queries()
    }


def _paths(size: int) -> Any:
    from kg.paths import project_paths

    return project_paths(project_dir(size))


def measure(size: int, runs: int, timeout: float) -> dict[str, Any]:
    import pyoxigraph as ox

    from kg.build.freshness import stale_reason
    from kg.store import load_store, open_store, wants_disk_store

    paths = _paths(size)
    raw_times, our_times, quads = [], [], 0
    for attempt in range(2 if size < 1_000_000 else 1):  # alternated: the first read warms the cache
        start = time.perf_counter()
        raw = ox.Store()
        raw.bulk_load(path=str(paths.trig), format=ox.RdfFormat.TRIG)
        raw_times.append(time.perf_counter() - start)
        quads = len(raw)
        del raw
        start = time.perf_counter()
        memory = load_store(paths.trig)
        our_times.append(time.perf_counter() - start)
        if attempt == 0 and size < 1_000_000:
            del memory
    out: dict[str, Any] = {"quads": quads, "raw_load_s": min(raw_times), "our_load_s": min(our_times)}
    print(f"  loaded {quads:,} quads", file=sys.stderr, flush=True)
    start = time.perf_counter()
    stale = stale_reason(paths)
    out.update(freshness_s=time.perf_counter() - start, stale=stale, terms=_terms(project_dir(size)))
    out["memory"] = {"queries": queries_on(memory, runs, timeout), "chains": chains_on(memory, timeout)}
    out["on_disk"] = wants_disk_store(paths)
    if out["on_disk"]:
        del memory
        start = time.perf_counter()
        disk = open_store(paths, notify=lambda line: print(line, file=sys.stderr))
        out["open_s"] = time.perf_counter() - start
        start = time.perf_counter()
        ox.Store.read_only(str(paths.store / "data"))
        out["raw_open_s"] = time.perf_counter() - start
        out["disk"] = {"queries": queries_on(disk, runs, timeout), "chains": chains_on(disk, timeout)}
    out["peak_rss_mb"] = _peak_mb()
    return out


# ------------------------------------------------------------------ Virtuoso


def _start_virtuoso(folder: Path) -> Any:
    """Virtuoso as the engine tests start it (tests/support/engines.py), with more buffers and a
    higher row cap for a graph this size; a missing or failing Virtuoso raises RuntimeError."""
    import pytest
    from support import engines

    engines.VIRTUOSO_INI = engines.VIRTUOSO_INI.replace(
        "NumberOfBuffers = 20000", "NumberOfBuffers = 170000"
    ).replace("MaxDirtyBuffers = 15000", "MaxDirtyBuffers = 130000")
    engines.VIRTUOSO_MAX_ROWS = 1_000_000
    try:
        return engines.start_virtuoso(folder)
    except pytest.fail.Exception as error:  # the tests' way of saying it is missing or mute
        raise RuntimeError(str(error)) from None


def virtuoso(size: int, runs: int, timeout: float) -> dict[str, Any]:
    import os

    sys.path.insert(0, str(ROOT / "tests"))
    from support.engines import VIRTUOSO_PASSWORD, VIRTUOSO_USER

    from kg.endpoints import PASSWORD_VARIABLE, USER_VARIABLE
    from kg.names import NameIndex
    from kg.push import push_dataset
    from kg.queries import execute, list_queries
    from kg.store import open_store

    paths = _paths(size)
    folder = projects.DATA / "virtuoso"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        engine = _start_virtuoso(folder)
    except RuntimeError as error:
        return {"error": str(error)}
    out: dict[str, Any] = {"version": engine.version, "started_s": engine.started_in, "queries": {}}
    try:
        os.environ[USER_VARIABLE], os.environ[PASSWORD_VARIABLE] = VIRTUOSO_USER, VIRTUOSO_PASSWORD
        start = time.perf_counter()
        report = push_dataset(str(engine.store_url), paths, timeout=max(timeout, 600))
        out.update(push_s=time.perf_counter() - start, pushed=report.triples)
        store = open_store(paths)
        NameIndex.for_store(store)  # names resolved once, before the workers fork
        graphs = sorted(g.value for g in store.named_graphs())
        for query in list_queries():
            params = query.example_params
            limit = PAGE if "CONSTRUCT" not in query.text.upper() else None

            def ours(q: Any = query, p: Any = params, n: Any = limit) -> int:
                return len(execute(name=q.name, params=p, store=store, limit=n).rows())

            def theirs(q: Any = query, p: Any = params, n: Any = limit) -> int:
                result = execute(
                    name=q.name, params=p, store=store, limit=n, endpoint=engine.query_url,
                    graphs=graphs, timeout=timeout,
                )  # fmt: skip
                return len(result.rows())

            mine, peer = timed(ours, runs, timeout), timed(theirs, runs, timeout)
            out["queries"][query.name] = {
                "ours_s": mine["s"], "virtuoso_s": peer["s"], "rows": mine.get("result"),
                "virtuoso_rows": peer.get("result"), "error": peer.get("error"),
            }  # fmt: skip
            print(f"    virtuoso {query.name}: {out['queries'][query.name]}", file=sys.stderr, flush=True)
    finally:
        engine.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--seeds", type=Path, metavar="DIR", help="copy and build the seeds project in DIR")
    mode.add_argument("--prepare", type=int, metavar="N")
    mode.add_argument("--measure", type=int, metavar="N")
    mode.add_argument("--virtuoso", type=int, metavar="N")
    parser.add_argument("--seeds-project", type=Path, help="with --prepare: the built seeds project")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    if args.seeds:
        result = {"terms": _terms(seed_project(args.seeds).root)}
    elif args.prepare:
        result = prepare(args.prepare, args.seeds_project)
    elif args.measure:
        result = measure(args.measure, args.runs, args.timeout)
    else:
        result = virtuoso(args.virtuoso, args.runs, args.timeout)
    result["peak_rss_mb"] = max(result.get("peak_rss_mb", 0), _peak_mb())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
