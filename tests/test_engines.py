"""The same named queries on independent SPARQL engines: Virtuoso open source (pushed to
with `kg push`, Digest auth) and Comunica (serving the built TriG file) give the embedded
store's answers under the documented normalisation (:mod:`kg.queries.compare`).

Each engine starts once per session (about 13 s for Virtuoso's fresh database, 3 s for
Comunica); a missing engine fails with the command that installs it (`make engines`)."""

from __future__ import annotations

import os
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from support.engines import (
    VIRTUOSO_MAX_ROWS,
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    Engine,
    start_comunica,
    start_virtuoso,
)

from kg.cli import cli
from kg.endpoints import PASSWORD_VARIABLE, USER_VARIABLE, request
from kg.errors import EndpointError
from kg.importers.sipri import import_sipri
from kg.paths import ProjectPaths, project_paths
from kg.push import chunks, count_graphs, push_dataset
from kg.queries import execute, get_query, list_queries
from kg.queries.compare import comparable

REPO = Path(__file__).resolve().parent.parent
REGISTER = Path(__file__).resolve().parent / "fixtures" / "sipri_trade_register.csv"
NAMES = [q.name for q in list_queries()]


@pytest.fixture(scope="session")
def engine_project(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """The seeds plus the SIPRI fixture import, built."""
    root = tmp_path_factory.mktemp("engine-project")
    for name in ("ontology", "seeds"):
        shutil.copytree(REPO / name, root / name)
    paths = project_paths(root)
    import_sipri(REGISTER, paths)
    from kg.build import ensure_built

    ensure_built(paths)
    return paths


@pytest.fixture(scope="session")
def credentials() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in (USER_VARIABLE, PASSWORD_VARIABLE)}
    os.environ[USER_VARIABLE], os.environ[PASSWORD_VARIABLE] = VIRTUOSO_USER, VIRTUOSO_PASSWORD
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield engine
    engine.stop()


@pytest.fixture(scope="session")
def comunica(tmp_path_factory: pytest.TempPathFactory, engine_project: ProjectPaths) -> Iterator[Engine]:
    engine = start_comunica(engine_project.trig, tmp_path_factory.mktemp("comunica"))
    yield engine
    engine.stop()


@pytest.fixture(scope="session")
def loaded_virtuoso(virtuoso: Engine, engine_project: ProjectPaths, credentials: None) -> Engine:
    """Virtuoso holding the dataset, pushed with Digest auth and checked by counting."""
    assert virtuoso.store_url
    push_dataset(virtuoso.store_url, engine_project, query_endpoint=virtuoso.query_url)
    return virtuoso


@pytest.fixture(params=["virtuoso", "comunica"])
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "virtuoso":
        return request.getfixturevalue("loaded_virtuoso")
    return request.getfixturevalue("comunica")


def test_cli_push_to_virtuoso_with_digest_sends_over_1_mb_and_checks_counts(
    virtuoso: Engine, engine_project: ProjectPaths, credentials: None
) -> None:
    triples = list(ox.parse(path=str(engine_project.trig), format=ox.RdfFormat.TRIG))
    assert sum(len(body) for body in chunks([q.triple for q in triples])) > 1024 * 1024
    result = CliRunner().invoke(
        cli,
        ["--root", str(engine_project.root), "push", "--endpoint", str(virtuoso.store_url),
         "--check", virtuoso.query_url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "pushed" in result.output.splitlines()[-1]


def test_push_in_small_chunks_gives_the_same_counts(
    loaded_virtuoso: Engine, engine_project: ProjectPaths
) -> None:
    assert loaded_virtuoso.store_url
    report = push_dataset(loaded_virtuoso.store_url, engine_project, chunk_bytes=64 * 1024)
    assert count_graphs(loaded_virtuoso.query_url, list(report.graphs)) == report.graphs


def test_push_without_credentials_is_refused_with_exit_8(
    loaded_virtuoso: Engine, engine_project: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(USER_VARIABLE)
    store = str(loaded_virtuoso.store_url)
    result = CliRunner().invoke(cli, ["--root", str(engine_project.root), "push", "--endpoint", store])
    assert result.exit_code == 8
    assert "answered 401" in result.output and USER_VARIABLE in result.output


@pytest.mark.parametrize("name", NAMES)
def test_named_query_gives_the_embedded_answer(
    name: str, engine: Engine, engine_project: ProjectPaths
) -> None:
    query = get_query(name)
    local = execute(name, query.example_params, paths=engine_project)
    remote = execute(name, query.example_params, endpoint=engine.query_url, paths=engine_project, timeout=120)
    assert local.solutions or local.triples, f"{name} gives nothing on the embedded store"
    ordered = engine.orders_as_sparql
    assert comparable(remote, query.text, ordered) == comparable(local, query.text, ordered)


def test_virtuoso_row_cap_is_an_error_not_a_short_answer(
    loaded_virtuoso: Engine, engine_project: ProjectPaths
) -> None:
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert len(execute(text=everything, paths=engine_project).solutions) > VIRTUOSO_MAX_ROWS
    with pytest.raises(EndpointError, match=f"row cap of {VIRTUOSO_MAX_ROWS} rows"):
        execute(text=everything, endpoint=loaded_virtuoso.query_url, paths=engine_project)


def test_the_cli_query_exits_8_at_the_cap(loaded_virtuoso: Engine, engine_project: ProjectPaths) -> None:
    result = CliRunner().invoke(
        cli,
        ["--root", str(engine_project.root), "query", "-e", "SELECT * WHERE { ?s ?p ?o }",
         "--endpoint", loaded_virtuoso.query_url],
    )  # fmt: skip
    assert result.exit_code == 8, result.output
    assert "X-SPARQL-MaxRows" in result.output


def test_comunica_adds_members_that_are_ignored(comunica: Engine, engine_project: ProjectPaths) -> None:
    text = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/rnku-kg/id/graph/derived> WHERE { ?s ?p ?o }"
    raw = request(
        comunica.query_url,
        urllib.parse.urlencode({"query": text}).encode(),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert b'"metadata"' in raw
    assert execute(text=text, endpoint=comunica.query_url, graphs=[]).rows()[0]["n"] > 0
