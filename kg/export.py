"""Exports of the built graph for other tools: RDF (N-Quads, JSON-LD, Turtle, TriG)
and the entity network (GraphML, GEXF for Gephi, CSV of edges) via networkx.

The network (:mod:`kg.network`) has one node per entity and one edge per transfer or
relation claim between two entities, carrying the claim's status, date, first quote and
source, so it stays traceable in Gephi or yEd.

Hostile strings stay harmless: in GraphML and GEXF every character XML 1.0 cannot carry
(C0 controls other than tab and line ends, U+FFFE, U+FFFF, lone surrogates) becomes U+FFFD,
so the files are always well-formed (the RDF exports keep the exact text); in the CSV a
cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` so that
spreadsheets show it as text instead of running it as a formula (OWASP, "CSV Injection").

>>> csv_cell("=1+1"), csv_cell("-2"), csv_cell("kgr:ROK")
("'=1+1", "'-2", 'kgr:ROK')
>>> xml_text("K9\x01X")
'K9\ufffdX'

>>> from kg.store import open_store
>>> network = to_networkx(open_store())
>>> network.nodes["kgr:ROK"]["label"]
'South Korea'
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.iris import prefixed
from kg.paths import ProjectPaths

if TYPE_CHECKING:
    import networkx as nx

    from kg.network import Claim

__all__ = ["EXPORT_FORMATS", "csv_cell", "export", "to_networkx", "xml_text"]

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

EXPORT_FORMATS = ("ttl", "trig", "nquads", "jsonld", "graphml", "gexf", "csv")
EDGE_COLUMNS = (
    "source",
    "target",
    "label",
    "class",
    "status",
    "date",
    "claimant",
    "quote",
    "source_title",
    "fact",
)


def to_networkx(store: ox.Store) -> nx.MultiDiGraph:
    """Entities as nodes (prefixed ids such as ``kgr:ROK``), transfer and relation claims between
    them as edges (keyed by claim).

    Node and edge attributes are plain strings (GraphML and GEXF accept no None).
    """
    import networkx as nx

    from kg.network import extract_graph

    data = extract_graph(store)
    network = nx.MultiDiGraph()
    for node in sorted(data.nodes.values(), key=lambda n: n.id):
        if node.kind == "entity":
            network.add_node(prefixed(node.id), iri=node.id, label=node.label, cls=node.cls)
    for edge in sorted(data.edges, key=lambda e: e.id):
        source, target = prefixed(edge.source), prefixed(edge.target)
        if source not in network or target not in network:
            continue  # edges to claim nodes (statements, meetings) are not part of the entity network
        claim = data.claims.get(edge.claim)
        network.add_edge(source, target, key=edge.id, **_edge_attributes(edge.label, edge.cls, claim))
    return network


def _edge_attributes(label: str, cls: str, fact: Claim | None) -> dict[str, str]:
    def text(value: str | None) -> str:
        return "" if value is None else str(value)

    return {
        "label": label,
        "class": cls,
        "status": text(fact and fact.status),
        "date": text(fact and fact.date),
        "claimant": text(fact and fact.claimant),
        "quote": text(fact and fact.quotes[0] if fact and fact.quotes else None),
        "source_title": text(fact and fact.source_title),
        "fact": prefixed(fact.iri) if fact else "",
    }


def export(store: ox.Store, paths: ProjectPaths, fmt: str) -> bytes:
    """The graph in ``fmt`` (one of :data:`EXPORT_FORMATS`), as bytes; deterministic.

    :raises ValueError: if ``fmt`` is not one of :data:`EXPORT_FORMATS` (the CLI refuses it first).

    >>> from kg.store import open_store
    >>> from kg.paths import project_paths
    >>> export(open_store(), project_paths(), "nquads").count(b"\\n") > 10000
    True
    """
    if fmt == "ttl":
        return paths.turtle.read_bytes()
    if fmt == "trig":
        return paths.trig.read_bytes()
    if fmt == "nquads":
        lines = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
        return ("\n".join(sorted(lines)) + "\n").encode("utf-8")
    if fmt == "jsonld":
        # Sorted, so the output is deterministic and each subject's statements are one object.
        quads = sorted(
            store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        )
        return ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
    if fmt in ("graphml", "gexf", "csv"):
        return _network_export(to_networkx(store), fmt)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def csv_cell(value: str) -> str:
    """``value`` made safe for a spreadsheet: a leading ``'`` when it would start a formula."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def xml_text(value: str) -> str:
    """``value`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def _xml_safe(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``network`` whose ids, keys and string attributes are all XML text."""
    import networkx as nx

    def clean(attributes: dict[str, object]) -> dict[str, object]:
        return {xml_text(k): xml_text(v) if isinstance(v, str) else v for k, v in attributes.items()}

    safe = nx.MultiDiGraph()
    for node, attributes in network.nodes(data=True):
        safe.add_node(xml_text(node), **clean(attributes))
    for source, target, key, attributes in network.edges(keys=True, data=True):
        safe.add_edge(xml_text(source), xml_text(target), key=xml_text(str(key)), **clean(attributes))
    return safe


def _network_export(network: nx.MultiDiGraph, fmt: str) -> bytes:
    import networkx as nx

    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(EDGE_COLUMNS)
        for source, target, attributes in network.edges(data=True):
            row = [source, target, *(attributes[c] for c in EDGE_COLUMNS[2:])]
            writer.writerow([csv_cell(str(cell)) for cell in row])
        return buffer.getvalue().encode("utf-8")
    network = _xml_safe(network)
    stream = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(network, stream)
    else:
        nx.write_gexf(network, stream)
    return stream.getvalue()
