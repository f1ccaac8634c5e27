"""A folder of views with an index page: what ``kg view`` and ``make demo`` write.

>>> view_filename("ego", entity="https://w3id.org/rnku-kg/id/ROK", depth=2)
'ego-ROK-d2.html'
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from kg.files import write_atomically
from kg.iris import prefixed
from kg.names import NameIndex
from kg.network import GraphData
from kg.paths import project_paths
from kg.views import View, make_view
from kg.views.data import documents_of, network_of
from kg.views.links import ENTITIES_PAGE, TIMELINE_PAGE, ego_filename, entity_anchor, entity_href
from kg.views.page import fact_json
from kg.views.reader import write_readers
from kg.views.shell import shell_page
from kg.views.timeline import timeline_page

__all__ = [
    "DEFAULT_VIEWS",
    "EGO_CLASSES",
    "entities_page",
    "view_filename",
    "write_index",
    "write_site_pages",
    "write_standard_views",
    "write_view",
]

# Entities of these classes get an ego view in the site (a page each: a few dozen, not hundreds);
# every entity has a card on the one entities page.
EGO_CLASSES = frozenset({"State"})

# The views `kg view` writes with no arguments: the whole graph, the treaty, the red lines, South
# Korea's neighbourhood and its supply chains to Ukraine.
DEFAULT_VIEWS: list[tuple[str, dict[str, Any]]] = [
    ("overview", {}),
    ("treaty", {}),
    ("redline", {}),
    ("ego", {"entity": "ROK", "depth": 1}),
    ("paths", {"source": "ROK", "target": "Ukraine"}),
]

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _slug(value: Any) -> str:
    text = str(value).rstrip("/")
    text = re.split(r"[#/]", text)[-1]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def view_filename(kind: str, **options: Any) -> str:
    """A stable file name for a view and its main options."""
    if kind == "ego":
        return f"ego-{_slug(options['entity'])}-d{options.get('depth', 1)}.html"
    if kind == "paths":
        return f"paths-{_slug(options['source'])}-{_slug(options['target'])}.html"
    return f"{kind}.html"


def write_view(graph: Any, out_dir: Path, kind: str, **options: Any) -> tuple[View, Path]:
    """Render one view into ``out_dir`` (atomically) and refresh the index."""
    names = [k for k in ("entity", "source", "target") if k in options]
    if names:  # name the file after the entity, not the spelling used ("Seoul" and "ROK" alike)
        index = NameIndex.for_store(getattr(graph, "store", graph))
        options = options | {k: index.resolve(str(options[k])) for k in names}
    name = view_filename(kind, **options)
    view = make_view(graph, kind, **options)
    path = view.save(Path(out_dir) / name)
    write_index(out_dir)
    return view, path


def _ego_entities(data: GraphData) -> list[str]:
    return sorted(n.id for n in data.nodes.values() if n.kind == "entity" and n.cls in EGO_CLASSES)


def write_standard_views(graph: Any, out_dir: Path) -> list[tuple[View, Path]]:
    """The linked site: every view in :data:`DEFAULT_VIEWS`, an ego view per state, the timeline,
    the entities page, a reader per source document, and the index."""
    store = getattr(graph, "store", graph)
    data = network_of(store)
    egos = _ego_entities(data)
    written = []
    standard = [(kind, options) for kind, options in DEFAULT_VIEWS]
    standard += [
        ("ego", {"entity": iri, "depth": 1}) for iri in egos if ego_filename(iri) != "ego-ROK-d1.html"
    ]
    for kind, options in standard:
        name = view_filename(kind, **options)
        view = make_view(graph, kind, **options, file_name=name, ego_pages=egos)
        written.append((view, view.save(Path(out_dir) / name)))
    root = getattr(getattr(graph, "paths", None), "root", None) or project_paths().root
    write_site_pages(store, data, Path(out_dir), Path(root), egos)
    return written


def write_site_pages(store: Any, data: GraphData, out_dir: Path, root: Path, egos: list[str]) -> None:
    """The pages that are not graph views (readers, timeline, entities) and the index."""
    pages = write_readers(data, documents_of(store), root)
    pages[TIMELINE_PAGE] = timeline_page(data).encode("utf-8")
    pages[ENTITIES_PAGE] = entities_page(data, egos).encode("utf-8")
    write_atomically({Path(out_dir) / name: content for name, content in sorted(pages.items())})
    write_index(out_dir)


def entities_page(data: GraphData, egos: list[str]) -> str:
    """One page with every entity's card (aliases, relations in and out, claims by type and status,
    links to its ego view and quotes), each at ``#e-<id>``."""
    ego = set(egos)
    nodes = [
        {
            "id": prefixed(n.id),
            "short": prefixed(n.id),
            "full": n.label,
            "label": n.label,
            "cls": n.cls,
            "kind": n.kind,
            "names": n.names,
            "anchor": entity_anchor(n.id),
            "card": entity_href(n.id),
            "ego": ego_filename(n.id) if n.id in ego else None,
        }
        for n in data.nodes.values()
    ]
    edges = [
        {
            "id": e.id,
            "from": prefixed(e.source),
            "to": prefixed(e.target),
            "text": e.label,
            "fact": prefixed(e.claim),
        }
        for e in data.edges
    ]
    payload = {
        "nodes": nodes,
        "edges": edges,
        "facts": {prefixed(k): fact_json(c) for k, c in data.claims.items()},
    }
    body = '<div class="meta" id="kg-graph-count"></div><main><div class="cards" id="kg-cards"></div></main>'
    return shell_page(
        "Entities: what the graph holds about each",
        body,
        payload,
        ["view-core.js", "entities.js"],
        "entities",
    )


_SECTIONS = (
    ("Views", lambda n: not n.startswith(("ego-", "source-"))),
    ("Ego views", lambda n: n.startswith("ego-")),
    ("Source readers", lambda n: n.startswith("source-")),
)


def write_index(out_dir: Path) -> Path:
    """``index.html`` linking every page in ``out_dir``, by section (self-contained, no scripts)."""
    out_dir = Path(out_dir)
    sections = []
    names = sorted(p.name for p in out_dir.glob("*.html") if p.name != "index.html")
    for heading, wanted in _SECTIONS:
        items = []
        for name in (n for n in names if wanted(n)):
            match = _TITLE.search((out_dir / name).read_text("utf-8", errors="replace")[:4000])
            title = html.unescape(match.group(1)) if match else name
            items.append(f'<li><a href="{html.escape(name)}">{html.escape(title)}</a></li>')
        if items:
            sections.append(f"<h2>{heading}</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>")
    body = "\n".join(sections) or "<ul><li>No views yet: run <code>kg view</code>.</li></ul>"
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<title>Graph views</title>\n<style>body{font:15px/1.5 system-ui,sans-serif;margin:2em}</style>\n"
        "</head>\n<body>\n<h1>Graph views</h1>\n"
        "<p>Each page works offline: open it in a browser; hover over or click a node or edge "
        "for its evidence. The folder can be zipped and opened anywhere: no server, no network.</p>\n"
        f"{body}\n</body>\n</html>\n"
    )
    target = out_dir / "index.html"
    write_atomically({target: page.encode("utf-8")})
    return target
