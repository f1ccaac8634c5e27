"""Build the RDF dataset from the curated seeds, check it, and write it; decide whether a
build is needed.

The steps, one module each: :mod:`kg.curation` loads and checks ``seeds/``,
:mod:`kg.texts` locates the quotes, :mod:`kg.build.compile` makes the rdflib dataset
(through :mod:`kg.build.triples`), :mod:`kg.build.validate` runs SHACL,
:mod:`kg.build.serialize` writes Turtle and TriG and checks they read back, and
:mod:`kg.build.freshness` records what was read in ``build/manifest.json``. Output is
deterministic: the same inputs give byte-identical files.

Reading the graph never builds by itself: commands and ``kg.load()`` call
:func:`ensure_built` first, which rebuilds only when an input's content changed. This module
holds only that check (no rdflib: it is on every command's path); the build itself is
:mod:`kg.build.pipeline`, imported when a build runs (``kg.build.build`` and
``kg.build.BuildResult`` are looked up there on first use).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from kg.build.freshness import stale_reason
from kg.paths import ProjectPaths, project_paths
from kg.store import store_is_current, wants_disk_store, write_store

if TYPE_CHECKING:
    from kg.build.compile import compile_dataset
    from kg.build.pipeline import BuildResult, build

__all__ = ["BuildResult", "build", "build_is_stale", "compile_dataset", "ensure_built", "stale_reason"]

# Names of the build proper, imported on first use (they bring rdflib and pySHACL).
_LAZY = {
    "build": "kg.build.pipeline",
    "BuildResult": "kg.build.pipeline",
    "compile_dataset": "kg.build.compile",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.build' has no attribute {name!r}")


def build_is_stale(paths: ProjectPaths | None = None) -> bool:
    """True when there is no build, or an input's content differs from what the build read
    (see :mod:`kg.build.freshness`).

    >>> from pathlib import Path
    >>> build_is_stale(ProjectPaths(Path("/nonexistent")))
    True
    """
    return stale_reason(paths or project_paths()) is not None


def ensure_built(paths: ProjectPaths | None = None, notify: Callable[[str], None] | None = None) -> bool:
    """Build when ``build/`` is missing or out of date, telling ``notify`` why in one line;
    do nothing otherwise. Returns whether it built.

    >>> ensure_built(notify=print)  # the checkout, built by the test session
    False
    """
    paths = paths or project_paths()
    reason = stale_reason(paths)
    if reason is None:
        if wants_disk_store(paths) and not store_is_current(paths):  # a build stopped before its store
            if notify is not None:
                notify("build/store does not match build/kg.trig; writing it again")
            write_store(paths)
        return False
    if notify is not None:
        notify(f"build/ is out of date ({reason}); rebuilding")
    from kg.build.pipeline import build

    build(paths)
    return True
