"""Turn :class:`GraphData` into one self-contained HTML page.

pyvis 0.3.2's own template links Bootstrap from a CDN and writes tooltips with
``innerHTML``, so the page uses its own template (``template.html``,
``view.js``, ``view.css``) and inlines the vis-network build that pyvis ships.
Graph text travels as JSON inside a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped, and the page only ever shows it
with ``textContent``.

>>> page = render_page(GraphData(), title="<empty>", kind="overview")
>>> "&lt;empty&gt;" in page and "<empty>" not in page
True
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.display import shorten
from kg.errors import ViewError
from kg.iris import prefixed
from kg.model import ASSERTED, STATUSES
from kg.network import BINARY_CLAIMS, Claim, Document, Edge, GraphData, Node
from kg.views.links import ego_filename, entity_href, evidence_href, reader_filename

__all__ = [
    "CHAIN_COLOURS",
    "DEFAULT_MAX_NODES",
    "NODE_STYLES",
    "STATUS_COLOURS",
    "PageOptions",
    "cap_graph",
    "fact_json",
    "json_for_script",
    "own_asset",
    "render_page",
    "status_css",
    "vis_assets",
]

# Beyond this many nodes a view keeps the best-connected ones and says so: vis-network with physics
# settles 100 nodes in about 2 s but 1,000 in about 43 s and 10,000 never (bench/bench_views.py).
DEFAULT_MAX_NODES = 400
LABEL_LENGTH = 48  # longest node label drawn
# The layout's bounded number of physics iterations before it stops.
LAYOUT_ITERATIONS = 300
VIS_VERSION = "vis-9.1.2"

# class → (vis shape, legend symbol, colour, size); the keys are kg.model.CLASS_ORDER and the classes
# of the claims drawn as nodes, exactly (the model meta-test checks).
NODE_STYLES: dict[str, tuple[str, str, str, int]] = {
    "State": ("dot", "●", "#d62728", 24),
    "Person": ("dot", "●", "#1f77b4", 11),
    "Party": ("square", "■", "#9467bd", 11),
    "InternationalOrganisation": ("square", "■", "#17becf", 14),
    "GovernmentAgency": ("square", "■", "#7f7f7f", 11),
    "ArmedForces": ("square", "■", "#8c564b", 11),
    "Company": ("square", "■", "#bcbd22", 11),
    "MediaOrganisation": ("square", "■", "#c5b0d5", 9),
    "ResearchInstitute": ("square", "■", "#aec7e8", 9),
    "Organisation": ("square", "■", "#9edae5", 11),
    "Treaty": ("hexagon", "⬢", "#2ca02c", 18),
    "Law": ("hexagon", "⬢", "#98df8a", 12),
    "Resolution": ("hexagon", "⬢", "#637939", 12),
    "Declaration": ("hexagon", "⬢", "#b5cf6b", 12),
    "LegalInstrument": ("hexagon", "⬢", "#8ca252", 12),
    "Provision": ("triangleDown", "▼", "#31a354", 14),
    "WeaponSystem": ("triangle", "▲", "#ff7f0e", 12),
    "Technology": ("triangle", "▲", "#e377c2", 14),
    "NonLethalItem": ("triangle", "▲", "#ffbb78", 10),
    "MilitaryPersonnel": ("triangle", "▲", "#843c39", 13),
    "Item": ("triangle", "▲", "#fdae6b", 10),
    "Policy": ("hexagon", "⬢", "#6b6ecf", 12),
    "RedLine": ("star", "★", "#b30000", 24),
    "Place": ("dot", "●", "#bdbdbd", 8),
    "Agent": ("dot", "●", "#969696", 10),
    # claims drawn as nodes
    "Statement": ("diamond", "◆", "#c7c7c7", 6),
    "Meeting": ("diamond", "◆", "#6baed6", 8),
    "Event": ("diamond", "◆", "#fd8d3c", 8),
    "RoleAssignment": ("diamond", "◆", "#9ecae1", 5),
    "PolicyChange": ("diamond", "◆", "#756bb1", 8),
    "Sanction": ("diamond", "◆", "#e6550d", 8),
    "Signing": ("diamond", "◆", "#31a354", 9),
    "Poll": ("diamond", "◆", "#bcbddc", 7),
    "RedLineAssessment": ("diamond", "◆", "#b30000", 10),
}
EDGE_COLOURS = {"Transfer": "#444444", "Deployment": "#8b0000", "RelationClaim": "#2b6cb0"}
ROLE_EDGE_COLOUR = "#b8b8b8"
DIM_NODE = {"background": "#eeeeee", "border": "#d0d0d0"}
DIM_EDGE = "#e2e2e2"
HIGHLIGHT_EDGE = "#e6007e"
# A paths view tells its chains apart: tied hop to hop, merely through the same state, or direct.
CHAIN_COLOURS = {"linked": HIGHLIGHT_EDGE, "unlinked": "#f08c00", "direct": "#6a51a3"}
CHAIN_LEGEND = {
    "linked": "on a linked chain (each hop tied to the next)",
    "unlinked": "on a route that only passes through the same state",
    "direct": "a direct transfer",
}
# Highlight colour of a quote in the source reader and in the panels, by the claim's status.
STATUS_COLOURS = {
    "reported": "#ffe58a",
    "confirmed": "#b9e7b0",
    "alleged": "#ffc99a",
    "denied": "#f7b4b4",
    "planned": "#cfe0ff",
    "considered": "#dcd3ff",
    "requested": "#c8f0ec",
    "refused": "#e8c8e8",
}
OTHER_STATUS_COLOUR = "#e4e4e4"  # a status the views do not know yet
# The scripts of a graph page, inlined in this order (view-core.js is shared with the other pages).
GRAPH_SCRIPTS = ("view-core.js", "view-filters.js", "view-graph.js", "view-export.js")
# Edges of claims the source states as fact are drawn solid; the rest dashed. The page's status
# legend lists both groups.
STATUS_GROUPS = {"firm": list(ASSERTED), "dashed": [s for s in STATUSES if s not in ASSERTED]}


@dataclass(frozen=True)
class PageOptions:
    """How to draw a view: which nodes and edges stand out and which classes start hidden."""

    title: str
    kind: str
    note: str | None = None
    highlight_nodes: frozenset[str] = frozenset()
    highlight_edges: frozenset[str] = frozenset()
    dim_others: bool = False
    hidden_classes: frozenset[str] = frozenset()
    edge_tags: tuple[tuple[str, str], ...] = ()  # edge id → chain tag (paths views)
    chains: tuple[dict[str, Any], ...] = ()  # paths views: the chains listed in the side panel
    chain_summary: str | None = None
    file_name: str = ""
    ego_pages: frozenset[str] = frozenset()  # entities whose ego view the site holds


@cache
def vis_assets() -> tuple[str, str]:
    """The vis-network JavaScript and CSS bundled in the pyvis package (read once; found without
    importing pyvis, which would cost a quarter of a second of imports for two files)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ViewError("pyvis is not installed; it ships the vis-network files the views inline")
    base = Path(next(iter(spec.submodule_search_locations))) / "lib" / VIS_VERSION
    return (base / "vis-network.min.js").read_text("utf-8"), (base / "vis-network.css").read_text("utf-8")


