"""Interactive, self-contained HTML views of the graph, for browsers and notebooks.

``make_view(graph, kind, **options)`` returns a :class:`View`: ``.html`` is
the page, ``.save(path)`` writes it atomically, and in Jupyter it displays
inline (an ``<iframe srcdoc>``). Kinds: ``overview``, ``ego`` (``entity``,
``depth``), ``paths`` (``source``, ``target``, ``max_hops``), ``treaty``
and ``redline``. Entities may be IRIs or names (labels, aliases, ids).

>>> from kg.store import open_store
>>> view = make_view(open_store(), "ego", entity="Article 4", depth=1)
>>> view.title
'Ego view: Article 4 of the DPRK-Russia treaty (depth 1)'
>>> "https://" in view.html.split("<script>")[0]
False
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import ViewError
from kg.files import write_atomically
from kg.names import NameIndex
from kg.views import kinds
from kg.views.data import documents_of, network_of
from kg.views.page import DEFAULT_MAX_NODES, cap_graph, render_page

__all__ = ["VIEW_KINDS", "View", "make_view"]

VIEW_KINDS = ("overview", "ego", "paths", "treaty", "redline")


@dataclass(frozen=True)
class View:
    """A rendered view: the page and what it holds."""

    kind: str
    title: str
    html: str
    node_count: int
    edge_count: int
    note: str | None = None

    def save(self, path: Path | str) -> Path:
        """Write the page to ``path`` atomically (a temporary sibling, then a rename)."""
        target = Path(path)
        write_atomically({target: self.html.encode("utf-8")})
        return target

    def _repr_html_(self) -> str:
        # The page goes in srcdoc, escaped; the sandbox lets its scripts run but gives it no
        # access to the notebook's origin.
        return (
            f'<iframe title="{html.escape(self.title)}" sandbox="allow-scripts" '
            'style="width:100%;height:680px;border:1px solid #ddd" '
            f'srcdoc="{html.escape(self.html)}"></iframe>'
        )

    def __repr__(self) -> str:
        counts = f"nodes={self.node_count}, edges={self.edge_count}"
        return f"View(kind={self.kind!r}, title={self.title!r}, {counts})"


def _store(graph: Any) -> Any:
    """The pyoxigraph store behind a KnowledgeGraph-like object, or the store itself."""
    return getattr(graph, "store", graph)


def make_view(graph: Any, kind: str = "overview", **options: Any) -> View:
    """Render a view of ``graph`` (a pyoxigraph Store or an object with ``.store``).

    Options by kind: ego ``entity``, ``depth`` (1); paths ``source``, ``target``, ``max_hops`` (3),
    ``min_hops`` (2: only indirect chains are highlighted); treaty ``instrument``, ``article``;
    redline ``drawn_by``. Every kind: ``title``, ``max_nodes`` (400), ``hidden_classes`` (classes
    whose checkbox starts unticked).
    """
    store = _store(graph)
    data = network_of(store)

    def entity(name: Any) -> str:
        return NameIndex.for_store(store).resolve(str(getattr(name, "value", name)))

    if kind == "overview":
        selection = kinds.overview(data)
    elif kind == "ego":
        depth = _count(options.pop("depth", 1), "depth")
        selection = kinds.ego(data, entity(options.pop("entity")), depth)
    elif kind == "paths":
        source, target = entity(options.pop("source")), entity(options.pop("target"))
        max_hops = _count(options.pop("max_hops", 3), "max_hops")
        min_hops = _count(options.pop("min_hops", 2), "min_hops")
        if min_hops > max_hops:
            raise ViewError(
                f"min_hops {min_hops} is more than max_hops {max_hops}: no chain could be shown; "
                "raise max_hops or lower min_hops"
            )
        selection = kinds.paths(data, source, target, max_hops, store=store, min_hops=min_hops)
    elif kind == "treaty":
        instrument = entity(options.pop("instrument", kinds.TREATY))
        selection = kinds.treaty(data, instrument, entity(options.pop("article", kinds.ARTICLE)))
    elif kind == "redline":
        selection = kinds.redline(data, entity(options.pop("drawn_by", kinds.ROK)))
    else:
        raise ViewError(f"unknown view kind {kind!r}; choose one of {', '.join(VIEW_KINDS)}")
    title = options.pop("title", selection.title)
    file_name = str(options.pop("file_name", ""))
    ego_pages = frozenset(options.pop("ego_pages", ()))
    max_nodes = _count(options.pop("max_nodes", DEFAULT_MAX_NODES), "max_nodes")
    hidden = frozenset(options.pop("hidden_classes", selection.hidden_classes))
    if options:
        raise ViewError(f"unknown option(s) for a {kind} view: {', '.join(sorted(options))}")
    capped, cap_note = cap_graph(selection.data, max_nodes)
    note = " ".join(n for n in (selection.note, cap_note) if n) or None
    page = render_page(
        capped,
        title=title,
        kind=kind,
        note=note,
        highlight_nodes=frozenset(selection.highlight_nodes),
        highlight_edges=frozenset(selection.highlight_edges),
        dim_others=selection.dim_others,
        hidden_classes=hidden,
        documents={d.iri: d for d in documents_of(store)},
        edge_tags=tuple(sorted(selection.edge_tags.items())),
        chains=tuple(selection.chains),
        chain_summary=selection.chain_summary,
        file_name=file_name,
        ego_pages=ego_pages,
    )
    return View(kind, title, page, len(capped.nodes), len(capped.edges), note)


def _count(value: Any, name: str) -> int:
    """A view option that counts something (hops, depth, nodes): a whole number of at least 1.

    >>> _count("3", "depth")
    3
    >>> _count(-5, "max_nodes")
    Traceback (most recent call last):
    kg.errors.ViewError: max_nodes must be a whole number of at least 1, not -5
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if isinstance(value, bool) or number < 1 or (number != value and str(number) != str(value)):
        raise ViewError(f"{name} must be a whole number of at least 1, not {value!r}")
    return number
