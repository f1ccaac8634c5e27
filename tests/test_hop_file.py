"""The hop table the build writes (build/kg.hops): the same table, routes and linked chains as
scanning the store, on the seeds and on 10,000 synthetic transfers; never used for another
kg.trig; a damaged file is not used either (the reader is told, the store is scanned); the
same inputs give the same bytes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.chains.table
from kg.build import build
from kg.chains import find_chains, find_routes, hop_table
from kg.chains.columns import columns_from_quads, scan_columns
from kg.chains.hopfile import MAGIC, read_hop_file, save_hop_table, write_hop_file
from kg.cli import cli
from kg.errors import HopFileError
from kg.namespaces import entity_iri
from kg.paths import ProjectPaths
from kg.store import load_store, open_store, select, store_origin, trig_identity
from kg.synthetic import synthetic_quads

PAIRS = [("ROK", "Ukraine"), ("DPRK", "Russia")]


def iri(name: str) -> str:
    return str(entity_iri(name))


def copy_of(store: ox.Store) -> ox.Store:
    """The same quads in a store with no origin: its hop table is scanned."""
    copy = ox.Store()
    copy.extend(store)
    assert store_origin(copy) is None
    return copy


def no_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("the hop table was scanned, not read from its file")

    monkeypatch.setattr(kg.chains.table, "scan_columns", refuse)


def answers(store: ox.Store, source: str, target: str, max_hops: int) -> list[object]:
    """Routes (paths and counts), every chain and the linked chains."""
    routes = [
        (r.path, r.parallel, r.combinations, r.linked) for r in find_routes(store, source, target, max_hops)
    ]
    chains = [find_chains(store, source, target, max_hops, linked_only=only) for only in (False, True)]
    return [routes, *chains]


def test_the_build_writes_the_hop_table_of_the_trig_it_wrote(built: object, repo_paths: ProjectPaths) -> None:
    columns = read_hop_file(repo_paths.hops, trig_identity(repo_paths.trig))
    assert len(columns) > 10
    assert columns == scan_columns(load_store(repo_paths.trig))


def test_a_store_opened_from_the_build_reads_its_hops_from_the_file(
    built: object, repo_paths: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(repo_paths)
    no_scans(monkeypatch)
    assert hop_table(store).columns == scan_columns(load_store(repo_paths.trig))


@pytest.mark.parametrize("max_hops", [1, 2, 3, 4])
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_routes_and_chains_from_the_file_equal_the_scanned_ones_on_the_seeds(
    built: object,
    repo_paths: ProjectPaths,
    source: str,
    target: str,
    max_hops: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store(repo_paths)
    expected = answers(copy_of(store), iri(source), iri(target), max_hops)
    no_scans(monkeypatch)
    assert answers(store, iri(source), iri(target), max_hops) == expected


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, built: object, repo_paths: ProjectPaths) -> Path:
    """A TriG of the seed build plus 10,000 synthetic transfers, with its hop file written from
    its quads as the build writes it."""
    seeds = load_store(repo_paths.trig)
    query = "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a kg:State } } ORDER BY ?s"
    states = [row["s"] for row in select(seeds, query)]
    quads = [*seeds, *synthetic_quads(10_000, agents=states)]
    trig = tmp_path_factory.mktemp("synthetic") / "kg.trig"
    trig.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    write_hop_file(columns_from_quads(quads), trig.with_suffix(".hops"), trig_identity(trig))
    return trig


@pytest.mark.parametrize(
    ("source", "target"), [*PAIRS, ("SynthState0", "SynthState1"), ("USA", "SynthState7")]
)
def test_routes_and_chains_from_the_file_equal_the_scanned_ones_on_a_10k_transfer_graph(
    synthetic: Path, source: str, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = load_store(synthetic, track=True)
    expected = answers(copy_of(store), iri(source), iri(target), 3)
    no_scans(monkeypatch)
    assert answers(store, iri(source), iri(target), 3) == expected


def test_a_10k_graph_has_linked_chains_to_compare(synthetic: Path) -> None:
    routes = find_routes(load_store(synthetic, track=True), iri("ROK"), iri("Ukraine"))
    assert sum(r.linked for r in routes if r.hops > 1) > 0


def test_the_file_made_from_quads_equals_the_one_made_from_a_scan(synthetic: Path, tmp_path: Path) -> None:
    scanned = tmp_path / "kg.trig"
    os.link(synthetic, scanned)  # the same file (same identity), another hop file beside it
    save_hop_table(load_store(scanned), scanned)
    assert scanned.with_suffix(".hops").read_bytes() == synthetic.with_suffix(".hops").read_bytes()


@pytest.fixture(scope="module")
def one_build(tmp_path_factory: pytest.TempPathFactory, repo_paths: ProjectPaths) -> ProjectPaths:
    """A scratch project, built once for the tests that change its build."""
    paths = ProjectPaths(tmp_path_factory.mktemp("project"))
    for name in ("ontology", "seeds"):
        shutil.copytree(repo_paths.root / name, paths.root / name)
    build(paths)
    return paths


@pytest.fixture
def built_copy(one_build: ProjectPaths, tmp_path: Path) -> ProjectPaths:
    """A copy of that project and its build (the copied kg.trig is another file: its kg.hops
    is stamped for it, as the build would stamp it)."""
    paths = ProjectPaths(tmp_path / "project")
    shutil.copytree(one_build.root, paths.root)
    columns = read_hop_file(one_build.hops, trig_identity(one_build.trig))
    write_hop_file(columns, paths.hops, trig_identity(paths.trig))
    return paths


def test_a_hop_file_made_for_another_trig_is_not_used_and_the_reader_is_told(
    built_copy: ProjectPaths,
) -> None:
    trig = built_copy.trig.read_bytes()
    changed = built_copy.build / "kg.trig.new"  # another build's kg.trig, its kg.hops not yet written
    changed.write_bytes(trig.replace(b"kg:recipient kgr:Ukraine", b"kg:recipient kgr:Poland", 1))
    os.replace(changed, built_copy.trig)
    told: list[str] = []
    store = open_store(built_copy, told.append)
    table = hop_table(store)
    assert len(told) == 1
    assert told[0].endswith(
        "kg.hops: made from another kg.trig (a later or earlier build); reading the hops from"
        " the store instead (`kg build` writes it)"
    )
    assert table.columns == scan_columns(store)
    with pytest.raises(HopFileError):
        read_hop_file(built_copy.hops, trig_identity(built_copy.trig))


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda data: data[: len(data) // 2],
            "is truncated or damaged (its sections do not match its header)",
        ),
        (_flip_last_byte, "is damaged (CRC-32 mismatch)"),
        (lambda data: data.replace(b'"rows":', b'"rows" ', 1), "has a damaged header"),
        (lambda data: b"", "is not a hop table file (it does not start with KGHOPS 1)"),
    ],
    ids=["truncated", "flipped-bit", "header", "empty"],
)
def test_a_damaged_hop_file_is_not_used_and_the_reader_is_told(
    built_copy: ProjectPaths, damage: object, message: str
) -> None:
    built_copy.hops.write_bytes(damage(built_copy.hops.read_bytes()))  # type: ignore[operator]
    told: list[str] = []
    store = open_store(built_copy, told.append)
    assert hop_table(store).columns == scan_columns(store)
    assert len(told) == 1 and f"kg.hops: {message}" in told[0]


def test_kg_chains_says_when_it_cannot_use_the_hop_file_and_answers_the_same(
    built_copy: ProjectPaths,
) -> None:
    arguments = ["--root", str(built_copy.root), "chains", "South Korea", "Ukraine"]
    before = CliRunner().invoke(cli, arguments)
    built_copy.hops.write_bytes(_flip_last_byte(built_copy.hops.read_bytes()))
    after = CliRunner().invoke(cli, arguments)
    assert before.exit_code == after.exit_code == 0
    assert after.stdout == before.stdout
    assert "kg.hops: is damaged (CRC-32 mismatch); reading the hops from the store" in after.stderr
    assert "kg.hops" not in before.stderr


def test_two_builds_of_the_same_inputs_write_the_same_hop_file_but_for_its_stamp(
    built_copy: ProjectPaths,
) -> None:
    first = built_copy.hops.read_bytes()
    build(built_copy)
    second = built_copy.hops.read_bytes()
    stamp, _, body = second.partition(b"\n")
    assert stamp == MAGIC + trig_identity(built_copy.trig).encode().rstrip(b"\n")
    assert first.partition(b"\n")[2] == body


def test_a_table_of_other_statuses_is_scanned(built: object, repo_paths: ProjectPaths) -> None:
    store = open_store(repo_paths)
    statuses = ("denied", "reported")
    assert hop_table(store, statuses).columns == scan_columns(copy_of(store), statuses)
