"""Importers: datasets brought in from outside the curated seeds, kept under ``imports/``.

Each import is files named after its source file: ``imports/<name>.ttl``
(deterministic Turtle: the claims, their evidence and any entities the import
had to create), ``imports/<name>.csv`` (a byte copy of the source, so the
build can check that the quotes' offsets still point at the same text) and
``imports/<name>.json`` (what ``kg import list`` shows: source file and transfer count).
``kg build`` loads each one into its own named graph (:mod:`kg.build.imports`).
Importing the same file again replaces the earlier import.

An import's name follows one rule (:data:`~kg.build.imports.IMPORT_NAME`:
``[a-z0-9][a-z0-9-]{0,63}``), checked by :func:`check_import_name` before anything is
written or removed; the default name is a slug of the file name (:func:`import_name`).
The same bytes under a second name are refused (every transfer would count twice).

This module is the ``imports/`` folder's lifecycle (name, write, list, remove) and the
rows importers skip (:class:`RowProblem`); :mod:`kg.importers.sipri` imports SIPRI trade registers.

>>> import_name("trade-register.csv")
'trade-register'
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.build.imports import IMPORT_NAME, IMPORT_NAME_RULE, import_files
from kg.build.serialize import turtle_of
from kg.errors import ImportFileError
from kg.files import file_sha256, write_atomically
from kg.namespaces import DCTERMS, KG, RDF
from kg.paths import ProjectPaths, project_paths

__all__ = [
    "ImportInfo",
    "RowProblem",
    "check_import_name",
    "check_not_imported",
    "import_name",
    "list_imports",
    "remove_import",
    "save_import",
]


def import_name(file_name: str) -> str:
    """The name an import of ``file_name`` is kept under: a slug of the file's stem that
    follows the name rule (accents dropped, other characters runs of ``-``, 64 at most).

    >>> import_name("Trade register 2024.csv"), import_name("Données (1).csv"), import_name("&.csv")
    ('trade-register-2024', 'donnees-1', 'import')
    """
    return _slug(Path(file_name).stem)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64].rstrip("-")
    return slug or "import"


def check_import_name(name: str) -> str:
    """``name`` if it follows the name rule (:data:`~kg.build.imports.IMPORT_NAME`).

    >>> check_import_name("sipri-2024")
    'sipri-2024'
    >>> check_import_name("../ontology/kg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ImportFileError: '../ontology/kg' is not an import name: an import name is 1 to 64 ...

    :raises ImportFileError: naming the rule and a name that would do.
    """
    if not IMPORT_NAME.fullmatch(name):
        raise ImportFileError(f"{name!r} is not an import name: {IMPORT_NAME_RULE}; e.g. {_slug(name)!r}")
    return name


def check_not_imported(name: str, source: bytes, paths: ProjectPaths) -> None:
    """Refuse ``source`` when another import already holds the same bytes (same SHA-256):
    importing it under a second name would count every transfer twice.

    >>> import tempfile
    >>> paths = project_paths(tempfile.mkdtemp())
    >>> _ = save_import("first", [], b"a,b\\n", paths)
    >>> check_not_imported("first", b"a,b\\n", paths)  # the same name replaces it: fine
    >>> check_not_imported("second", b"a,b\\n", paths)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ImportFileError: this file (SHA-256 ...) is already imported as 'first' ...

    :raises ImportFileError: naming the import that holds it.
    """
    digest = hashlib.sha256(source).hexdigest()
    for other, _ttl in import_files(paths):
        copy = paths.imports / f"{other}.csv"
        if other != name and copy.is_file() and file_sha256(copy) == digest:
            raise ImportFileError(
                f"this file (SHA-256 {digest[:12]}…) is already imported as {other!r} ({copy}); "
                f"importing it again as {name!r} would count every row twice: "
                f"re-import it with --name {other} to replace it, or remove {other!r} first"
            )


@dataclass(frozen=True)
class RowProblem:
    """A row of a source file that was skipped, and why.

    >>> str(RowProblem(14, "11 columns, expected 16"))
    'line 14: 11 columns, expected 16'
    """

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class ImportInfo:
    """One import kept under ``imports/``."""

    name: str
    ttl: Path
    source_file: str
    transfers: int


SUMMARY_FORMAT = 1


def save_import(
    name: str,
    graph: Iterable[tuple[Any, Any, Any]],
    source: bytes,
    paths: ProjectPaths,
    *,
    source_file: str | None = None,
    transfers: int | None = None,
) -> tuple[Path, Path, bool]:
    """Write ``imports/<name>.ttl`` (deterministic Turtle of ``graph``'s triples, by pyoxigraph)
    and ``imports/<name>.csv`` (``source``, byte for byte) together; returns both paths and
    whether they replaced an import. Given ``source_file`` and ``transfers``, also
    ``imports/<name>.json``, the summary :func:`list_imports` reads instead of parsing the
    Turtle (it names the Turtle's SHA-256, so a summary of other bytes is not trusted).

    >>> import tempfile
    >>> paths = project_paths(tempfile.mkdtemp())
    >>> ttl, copy, replaced = save_import("demo", [], b"a,b\\n", paths)
    >>> ttl.name, copy.read_bytes(), replaced
    ('demo.ttl', b'a,b\\n', False)

    :raises ImportFileError: when ``name`` breaks the name rule.
    """
    check_import_name(name)
    ttl, copy, summary = (paths.imports / f"{name}.{ext}" for ext in ("ttl", "csv", "json"))
    replaced = ttl.exists()
    turtle = turtle_of(graph)
    files = {copy: source}
    if source_file is not None and transfers is not None:
        record = {
            "format": SUMMARY_FORMAT,
            "source_file": source_file,
            "transfers": transfers,
            "ttl_sha256": hashlib.sha256(turtle).hexdigest(),
        }
        files[summary] = (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")
    elif summary.exists():
        summary.unlink()  # it would describe the import replaced
    # The .ttl last: it is what makes the import exist; the build checks the pair's SHA-256.
    write_atomically({**files, ttl: turtle})
    return ttl, copy, replaced


def _summary(name: str, ttl: Path, paths: ProjectPaths) -> ImportInfo | None:
    """The import's summary file, when it describes the Turtle now on disk."""
    try:
        record = json.loads((paths.imports / f"{name}.json").read_text(encoding="utf-8"))
        if record["format"] != SUMMARY_FORMAT:
            return None
        if record["ttl_sha256"] != file_sha256(ttl):
            return None
        return ImportInfo(name, ttl, str(record["source_file"]), int(record["transfers"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _parsed_summary(name: str, ttl: Path) -> ImportInfo:
    """What :func:`list_imports` shows, read from the Turtle itself (with pyoxigraph)."""
    transfers: set[str] = set()
    file_name = None
    a, transfer, source = (ox.NamedNode(str(t)) for t in (RDF.type, KG.Transfer, DCTERMS.source))
    for triple in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE):
        if triple.predicate == a and triple.object == transfer:
            transfers.add(triple.subject.value)
        elif triple.predicate == source and file_name is None:
            file_name = triple.object.value
    return ImportInfo(name, ttl, file_name or f"imports/{name}.csv", len(transfers))


def list_imports(paths: ProjectPaths | None = None) -> list[ImportInfo]:
    """The imports under ``imports/``, by name: from each one's summary file
    (``imports/<name>.json``), or from its Turtle when the summary is missing or stale.

    >>> import tempfile
    >>> list_imports(project_paths(tempfile.mkdtemp()))
    []
    """
    paths = paths or project_paths()
    return [_summary(name, ttl, paths) or _parsed_summary(name, ttl) for name, ttl in import_files(paths)]


def remove_import(name: str, paths: ProjectPaths | None = None) -> list[Path]:
    """Delete an import's files; the next build or query no longer includes it. Only an
    import :func:`list_imports` knows can be removed: ``name`` is a name, never a path.

    >>> import tempfile
    >>> paths = project_paths(tempfile.mkdtemp())
    >>> _ = save_import("demo", [], b"a,b\\n", paths)
    >>> [path.name for path in remove_import("demo", paths)]
    ['demo.ttl', 'demo.csv']

    :raises ImportFileError: when ``name`` breaks the name rule or there is no import of that name.
    """
    paths = paths or project_paths()
    check_import_name(name)
    known = [other for other, _ttl in import_files(paths)]
    if name not in known:
        raise ImportFileError(
            f"no import named {name!r} in {paths.imports} (imports: {', '.join(known) or 'none'})"
        )
    files = [paths.imports / f"{name}.{ext}" for ext in ("ttl", "csv", "json")]
    files = [path for path in files if path.is_file()]
    for path in files:
        path.unlink()
    return files
