"""Bounded load test of `kg serve` on loopback (not a test): N clients for S seconds.

Starts `kg serve --port 0` (or uses ``--url`` of a running endpoint), then runs
``--clients`` threads, each sending SPARQL Protocol GET requests with ``http.client``
(a new connection per request, as simple clients do; ``--keep-alive`` reuses one)
until ``--seconds`` have passed or it has sent ``--max-requests``. The workload is
``ask`` (a one-triple ASK), ``named`` (the named queries round-robin, example
parameters bound with VALUES as ``kg query --endpoint`` sends them) or ``mixed``.
``--heavy K`` adds K clients that send a 3-way cross join (over the server's
timeout) during the load. Prints requests/s, errors by kind, p50/p90/p99/max
latency, how the heavy queries were answered, and whether the server still answers
and is still running afterwards.

    .venv/bin/python bench/bench_serve.py [--clients 20] [--seconds 20] [--workload ask]
        [--timeout 30] [--heavy 0] [--keep-alive] [--url http://127.0.0.1:7878/query]
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from kg.names import NameIndex
from kg.queries import bind_params, list_queries
from kg.queries.remote import inject_values, with_prefixes
from kg.store import open_store

ASK = "ASK { kgr:ROK ?p ?o }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Tally:
    """What the clients saw, merged under a lock."""

    latencies: list[float] = field(default_factory=list)
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def named_texts() -> list[str]:
    """Every named query with its example parameters bound as a VALUES block."""
    store = open_store()
    index = NameIndex.for_store(store)
    return [inject_values(q.text, bind_params(q, q.example_params, index.resolve)) for q in list_queries()]


def request(conn: http.client.HTTPConnection, path: str, text: str) -> tuple[int, bytes]:
    """One SPARQL Protocol GET; the status and body."""
    query = urllib.parse.urlencode({"query": with_prefixes(text)})
    conn.request("GET", f"{path}?{query}", headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    return response.status, response.read()


def client(url: str, texts: list[str], until: float, limit: int, keep_alive: bool, tally: Tally) -> None:
    """Send requests until the deadline or the limit; record latencies and errors."""
    parts = urllib.parse.urlsplit(url)
    conn = None
    for number in range(limit):
        if time.monotonic() >= until:
            break
        start = time.perf_counter()
        try:
            if conn is None or not keep_alive:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            status, _ = request(conn, parts.path, texts[number % len(texts)])
            kind = None if status == 200 else f"HTTP {status}"
        except (OSError, http.client.HTTPException) as error:
            kind, conn = type(error).__name__, None
        finally:
            if conn is not None and not keep_alive:
                conn.close()
        with tally.lock:
            if kind is None:
                tally.latencies.append(time.perf_counter() - start)
            else:
                tally.errors[kind] += 1


def heavy_client(url: str, until: float, outcomes: list[str]) -> None:
    """Send the over-the-timeout query until the deadline; note each answer's status and time."""
    parts = urllib.parse.urlsplit(url)
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            status, body = request(conn, parts.path, HEAVY)
            conn.close()
            outcomes.append(f"HTTP {status} after {time.perf_counter() - start:.1f} s: {body[:60]!r}")
        except (OSError, http.client.HTTPException) as error:
            outcomes.append(f"{type(error).__name__} after {time.perf_counter() - start:.1f} s")


def alive(url: str) -> bool:
    """True when the endpoint answers a light ASK within 5 s."""
    parts = urllib.parse.urlsplit(url)
    try:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        status, _ = request(conn, parts.path, "ASK {}")
        conn.close()
        return status == 200
    except (OSError, http.client.HTTPException):
        return False


def start_kg_serve(timeout: float) -> tuple[subprocess.Popen[str], str]:
    """`kg serve --port 0` in a subprocess, and its endpoint URL once it is ready."""
    command = [sys.executable, "-m", "kg", "serve", "--port", "0", "--timeout", f"{timeout:g}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("SPARQL endpoint:"):
            return process, line.split()[2]
    raise SystemExit(f"kg serve did not start (exit {process.wait()})")


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the sorted values fall, in ms."""
    return sorted(values)[min(len(values) - 1, int(fraction * len(values)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client")
    parser.add_argument("--workload", choices=("ask", "named", "mixed"), default="ask")
    parser.add_argument("--timeout", type=float, default=30.0, help="kg serve --timeout")
    parser.add_argument("--heavy", type=int, default=0, help="clients sending an over-the-timeout query")
    parser.add_argument("--keep-alive", action="store_true", help="reuse one connection per client")
    parser.add_argument("--url", help="a running endpoint instead of starting kg serve")
    args = parser.parse_args()

    texts = {"ask": [ASK], "named": named_texts(), "mixed": [ASK, *named_texts()]}[args.workload]
    process, url = (None, args.url) if args.url else start_kg_serve(args.timeout)
    tally, outcomes = Tally(), []  # type: ignore[var-annotated]
    until = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=client, args=(url, texts, until, args.max_requests, args.keep_alive, tally))
        for _ in range(args.clients)
    ] + [threading.Thread(target=heavy_client, args=(url, until, outcomes)) for _ in range(args.heavy)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ok = len(tally.latencies)
    print(f"{args.clients} clients, {args.seconds:g} s, workload {args.workload}, endpoint {url}")
    print(f"ok {ok}, errors {sum(tally.errors.values())} {dict(tally.errors)}, {ok / elapsed:.0f} req/s")
    if ok:
        lat = tally.latencies
        print(
            f"latency ms: p50 {statistics.median(lat) * 1000:.1f}, p90 {percentile(lat, 0.9):.1f}, "
            f"p99 {percentile(lat, 0.99):.1f}, max {max(lat) * 1000:.1f}"
        )
    for outcome in outcomes:
        print("heavy:", outcome)
    print("answers afterwards:", alive(url))
    if process is not None:
        running = process.poll() is None
        print("kg serve running afterwards:", running, "" if running else f"(exit {process.returncode})")
        if running:
            os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
