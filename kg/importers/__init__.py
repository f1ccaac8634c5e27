"""Importers: datasets brought in from outside the curated seeds, kept under ``imports/``.

Each import is two files named after its source file: ``imports/<name>.ttl``
(deterministic Turtle: the claims, their evidence and any entities the import
had to create) and ``imports/<name>.csv`` (a byte copy of the source, so the
build can check that the quotes' offsets still point at the same text).
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
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from kg.build.imports import IMPORT_NAME, IMPORT_NAME_RULE, import_files
from kg.build.serialize import turtle_of
from kg.errors import ImportFileError
from kg.files import write_atomically
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
    >>> _ = save_import("first", Graph(), b"a,b\\n", paths)
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
        if other != name and copy.is_file() and hashlib.sha256(copy.read_bytes()).hexdigest() == digest:
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


def save_import(
    name: str, graph: Iterable[tuple[Node, Node, Node]], source: bytes, paths: ProjectPaths
) -> tuple[Path, Path, bool]:
    """Write ``imports/<name>.ttl`` (deterministic Turtle of ``graph``'s triples, by pyoxigraph)
    and ``imports/<name>.csv`` (``source``, byte for byte) together; returns both paths and
    whether they replaced an import.

    >>> import tempfile
    >>> paths = project_paths(tempfile.mkdtemp())
    >>> ttl, copy, replaced = save_import("demo", Graph(), b"a,b\\n", paths)
    >>> ttl.name, copy.read_bytes(), replaced
    ('demo.ttl', b'a,b\\n', False)

    :raises ImportFileError: when ``name`` breaks the name rule.
    """
    check_import_name(name)
    ttl, copy = paths.imports / f"{name}.ttl", paths.imports / f"{name}.csv"
    replaced = ttl.exists()
    # The .ttl last: it is what makes the import exist; the build checks the pair's SHA-256.
    write_atomically({copy: source, ttl: turtle_of(graph)})
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
    """Delete an import's files; the next build or query no longer includes it. Only an
    import :func:`list_imports` knows can be removed: ``name`` is a name, never a path.

    >>> import tempfile
    >>> paths = project_paths(tempfile.mkdtemp())
    >>> _ = save_import("demo", Graph(), b"a,b\\n", paths)
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
    files = [p for p in (paths.imports / f"{name}.ttl", paths.imports / f"{name}.csv") if p.is_file()]
    for path in files:
        path.unlink()
    return files
