"""The endpoint's query workers: a fixed number of processes, each with the store opened
read-only, answering one SPARQL request at a time.

Oxigraph cannot cancel a running query from Python, so a query past its deadline gets its
worker killed (the only way to stop it) and a fresh worker started in its place. Each worker
dies with its parent (``PR_SET_PDEATHSIG``). :func:`answer` is the protocol logic, run
inside a worker; :class:`WorkerPool` is the server's side.

>>> store = ox.Store()
>>> answer(store, {"query": "ASK {}", "accept": "text/csv"})
(200, 'text/csv; charset=utf-8', b'true')
>>> answer(store, {"query": "DROP ALL", "accept": "*/*"})[0]
400
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kg.worker import die_with_parent

__all__ = ["Answer", "WorkerPool", "answer"]

Answer = tuple[int, str, bytes]  # HTTP status, content type, body
TEXT = "text/plain; charset=utf-8"
RESULTS = {  # media type -> format, for SELECT and ASK
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {  # media type -> format, for CONSTRUCT and DESCRIBE
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


def _pick(accept: str, offered: dict[str, Any]) -> tuple[str, Any] | None:
    """The offered (media type, format) the Accept header prefers; the first offered for ``*/*``."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        kind, *params = (part.strip() for part in item.split(";"))
        quality = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            ranked.append((-float(quality), position, kind.lower()))
        except ValueError:
            continue
    for _, _, kind in sorted(ranked or [(0.0, 0, "*/*")]):
        if kind in offered:
            return kind, offered[kind]
        if kind in ("*/*", "application/*", "text/*"):
            first = next((k for k in offered if k.startswith(kind[:-1]) or kind == "*/*"), None)
            if first:
                return first, offered[first]
    return None


def answer(store: ox.Store, request: dict[str, Any]) -> Answer:
    """Evaluate one SPARQL Protocol query request (``query``, ``accept``, optional
    ``default_graphs`` / ``named_graphs`` IRIs) on ``store``; the HTTP answer."""
    default = [ox.NamedNode(iri) for iri in request.get("default_graphs", ())]
    named = [ox.NamedNode(iri) for iri in request.get("named_graphs", ())] or None
    try:
        result = store.query(
            request["query"],
            use_default_graph_as_union=not default,
            default_graph=default or None,
            named_graphs=named,
        )
    except SyntaxError as error:  # also an update sent as a query: the server is read-only
        return 400, TEXT, f"malformed SPARQL query (updates are refused): {error}\n".encode()
    except (ValueError, OSError, RuntimeError) as error:
        return 400, TEXT, f"cannot run the query: {error}\n".encode()
    offered = GRAPHS if isinstance(result, ox.QueryTriples) else RESULTS
    # Nothing acceptable (e.g. JSON results asked for a CONSTRUCT): the default format, not 406.
    kind, fmt = _pick(request.get("accept") or "*/*", offered) or next(iter(offered.items()))
    try:
        body = result.serialize(format=fmt) or b""
    except (ValueError, OSError, RuntimeError) as error:
        return 500, TEXT, f"the query failed: {error}\n".encode()
    charset = "" if "xml" in kind or "json" in kind else "; charset=utf-8"
    return 200, kind + charset, body


def _worker_main(location: str, parent: int, conn: Connection) -> None:
    """A worker process: open the store, say ready, then answer requests until the pipe closes."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server decides
    store = ox.Store.read_only(location)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(answer(store, request))


@dataclass(eq=False)  # hashed by identity
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the read-only store at ``location``. :meth:`run` waits up
    to ``timeout`` seconds for an idle worker (503 when none frees up) and gives the query
    ``timeout`` seconds (503 and a fresh worker when it runs longer)."""

    def __init__(self, location: str, size: int, timeout: float) -> None:
        self.location, self.size, self.timeout = location, size, timeout
        self._context = multiprocessing.get_context("spawn")  # safe from a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starting = [self._start() for _ in range(size)]
        for worker in starting:
            self._idle.put(self._ready(worker))
        # Replacements come from one long-lived thread: PR_SET_PDEATHSIG fires when the *thread*
        # that started a worker ends, so a worker started by a short-lived thread would die with it.
        self._wanted: queue.Queue[None] = queue.Queue()
        threading.Thread(target=self._spawner, daemon=True).start()

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(self.location, os.getpid(), theirs), daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        with self._lock:
            self._all.add(worker)
        return worker

    def _ready(self, worker: _Worker, wait: float = 60.0) -> _Worker:
        if not worker.conn.poll(wait) or worker.conn.recv() != "ready":
            worker.kill()
            raise RuntimeError(f"a query worker did not start (exit code {worker.process.exitcode})")
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and have a fresh one put in the pool (in the background: callers answer first)."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._wanted.put(None)

    def _spawner(self) -> None:
        while True:
            self._wanted.get()
            try:
                fresh = self._ready(self._start())
            except (RuntimeError, OSError, EOFError) as error:
                print(f"kg serve: {error}", file=sys.stderr, flush=True)
                time.sleep(1)
                self._wanted.put(None)  # try again
                continue
            if self._closed:
                fresh.kill()
            else:
                self._idle.put(fresh)

    def run(self, request: dict[str, Any]) -> Answer:
        """The answer to one query request, within the pool's bounds."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return (
                503,
                TEXT,
                f"all {self.size} query workers stayed busy for {self.timeout:g} s; retry\n".encode(),
            )
        try:
            worker.conn.send(request)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                return 503, TEXT, f"the query took longer than {self.timeout:g} s and was stopped\n".encode()
            result: Answer = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            return 500, TEXT, b"the query worker died (out of memory?) and was replaced\n"
        self._idle.put(worker)
        return result

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