@cache
def own_asset(name: str) -> str:
    """A file of this package (template, script, style), read once."""
    return (resources.files("kg.views") / name).read_text("utf-8")


def status_css() -> str:
    """CSS giving each status its highlight colour (``mark.st-<status>``).

    >>> "mark.st-denied { background: #f7b4b4; }" in status_css()
    True
    """
    rules = [f"mark.st-{status} {{ background: {colour}; }}" for status, colour in STATUS_COLOURS.items()]
    return "\n".join([f"mark {{ background: {OTHER_STATUS_COLOUR}; }}", *rules])


def fact_json(claim: Claim, documents: dict[str, Document] | None = None) -> dict[str, Any]:
    """A claim for a page, with links to its quotes in the source reader (when located).

    >>> from kg.network import Evidence
    >>> c = Claim("https://w3id.org/rnku-kg/id/fact/f1", "Transfer", "x", source="https://w3id.org/rnku-kg/id/source/001",
    ...           evidence=[Evidence("q", start=1, end=2, document="https://w3id.org/rnku-kg/id/source/001")])
    >>> fact_json(c)["evidence"][0]["href"]
    'source-001.html#ev-f1-1'
    """
    value = claim.to_json()
    for index, (evidence, row) in enumerate(zip(claim.evidence, value["evidence"], strict=True), start=1):
        if evidence.document and evidence.start is not None:
            row["href"] = evidence_href(evidence.document, claim.iri, index)
    if claim.source:
        value["source"]["href"] = reader_filename(claim.source)
    return value


