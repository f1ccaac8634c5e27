"""Importers: datasets brought in from outside the curated seeds, kept under ``imports/``.

Each import is two files named after its source file: ``imports/<name>.ttl``
(deterministic Turtle: the claims, their evidence and any entities the import
had to create) and ``imports/<name>.csv`` (a byte copy of the source, so the
build can check that the quotes' offsets still point at the same text).
``kg build`` loads each one into its own named graph (:mod:`kg.build.imports`).
Importing the same file again replaces the earlier import.

This module is the ``imports/`` folder's lifecycle (name, write, list, remove) and the
rows importers skip (:class:`RowProblem`); :mod:`kg.importers.sipri` imports SIPRI trade registers.

>>> import_name("trade-register.csv")
'trade-register'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.build.imports import import_files
from kg.errors import ImportFileError
from kg.files import write_atomically
from kg.namespaces import DCTERMS, KG, PREFIXES, RDF
from kg.paths import ProjectPaths, project_paths

__all__ = [
    "ImportInfo",
    "RowProblem",
    "import_name",
    "list_imports",
    "remove_import",
    "save_import",
]


def import_name(file_name: str) -> str:
    """The name an import of ``file_name`` is kept under: a slug of the file's stem.

    >>> import_name("Trade register 2024.csv")
    'trade-register-2024'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", Path(file_name).stem.lower()).strip("-")
    return slug or "import"


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


def _turtle(graph: Graph) -> bytes:
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace, override=True, replace=True)
    out += graph
    return out.serialize(format="turtle", encoding="utf-8")


def save_import(name: str, graph: Graph, source: bytes, paths: ProjectPaths) -> tuple[Path, Path, bool]:
    """Write ``imports/<name>.ttl`` (deterministic Turtle of ``graph``) and ``imports/<name>.csv``
    (``source``, byte for byte) together; returns both paths and whether they replaced an import.

    >>> import tempfile
    >>> paths = project_paths(tempfile.mkdtemp())
    >>> ttl, copy, replaced = save_import("demo", Graph(), b"a,b\\n", paths)
    >>> ttl.name, copy.read_bytes(), replaced
    ('demo.ttl', b'a,b\\n', False)
    """
    ttl, copy = paths.imports / f"{name}.ttl", paths.imports / f"{name}.csv"
    replaced = ttl.exists()
    write_atomically({copy: source, ttl: _turtle(graph)})
    return ttl, copy, replaced


def list_imports(paths: ProjectPaths | None = None) -> list[ImportInfo]:
    """The imports under ``imports/``, by name.

    >>> import tempfile
    >>> list_imports(project_paths(tempfile.mkdtemp()))
    []
    """
    paths = paths or project_paths()
    infos = []
    for name, ttl in import_files(paths):
        graph = Graph().parse(ttl, format="turtle")
        document = next(graph.subjects(RDF.type, KG.SourceDocument), None)
        file_name = graph.value(document, DCTERMS.source) if document is not None else None
        infos.append(
            ImportInfo(
                name=name,
                ttl=ttl,
                source_file=str(file_name) if file_name else f"imports/{name}.csv",
                transfers=len(set(graph.subjects(RDF.type, KG.Transfer))),
            )
        )
    return infos


def remove_import(name: str, paths: ProjectPaths | None = None) -> list[Path]:
    """Delete an import's files; the next build or query no longer includes it.

    :raises ImportFileError: when there is no import of that name.
    """
    paths = paths or project_paths()
    files = [p for p in (paths.imports / f"{name}.ttl", paths.imports / f"{name}.csv") if p.exists()]
    if not files or not (paths.imports / f"{name}.ttl").exists():
        known = ", ".join(i.name for i in list_imports(paths)) or "none"
        raise ImportFileError(f"no import named {name!r} in {paths.imports} (imports: {known})")
    for path in files:
        path.unlink()
    return files
