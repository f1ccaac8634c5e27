"""The embedded query store: Oxigraph (pyoxigraph), opened from the persistent store the build
writes next to ``build/kg.trig`` (``build/store/``), or loaded from the TriG file itself.

rdflib's own SPARQL engine is far too slow for joins (see the README), so all
querying goes through Oxigraph; rdflib stays the API for building and writing.
The store only opens and selects: it never builds. Callers that want a fresh
build call :func:`kg.build.ensure_built` first.

Opening ``build/store/`` read-only takes milliseconds whatever the graph's size, where
parsing the TriG grows with it (a million transfers: minutes). But the on-disk store answers
queries more slowly than an in-memory one (seeds: 4x), so a build whose TriG is smaller than
:data:`ON_DISK_FROM` (4 MiB, about four times the seeds: loaded in about 0.15 s) is loaded
into memory and writes no store; at 10k transfers (30 MB) a load would take over a second.
The store records which ``kg.trig`` it was written from (inode, size and modification time
of the file the same build wrote); a store that does not match is not used: the TriG is
loaded instead and ``notify`` is told why.

A store read unchanged from a TriG file remembers it (:func:`store_origin`: the last such
store), so files the build derived from that TriG, such as the hop table of chains
(``build/kg.hops``), can stand in for scanning the store; any other store (an as-of view,
a reasoned copy, one made in memory) has no origin and is scanned.

>>> store = open_store()
>>> rows = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Transfer }")
>>> int(rows[0]["n"]) > 10
True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from kg.errors import BuildMissingError, OutputError
from kg.iris import PREFIXES
from kg.paths import ProjectPaths, project_paths

__all__ = [
    "ON_DISK_FROM",
    "StoreOrigin",
    "derived",
    "load_store",
    "open_store",
    "select",
    "store_is_current",
    "store_origin",
    "term_value",
    "trig_identity",
    "wants_disk_store",
    "write_store",
]

T = TypeVar("T")
STAMP = "written-from"
ON_DISK_FROM = 4 * 2**20  # bytes of kg.trig from which the build writes, and readers open, build/store/


def wants_disk_store(paths: ProjectPaths) -> bool:
    """True when the build is large enough to be opened from ``build/store/`` (see :data:`ON_DISK_FROM`)."""
    try:
        return paths.trig.stat().st_size >= ON_DISK_FROM
    except OSError:
        return False


def _trig_identity(trig: Path) -> str:
    # os.replace gives every new kg.trig a new inode, so this names one written file
    stat = trig.stat()
    return f"{stat.st_ino} {stat.st_size} {stat.st_mtime_ns}\n"


def trig_identity(trig: Path) -> str:
    """The line that names one written TriG file: its inode, size and modification time.

    >>> trig_identity(project_paths().trig).count(" ")
    2
    """
    return _trig_identity(trig)


def store_is_current(paths: ProjectPaths) -> bool:
    """True when ``build/store/`` was written from the ``build/kg.trig`` now on disk."""
    stamp = paths.store / STAMP
    try:
        return stamp.read_text(encoding="ascii") == _trig_identity(paths.trig)
    except OSError:
        return False


def write_store(paths: ProjectPaths, quads: Iterable[ox.Quad] | None = None) -> Path:
    """Write ``build/store/`` from ``build/kg.trig``, or from ``quads`` (the build passes the ones
    it just wrote there, read back and found equal: no second parse): into a fresh folder, then
    swapped in, so a reader sees the old store, the new one, or none (and then reads the TriG),
    never a part.

    >>> paths = project_paths()
    >>> store_is_current(paths) or write_store(paths) == paths.store
    True
    """
    import shutil
    import tempfile

    fresh = Path(tempfile.mkdtemp(prefix=".store-", dir=paths.build))
    try:
        store = ox.Store(str(fresh / "data"))
        if quads is None:
            store.bulk_load(path=str(paths.trig), format=ox.RdfFormat.TRIG)
        else:
            store.bulk_extend(quads)
        store.flush()
        del store
        (fresh / STAMP).write_text(_trig_identity(paths.trig), encoding="ascii")
        old = paths.build / f".store-old-{os.getpid()}"
        if paths.store.exists():
            os.replace(paths.store, old)
        os.replace(fresh, paths.store)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise OutputError(f"cannot write the store {paths.store}: {error}") from None
    return paths.store


def open_store(
    paths: ProjectPaths | None = None,
    notify: Callable[[str], None] | None = None,
    *,
    writable: bool = False,
    on_disk: bool | None = None,
) -> ox.Store:
    """The built dataset: for a large build (``on_disk`` None: by :func:`wants_disk_store`; True:
    always), ``build/store/`` opened read-only when it matches ``build/kg.trig``, else the TriG
    loaded into memory (``notify`` is told why when a store was wanted but not usable).
    ``writable`` gives an in-memory copy that may be added to (reasoning adds its entailments).

    Raises :class:`kg.errors.BuildMissingError` when there is no build.
    """
    paths = paths or project_paths()
    if not paths.trig.is_file():
        raise BuildMissingError(f"{paths.trig} does not exist; run `kg build`")
    if writable or not (wants_disk_store(paths) if on_disk is None else on_disk):
        return load_store(paths.trig, track=not writable, notify=notify)
    if store_is_current(paths):
        try:
            # what this store holds: a later build writes its kg.hops before its store, so a
            # store swapped in meanwhile does not match this stamp's kg.hops
            identity = (paths.store / STAMP).read_text(encoding="ascii")
            store = ox.Store.read_only(str(paths.store / "data"))
        except OSError as error:
            reason = f"build/store cannot be opened ({error})"
        else:
            return _remember(store, StoreOrigin(paths.trig, identity, notify))
    else:
        reason = "build/store is missing or older than build/kg.trig"
    if notify is not None:
        notify(f"{reason}; reading build/kg.trig instead (`kg build` writes the store again)")
    return load_store(paths.trig, track=True, notify=notify)


def load_store(trig: Path, *, track: bool = False, notify: Callable[[str], None] | None = None) -> ox.Store:
    """An in-memory Oxigraph store loaded from a TriG file, as it is. With ``track``, the store
    is remembered as that file's content (:func:`store_origin`; ``notify`` is told when a file
    derived from it cannot be used): only for a store nobody adds to.
    """
    identity = _trig_identity(trig) if track else ""
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    if track and _trig_identity(trig) == identity:  # not replaced while it was read
        _remember(store, StoreOrigin(trig, identity, notify))
    return store


@dataclass(frozen=True)
class StoreOrigin:
    """The TriG file a store holds unchanged: its path and :func:`trig_identity` when it was read,
    and whom to tell (``notify``) when a file derived from it cannot be used."""

    trig: Path
    identity: str
    notify: Callable[[str], None] | None = None


# The last store read unchanged from a TriG file, kept by a strong reference: a Store cannot be
# weakly referenced, and an id alone could come back for another store once this one is freed.
_ORIGIN: dict[str, Any] = {"store": None, "origin": None}


def _remember(store: ox.Store, origin: StoreOrigin) -> ox.Store:
    _ORIGIN["store"], _ORIGIN["origin"] = store, origin
    return store


def store_origin(store: ox.Store) -> StoreOrigin | None:
    """The TriG file ``store`` was read from unchanged, when it is the last store
    :func:`open_store` opened (or :func:`load_store` loaded with ``track``); else None.

    >>> store_origin(open_store()).trig == project_paths().trig
    True
    >>> store_origin(open_store(writable=True)) is None
    True
    """
    return _ORIGIN["origin"] if _ORIGIN["store"] is store else None


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


# The last store read and what was derived from it (name index, network, hop tables): one store,
# so none is kept alive but the one in use. Stores are never changed in place (a new build, an
# as-of view or reasoning gives a new store), so identity is the check.
_DERIVED: dict[str, Any] = {"store": None, "values": {}}


def derived(store: ox.Store, key: Hashable, compute: Callable[[ox.Store], T]) -> T:
    """``compute(store)``, computed once and reused while the same store is asked again.

    >>> store = ox.Store()
    >>> derived(store, "n", len) is derived(store, "n", lambda s: 1 / 0)
    True
    """
    if _DERIVED["store"] is not store:
        _DERIVED["store"], _DERIVED["values"] = store, {}
    values: dict[Hashable, Any] = _DERIVED["values"]
    if key not in values:
        values[key] = compute(store)
    return values[key]