def json_for_script(value: Any) -> str:
    """JSON safe to place inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survive.

    >>> json_for_script({"q": "</script><img src=x onerror=alert(1)>"})
    '{"q": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def cap_graph(data: GraphData, max_nodes: int) -> tuple[GraphData, str | None]:
    """At most ``max_nodes`` nodes, keeping the best connected, and a note saying what was left out.

    >>> from kg.network import Node
    >>> data = GraphData({n: Node(n, n, "State", "entity") for n in "abc"})
    >>> capped, note = cap_graph(data, 2)
    >>> sorted(capped.nodes), note.split(":")[0]
    (['a', 'b'], 'Large graph')
    """
    if len(data.nodes) <= max_nodes:
        return data, None
    degree = data.degrees()
    ranked = sorted(data.nodes.values(), key=lambda n: (-degree.get(n.id, 0), n.label, n.id))
    kept = {n.id for n in ranked[:max_nodes]}
    capped = data.subgraph(kept)
    note = (
        f"Large graph: showing the {max_nodes:,} best-connected of {len(data.nodes):,} nodes "
        f"and {len(capped.edges):,} of {len(data.edges):,} edges. "
        "Open an ego view (kg view ego NAME) or a path view to see the rest."
    )
    return capped, note


def _node_json(node: Node, degree: int, options: PageOptions) -> dict[str, Any]:
    shape, _symbol, colour, size = NODE_STYLES.get(node.cls, NODE_STYLES["Agent"])
    highlighted = node.id in options.highlight_nodes
    dimmed = options.dim_others and not highlighted
    font: dict[str, Any] = {"color": "#b0b0b0" if dimmed else "#222222"}
    if size >= 18:  # states, treaties, red lines: labelled even when the whole graph is in view
        font["size"] = 22
    if highlighted:
        font["size"] = 16
        font["bold"] = True
    return {
        "id": prefixed(node.id),
        "short": prefixed(node.id),
        # Long names are cut on the canvas; hover and search use the full one.
        # Claim nodes carry no canvas label (their class is in the legend, their text on hover).
        "label": "" if node.kind == "claim" and not highlighted else shorten(node.label, LABEL_LENGTH),
        "full": node.label,
        "cls": node.cls,
        "kind": node.kind,
        "fact": node.claim and prefixed(node.claim),
        "notes": [prefixed(n) for n in node.notes],
        "names": node.names,
        "card": entity_href(node.id) if node.kind == "entity" else None,
        "ego": ego_filename(node.id) if node.id in options.ego_pages else None,
        "degree": degree,
        "shape": shape,
        "size": size + (6 if highlighted else 0),
        "color": DIM_NODE
        if dimmed
        else {"background": colour, "border": "#333333" if highlighted else colour},
        "font": font,
        "highlight": highlighted,
    }


def _edge_json(edge: Edge, status: str | None, options: PageOptions, tags: dict[str, str]) -> dict[str, Any]:
    highlighted = edge.id in options.highlight_edges
    dimmed = options.dim_others and not highlighted
    role = edge.cls not in BINARY_CLAIMS
    colour = EDGE_COLOURS.get(edge.cls, ROLE_EDGE_COLOUR)
    if status == "denied":
        colour = "#cc0000"
    if highlighted:
        colour = CHAIN_COLOURS.get(tags.get(edge.id, ""), HIGHLIGHT_EDGE)
    elif dimmed:
        colour = DIM_EDGE
    return {
        "id": edge.id,
        "from": prefixed(edge.source),
        "to": prefixed(edge.target),
        # A dimmed edge keeps its evidence on hover but draws no label, so the highlighted ones read clearly.
        "label": "" if dimmed else edge.label,
        "text": edge.label,
        "cls": edge.cls,
        "fact": prefixed(edge.claim),
        "role": role,
        "color": colour,
        "dashes": status is not None and status not in ASSERTED,
        "highlight": highlighted,
        "font": {
            "color": "#c8c8c8" if dimmed else ("#999999" if role else "#333333"),
            "size": 9 if role else 10,
        },
    }


def _legend(data: GraphData, options: PageOptions) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    claim_classes = set()
    for node in data.nodes.values():
        counts[node.cls] = counts.get(node.cls, 0) + 1
        if node.kind == "claim":
            claim_classes.add(node.cls)
    edge_counts: dict[str, int] = {}
    for edge in data.edges:
        if edge.cls in BINARY_CLAIMS:
            edge_counts[edge.cls] = edge_counts.get(edge.cls, 0) + 1
    order = {name: i for i, name in enumerate(NODE_STYLES)}
    legend = []
    for cls in sorted(counts, key=lambda c: (order.get(c, len(order)), c)):
        _shape, symbol, colour, _size = NODE_STYLES.get(cls, NODE_STYLES["Agent"])
        label = f"{cls} (claim)" if cls in claim_classes else cls
        legend.append(
            {"name": cls, "label": label, "symbol": symbol, "color": colour, "count": counts[cls]}
            | {"hidden": cls in options.hidden_classes}
        )
    for cls in sorted(edge_counts):
        legend.append(
            {
                "name": cls,
                "label": f"{cls} (edge)",
                "symbol": None,
                "color": EDGE_COLOURS[cls],
                "count": edge_counts[cls],
                "hidden": cls in options.hidden_classes,
            }
        )
    return legend


def _physics(node_count: int) -> dict[str, Any]:
    # improvedLayout (Kamada-Kawai seeding) is quadratic; smooth curves cost a support node per edge.
    return {
        "enabled": node_count > 1,
        "iterations": LAYOUT_ITERATIONS,
        "improvedLayout": node_count <= 150,
        "smooth": node_count <= 150,
        "gravity": -60 if node_count <= 150 else -45,
        "springLength": 220 if node_count <= 30 else (110 if node_count <= 150 else 80),
    }


def render_page(data: GraphData, documents: dict[str, Document] | None = None, **kwargs: Any) -> str:
    """The complete HTML page for ``data`` as it is (cap it first with :func:`cap_graph`);
    see :class:`PageOptions` for the keyword arguments."""
    options = PageOptions(**kwargs)
    documents = documents or {}
    tags = dict(options.edge_tags)
    degree = data.degrees()
    dates = sorted({d for c in data.claims.values() for d in (c.earliest, c.latest) if d})
    # Parallel edges between the same two nodes get increasing curvature so each stays visible.
    seen_pairs: dict[frozenset[str], int] = {}
    curves: dict[str, int] = {}
    for edge in data.edges:
        pair = frozenset((edge.source, edge.target))
        curves[edge.id] = seen_pairs.get(pair, 0)
        seen_pairs[pair] = curves[edge.id] + 1
    payload = {
        "title": options.title,
        "kind": options.kind,
        "note": options.note,
        "nodes": [_node_json(n, degree.get(n.id, 0), options) for n in data.nodes.values()],
        "edges": [
            _edge_json(e, data.claims[e.claim].status if e.claim in data.claims else None, options, tags)
            | {"curve": curves[e.id]}
            for e in data.edges
        ],
        "facts": {prefixed(k): fact_json(c) for k, c in data.claims.items()},
        "sources": {
            prefixed(iri): {"identifier": d.identifier, "title": d.title, "href": reader_filename(iri)}
            for iri, d in sorted(documents.items())
        },
        "classes": _legend(data, options),
        "dates": dates,
        "physics": _physics(len(data.nodes)),
        "statuses": STATUS_GROUPS,
        "dimColour": DIM_EDGE,
        "highlightColour": HIGHLIGHT_EDGE,
    }
    if options.chains or options.chain_summary:
        payload["chains"] = list(options.chains)
        payload["chainSummary"] = options.chain_summary
        present = {c["tag"] for c in options.chains}
        payload["chainLegend"] = [
            {"tag": tag, "label": CHAIN_LEGEND[tag], "color": colour}
            for tag, colour in CHAIN_COLOURS.items()
            if tag in present
        ]
    vis_js, vis_css = vis_assets()
    parts = {
        "TITLE": html.escape(options.title),
        "KIND": html.escape(options.kind),
        "DATA": json_for_script(payload),
        "VIS_JS": vis_js,
        "VIS_CSS": vis_css,
        "VIEW_JS": "\n".join(own_asset(name) for name in GRAPH_SCRIPTS),
        "VIEW_CSS": own_asset("view.css") + status_css(),
        "FILE": html.escape(options.file_name),
    }
    # One pass, so text inserted for one placeholder is never scanned for another.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], own_asset("template.html"))
