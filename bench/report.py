"""The Markdown report of ``bench/run_all.py``: every figure beside its target (issue 13) with
PASS or MISS, so ``bench/RESULTS.md`` can take it as it is (a ``##`` section, ``###`` parts)."""

from __future__ import annotations

from typing import Any

LARGE = 1_000_000  # the size the query, chains, memory and end-to-end targets are stated for
QUERY_S, CHAINS_COLD_S, CHAINS_WARM_S, PEAK_MB, CLI_S = 1.0, 2.0, 0.2, 12 * 1024, 1.0
LAYER, SEED_CLI, BUILD_S, VIEW_S = 1.2, 1.5, 2.5, 0.8
INF = float("inf")


def secs(seconds: float | None, timeout: float | None = None) -> str:
    """``12.3 ms``, ``1.23 s``; a stopped measurement as ``>30 s`` (``-`` without a timeout)."""
    if seconds is None:
        return f">{timeout:g} s" if timeout else "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}×"


def below(value: float | None, limit: float) -> str:
    """PASS when ``value`` is known and under ``limit``; a measurement stopped at the timeout misses."""
    return "MISS" if value is None or value >= limit else "PASS"


def at_most(value: float | None, limit: float) -> str:
    return "-" if value is None else ("PASS" if value <= limit else "MISS")


def row(*cells: object) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def table(*headers: str) -> list[str]:
    return [row(*headers), row(*["---"] * len(headers))]


def _machine(results: dict[str, Any]) -> list[str]:
    m, t, page = results["machine"], results["timeout"], results["page"]
    return [
        "### Machine",
        "",
        f"{m['description']}; commit {m['commit']}; {m['date']}; load average {m['load']} at the start,"
        f" {m.get('load_end', '?')} at the end; whole run {secs(results.get('wall_s'))}.",
        f"Medians of {results['runs']} runs (whole processes after {results.get('warmup', 1)} warm-up run(s),"
        " commands alternated);"
        f" a measurement still running after {t:g} s is stopped and shown as `>{t:g} s`. A query whose"
        f" answer is longer than {page} rows is *paged*: its first page (`--limit {page}`) is measured."
        f" A whole process's peak RSS cannot read below the driver's own"
        f" ({m.get('driver_rss_mb', 0):,.0f} MB: a child's peak starts from its parent's).",
        "",
    ]


def _failed(*entries: dict[str, Any]) -> str:
    return "".join(f" ({entry['failed']})" for entry in entries if entry.get("failed"))


def _seeds(seeds: dict[str, Any], timeout: float) -> list[str]:
    lines = ["### Seeds (whole process)", "", *table("command", "median (min–max)", "target", "verdict")]
    for name, limit in (("build", BUILD_S), ("view", VIEW_S)):
        r = seeds[name]
        spread = f" ({secs(r.get('min_s'))}–{secs(r.get('max_s'))})" if r.get("s") is not None else ""
        figure = f"{secs(r.get('s'), timeout)}{spread}{_failed(r)}"
        lines.append(row(f"`kg {name}`", figure, f"< {limit:g} s", below(r.get("s"), limit)))
    lines += ["", *table("query", "`kg query`", "raw script", "ratio", "target", "verdict")]
    for name, r in seeds["queries"].items():
        ours, raw = r["ours"], r["raw"]
        factor = ours.get("ratio")
        lines.append(
            row(name, secs(ours.get("s")) + _failed(ours, raw), secs(raw.get("s")), times(factor),
                f"≤ {SEED_CLI:g}×", at_most(factor, SEED_CLI))
        )  # fmt: skip
    return [*lines, ""]


def _load(size: dict[str, Any]) -> list[str]:
    p, m = size["prepare"], size["measure"]
    lines = table(
        "quads", "TriG", "generated", "raw load", "our load", "ratio", "write build/store",
        "open build/store: ours / raw", "freshness check", "peak RSS: measuring / preparing",
    )  # fmt: skip
    lines.append(
        row(
            f"{m['quads']:,}",
            f"{p['trig_bytes'] / 2**20:,.0f} MB",
            "reused" if p.get("generate_s") is None else secs(p["generate_s"]),
            secs(m["raw_load_s"]),
            secs(m["our_load_s"]),
            times(ratio(m["our_load_s"], m["raw_load_s"])),
            secs(p.get("store_write_s")),
            f"{secs(m.get('open_s'))} / {secs(m.get('raw_open_s'))}",
            secs(m["freshness_s"]),
            f"{m['process_rss_mb']:,.0f} MB / {p['process_rss_mb']:,.0f} MB",
        )
    )
    if not m["on_disk"]:
        lines += ["", "(The TriG is below `kg.store.ON_DISK_FROM`, 4 MiB: the CLI loads it into memory.)"]
    return [*lines, ""]


