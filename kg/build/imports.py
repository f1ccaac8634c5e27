"""The build step that reads imports: each ``imports/<name>.ttl`` becomes the named graph
``GRAPH.imported(name)`` of the dataset, after checking that the byte copy of its source
(``imports/<name>.csv``) is the one its quotes' offsets were taken from.

The importers (:mod:`kg.importers`) write these files; the build only reads them. An import's
name follows one rule, :data:`IMPORT_NAME` (``[a-z0-9][a-z0-9-]{0,63}``: lower-case letters,
digits and hyphens, at most 64 characters, not starting with a hyphen), so it is a file name
inside ``imports/`` and a safe part of an IRI; a ``.ttl`` there whose name breaks the rule
stops the build rather than being left out.

>>> import tempfile
>>> from kg.paths import project_paths
>>> list(import_files(project_paths(tempfile.mkdtemp())))
[]
>>> bool(IMPORT_NAME.fullmatch("trade-register-2024")), bool(IMPORT_NAME.fullmatch("../x"))
(True, False)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import CurationError
from kg.namespaces import GRAPH, KG, RDF
from kg.paths import ProjectPaths

__all__ = ["IMPORT_NAME", "IMPORT_NAME_RULE", "import_files", "load_imports", "stray_import_files"]

IMPORT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
IMPORT_NAME_RULE = (
    "an import name is 1 to 64 lower-case letters, digits and hyphens, not starting with a hyphen"
)


def import_files(paths: ProjectPaths) -> Iterator[tuple[str, Path]]:
    """The imports kept under ``imports/``: (name, path of its Turtle file), by name; only
    files whose name follows :data:`IMPORT_NAME` (see :func:`stray_import_files`)."""
    if paths.imports.is_dir():
        for ttl in sorted(paths.imports.glob("*.ttl")):
            if IMPORT_NAME.fullmatch(ttl.stem):
                yield ttl.stem, ttl


def stray_import_files(paths: ProjectPaths) -> list[Path]:
    """``.ttl`` files under ``imports/`` whose name is not an import name (written by hand or
    by an older version): the build refuses them instead of silently leaving them out."""
    if not paths.imports.is_dir():
        return []
    return [ttl for ttl in sorted(paths.imports.glob("*.ttl")) if not IMPORT_NAME.fullmatch(ttl.stem)]


def _check_copy(graph: Graph, ttl: Path, paths: ProjectPaths) -> None:
    """The quotes' offsets are valid only for the bytes imported: check the copy."""
    for document in graph.subjects(RDF.type, KG.SourceDocument):
        digest = graph.value(document, KG.sha256)
        file_name = graph.value(document, KG.fileName)
        if digest is None or file_name is None:
            continue
        copy = paths.root / str(file_name)
        if not copy.is_file():
            raise CurationError(ttl, None, f"{file_name} is missing; import the file again")
        if hashlib.sha256(copy.read_bytes()).hexdigest() != str(digest):
            raise CurationError(ttl, None, f"{file_name} changed since it was imported; import it again")


def load_imports(dataset: Dataset, paths: ProjectPaths) -> list[str]:
    """Load each ``imports/<name>.ttl`` into ``GRAPH.imported(name)`` of ``dataset`` (the build
    then derives ``kg:suppliesTo`` edges from its transfers, as from any claims).

    Returns the names loaded.

    :raises CurationError: when the copy of an import's source is missing or changed, or a
        ``.ttl`` under ``imports/`` has a name that breaks :data:`IMPORT_NAME`.
    """
    for stray in stray_import_files(paths):
        raise CurationError(
            stray,
            None,
            f"{stray.stem!r} is not an import name ({IMPORT_NAME_RULE}); "
            "import its source again with a valid --name and delete this file",
        )
    names = []
    for name, ttl in import_files(paths):
        graph = dataset.graph(GRAPH.imported(name))
        graph.parse(ttl, format="turtle")
        _check_copy(graph, ttl, paths)
        names.append(name)
    return names
