"""A read-only SPARQL 1.1 Protocol endpoint over the built graph at ``/query``, with the
project's offline query page (:mod:`kg.server.page`): starts and supervises
:mod:`kg.server.protocol` as a child process.

The server needs an on-disk store: ``build/oxigraph/`` is (re)loaded from
``build/kg.trig`` whenever the TriG file changed, and opened read-only by a fixed pool of
query workers. The union of all named graphs is the default graph, as in the embedded
store, so the named queries run unchanged. Updates are refused.

The child binds the port itself and reports it, so a port that someone else holds is an
error (not a success answered by the other server); it dies with its parent
(``PR_SET_PDEATHSIG``), and :meth:`Server.stop` stops it and its workers.

>>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
(True, False)
"""

from __future__ import annotations

import errno
import ipaddress
import os
import select
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.build import ensure_built
from kg.errors import ServeError
from kg.names import NameIndex
from kg.paths import ProjectPaths, project_paths
from kg.server.page import ENDPOINT_PATH, write_page
from kg.server.protocol import EXIT_PORT_IN_USE
from kg.store import load_store

__all__ = ["Server", "free_port", "is_loopback", "oxigraph_binary", "prepare_store_dir", "start_server"]

STORE_DIR = "oxigraph"
STAMP = ".loaded-from"
PAGE_DIR = "query-page"
LOG = "kg-serve.log"
WORKERS = 4


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def oxigraph_binary() -> str:
    """The ``oxigraph`` server executable (from the ``oxigraph`` package, next to this Python)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the `oxigraph` server is not installed; run `pip install 'kg[server]'`")
    return found


def prepare_store_dir(paths: ProjectPaths | None = None) -> Path:
    """``build/oxigraph/``, loaded from ``build/kg.trig`` unless it already holds that exact file
    (rebuilding the graph first when an input changed since the last build). Loads into a fresh
    folder and swaps it in, so a failed load leaves the previous store."""
    paths = paths or project_paths()
    ensure_built(paths)
    target = paths.build / STORE_DIR
    stat = paths.trig.stat()
    fingerprint = f"{stat.st_mtime_ns} {stat.st_size}\n"
    stamp = target / STAMP
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return target
    fresh = paths.build / f"{STORE_DIR}.loading"
    shutil.rmtree(fresh, ignore_errors=True)
    command = [oxigraph_binary(), "load", "--location", str(fresh), "--file", str(paths.trig)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise ServeError(f"oxigraph load failed: {done.stderr.strip()[-500:]}")
    (fresh / STAMP).write_text(fingerprint)
    old = paths.build / f"{STORE_DIR}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


@dataclass
class Server:
    """A running endpoint process; stop it with :meth:`stop` or a ``with`` block."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    location: Path
    log: Path

    @property
    def url(self) -> str:
        """The query page."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + ENDPOINT_PATH.lstrip("/")

    def last_words(self) -> str:
        """The end of the server's log (its stderr)."""
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.is_file() else ""
        return " ".join(text.strip().splitlines()[-3:])[-500:]

    def stop(self) -> None:
        """Terminate the server (it stops its workers) and wait for it, killing it after 5 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _port_error(host: str, port: int) -> ServeError:
    return ServeError(
        f"port {port} on {host} is already in use (another server?); "
        "choose another with --port, or --port 0 for a free one"
    )


def _check_port(host: str, port: int) -> None:
    """Fail early and clearly when something already listens on the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise _port_error(host, port) from None
            raise ServeError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def start_server(
    paths: ProjectPaths | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    allow_remote: bool = False,
    timeout_s: float = 30,
    workers: int = WORKERS,
    wait: float = 60.0,
) -> Server:
    """Start the read-only endpoint and wait until it listens; ``port=0`` picks a free port.
    Queries run in ``workers`` processes, each stopped after ``timeout_s`` seconds.

    A host other than loopback exposes the graph to the network, so it needs ``allow_remote``.
    A port in use, or a server that stops while starting, raises ServeError. The server stops
    when the calling *thread* ends (``PR_SET_PDEATHSIG`` follows the thread that started it),
    so call this from a thread that outlives the server, e.g. the main thread.
    """
    if not is_loopback(host) and not allow_remote:
        raise ServeError(f"--host {host} would expose the endpoint beyond this machine; add --allow-remote")
    if port:
        _check_port(host, port)
    location = prepare_store_dir(paths)
    index = NameIndex.for_store(load_store((paths or project_paths()).trig))
    page = write_page(location.parent / PAGE_DIR, index.resolve)
    log_path = location.parent / LOG  # a file, not a pipe nobody drains
    command = [
        sys.executable, "-m", "kg.server", "--location", str(location), "--host", host,
        "--port", str(port), "--timeout", f"{timeout_s:g}", "--workers", str(workers),
        "--page", str(page), "--parent", str(os.getpid()),
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log)
    server = Server(process, host, port, location, log_path)
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], wait)
    line = process.stdout.readline().decode() if ready else ""
    if line.startswith("listening "):
        server.port = int(line.split()[2])
        return server
    server.stop()
    if process.returncode == EXIT_PORT_IN_USE:
        raise _port_error(host, port)
    if not ready:
        raise ServeError(f"the endpoint did not start on {host}:{port} within {wait:g} s")
    raise ServeError(
        f"the endpoint stopped while starting (exit {process.returncode}): {server.last_words()}"
    )
