"""Start-up of the reading commands: on a built project `kg query`, `kg show` and `kg chains`
import no rdflib (nor pandas, pyvis, pySHACL or multiprocessing), `kg view` no pandas or pyvis,
and `kg query --timeout` stops a query with a watchdog thread, not a forked worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.processes import children, cpu_seconds, wait_until

import kg
import kg.queries.local
import kg.worker
from kg.build import BuildResult
from kg.cli import cli

CODE = str(Path(kg.__file__).resolve().parent.parent)  # the checkout whose kg is under test
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HEAVY = ("rdflib", "pandas", "pyvis", "pyshacl", "owlrl", "networkx", "multiprocessing")
# Runs one `kg` command in this interpreter, then names the heavy modules it imported.
PROBE = f"""
import sys
from kg.cli import cli
try:
    cli(sys.argv[1:], prog_name="kg")
except SystemExit as end:
    assert not end.code, f"exit {{end.code}}"
print(" ".join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)
"""


def kg_process(root: Path, *args: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": CODE, "KG_HOME": str(root)},
        **options,  # type: ignore[arg-type]
    )


def heavy_imports(root: Path, *command: str) -> list[str]:
    done = kg_process(root, "-c", PROBE, *command)
    assert done.returncode == 0, done.stderr
    return done.stderr.split()


@pytest.mark.parametrize(
    "command",
    [
        ["query", "claims", "-p", "topic=North Korean artillery ammunition"],
        ["query", "timeline", "-p", "start=2024-06-01", "-p", "end=2024-06-30", "--format", "json"],
        ["query", "-e", "ASK { kgr:ROK a kg:State }"],
        ["show", "Seoul"],
        ["chains", "South Korea", "Ukraine"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_reading_commands_import_no_rdflib_and_fork_nothing(
    built: BuildResult, repo_paths, command: list[str]
) -> None:
    assert heavy_imports(repo_paths.root, *command) == []


def test_kg_view_draws_without_pandas_or_pyvis(built: BuildResult, repo_paths, tmp_path: Path) -> None:
    found = heavy_imports(repo_paths.root, "view", "overview", "--out", str(tmp_path))
    assert "pandas" not in found and "pyvis" not in found
    assert (tmp_path / "overview.html").is_file()


def test_kg_query_runs_its_timeout_without_a_worker_process(
    built: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork(*args: object, **kwargs: object) -> None:
        raise AssertionError("kg query forked a worker")

    for module in (kg.worker, kg.queries.local):
        monkeypatch.setattr(module, "call_in_fork", no_fork)
    result = CliRunner().invoke(cli, ["query", "--timeout", "20", "-e", "ASK { kgr:ROK a kg:State }"])
    assert result.exit_code == 0, result.output
    assert result.output == "yes\n"


def test_kg_query_over_its_timeout_exits_5_at_the_deadline(built: BuildResult, repo_paths) -> None:
    started = time.monotonic()
    done = kg_process(repo_paths.root, "-m", "kg", "query", "--timeout", "1", "-e", SLOW)
    assert done.returncode == 5
    assert done.stderr == "Error: the query took longer than 1 s and was stopped; raise --timeout\n"
    assert done.stdout == ""
    assert time.monotonic() - started < 20


def test_a_library_timeout_still_stops_the_query_and_goes_on(built: BuildResult) -> None:
    from kg.errors import QueryError
    from kg.queries import run_query

    with pytest.raises(QueryError, match=r"longer than 0\.5 s"):
        run_query(SLOW, timeout=0.5)
    assert run_query("ASK { kgr:ROK a kg:State }") == [{"answer": True}]


@pytest.mark.parametrize("signum", [15, 1], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_ends_kg_query_by_that_signal_with_no_process_left(
    built: BuildResult, repo_paths, signum: int
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", "--timeout", "120", "-e", SLOW],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": CODE, "KG_HOME": str(repo_paths.root)},
    )
    try:
        assert wait_until(lambda: cpu_seconds(process.pid) > 1.0, 60)  # well into the query
        assert children(process.pid) == set()  # the query runs in a thread, not a worker
        process.send_signal(signum)
        assert process.wait(timeout=10) == -signum
    finally:
        if process.poll() is None:
            process.kill()
