"""`kg serve`: a read-only SPARQL 1.1 endpoint answering like the embedded store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.build import BuildResult
from kg.cli import cli
from kg.errors import ServeError
from kg.paths import ProjectPaths, project_paths
from kg.queries import list_queries, run_query
from kg.queries.remote import with_prefixes
from kg.serve import Server, start_server
from kg.store import open_store


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
    import urllib.request

    with urllib.request.urlopen(server.url) as response:
        page = response.read().decode()
    assert "yasgui" in page.lower()


def test_a_non_loopback_host_needs_allow_remote(served_paths: ProjectPaths) -> None:
    with pytest.raises(ServeError, match="--allow-remote"):
        start_server(served_paths, host="0.0.0.0", port=0)


def test_kg_serve_refuses_a_public_host_without_the_flag() -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "add --allow-remote" in result.output
