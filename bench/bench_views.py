"""Benchmark of graph views on synthetic graphs of 100, 1,000 and 10,000 states (1.5 transfers each).

For each size: time to generate the page, its size, and the time headless Chromium takes from
navigation to a settled layout (physics stopped), with every network request blocked. Default
options cap a page at 400 nodes; the `uncapped` rows draw everything (bounded physics only).

Run: .venv/bin/python bench/bench_views.py [--sizes 100,1000,10000] [--uncapped]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from kg.synthetic import synthetic_store
from kg.views import make_view

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def time_to_stable(browser, path: Path, timeout_s: float) -> float | None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    start = time.perf_counter()
    page.goto(path.as_uri())
    try:
        page.wait_for_selector("#kg-graph[data-stable=true]", timeout=timeout_s * 1000)
        return time.perf_counter() - start
    except PlaywrightTimeout:  # a page that never settles is a result, not a crash
        return None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--uncapped", action="store_true", help="also draw every node (no cap)")
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds to wait for a layout")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = [("capped", {})] + ([("uncapped", {"max_nodes": 10**9})] if args.uncapped else [])
    header = [("nodes", 7), ("mode", 9), ("drawn", 6), ("edges", 6)]
    header += [("generate s", 10), ("size MB", 8), ("stable s", 9)]
    print(" ".join(f"{name:>{width}}" for name, width in header))
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for size in sizes:
            store = synthetic_store(size)
            for mode, options in modes:
                start = time.perf_counter()
                view = make_view(store, "overview", **options)
                generate = time.perf_counter() - start
                path = view.save(Path(folder) / f"{size}-{mode}.html")
                stable = time_to_stable(browser, path, args.timeout)
                shown = f"{stable:9.1f}" if stable is not None else f"{'>' + str(int(args.timeout)):>9}"
                megabytes = path.stat().st_size / 1e6
                print(
                    f"{size:>7} {mode:>9} {view.node_count:>6} {view.edge_count:>6} {generate:>10.2f} "
                    f"{megabytes:>8.2f} {shown}",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
