"""Is ``build/`` up to date? Decided from content, not modification times.

The build reads every input through an :class:`InputLog`, which keeps the SHA-256 of the
bytes it read, and writes them, with the hashes of the outputs, to ``build/manifest.json``
in the same atomic step as the outputs (the manifest last). The build is stale when the
manifest is missing or unreadable, an output no longer has its recorded hash, or an input
was added, removed or changed. Inputs: ``ontology/kg.ttl``, ``ontology/shapes.ttl`` and
every file under ``seeds/`` and ``imports/`` (hidden files, such as an import's temporary
files, and the drafts in ``seeds/facts/drafts/``, excepted).
``touch`` changes nothing; an edit changes the hash.

>>> stale_reason(ProjectPaths(Path("/nonexistent")))
'there is no build yet'
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from kg.paths import ProjectPaths

__all__ = ["InputLog", "input_files", "stale_reason"]

MANIFEST_FORMAT = 1
SHOWN = 3  # changed files named in a staleness reason


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _visible_files(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root) / name


def input_files(paths: ProjectPaths) -> list[Path]:
    """Every file the build may read, in a stable order."""
    drafts = paths.seeds / "facts" / "drafts"  # `kg suggest` drafts are never built
    seeds = [path for path in _visible_files(paths.seeds) if not path.is_relative_to(drafts)]
    files = [paths.ontology_file, paths.shapes_file, *seeds]
    if paths.imports.is_dir():
        files += _visible_files(paths.imports)
    return [path for path in files if path.is_file()]


def _key(paths: ProjectPaths, path: Path) -> str:
    return Path(os.path.relpath(path, paths.root)).as_posix()


class InputLog:
    """The build's reader: each file is read once, and the SHA-256 of those bytes recorded.

    :meth:`snapshot` reads every input at the start, so the hash of a file is taken before
    anything uses it, including files read by code that does not go through :meth:`read`
    (imports/): a file changed during the build then reads as stale afterwards.
    """

    def __init__(self, paths: ProjectPaths) -> None:
        self.paths = paths
        self.hashes: dict[str, str] = {}
        self._data: dict[Path, bytes] = {}

    @classmethod
    def snapshot(cls, paths: ProjectPaths) -> InputLog:
        log = cls(paths)
        for path in input_files(paths):
            try:
                log.read(path)
            except OSError:
                continue  # gone since listed, or unreadable: the reader that needs it reports it
        return log

    def read(self, path: Path) -> bytes:
        """The bytes of ``path`` (read once; later calls give the same bytes)."""
        path = Path(path).absolute()
        if path not in self._data:
            data = path.read_bytes()
            self._data[path] = data
            self.hashes[_key(self.paths, path)] = _sha256(data)
        return self._data[path]

    def manifest(self, outputs: Mapping[Path, bytes]) -> bytes:
        """``build/manifest.json`` for a build that wrote ``outputs`` from the inputs read."""
        record = {
            "format": MANIFEST_FORMAT,
            "inputs": dict(sorted(self.hashes.items())),
            "outputs": {_key(self.paths, path): _sha256(data) for path, data in sorted(outputs.items())},
        }
        return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _file_hash(path: Path) -> str | None:
    try:
        return _sha256(path.read_bytes())
    except OSError:
        return None


def _described(changes: list[str]) -> str:
    if len(changes) == 1:
        return changes[0]
    more = f", … ({len(changes)} in all)" if len(changes) > SHOWN else ""
    return ", ".join(changes[:SHOWN]) + more


def stale_reason(paths: ProjectPaths) -> str | None:
    """Why ``build/`` is out of date (``"seeds/facts/003.yaml changed"``), or None when it is not."""
    if not paths.trig.is_file():
        return "there is no build yet"
    try:
        record = json.loads(paths.manifest.read_text(encoding="utf-8"))
        inputs: dict[str, str] = dict(record["inputs"])
        outputs: dict[str, str] = dict(record["outputs"])
        if record.get("format") != MANIFEST_FORMAT:
            return f"{_key(paths, paths.manifest)} is from another version of kg"
    except FileNotFoundError:
        return f"{_key(paths, paths.manifest)} is missing"
    except (OSError, ValueError, KeyError, TypeError):
        return f"{_key(paths, paths.manifest)} is unreadable"
    for name, digest in sorted(outputs.items()):
        if _file_hash(paths.root / name) != digest:
            return f"{name} is not the file the build wrote"
    changes: list[str] = []
    current = {_key(paths, path): path for path in input_files(paths)}
    for name, digest in sorted(inputs.items()):
        found = _file_hash(current.get(name, paths.root / name))
        if found is None:
            changes.append(f"{name} removed")
        elif found != digest:
            changes.append(f"{name} changed")
    changes += [f"{name} added" for name in sorted(current) if name not in inputs]
    return _described(changes) if changes else None
