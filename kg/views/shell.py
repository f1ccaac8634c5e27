"""The page shell of the site's pages that draw no graph (source readers, timeline, entities):
the same CSP (no network), the shared script ``view-core.js`` and style, data as escaped JSON.

>>> page = shell_page("A <b> title", "<p>body</p>", {"x": "</script>"}, ["view-core.js"])
>>> "</script>\\"" in page, "A &lt;b&gt; title" in page
(False, True)
"""

from __future__ import annotations

import html
from typing import Any

from kg.views.page import json_for_script, own_asset, status_css

__all__ = ["shell_page"]

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:"


def shell_page(title: str, body: str, data: Any, scripts: list[str], kind: str = "page") -> str:
    """A complete page: ``body`` is trusted HTML (escaped by the caller), ``data`` goes in the
    ``kg-data`` block, ``scripts`` are files of this package inlined in order."""
    code = "\n".join(own_asset(name) for name in scripts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{own_asset('view.css')}{status_css()}\n{own_asset('pages.css')}</style>\n"
        f'</head>\n<body data-view-kind="{html.escape(kind)}" class="plain">\n'
        f'<header><h1>{html.escape(title)}</h1><nav class="small"><a href="index.html">all views</a> · '
        '<a href="timeline.html">timeline</a> · <a href="entities.html">entities</a></nav></header>\n'
        f"{body}\n"
        f'<script type="application/json" id="kg-data">{json_for_script(data)}</script>\n'
        f"<script>\n{code}\n</script>\n</body>\n</html>\n"
    )
