"""SHACL for imports, where it pays: each import is checked once, with the curated graphs it
refers to, and the verdict is kept in ``build/shacl-verdicts.json`` under a key made of the
SHA-256 of its Turtle file, of ``ontology/shapes.ttl`` and of the curated quads; a later build
with the same key trusts it. The check runs the shapes as SPARQL on Oxigraph
(:mod:`kg.build.shapes_sparql`: seconds for a whole SIPRI register, where pySHACL takes
minutes), or pySHACL when the shapes use a component that module does not compile.

Each import is checked together with the curated graphs, not with the other imports.

>>> verdict_key("ab", b"shapes", "cd")[:12]
'07e838925bad'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.build.imports import ImportedGraph
from kg.build.shapes_sparql import UnsupportedShape, compile_shapes, violations
from kg.build.validate import validate_graph
from kg.files import write_atomically
from kg.paths import ProjectPaths

__all__ = ["VERDICTS_FORMAT", "check_imports", "curated_digest", "verdict_key"]

VERDICTS_FORMAT = 1


def verdict_key(import_sha256: str, shapes: bytes, curated: str) -> str:
    """The key of an import's verdict: what its check read."""
    parts = (str(VERDICTS_FORMAT), import_sha256, hashlib.sha256(shapes).hexdigest(), curated)
    return hashlib.sha256(" ".join(parts).encode("ascii")).hexdigest()


def curated_digest(quads: Sequence[ox.Quad]) -> str:
    """SHA-256 of the curated quads (sorted, one N-Quads line each)."""
    digest = hashlib.sha256()
    for quad in quads:
        digest.update(f"{quad}\n".encode())
    return digest.hexdigest()


def _verdicts_file(paths: ProjectPaths) -> Path:
    return paths.build / "shacl-verdicts.json"


def _read_verdicts(paths: ProjectPaths) -> dict[str, str]:
    try:
        record = json.loads(_verdicts_file(paths).read_text(encoding="utf-8"))
        if record.get("format") == VERDICTS_FORMAT:
            return {str(name): str(key) for name, key in record["conforming"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no cache, or an unreadable one: check again
    return {}


def _check_one(imported: ImportedGraph, curated: Sequence[ox.Quad], shapes: Graph) -> list[str]:
    graph = imported.quads[0].graph_name.value if imported.quads else ""
    try:
        checks = compile_shapes(shapes)
    except UnsupportedShape:
        data = Graph()
        for quad in (*curated, *imported.quads):
            data.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
        conforms, report = validate_graph(data, shapes)
        return [] if conforms else report.splitlines()
    store = ox.Store()
    store.extend(curated)
    store.extend(imported.quads)
    return violations(store, checks, graph)


def _rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal):  # type: ignore[no-untyped-def]
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def check_imports(
    imports: Sequence[ImportedGraph],
    curated: Sequence[ox.Quad],
    shapes: bytes,
    paths: ProjectPaths,
    *,
    record: bool = True,
) -> tuple[bool, str]:
    """Check every import whose verdict is not cached under its current key; keep the new
    verdicts (``record``). Returns whether all conform and the report lines of those that do not."""
    if not imports:
        return True, ""
    known = _read_verdicts(paths)
    curated_hash = curated_digest(curated)
    shapes_graph: Graph | None = None
    kept: dict[str, str] = {}
    report: list[str] = []
    for imported in imports:
        key = verdict_key(imported.sha256, shapes, curated_hash)
        if known.get(imported.name) != key:
            shapes_graph = shapes_graph or Graph().parse(data=shapes, format="turtle")
            lines = _check_one(imported, curated, shapes_graph)
            if lines:
                report += [f"imports/{imported.name}.ttl: {line}" for line in lines]
                continue
        kept[imported.name] = key
    if record and kept != known:
        paths.build.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"format": VERDICTS_FORMAT, "conforming": kept}, indent=1, sort_keys=True)
        write_atomically({_verdicts_file(paths): (body + "\n").encode("utf-8")})
    return not report, "\n".join(report)
