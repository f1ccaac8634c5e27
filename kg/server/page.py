"""The endpoint's query page: one self-contained HTML file (``assets/query.html``: editor,
Run, results table, the named queries as ready examples, the project prefixes predeclared)
written into a folder and served by :mod:`kg.server.protocol` as a file. It loads nothing
from outside the machine: no scripts, styles, fonts or prefix lists from the internet, and
the server sends a Content-Security-Policy that lets it talk only to its own origin.

The examples are the named queries with their header's example values bound (a ``VALUES``
block, as ``kg query --endpoint`` sends them) and the prefixes they use declared.

>>> sorted(PAGE_FILES)
['/']
>>> html = page_html({"endpoint": "/query", "prefixes": {}, "examples": [{"x": "</script><b>"}]})
>>> html.count("</script>") == TEMPLATE.read_text(encoding="utf-8").count("</script>")
True
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.iris import PREFIXES
from kg.queries.library import list_queries
from kg.queries.params import bind_params
from kg.queries.remote import inject_values, with_prefixes

__all__ = ["ENDPOINT_PATH", "PAGE_FILES", "POLICY", "examples", "page_html", "read_page", "write_page"]

ENDPOINT_PATH = "/query"
TEMPLATE = Path(__file__).parent / "assets" / "query.html"
# URL path -> (file name, content type)
PAGE_FILES = {"/": ("index.html", "text/html; charset=utf-8")}
# The page may run its own inline script and style and talk to its own origin, nothing else.
POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
)


def read_page(folder: Path) -> dict[str, tuple[str, bytes]]:
    """URL path -> (content type, bytes) for the page files in ``folder`` (missing ones left out).

    >>> read_page(Path("/nonexistent"))
    {}
    """
    found = {}
    for url, (name, kind) in PAGE_FILES.items():
        if (folder / name).is_file():
            found[url] = (kind, (folder / name).read_bytes())
    return found


def examples(resolve: Callable[[str], str]) -> list[dict[str, str]]:
    """The named queries as page examples: name, title, what it answers, and the query text with
    the example parameters bound (entity names resolved by ``resolve``) and its prefixes declared."""
    found = []
    for query in list_queries():
        bound = bind_params(query, query.example_params, resolve)
        text = with_prefixes(inject_values(query.text, bound))
        found.append({"name": query.name, "title": query.title, "answers": query.answers, "query": text})
    return found


def page_html(data: dict[str, Any]) -> str:
    """The page with ``data`` (endpoint, prefixes, examples) embedded as JSON that cannot end
    its script element."""
    blob = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return TEMPLATE.read_text(encoding="utf-8").replace("/*KG-DATA*/", blob)


def write_page(folder: Path, resolve: Callable[[str], str]) -> Path:
    """Write the query page into ``folder`` and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {"endpoint": ENDPOINT_PATH, "prefixes": dict(PREFIXES), "examples": examples(resolve)}
    (folder / PAGE_FILES["/"][0]).write_text(page_html(data), encoding="utf-8")
    return folder
