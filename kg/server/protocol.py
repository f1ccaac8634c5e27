"""The read-only SPARQL 1.1 Protocol server behind ``kg serve``, run as its own process
(``python -m kg.server``, started by :func:`kg.server.start_server`).

Bounded everywhere, so sustained load cannot exhaust it: a fixed number of HTTP threads
take accepted connections from a bounded queue (a connection that finds the queue full gets
``503`` at once), and a fixed pool of query worker processes (:mod:`kg.server.workers`)
evaluates the queries, each within the timeout. A query over the timeout is stopped and
answered ``503`` with a text body. One request per connection (HTTP/1.0 style), so an idle
client cannot hold a thread. Updates are refused: ``/update``, Graph Store writes and any
PUT/DELETE/PATCH get ``403``, update text sent as a query ``400``. The query page's files
come from a folder (:mod:`kg.server.page`).

>>> form_request(b"query=ASK%7B%7D&default-graph-uri=urn%3Ag", "application/x-www-form-urlencoded")
{'query': 'ASK{}', 'default_graphs': ['urn:g'], 'named_graphs': []}
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import http.server
import queue
import signal
import socket
import sys
import threading
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.server.page import POLICY, read_page
from kg.server.workers import TEXT, Answer, WorkerPool
from kg.worker import die_with_parent

__all__ = ["EXIT_PORT_IN_USE", "BoundedServer", "form_request", "main"]

EXIT_PORT_IN_USE = 3
MAX_BODY = 16 * 1024 * 1024
QUERY_PATHS = ("/query", "/sparql")
READ_ONLY: Answer = (403, TEXT, b"The server is read-only: updates and Graph Store writes are refused\n")


def form_request(body: bytes, content_type: str) -> dict[str, Any] | None:
    """A query request from a query string or a POST body (form-encoded or
    ``application/sparql-query``): ``{"update": ...}`` for an update, None without a query."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/sparql-query":
        return {"query": body.decode("utf-8", "replace"), "default_graphs": [], "named_graphs": []}
    fields = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    if "query" not in fields:
        return {"update": fields["update"][0]} if "update" in fields else None
    return {
        "query": fields["query"][0],
        "default_graphs": fields.get("default-graph-uri", []),
        "named_graphs": fields.get("named-graph-uri", []),
    }


class Handler(http.server.BaseHTTPRequestHandler):
    """One request per connection: the query page, a query, or a refusal."""

    server: BoundedServer
    server_version = "kg-serve"
    timeout = 10  # a client that sends nothing for this long is dropped

    def log_message(self, format: str, *args: Any) -> None:  # one line per request is too much
        pass

    def _send(self, status: int, kind: str, body: bytes, policy: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if policy:
            self.send_header("Content-Security-Policy", POLICY)
        self.send_header("Content-Length", str(len(body)))
        if status == 503:
            self.send_header("Retry-After", "1")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _query(self, request: dict[str, Any] | None) -> None:
        if request is None:
            self._send(400, TEXT, b"no `query` parameter (this endpoint answers queries only)\n")
            return
        if "update" in request:
            self._send(*READ_ONLY)
            return
        request["accept"] = self.headers.get("Accept", "*/*")
        self._send(*self.server.pool.run(request))

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path in QUERY_PATHS:
            self._query(form_request(url.query.encode(), ""))
        elif url.path in self.server.page:
            self._send(200, *self.server.page[url.path], policy=True)
        else:
            self._send(404, TEXT, f"no such page: {url.path}; queries go to /query\n".encode())

    do_HEAD = do_GET

    def do_POST(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path not in QUERY_PATHS:
            self._send(*READ_ONLY)
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._send(411, TEXT, b"send a Content-Length\n")
            return
        if int(length) > MAX_BODY:
            self._send(413, TEXT, f"a query may hold at most {MAX_BODY} bytes\n".encode())
            return
        body = self.rfile.read(int(length))
        kind = self.headers.get("Content-Type", "application/x-www-form-urlencoded")
        if kind.split(";")[0].strip().lower() == "application/sparql-update":
            self._send(*READ_ONLY)
            return
        self._query(form_request(body, kind))

    def do_PUT(self) -> None:
        self._send(*READ_ONLY)

    do_DELETE = do_PATCH = do_PUT


class BoundedServer(http.server.HTTPServer):
    """An HTTP server with ``threads`` handler threads fed by a queue of at most ``backlog``
    accepted connections; a connection arriving when the queue is full is answered ``503``."""

    request_queue_size = 128  # the listen backlog (socketserver's 5 drops SYNs under load)

    def __init__(
        self, address: tuple[str, int], pool: WorkerPool, page: dict[str, tuple[str, bytes]],
        threads: int, backlog: int,
    ) -> None:  # fmt: skip
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.pool, self.page = pool, page
        self.pending: queue.Queue[tuple[socket.socket, Any]] = queue.Queue(maxsize=backlog)
        super().__init__(address, Handler)
        for _ in range(threads):
            threading.Thread(target=self._serve_pending, daemon=True).start()

    def process_request(self, request: Any, client_address: Any) -> None:
        try:
            self.pending.put_nowait((request, client_address))
        except queue.Full:
            body = b"the server is busy; retry\n"
            head = f"HTTP/1.0 503 Service Unavailable\r\nContent-Type: {TEXT}\r\nRetry-After: 1\r\n"
            with contextlib.suppress(OSError):
                request.sendall(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
            self.shutdown_request(request)

    def _serve_pending(self) -> None:
        while True:
            request, client_address = self.pending.get()
            try:
                self.finish_request(request, client_address)
            except OSError:  # the client went away mid-answer
                pass
            finally:
                self.shutdown_request(request)


class Stop(Exception):
    """SIGTERM or SIGHUP: shut down."""


def _stop(signum: int, frame: object) -> None:
    raise Stop(signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGTERM/SIGHUP (or the parent's death); print ``listening HOST PORT`` once ready."""
    parser = argparse.ArgumentParser(prog="python -m kg.server")
    parser.add_argument("--location", required=True, help="the Oxigraph store folder (opened read-only)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7878)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--backlog", type=int, default=64)
    parser.add_argument("--page", type=Path, help="folder holding the query page files")
    parser.add_argument("--parent", type=int, help="stop when this process (kg serve) dies")
    args = parser.parse_args(argv)
    if args.parent:
        die_with_parent(args.parent, signal.SIGTERM)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # kg serve gets Ctrl-C and stops us
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    pool = None
    try:
        page = read_page(args.page) if args.page else {}
        server = BoundedServer((args.host, args.port), None, page, args.threads, args.backlog)  # type: ignore[arg-type]
        try:
            server.pool = pool = WorkerPool(args.location, args.workers, args.timeout)
            host, port = server.server_address[:2]
            print(f"listening {host} {port}", flush=True)
            server.serve_forever()
        finally:
            server.server_close()
    except Stop:
        return 0
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"port {args.port} on {args.host} is already in use", file=sys.stderr, flush=True)
            return EXIT_PORT_IN_USE
        print(f"cannot serve on {args.host}:{args.port}: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        if pool is not None:
            pool.close()
    return 0
