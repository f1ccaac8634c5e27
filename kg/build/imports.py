"""The build step that reads imports: each ``imports/<name>.ttl`` becomes the named graph
``GRAPH.imported(name)`` of the dataset, after checking that the byte copy of its source
(``imports/<name>.csv``) is the one its quotes' offsets were taken from.

The importers (:mod:`kg.importers`) write these files; the build only reads them.

>>> import tempfile
>>> from kg.paths import project_paths
>>> list(import_files(project_paths(tempfile.mkdtemp())))
[]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import CurationError
from kg.namespaces import GRAPH, KG, RDF
from kg.paths import ProjectPaths

__all__ = ["import_files", "load_imports"]


def import_files(paths: ProjectPaths) -> Iterator[tuple[str, Path]]:
    """The imports kept under ``imports/``: (name, path of its Turtle file), by name."""
    if paths.imports.is_dir():
        for ttl in sorted(paths.imports.glob("*.ttl")):
            yield ttl.stem, ttl


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

    :raises CurationError: when the copy of an import's source is missing or changed.
    """
    names = []
    for name, ttl in import_files(paths):
        graph = dataset.graph(GRAPH.imported(name))
        graph.parse(ttl, format="turtle")
        _check_copy(graph, ttl, paths)
        names.append(name)
    return names
