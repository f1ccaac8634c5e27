"""`kg serve`: a read-only SPARQL 1.1 endpoint answering like the embedded store."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException
from support.processes import children, descendants, running, wait_until

from kg.build import BuildResult
from kg.cli import cli
from kg.errors import ServeError
from kg.paths import ProjectPaths, project_paths
from kg.queries import list_queries, run_query
from kg.queries.remote import with_prefixes
from kg.server import Server, start_server
from kg.server.protocol import EXIT_PORT_IN_USE
from kg.server.protocol import main as sparql_server_main
from kg.store import open_store

REPO = Path(__file__).resolve().parent.parent
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def served_paths(built: BuildResult, repo_paths: ProjectPaths, tmp_path_factory) -> ProjectPaths:
    """A scratch project whose build/ holds a copy of the built graph (the server's store goes there)."""
    root = tmp_path_factory.mktemp("served")
    for name in ("ontology", "seeds"):
        shutil.copytree(repo_paths.root / name, root / name)
    (root / "build").mkdir()
    shutil.copy2(repo_paths.trig, root / "build" / "kg.trig")
    shutil.copy2(repo_paths.turtle, root / "build" / "kg.ttl")
    shutil.copy2(repo_paths.manifest, root / "build" / "manifest.json")  # fresh: no rebuild
    return project_paths(root)


@pytest.fixture(scope="module")
def server(served_paths: ProjectPaths) -> Iterator[Server]:
    handle = start_server(served_paths, port=0)
    try:
        yield handle
    finally:
        handle.stop()


def sparql(server: Server, text: str) -> list[dict]:
    client = SPARQLWrapper(server.query_url)
    client.setQuery(with_prefixes(text))
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def test_the_endpoint_answers_like_the_embedded_store(server: Server, served_paths: ProjectPaths) -> None:
    text = "SELECT ?state ?label WHERE { ?state a kg:State ; skos:prefLabel ?label } ORDER BY ?state"
    embedded = run_query(text, store=open_store(served_paths))
    assert sparql(server, text) == [{k: str(v) for k, v in row.items()} for row in embedded]
    assert {"state": "https://w3id.org/rnku-kg/id/ROK", "label": "South Korea"} in sparql(server, text)


def test_every_named_query_gives_the_same_rows_remotely(server: Server, served_paths: ProjectPaths) -> None:
    store = open_store(served_paths)
    for query in list_queries():
        local = run_query(query.name, query.example_params, store=store)
        remote = run_query(query.name, query.example_params, endpoint=server.query_url, store=store)
        if query.text.lstrip("# \n").find("CONSTRUCT") >= 0:  # a graph has no order
            remote, local = sorted(map(repr, remote)), sorted(map(repr, local))
        assert remote == local, query.name


def test_an_update_is_refused(server: Server) -> None:
    client = SPARQLWrapper(server.url + "update")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    with pytest.raises((SPARQLWrapperException, OSError)):
        client.query()
    assert sparql(server, "SELECT ?o WHERE { <urn:x> <urn:y> ?o }") == []


def test_the_offline_query_page_is_served(server: Server) -> None:
    with urllib.request.urlopen(server.url) as response:
        page = response.read().decode()
    assert "Named queries" in page and "/query" in page


def test_a_non_loopback_host_needs_allow_remote(served_paths: ProjectPaths) -> None:
    with pytest.raises(ServeError, match="--allow-remote"):
        start_server(served_paths, host="0.0.0.0", port=0)


def test_kg_serve_refuses_a_public_host_without_the_flag() -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "add --allow-remote" in result.output


def get(server: Server, text: str, timeout: float = 30) -> tuple[int, bytes]:
    """A SPARQL Protocol GET on a fresh connection: status and body."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        conn.request("GET", "/query?" + urllib.parse.urlencode({"query": with_prefixes(text)}))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_graph_store_writes_and_update_text_are_refused(server: Server) -> None:
    statuses = []
    for method, path, body in [
        ("PUT", "/store?default", b"<urn:x> <urn:y> <urn:z> ."),
        ("POST", "/store?graph=urn%3Ag", b"<urn:x> <urn:y> <urn:z> ."),
        ("DELETE", "/store?default", b""),
        ("POST", "/query", b"update=DROP%20ALL"),
    ]:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
        conn.request(method, path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        statuses.append(conn.getresponse().status)
        conn.close()
    assert statuses == [403, 403, 403, 403]
    assert get(server, "DROP ALL")[0] == 400
    assert get(server, "ASK { kgr:ROK ?p ?o }") == (200, b'{"head":{},"boolean":true}')


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_kg_serve_on_a_taken_port_exits_1_naming_the_port(
    served_paths: ProjectPaths, taken_port: int
) -> None:
    result = CliRunner().invoke(cli, ["--root", str(served_paths.root), "serve", "--port", str(taken_port)])
    assert result.exit_code == 1
    assert f"Error: port {taken_port} on 127.0.0.1 is already in use" in result.output
    assert "SPARQL endpoint" not in result.output


def test_the_server_process_reports_a_taken_port_itself(taken_port: int, tmp_path) -> None:
    # kg serve checks first, but the child's own bind is what counts if the port is taken meanwhile
    assert sparql_server_main(["--location", str(tmp_path), "--port", str(taken_port)]) == EXIT_PORT_IN_USE


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "1e308", "soon"])
@pytest.mark.parametrize("command", [["serve"], ["query", "-e", "ASK {}"]])
def test_a_hostile_timeout_is_a_usage_error(command: list[str], value: str) -> None:
    result = CliRunner().invoke(cli, [*command, "--timeout", value])
    assert result.exit_code == 2
    assert "Invalid value for '--timeout'" in result.output


@pytest.fixture
def quick_server(served_paths: ProjectPaths) -> Iterator[Server]:
    handle = start_server(served_paths, port=0, timeout_s=1, workers=2)
    try:
        yield handle
    finally:
        handle.stop()


def test_a_query_over_the_timeout_gets_503_with_a_text_body(quick_server: Server) -> None:
    started = time.monotonic()
    status, body = get(quick_server, HEAVY)
    assert (status, body) == (503, b"the query took longer than 1 s and was stopped\n")
    assert time.monotonic() - started < 10
    assert get(quick_server, "ASK {}")[0] == 200  # a fresh worker took the stopped one's place


def test_sustained_load_gets_no_errors_and_the_server_stays_up(server: Server) -> None:
    texts = ["ASK { kgr:ROK ?p ?o }", get_named_query_text()]
    errors: list[object] = []
    done = [0]
    until = time.monotonic() + 3

    def client() -> None:
        while time.monotonic() < until:
            try:
                status, _ = get(server, texts[done[0] % 2], timeout=10)
            except OSError as error:
                errors.append(error)
                continue
            if status != 200:
                errors.append(status)
            done[0] += 1

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert done[0] > 8
    assert server.process.poll() is None
    assert get(server, "ASK {}")[0] == 200


def get_named_query_text() -> str:
    query = next(q for q in list_queries() if q.name == "polls")
    assert not query.params
    return query.text


def start_kg_serve(root) -> tuple[subprocess.Popen[str], int]:
    """`kg serve --port 0` as a real process, and its port once it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "--root", str(root), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("SPARQL endpoint:"):
            return process, urllib.parse.urlsplit(line.split()[2]).port or 0
    raise AssertionError(f"kg serve did not start (exit {process.wait()})")


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_to_kg_serve_leaves_nothing_listening_or_running(
    served_paths: ProjectPaths, signum: int
) -> None:
    process, port = start_kg_serve(served_paths.root)
    spawned = descendants(process.pid)
    assert spawned  # the server and its workers
    process.send_signal(signum)
    assert process.wait(timeout=15) == 0
    assert wait_until(lambda: not any(running(pid) for pid in spawned))
    assert refused(port)


def test_kill_9_of_kg_serve_still_stops_the_server(served_paths: ProjectPaths) -> None:
    process, port = start_kg_serve(served_paths.root)
    spawned = descendants(process.pid)
    process.kill()
    process.wait()
    assert wait_until(lambda: not any(running(pid) for pid in spawned))
    assert refused(port)


def test_kg_serve_exits_1_with_a_message_when_its_server_dies(served_paths: ProjectPaths) -> None:
    process, port = start_kg_serve(served_paths.root)
    (server_pid,) = children(process.pid)
    os.kill(server_pid, signal.SIGKILL)
    _, err = process.communicate(timeout=15)
    assert process.returncode == 1
    assert f"Error: the endpoint on port {port} was killed by signal 9" in err
