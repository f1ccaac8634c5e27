"""The embedded query store: Oxigraph (pyoxigraph) loaded from ``build/kg.trig``.

rdflib's own SPARQL engine is far too slow for joins (see the README), so all
querying goes through Oxigraph; rdflib stays the API for building and writing.
The store is rebuilt from the seeds when they are newer than the build.

>>> store = open_store()
>>> rows = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Transfer }")
>>> int(rows[0]["n"]) > 10
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import BuildMissingError
from kg.namespaces import PREFIXES
from kg.paths import ProjectPaths, project_paths

__all__ = ["build_is_stale", "load_store", "open_store", "select", "term_value"]


def _inputs(paths: ProjectPaths) -> Iterable[Path]:
    yield paths.ontology_file
    yield paths.shapes_file
    yield from (p for p in paths.seeds.rglob("*") if p.is_file())
    if paths.imports.is_dir():
        # The folder itself too: removing an import changes only the folder's mtime.
        yield paths.imports
        yield from (p for p in paths.imports.rglob("*") if p.is_file())


def build_is_stale(paths: ProjectPaths) -> bool:
    """True when there is no build or an input file is newer than it."""
    if not paths.trig.is_file():
        return True
    built = paths.trig.stat().st_mtime
    return any(p.stat().st_mtime > built for p in _inputs(paths))


def open_store(paths: ProjectPaths | None = None, *, rebuild: bool = True) -> ox.Store:
    """An in-memory Oxigraph store holding the built dataset (rebuilding first if stale)."""
    paths = paths or project_paths()
    if build_is_stale(paths):
        if not rebuild:
            raise BuildMissingError(f"{paths.trig} is missing or older than the seeds; run `kg build`")
        from kg.build import build

        build(paths)
    return load_store(paths.trig)


def load_store(trig: Path) -> ox.Store:
    """An in-memory Oxigraph store loaded from a TriG file, as it is."""
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


def term_value(term: Any) -> Any:
    """A plain Python value for an Oxigraph term: IRIs and literals as strings,
    numbers as int/float, missing as None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith(("#integer", "#nonNegativeInteger", "#int", "#long")):
            return int(term.value)
        if datatype.endswith(("#decimal", "#double", "#float")):
            number = float(term.value)
            return int(number) if number.is_integer() else number
        return term.value
    return term.value


def select(
    store: ox.Store,
    query: str,
    substitutions: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Run a SELECT with the project prefixes and union default graph; rows as dicts of plain values."""
    bound = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
    solutions = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=bound)
    variables = [v.value for v in solutions.variables]
    return [{name: term_value(row[name]) for name in variables} for row in solutions]
