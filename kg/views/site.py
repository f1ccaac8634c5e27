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
from kg.names import NameIndex
from kg.views import View, make_view

__all__ = ["DEFAULT_VIEWS", "view_filename", "write_index", "write_standard_views", "write_view"]

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


def write_standard_views(graph: Any, out_dir: Path) -> list[tuple[View, Path]]:
    """Every view in :data:`DEFAULT_VIEWS`, plus the index."""
    written = []
    for kind, options in DEFAULT_VIEWS:
        view = make_view(graph, kind, **options)
        written.append((view, view.save(Path(out_dir) / view_filename(kind, **options))))
    write_index(out_dir)
    return written


def write_index(out_dir: Path) -> Path:
    """``index.html`` linking every view page in ``out_dir`` (self-contained, no scripts)."""
    out_dir = Path(out_dir)
    items = []
    for page in sorted(out_dir.glob("*.html")):
        if page.name == "index.html":
            continue
        match = _TITLE.search(page.read_text("utf-8", errors="replace")[:4000])
        title = html.unescape(match.group(1)) if match else page.stem
        items.append(f'<li><a href="{html.escape(page.name)}">{html.escape(title)}</a></li>')
    body = "\n".join(items) or "<li>No views yet: run <code>kg view</code>.</li>"
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<title>Graph views</title>\n<style>body{font:15px/1.5 system-ui,sans-serif;margin:2em}</style>\n"
        "</head>\n<body>\n<h1>Graph views</h1>\n"
        "<p>Each page works offline: open it in a browser; hover over or click a node or edge "
        "for its evidence.</p>\n"
        f"<ul>\n{body}\n</ul>\n</body>\n</html>\n"
    )
    target = out_dir / "index.html"
    write_atomically({target: page.encode("utf-8")})
    return target
