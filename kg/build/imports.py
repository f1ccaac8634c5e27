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
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build.derive import derive_into_store
from kg.errors import CurationError
from kg.files import file_sha256
from kg.namespaces import GRAPH, KG, RDF
from kg.paths import ProjectPaths

__all__ = [
    "IMPORT_NAME",
    "IMPORT_NAME_RULE",
    "ImportedGraph",
    "import_files",
    "load_imports",
    "stray_import_files",
]

IMPORT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
IMPORT_NAME_RULE = (
    "an import name is 1 to 64 lower-case letters, digits and hyphens, not starting with a hyphen"
)
_SHA256, _FILE_NAME, _TYPE, _DOCUMENT = (
    ox.NamedNode(str(t)) for t in (KG.sha256, KG.fileName, RDF.type, KG.SourceDocument)
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


@dataclass
class ImportedGraph:
    """One import as the build reads it: its quads (in ``GRAPH.imported(name)``), the
    ``kg:suppliesTo`` edges its transfers give (in ``GRAPH.DERIVED``) and the SHA-256 of its
    Turtle file (the key of its cached SHACL verdict, :mod:`kg.build.verdicts`)."""

    name: str
    path: Path
    sha256: str
    quads: list[ox.Quad]
    derived: list[ox.Quad]


def _check_copy(store: ox.Store, ttl: Path, paths: ProjectPaths) -> None:
    """The quotes' offsets are valid only for the bytes imported: check the copy."""
    for typed in store.quads_for_pattern(None, _TYPE, _DOCUMENT):
        document = typed.subject
        digest = next(store.quads_for_pattern(document, _SHA256, None), None)
        file_name = next(store.quads_for_pattern(document, _FILE_NAME, None), None)
        if digest is None or file_name is None:
            continue
        copy = paths.root / file_name.object.value
        if not copy.is_file():
            raise CurationError(ttl, None, f"{file_name.object.value} is missing; import the file again")
        if file_sha256(copy) != digest.object.value:
            raise CurationError(
                ttl, None, f"{file_name.object.value} changed since it was imported; import it again"
            )


def _read_import(name: str, ttl: Path, paths: ProjectPaths) -> ImportedGraph:
    data = ttl.read_bytes()
    graph = ox.NamedNode(str(GRAPH.imported(name)))
    try:
        triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        line = getattr(error, "lineno", None)
        raise CurationError(ttl, line, f"not Turtle ({error}); import its source again") from None
    # parsed, not loaded into a store: a store keeps an xsd:nonNegativeInteger as xsd:integer
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    store = ox.Store()  # the build's one rule for supply edges, on this import's transfers
    store.extend(quads)
    _check_copy(store, ttl, paths)  # looked up in the store: no Python work per triple
    derive_into_store(store)
    derived = list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH.DERIVED))))
    return ImportedGraph(name, ttl, hashlib.sha256(data).hexdigest(), quads, derived)


def load_imports(paths: ProjectPaths) -> list[ImportedGraph]:
    """Read each ``imports/<name>.ttl`` (with pyoxigraph: an import may hold millions of
    triples) as the named graph ``GRAPH.imported(name)``, with the ``kg:suppliesTo`` edges
    its transfers give, by name.

    :raises CurationError: when the copy of an import's source is missing or changed, a
        ``.ttl`` under ``imports/`` has a name that breaks :data:`IMPORT_NAME`, or is not Turtle.
    """
    for stray in stray_import_files(paths):
        raise CurationError(
            stray,
            None,
            f"{stray.stem!r} is not an import name ({IMPORT_NAME_RULE}); "
            "import its source again with a valid --name and delete this file",
        )
    return [_read_import(name, ttl, paths) for name, ttl in import_files(paths)]