def _stores(m: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [("memory", m["memory"])] + ([("build/store", m["disk"])] if m.get("disk") else [])


def _queries(size: dict[str, Any], timeout: float) -> list[str]:
    stores = _stores(size["measure"])
    heads = [f"{label}: ours / raw / ratio" for label, _ in stores]
    lines = table("query", "rows", "paged", *heads, f"< {QUERY_S:g} s", f"ours ≤ {LAYER:g}× raw")
    for name in stores[0][1]["queries"]:
        cells, worst, ratios = [], [], []
        for _, store in stores:
            q = store["queries"][name]
            factor = ratio(q["ours_s"], q["raw_s"])
            cells.append(f"{secs(q['ours_s'], timeout)} / {secs(q['raw_s'], timeout)} / {times(factor)}")
            worst.append(INF if q["ours_s"] is None else q["ours_s"])
            ratios.append(factor)
        first = stores[0][1]["queries"][name]
        rows = "-" if first["rows"] is None else f"{first['rows']:,}"
        slowest = max(worst)
        fast = below(None if slowest == INF else slowest, QUERY_S)
        lines.append(
            row(name, rows, "yes" if first["paged"] else "no", *cells, fast, at_most(ratios[0], LAYER))
        )
    lines += [
        "",
        *table(
            "find_routes ROK → Ukraine ≤ 3 hops",
            "cold",
            "warm",
            "routes / chains",
            "cold < 2 s",
            "warm < 0.2 s",
        ),
    ]
    for label, store in stores:
        c = store["chains"]
        found = f"{c['routes']:,} / {c['chains']:,}" if "routes" in c else c.get("error", "-")
        lines.append(
            row(label, secs(c["cold_s"], timeout), secs(c["warm_s"], timeout), found,
                below(c["cold_s"], CHAINS_COLD_S), below(c["warm_s"], CHAINS_WARM_S))
        )  # fmt: skip
    return [*lines, ""]


def _process(size: dict[str, Any], timeout: float) -> list[str]:
    lines = table("`kg query` once built", "`kg query`", "raw script", "ratio", "peak RSS", f"< {CLI_S:g} s")
    for name, r in size["process"].items():
        ours, raw = r["ours"], r["raw"]
        rss = f"{ours['rss_mb']:,.0f} MB" if ours.get("rss_mb") else "-"
        lines.append(
            row(f"{name}{' (first page)' if r['paged'] else ''}", secs(ours.get("s")) + _failed(ours, raw),
                secs(raw.get("s")), times(ours.get("ratio")), rss, below(ours.get("s"), CLI_S))
        )  # fmt: skip
    return [*lines, ""]


def _virtuoso(v: dict[str, Any], timeout: float) -> list[str]:
    lines = [f"### Virtuoso with the {v['size']:,}-transfer graph", ""]
    if "queries" not in v:
        return [*lines, f"Not measured: {v.get('error', 'no result')}.", ""]
    lines += [
        f"Took {secs(v.get('wall_s'))}. Virtuoso {v['version']}, a private instance started as the engine"
        f" tests start it (in {secs(v['started_s'])}; 170,000 buffers, row cap 1,000,000);"
        f" {v['pushed']:,} triples pushed with `kg push`'s library call in {secs(v['push_s'])}."
        " Each query goes through `kg`'s remote path (`execute(..., endpoint=...)`: terms bound"
        " by VALUES, every graph named by FROM, JSON results read into rows), against ours on the"
        " store the CLI opens; the first page where it can be paged.",
        "",
        *table("query", "rows", "ours", "Virtuoso", "Virtuoso / ours"),
    ]
    for name, q in v["queries"].items():
        stopped = (q.get("error") or "").startswith("still running")
        note = f" ({_reason(q['error'])})" if q.get("error") and not stopped else ""
        rows = "-" if q["rows"] is None else f"{q['rows']:,}"
        if q.get("virtuoso_rows") is not None and q["virtuoso_rows"] != q["rows"]:
            rows += f" (Virtuoso: {q['virtuoso_rows']:,})"
        peer = (secs(q["virtuoso_s"], timeout) if not note or q["virtuoso_s"] else "failed") + note
        lines.append(
            row(name, rows, secs(q["ours_s"], timeout), peer, times(ratio(q["virtuoso_s"], q["ours_s"])))
        )
    return [*lines, ""]


def _reason(error: str) -> str:
    """An endpoint's error, without the query text it repeats."""
    error = error.split(" SPARQL query:", 1)[0]
    error = error.split("SPARQL Request Failed: ", 1)[-1]
    return error if len(error) <= 160 else error[:157] + "..."


def _seed_targets(seeds: dict[str, Any]) -> list[str]:
    name, worst = max(seeds["queries"].items(), key=lambda kv: kv[1]["ours"].get("ratio") or INF)
    factor = worst["ours"].get("ratio")
    build, view = seeds["build"].get("s"), seeds["view"].get("s")
    return [
        row(
            "seeds: `kg query` ≤ 1.5× the raw script",
            f"worst {times(factor)} ({name})",
            at_most(factor, SEED_CLI),
        ),
        row("seeds: `kg build` < 2.5 s", secs(build), below(build, BUILD_S)),
        row("seeds: `kg view` < 0.8 s", secs(view), below(view, VIEW_S)),
    ]


def _size_targets(size: dict[str, Any], timeout: float) -> list[str]:
    m, n = size["measure"], f"{size['size']:,}"
    note = "" if size["size"] >= LARGE else " (stated for 1M)"
    stores = [store for _, store in _stores(m)]
    slowest = {
        name: max(s["queries"][name]["ours_s"] or INF for s in stores) for name in m["memory"]["queries"]
    }
    name, slow = max(slowest.items(), key=lambda kv: kv[1])
    slow_s = None if slow == INF else slow
    lines = [
        row(
            f"{n}: every named query < 1 s{note}",
            f"slowest {secs(slow_s, timeout)} ({name})",
            below(slow_s, QUERY_S),
        )
    ]
    known = {q: ratio(r["ours_s"], r["raw_s"]) for q, r in m["memory"]["queries"].items()}
    known = {q: r for q, r in known.items() if r is not None}
    if known:
        q, r = max(known.items(), key=lambda kv: kv[1])
        over = sum(1 for x in known.values() if x > LAYER)
        figure = f"worst {times(r)} ({q}); {over} of {len(known)} over"
        lines.append(row(f"{n}: ours ≤ 1.2× raw, in process", figure, at_most(r, LAYER)))
    c = stores[-1]["chains"]
    verdict = f"{below(c['cold_s'], CHAINS_COLD_S)} / {below(c['warm_s'], CHAINS_WARM_S)}"
    figure = f"{secs(c['cold_s'], timeout)} / {secs(c['warm_s'], timeout)}"
    lines.append(row(f"{n}: chains 3 hops cold < 2 s / warm < 0.2 s{note}", figure, verdict))
    peak = max(m["process_rss_mb"], size["prepare"]["process_rss_mb"])
    lines.append(row(f"{n}: peak memory < 12 GB{note}", f"{peak:,.0f} MB", below(peak, PEAK_MB)))
    if "process" in size:
        name, r = max(size["process"].items(), key=lambda kv: kv[1]["ours"].get("s") or INF)
        s = r["ours"].get("s")
        figure = f"slowest {secs(s, timeout)} ({name})"
        lines.append(row(f"{n}: `kg query` end to end < 1 s once built{note}", figure, below(s, CLI_S)))
    return lines


def _summary(results: dict[str, Any]) -> list[str]:
    lines = ["### Against the targets", "", *table("target", "figure", "verdict")]
    if results.get("seeds"):
        lines += _seed_targets(results["seeds"])
    for size in results["sizes"]:
        if "measure" in size and "error" not in size["measure"]:
            lines += _size_targets(size, results["timeout"])
    if results.get("import"):
        where = "see its section" if "report" in results["import"] else "not measured"
        lines.append(row("40k SIPRI rows: import < 30 s, build < 2 min, `kg query` < 0.3 s", where, "-"))
    return [*lines, ""]


def render(results: dict[str, Any]) -> str:
    """The whole report, from what ``bench/run_all.py`` measured."""
    timeout = results["timeout"]
    lines = ["## One run of every benchmark (`bench/run_all.py`)", "", *_machine(results), *_summary(results)]
    if "seeds" in results:
        lines += _seeds(results["seeds"], timeout)
    for size in results["sizes"]:
        lines += [f"### {size['size']:,} transfers", ""]
        failure = size.get("error") or size.get("measure", {}).get("error")
        if failure:
            lines += [f"Not measured: {failure}.", ""]
            continue
        prepared, measured = size["prepare"].get("wall_s"), size["measure"].get("wall_s")
        took = f"Took {secs(prepared)} to prepare, {secs(measured)} in process"
        if "process_wall_s" in size:
            took += f", {secs(size['process_wall_s'])} whole process"
        lines += [f"{took}.", "", *_load(size), *_queries(size, timeout)]
        if "process" in size:
            lines += _process(size, timeout)
    if "virtuoso" in results:
        lines += _virtuoso(results["virtuoso"], timeout)
    if "import" in results:
        imported = results["import"]
        text = imported.get("report") or imported["note"]
        lines += ["### 40,000-row SIPRI import (`bench/bench_import.py`)", "", text, ""]
    return "\n".join(lines)
