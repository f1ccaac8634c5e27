"""What the views draw, read from a store once: ``kg view`` draws some twenty pages from one
store, and extracting the network is most of the work of a page.

Both are kept with :func:`kg.store.derived` (for the last store only). Callers treat what
they get as read-only: views select from it with :meth:`kg.network.GraphData.subgraph`,
which copies.

>>> from kg.store import open_store
>>> store = open_store()
>>> network_of(store) is network_of(store) and documents_of(store) is documents_of(store)
True
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.documents import Document, extract_documents
from kg.network import GraphData, extract_graph
from kg.store import derived

__all__ = ["documents_of", "network_of"]


def network_of(store: ox.Store) -> GraphData:
    """The entity/claim network of ``store`` (:func:`kg.network.extract_graph`), once per store."""
    return derived(store, "network", extract_graph)


def documents_of(store: ox.Store) -> list[Document]:
    """The source documents of ``store`` (:func:`kg.documents.extract_documents`), once per store."""
    return derived(store, "documents", extract_documents)
