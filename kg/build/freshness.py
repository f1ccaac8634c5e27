"""Is ``build/`` up to date? Decided from content, not modification times.

The build reads every input through an :class:`InputLog`, which keeps the SHA-256 of the
bytes it read, and writes them, with the hashes of the outputs, to ``build/manifest.json``
in the same atomic step as the outputs (the manifest last). The build is stale when the
manifest is missing or unreadable, an output no longer has its recorded hash, or an input
was added, removed or changed. Inputs: ``ontology/kg.ttl``, ``ontology/shapes.ttl`` and
every file under ``seeds/`` and ``imports/`` (hidden files, such as an import's temporary
files, and the drafts in ``seeds/facts/drafts/``, excepted).
``touch`` changes nothing; an edit changes the hash.

Hashing is skipped for a file whose identity is the one recorded in ``build/identities.json``
(written with the outputs, before the manifest, and trusted only beside the manifest whose
SHA-256 it names; kept apart because inodes and times are not deterministic): for an input, its inode,
size, modification and change times (``st_ctime_ns``, which ``os.utime`` cannot set back, so
an edit whose size and mtime are then restored is still seen); for an output, its inode, size
and modification time (a rename sets the change time, so it is not known when the manifest is
written). A file whose identity differs is hashed (a ``touch``: found unchanged, and hashed
again by each later command until the next build, since reading never writes ``build/``).
An input's identity is recorded only when it was taken before its bytes were hashed and its
change time was already :data:`SETTLED_NS` old then, so an edit in the same clock tick as
the build's read cannot hide behind it.

>>> stale_reason(ProjectPaths(Path("/nonexistent")))
'there is no build yet'
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from kg.files import file_sha256
from kg.paths import ProjectPaths

__all__ = ["InputLog", "identities_file", "input_files", "stale_reason"]

MANIFEST_FORMAT = 1
IDENTITIES_FORMAT = 1
SHOWN = 3  # changed files named in a staleness reason
SETTLED_NS = 2_000_000_000  # an input changed less than this before it was read is always hashed


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


def input_identity(stat: os.stat_result) -> str:
    """What identifies one version of an input file without reading it (see the module)."""
    return f"{stat.st_ino} {stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns}"


def output_identity(stat: os.stat_result) -> str:
    """What identifies one written output file: kept by the rename that puts it in place."""
    return f"{stat.st_ino} {stat.st_size} {stat.st_mtime_ns}"


def _settled(stat: os.stat_result, now_ns: int) -> bool:
    return stat.st_ctime_ns < now_ns - SETTLED_NS


class InputLog:
    """The build's reader: each file is read once, and the SHA-256 of those bytes recorded.

    :meth:`snapshot` reads every input at the start, so the hash of a file is taken before
    anything uses it, including files read by code that does not go through :meth:`read`
    (imports/): a file changed during the build then reads as stale afterwards.
    """

    def __init__(self, paths: ProjectPaths) -> None:
        self.paths = paths
        self.hashes: dict[str, str] = {}
        self.identities: dict[str, str] = {}
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
            key = _key(self.paths, path)
            stat, now = os.stat(path), time.time_ns()  # before the bytes: a later edit is seen
            data = path.read_bytes()
            self._data[path] = data
            self.hashes[key] = _sha256(data)
            if _settled(stat, now):
                self.identities[key] = input_identity(stat)
        return self._data[path]

    def _settle(self) -> None:
        """Inputs changed just before the build read them: hashed again now, and their identity
        recorded if they are settled and still hold the bytes the build read."""
        for key in sorted(set(self.hashes) - set(self.identities)):
            path = self.paths.root / key
            try:
                stat, now = os.stat(path), time.time_ns()
                if _settled(stat, now) and file_sha256(path) == self.hashes[key]:
                    self.identities[key] = input_identity(stat)
            except OSError:
                continue  # gone: stale_reason says so

    def manifest(self, outputs: Mapping[Path, bytes]) -> bytes:
        """``build/manifest.json`` for a build that wrote ``outputs`` from the inputs read."""
        record = {
            "format": MANIFEST_FORMAT,
            "inputs": dict(sorted(self.hashes.items())),
            "outputs": {_key(self.paths, path): _sha256(data) for path, data in sorted(outputs.items())},
        }
        return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def identities_record(self, manifest: bytes, staged: Mapping[Path, Path]) -> bytes:
        """``build/identities.json``: the identity of each input and output of the build whose
        manifest is ``manifest`` (``staged``: final path → the written temporary file renamed
        to it). Not deterministic (inodes, times), so kept apart from the manifest."""
        self._settle()
        outputs = json.loads(manifest)["outputs"]
        record = {
            "format": IDENTITIES_FORMAT,
            "manifest": _sha256(manifest),
            "inputs": dict(sorted(self.identities.items())),
            "outputs": {
                key: output_identity(os.stat(temporary))
                for key, temporary in sorted((_key(self.paths, p), t) for p, t in staged.items())
                if key in outputs
            },
        }
        return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def identities_writer(self, manifest: bytes) -> Callable[[Mapping[Path, Path]], bytes]:
        """The identities as :func:`kg.files.write_atomically` writes them, after the outputs
        are staged (renaming keeps their inode, size and mtime) and before the manifest."""
        return lambda staged: self.identities_record(manifest, staged)


def identities_file(paths: ProjectPaths) -> Path:
    """Where the build keeps the identities of the files it read and wrote."""
    return paths.build / "identities.json"


def _known_identities(paths: ProjectPaths, manifest: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """The recorded identities of inputs and outputs, if written with this manifest."""
    try:
        record = json.loads(identities_file(paths).read_text(encoding="utf-8"))
        if record["format"] == IDENTITIES_FORMAT and record["manifest"] == _sha256(manifest):
            return dict(record["inputs"]), dict(record["outputs"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # none, or not this build's: every file is hashed
    return {}, {}


def _file_hash(
    path: Path, identity: str | None, digest: str, identify: Callable[[os.stat_result], str]
) -> str | None:
    """The file's SHA-256: ``digest`` when its identity is the recorded one, else read."""
    try:
        if identity is not None and identify(os.stat(path)) == identity:
            return digest
        return file_sha256(path)
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
        manifest = paths.manifest.read_bytes()
        record = json.loads(manifest.decode("utf-8"))
        if record.get("format") != MANIFEST_FORMAT:
            return f"{_key(paths, paths.manifest)} is from another version of kg"
        inputs: dict[str, str] = dict(record["inputs"])
        outputs: dict[str, str] = dict(record["outputs"])
    except FileNotFoundError:
        return f"{_key(paths, paths.manifest)} is missing"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return f"{_key(paths, paths.manifest)} is unreadable"
    known_inputs, known_outputs = _known_identities(paths, manifest)
    for name, digest in sorted(outputs.items()):
        if _file_hash(paths.root / name, known_outputs.get(name), digest, output_identity) != digest:
            return f"{name} is not the file the build wrote"
    changes: list[str] = []
    current = {_key(paths, path): path for path in input_files(paths)}
    for name, digest in sorted(inputs.items()):
        path = current.get(name, paths.root / name)
        found = _file_hash(path, known_inputs.get(name), digest, input_identity)
        if found is None:
            changes.append(f"{name} removed")
        elif found != digest:
            changes.append(f"{name} changed")
    changes += [f"{name} added" for name in sorted(current) if name not in inputs]
    return _described(changes) if changes else None
