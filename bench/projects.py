"""Projects for the benchmarks: a copy of the checkout's ontology and seeds, built, and the same
project with a generated graph installed as its build, so ``kg query`` opens it as it opens any
build (the persistent ``build/store/`` above ``kg.store.ON_DISK_FROM``, the TriG below).

Installing a generated graph replaces ``build/kg.trig`` (a hard link to the generated file, or
a copy) and records its SHA-256 in ``build/manifest.json``, so the build counts as current and
nothing rebuilds it from the seeds; then ``build/store/`` is written the way ``kg build`` writes
it. Generated files are kept under ``build/bench/`` (not committed; ``$KG_BENCH_DATA`` elsewhere)
and reused.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from kg.build import build
from kg.build.freshness import identities_file, output_identity
from kg.chains.hopfile import save_hop_table
from kg.files import file_sha256
from kg.paths import ProjectPaths, project_paths
from kg.store import load_store, open_store, wants_disk_store, write_store
from kg.synthetic import write_synthetic

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("KG_BENCH_DATA") or ROOT / "build" / "bench")  # run_all.py --data


def seed_project(root: Path) -> ProjectPaths:
    """``root`` holding copies of ``ontology/`` and ``seeds/``, built (SHACL included)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in ("ontology", "seeds"):
        shutil.copytree(ROOT / name, root / name)
    paths = project_paths(root)
    build(paths)
    return paths


def generated(size: int, seed_trig: Path) -> tuple[Path, float | None]:
    """The seed build plus ``size`` synthetic transfers as TriG (made once for a seed build, then
    reused), and the seconds it took to make (None when it was already there)."""
    path = DATA / f"synthetic-{size}-{file_sha256(seed_trig)[:12]}.trig"
    if path.exists():
        return path, None
    start = time.perf_counter()
    write_synthetic(size, path, seed_trig)
    return path, time.perf_counter() - start


def install_graph(paths: ProjectPaths, trig: Path) -> float | None:
    """Make ``trig`` the build of the project at ``paths`` (its manifest updated so the build is
    current) and write ``build/store/`` when the file is large enough to be opened from one.
    Returns the seconds writing the store took (None when none is wanted)."""
    target = paths.trig
    target.unlink(missing_ok=True)
    try:
        os.link(trig, target)
    except OSError:
        shutil.copy2(trig, target)
    record = json.loads(paths.manifest.read_text(encoding="utf-8"))
    key = Path(os.path.relpath(target, paths.root)).as_posix()
    record["outputs"][key] = file_sha256(target)
    manifest = (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")
    paths.manifest.write_bytes(manifest)
    _record_identity(paths, key, manifest)
    shutil.rmtree(paths.store, ignore_errors=True)
    if not wants_disk_store(paths):
        save_hop_table(load_store(target), target)  # as kg build writes build/kg.hops
        return None
    start = time.perf_counter()
    write_store(paths)
    seconds = time.perf_counter() - start
    save_hop_table(open_store(paths), target)
    return seconds


def _record_identity(paths: ProjectPaths, key: str, manifest: bytes) -> None:
    """Tie ``build/identities.json`` to the new manifest with the installed TriG's identity, as
    ``kg build`` does, so reading commands do not hash the whole TriG on every call."""
    file = identities_file(paths)
    record = json.loads(file.read_text(encoding="utf-8"))
    record["manifest"] = hashlib.sha256(manifest).hexdigest()
    record["outputs"][key] = output_identity(os.stat(paths.trig))
    file.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
