"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, with Oxigraph's bundled
(offline) query page: a thin wrapper around ``oxigraph serve-read-only``.

The server needs an on-disk store: ``build/oxigraph/`` is (re)loaded from
``build/kg.trig`` whenever the TriG file changed. The union of all named graphs is
the default graph, as in the embedded store, so the named queries run unchanged.
Updates are refused (the read-only server has no update endpoint).

>>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
(True, False)
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.build import ensure_built
from kg.errors import ServeError
from kg.paths import ProjectPaths, project_paths

__all__ = ["Server", "free_port", "is_loopback", "oxigraph_binary", "prepare_store_dir", "start_server"]

STORE_DIR = "oxigraph"
STAMP = ".loaded-from"


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
    """A running ``oxigraph serve-read-only``; stop it with :meth:`stop` or a ``with`` block."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    location: Path

    @property
    def url(self) -> str:
        """The query page (Oxigraph's bundled YASGUI)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "query"

    def stop(self) -> None:
        """Terminate the server and wait for it (killing it after 5 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(
    paths: ProjectPaths | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    allow_remote: bool = False,
    timeout_s: int = 30,
    wait: float = 30.0,
) -> Server:
    """Start the read-only endpoint and wait until it answers; ``port=0`` picks a free port.

    A host other than loopback exposes the graph to the network, so it needs ``allow_remote``.
    """
    if not is_loopback(host) and not allow_remote:
        raise ServeError(f"--host {host} would expose the endpoint beyond this machine; add --allow-remote")
    location = prepare_store_dir(paths)
    port = port or free_port(host if is_loopback(host) else "127.0.0.1")
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        bind,
        "--union-default-graph",
        "--timeout-s",
        str(timeout_s),
    ]
    log_path = location.parent / "oxigraph-serve.log"  # a file, not a pipe nobody drains
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    server = Server(process, host, port, location)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = log_path.read_text(encoding="utf-8", errors="replace").strip()
            raise ServeError(f"oxigraph serve-read-only stopped at once: {error[-500:]}")
        try:
            with urllib.request.urlopen(server.query_url + "?query=ASK%7B%7D", timeout=1):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    server.stop()
    raise ServeError(f"oxigraph did not answer on {server.url} within {wait:g} s")
