"""The embedded query store: Oxigraph (pyoxigraph) loaded from ``build/kg.trig``.

rdflib's own SPARQL engine is far too slow for joins (see the README), so all
querying goes through Oxigraph; rdflib stays the API for building and writing.
The store only loads and selects: it never builds. Callers that want a fresh
build call :func:`kg.build.ensure_built` first.

>>> store = open_store()
>>> rows = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Transfer }")
>>> int(rows[0]["n"]) > 10
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import BuildMissingError
from kg.namespaces import PREFIXES
from kg.paths import ProjectPaths, project_paths

__all__ = ["load_store", "open_store", "select", "term_value"]


def open_store(paths: ProjectPaths | None = None) -> ox.Store:
    """An in-memory Oxigraph store holding the built dataset, as it is on disk.

    Raises :class:`kg.errors.BuildMissingError` when there is no build.
    """
    paths = paths or project_paths()
    if not paths.trig.is_file():
        raise BuildMissingError(f"{paths.trig} does not exist; run `kg build`")
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
