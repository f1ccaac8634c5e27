"""Real SPARQL engines for the engine tests, each started as the test's own process on free
loopback ports with its own files, and stopped by the test: Virtuoso open source (Debian's
``virtuoso-t``, a private virtuoso.ini, its own database folder, ``+foreground``; never the
system service) and Comunica (``comunica-sparql-file-http`` from ``tools/comunica``, npm,
serving a TriG file). ``make engines`` installs both; a missing one is a failure naming
that command, never a skip."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMUNICA = REPO / "tools" / "comunica" / "node_modules" / ".bin" / "comunica-sparql-file-http"
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # the fresh database's own administrator; the instance is private and on loopback
VIRTUOSO_MAX_ROWS = 10_000  # Virtuoso's default ResultSetMaxRows, kept so the cap is tested

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 8
CheckpointInterval = 0
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = {dir}
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
MaxClientConnections = 4
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


@dataclass
class Engine:
    """A running engine: its process, query endpoint and (if it takes uploads) Graph Store URL."""

    name: str
    version: str
    process: subprocess.Popen[bytes]
    query_url: str
    store_url: str | None
    log: Path
    started_in: float
    orders_as_sparql: bool = True  # False: its ORDER BY is known to differ, rows compare as multisets

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, engine: Engine, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if engine.process.poll() is not None:
            break
        try:
            request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=5) as answer:
                answer.read()
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    engine.stop()
    tail = engine.log.read_text(errors="replace")[-800:] if engine.log.is_file() else ""
    pytest.fail(f"{engine.name} did not answer at {url} within {seconds:g} s: {tail}")


def _missing(what: str) -> None:
    pytest.fail(f"{what} is not installed: run `make engines` (the engine tests need it)", pytrace=False)


def start_virtuoso(folder: Path) -> Engine:
    """A private Virtuoso instance in ``folder`` (empty database, user dba/dba)."""
    binary = shutil.which("virtuoso-t")
    if not binary:
        _missing("Virtuoso (Debian package virtuoso-opensource-7-bin, `virtuoso-t`)")
    assert binary
    version = subprocess.run([binary, "-?"], capture_output=True, text=True, check=False)
    words = (version.stdout + version.stderr).split()
    number = next((w for w in words if w[:1].isdigit() and "." in w), "?")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port, max_rows=VIRTUOSO_MAX_ROWS)
    )
    log = folder / "stdout.log"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"],
            cwd=folder, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{http_port}"
    engine = Engine("Virtuoso", number, process, f"{base}/sparql", f"{base}/sparql-graph-crud-auth", log, 0)
    _wait(f"{base}/sparql?query=ASK%7B%7D", engine, 90)
    engine.started_in = time.monotonic() - started
    return engine


def start_comunica(trig: Path, folder: Path) -> Engine:
    """Comunica's SPARQL endpoint over a TriG file (read-only; one worker)."""
    if not COMUNICA.is_file():
        _missing("Comunica (npm @comunica/query-sparql-file in tools/comunica)")
    package = (
        REPO / "tools" / "comunica" / "node_modules" / "@comunica" / "query-sparql-file" / "package.json"
    )
    version = next(
        line.split('"')[3]
        for line in package.read_text().splitlines()
        if line.strip().startswith('"version"')
    )
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "comunica.log"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(COMUNICA), str(trig), "--port", str(port), "--workers", "1", "--timeout", "120"],
            cwd=folder, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "NODE_OPTIONS": "--max-old-space-size=2048"},
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/sparql"
    # Comunica 4.5 returns the rows of 7 of the 11 named queries in another order than their
    # ORDER BY gives on Oxigraph and Virtuoso (same rows); see the README's engine table.
    engine = Engine("Comunica", version, process, url, None, log, 0, orders_as_sparql=False)
    _wait(f"{url}?query=ASK%7B%7D", engine, 90)
    engine.started_in = time.monotonic() - started
    return engine
