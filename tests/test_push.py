"""`kg push` into a real SPARQL 1.1 store (the Oxigraph server from the dev extra, on
loopback) and the named queries run remotely with the same answers as embedded."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner
from support.digest import digest_ok

from kg.cli import cli
from kg.errors import EndpointError
from kg.importers.sipri import import_sipri
from kg.paths import ProjectPaths, project_paths
from kg.push import push_dataset
from kg.queries import list_queries, run_query

REPO = Path(__file__).resolve().parent.parent
REGISTER = Path(__file__).resolve().parent / "fixtures" / "sipri_trade_register.csv"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph did not answer at {url}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server on loopback whose default graph is the union of its graphs
    (as in the embedded store); yields its base URL."""
    location = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    process = subprocess.Popen(
        [
            str(OXIGRAPH),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/query?query=ASK%7B%7D", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """A scratch project: the seeds plus the synthetic SIPRI import."""
    root = tmp_path_factory.mktemp("project")
    for name in ("ontology", "seeds"):
        shutil.copytree(REPO / name, root / name)
    paths = project_paths(root)
    import_sipri(REGISTER, paths)
    return paths


@pytest.fixture(scope="module")
def pushed(server: str, project: ProjectPaths) -> dict[str, int]:
    return push_dataset(f"{server}/store", project).graphs


def _normalised(rows: list[dict[str, Any]]) -> list[str]:
    """Rows in a comparable form. GROUP_CONCAT's order is undefined in SPARQL, so
    ' | '-joined lists are compared as sorted lists; row order as a sorted list too."""

    def value(v: Any) -> Any:
        return " | ".join(sorted(v.split(" | "))) if isinstance(v, str) else v

    return sorted(repr(sorted((k, value(v)) for k, v in row.items())) for row in rows)


def test_push_preserves_named_graphs(pushed: dict[str, int]) -> None:
    assert "https://w3id.org/rnku-kg/id/graph/import/sipri-trade-register" in pushed
    assert "https://w3id.org/rnku-kg/id/graph/derived" in pushed
    assert "https://w3id.org/rnku-kg/id/graph/source/002" in pushed


def test_remote_store_holds_every_triple(server: str, project: ProjectPaths, pushed: dict[str, int]) -> None:
    rows = run_query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=f"{server}/query", graphs=[]
    )
    assert rows[0]["n"] == sum(pushed.values())


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_named_query_answers_the_same_remotely(
    name: str, server: str, project: ProjectPaths, pushed: dict[str, int]
) -> None:
    query = next(q for q in list_queries() if q.name == name)
    local = run_query(name, query.example_params, paths=project)
    remote = run_query(name, query.example_params, endpoint=f"{server}/query", paths=project)
    assert local, f"{name} returns no rows on the seed graph"
    assert _normalised(remote) == _normalised(local)


def test_pushing_again_replaces_rather_than_duplicates(
    server: str, project: ProjectPaths, pushed: dict[str, int]
) -> None:
    again = push_dataset(f"{server}/store", project).graphs
    rows = run_query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=f"{server}/query", graphs=[]
    )
    assert again == pushed and rows[0]["n"] == sum(pushed.values())


def test_push_into_one_graph(server: str, project: ProjectPaths, pushed: dict[str, int]) -> None:
    target = "https://example.org/graph/rnku"
    report = push_dataset(f"{server}/store", project, graph=target)
    assert list(report.graphs) == [target]
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/graph/rnku> { ?s ?p ?o } }"
    assert run_query(count, endpoint=f"{server}/query", graphs=[])[0]["n"] == report.triples


def test_cli_push_reports_graphs_and_triples(server: str, project: ProjectPaths) -> None:
    result = CliRunner().invoke(cli, ["--root", str(project.root), "push", "--endpoint", f"{server}/store"])
    assert result.exit_code == 0, result.output
    assert f"graphs to {server}/store" in result.output.splitlines()[-1]


def test_unreachable_store_is_a_clean_error(project: ProjectPaths) -> None:
    with pytest.raises(EndpointError, match="cannot reach"):
        push_dataset(f"http://127.0.0.1:{_free_port()}/store", project, timeout=5)


@pytest.mark.parametrize(
    "command",
    [
        ["query", "polls", "--endpoint", "http://127.0.0.1:9/query"],
        ["push", "--endpoint", "http://127.0.0.1:9/store"],
    ],
    ids=["query", "push"],
)
def test_an_unreachable_endpoint_exits_8_with_one_error_line(
    project: ProjectPaths, command: list[str]
) -> None:
    result = CliRunner().invoke(cli, ["--root", str(project.root), *command])
    assert result.exit_code == 8
    (line,) = result.output.splitlines()
    assert line.startswith("Error: cannot reach http://127.0.0.1:9/")


# --- a Graph Store that behaves like Virtuoso's: 401 (Digest) before reading the body ----------

USER, PASSWORD, REALM, NONCE = "loader", "pw", "virtuoso", "c0ffee"


def _digest_ok(header: str, method: str, uri: str) -> bool:
    return digest_ok(header, method, uri, user=USER, password=PASSWORD, realm=REALM, nonce=NONCE)


class _StrictStore(BaseHTTPRequestHandler):
    """Answers an unauthenticated request 401 at once and hangs up without reading its body;
    authenticated uploads are kept (method, graph, size); the graph in ``fail`` gets 500."""

    received: ClassVar[list[tuple[str, str, int]]] = []
    fail: ClassVar[str | None] = None

    def _challenge(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth"')
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _authorised(self) -> bool:
        return _digest_ok(self.headers.get("Authorization", ""), self.command, self.path)

    def do_HEAD(self) -> None:
        if not self._authorised():
            return self._challenge()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self) -> None:
        if not self._authorised():
            return self._challenge()
        size = len(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        graph = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get("graph", [""])[0]
        self.received.append((self.command, graph, size))
        self.send_response(500 if graph == self.fail else 201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def strict_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("KG_SPARQL_USER", USER)
    monkeypatch.setenv("KG_SPARQL_PASSWORD", PASSWORD)
    _StrictStore.received, _StrictStore.fail = [], None
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StrictStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql-graph-crud-auth"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_push_over_1_mb_with_digest_gets_the_challenge_first(
    strict_store: str, project: ProjectPaths
) -> None:
    report = push_dataset(strict_store, project)
    assert max(size for _, _, size in _StrictStore.received) > 1024 * 1024
    assert {graph for _, graph, _ in _StrictStore.received} == set(report.graphs)


def test_big_graphs_go_in_several_requests_put_first(strict_store: str, project: ProjectPaths) -> None:
    push_dataset(strict_store, project, chunk_bytes=256 * 1024)
    by_graph: dict[str, list[str]] = {}
    for method, graph, size in _StrictStore.received:
        assert size <= 256 * 1024
        by_graph.setdefault(graph, []).append(method)
    assert any(len(methods) > 1 for methods in by_graph.values())
    assert all(methods[0] == "PUT" and set(methods[1:]) <= {"POST"} for methods in by_graph.values())


def test_a_push_that_fails_part_way_says_which_graphs_were_replaced(
    strict_store: str, project: ProjectPaths
) -> None:
    _StrictStore.fail = "https://w3id.org/rnku-kg/id/graph/source/002"
    with pytest.raises(EndpointError) as failure:
        push_dataset(strict_store, project)
    message = str(failure.value)
    assert "push stopped at graph https://w3id.org/rnku-kg/id/graph/source/002" in message
    assert "graphs already replaced: https://w3id.org/rnku-kg/id/graph/asserted, " in message
    assert "https://w3id.org/rnku-kg/id/graph/derived" in message
    assert failure.value.exit_code == 8
