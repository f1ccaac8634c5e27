"""What the views draw, read from a store once: ``kg view`` draws some twenty pages from one
store, and extracting the network is most of the work of a page.

The cache holds one entry (the last store drawn), so no store is kept alive but the one in
use; stores are not changed in place (a new build, an as-of view or reasoning make a new
store), so identity is the check. Callers treat what they get as read-only: views select
from it with :meth:`kg.network.GraphData.subgraph`, which copies.

>>> from kg.store import open_store
>>> store = open_store()
>>> network_of(store) is network_of(store) and documents_of(store) is documents_of(store)
True
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.documents import Document, extract_documents
from kg.network import GraphData, extract_graph

__all__ = ["documents_of", "network_of"]

_LAST: dict[str, tuple[ox.Store, Any]] = {}


def _cached(kind: str, store: ox.Store, extract: Any) -> Any:
    entry = _LAST.get(kind)
    if entry is not None and entry[0] is store:
        return entry[1]
    value = extract(store)
    _LAST[kind] = (store, value)
    return value


def network_of(store: ox.Store) -> GraphData:
    """The entity/claim network of ``store`` (:func:`kg.network.extract_graph`), once per store."""
    return _cached("network", store, extract_graph)


def documents_of(store: ox.Store) -> list[Document]:
    """The source documents of ``store`` (:func:`kg.documents.extract_documents`), once per store."""
    return _cached("documents", store, extract_documents)
