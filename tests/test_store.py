"""The persistent store: written by the build next to kg.trig, opened read-only by reading
commands, never used when it does not match the TriG file the same build wrote."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest

import kg.store
from kg.build import build, ensure_built
from kg.paths import ProjectPaths
from kg.store import load_store, open_store, store_is_current


@pytest.fixture
def built_copy(project_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch) -> ProjectPaths:
    # the seed build is small, so kg would keep it in memory: treat it as a large one here
    monkeypatch.setattr(kg.store, "ON_DISK_FROM", 0)
    build(project_copy)
    return project_copy


def _quads(store: ox.Store) -> set[ox.Quad]:
    return set(store)


def test_the_build_writes_a_store_that_holds_exactly_the_trig(built_copy: ProjectPaths) -> None:
    assert store_is_current(built_copy)
    assert _quads(open_store(built_copy)) == _quads(load_store(built_copy.trig))


def test_the_store_is_opened_read_only(built_copy: ProjectPaths) -> None:
    store = open_store(built_copy)
    with pytest.raises(RuntimeError, match="read-write"):
        store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))


def test_a_writable_store_is_an_in_memory_copy(built_copy: ProjectPaths) -> None:
    store = open_store(built_copy, writable=True)
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    assert ox.NamedNode("urn:a") not in {q.subject for q in open_store(built_copy)}


def test_a_store_older_than_the_trig_is_not_used_and_the_reader_is_told(built_copy: ProjectPaths) -> None:
    trig = built_copy.trig.read_bytes()
    replaced = built_copy.build / "kg.trig.new"
    replaced.write_bytes(trig.replace(b"South Korea", b"Korea (South)", 1))
    os.replace(replaced, built_copy.trig)  # what another build does: a new file in place
    told: list[str] = []
    store = open_store(built_copy, told.append)
    assert not store_is_current(built_copy)
    assert told and "reading build/kg.trig instead" in told[0]
    assert (
        _quads(store)
        == _quads(load_store(built_copy.trig))
        != _quads(ox.Store.read_only(str(built_copy.store / "data")))
    )


def test_ensure_built_writes_a_missing_store_again_and_says_so(built_copy: ProjectPaths) -> None:
    import shutil

    shutil.rmtree(built_copy.store)
    told: list[str] = []
    assert ensure_built(built_copy, told.append) is False  # the files are fresh: no rebuild
    assert store_is_current(built_copy) and told == [
        "build/store does not match build/kg.trig; writing it again"
    ]


def test_a_small_build_is_read_into_memory_and_writes_no_store(project_copy: ProjectPaths) -> None:
    build(project_copy)
    assert not project_copy.store.exists()
    store = open_store(project_copy)
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))  # in memory


def test_a_second_build_replaces_the_store_without_leaving_temporary_folders(
    built_copy: ProjectPaths,
) -> None:
    build(built_copy)
    assert store_is_current(built_copy)
    assert sorted(p.name for p in built_copy.build.iterdir() if p.name.startswith(".")) == []
