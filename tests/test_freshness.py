"""Reading never writes behind the user's back: the build is redone only when an input's
content changed (build/manifest.json), and only by the explicit step ensure_built."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.build.pipeline
from kg.build import build, build_is_stale, ensure_built, freshness, stale_reason
from kg.cli import cli
from kg.errors import BuildMissingError
from kg.paths import ProjectPaths
from kg.store import open_store


@pytest.fixture
def built_copy(project_copy: ProjectPaths) -> ProjectPaths:
    build(project_copy)
    return project_copy


def _snapshot(paths: ProjectPaths) -> dict[str, tuple[bytes, int]]:
    files = sorted(p for p in paths.build.rglob("*") if p.is_file())
    return {str(p.relative_to(paths.build)): (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


def _query_polls(paths: ProjectPaths):
    return CliRunner().invoke(cli, ["--root", str(paths.root), "query", "polls"])


def test_a_fresh_build_is_not_stale(built_copy: ProjectPaths) -> None:
    assert stale_reason(built_copy) is None
    assert not build_is_stale(built_copy)
    assert ensure_built(built_copy) is False


def test_touching_a_seed_file_then_querying_leaves_build_untouched(built_copy: ProjectPaths) -> None:
    before = _snapshot(built_copy)
    entities = built_copy.seeds / "entities.yaml"
    later = entities.stat().st_mtime_ns + 10_000_000_000
    os.utime(entities, ns=(later, later))
    result = _query_polls(built_copy)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert _snapshot(built_copy) == before


def test_editing_a_seed_file_then_querying_rebuilds_and_says_so(built_copy: ProjectPaths) -> None:
    entities = built_copy.seeds / "entities.yaml"
    poland = "- {id: Poland, type: State, label: Poland, wikidata: Q36}"
    text = entities.read_text(encoding="utf-8")
    assert poland in text
    entities.write_text(text.replace(poland, poland[:-1] + ", description: Edited for the test}"))
    result = _query_polls(built_copy)
    assert result.exit_code == 0, result.output
    assert result.stderr == "build/ is out of date (seeds/entities.yaml changed); rebuilding\n"
    assert '"Edited for the test"@en' in built_copy.trig.read_text(encoding="utf-8")
    assert stale_reason(built_copy) is None


def test_open_store_without_a_build_raises(project_copy: ProjectPaths) -> None:
    with pytest.raises(BuildMissingError, match=r"kg\.trig does not exist; run `kg build`"):
        open_store(project_copy)
    assert BuildMissingError.exit_code == 4
    assert not project_copy.build.exists()


def test_a_seed_saved_during_the_build_leaves_the_build_stale(
    project_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = kg.build.pipeline.resolve_quotes
    sources = project_copy.seeds / "sources.yaml"

    def save_while_building(curation):  # after the seeds were read, before anything is written
        sources.write_text(sources.read_text(encoding="utf-8") + "\n# saved during the build\n")
        return real(curation)

    monkeypatch.setattr(kg.build.pipeline, "resolve_quotes", save_while_building)
    build(project_copy)
    assert stale_reason(project_copy) == "seeds/sources.yaml changed"


def test_added_removed_and_overwritten_files_make_the_build_stale(built_copy: ProjectPaths) -> None:
    extra = built_copy.seeds / "texts" / "new.txt"
    extra.write_text("new text")
    assert stale_reason(built_copy) == "seeds/texts/new.txt added"
    extra.unlink()
    (built_copy.seeds / "README.md").unlink()
    assert stale_reason(built_copy) == "seeds/README.md removed"


def test_an_interrupted_or_altered_build_reads_as_stale(built_copy: ProjectPaths) -> None:
    built_copy.turtle.write_bytes(built_copy.turtle.read_bytes() + b"\n")
    assert stale_reason(built_copy) == "build/kg.ttl is not the file the build wrote"
    built_copy.manifest.unlink()
    assert stale_reason(built_copy) == "build/manifest.json is missing"
    messages: list[str] = []
    assert ensure_built(built_copy, notify=messages.append) is True
    assert messages == ["build/ is out of date (build/manifest.json is missing); rebuilding"]
    assert stale_reason(built_copy) is None


@pytest.mark.parametrize("moment", ["after the inputs were read", "while the imports are loaded"])
def test_an_import_that_races_a_build_is_never_served_as_fresh(
    built_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    # the race of the reliability report (B9): an import lands while a build runs
    from kg.build import compile as compile_step
    from kg.importers.sipri import import_sipri
    from kg.queries import run_query

    register = Path(__file__).parent / "fixtures" / "sipri_trade_register.csv"
    target = (
        (kg.build.pipeline, "resolve_quotes")
        if moment.startswith("after")
        else (compile_step, "load_imports")
    )
    real = getattr(*target)

    def import_meanwhile(*args, **kwargs):
        import_sipri(register, built_copy)
        monkeypatch.setattr(*target, real)
        return real(*args, **kwargs)

    monkeypatch.setattr(*target, import_meanwhile)
    build(built_copy)
    monkeypatch.undo()
    # either the build holds the import, or it reads as stale and the next command rebuilds
    ensure_built(built_copy)
    rows = run_query("ASK { ?t kg:rowNumber ?n }", store=open_store(built_copy))
    assert rows == [{"answer": True}] and stale_reason(built_copy) is None


@pytest.fixture
def settled_copy(project_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch) -> ProjectPaths:
    """A build whose inputs all count as settled (the copy was made a moment ago)."""
    monkeypatch.setattr(freshness, "SETTLED_NS", 0)
    build(project_copy)
    return project_copy


def _hashed_by_freshness(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    real, real_file = freshness._sha256, freshness.file_sha256
    monkeypatch.setattr(freshness, "_sha256", lambda data: sizes.append(len(data)) or real(data))
    # files are hashed in chunks, without reading them whole: count their sizes
    monkeypatch.setattr(
        freshness, "file_sha256", lambda path: sizes.append(path.stat().st_size) or real_file(path)
    )
    return sizes


def test_a_reading_command_hashes_nothing_when_no_file_changed(
    settled_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed = _hashed_by_freshness(monkeypatch)
    assert stale_reason(settled_copy) is None
    assert hashed == [settled_copy.manifest.stat().st_size]  # the manifest, a few kB


def test_a_touched_input_is_hashed_and_found_unchanged(
    settled_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    entities = settled_copy.seeds / "entities.yaml"
    os.utime(entities, ns=(entities.stat().st_mtime_ns + 10**10,) * 2)
    hashed = _hashed_by_freshness(monkeypatch)
    assert stale_reason(settled_copy) is None
    assert hashed == [settled_copy.manifest.stat().st_size, entities.stat().st_size]


def test_an_edit_hidden_behind_the_old_size_and_mtime_is_still_seen(settled_copy: ProjectPaths) -> None:
    entities = settled_copy.seeds / "entities.yaml"
    before = entities.stat()
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace("Poland", "Polanx", 1), encoding="utf-8")
    os.utime(entities, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time moves on
    assert entities.stat().st_size == before.st_size
    assert stale_reason(settled_copy) == "seeds/entities.yaml changed"


def test_an_input_changed_moments_before_the_build_has_no_identity_and_is_always_hashed(
    project_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an edit in the same clock tick as the build's read could keep the identity it recorded
    monkeypatch.setattr(freshness, "SETTLED_NS", 10**18)  # every input changed "moments" ago
    build(project_copy)
    manifest = json.loads(project_copy.manifest.read_text(encoding="utf-8"))
    identities = json.loads(freshness.identities_file(project_copy).read_text(encoding="utf-8"))
    assert "seeds/entities.yaml" in manifest["inputs"]
    assert identities["inputs"] == {}
    assert sorted(identities["outputs"]) == ["build/kg.trig", "build/kg.ttl"]
    hashed = _hashed_by_freshness(monkeypatch)
    assert stale_reason(project_copy) is None
    assert len(hashed) == len(manifest["inputs"]) + 1  # and the manifest, to match the identities
