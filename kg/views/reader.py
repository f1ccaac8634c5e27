"""Source readers: one page per source document with its full text, every located quote
highlighted at its recorded offsets (coloured by the claim's status) and linked to its claims.

A quote is highlighted when the text at its ``oa:start``/``oa:end`` is its ``oa:exact``; any other
is listed under the text as not located. Overlapping quotes split the text into segments, each
marked with every quote covering it.

>>> segments("abcdef", [("q1", 1, 4), ("q2", 3, 5)])
[('a', []), ('bc', ['q1']), ('d', ['q1', 'q2']), ('e', ['q2']), ('f', [])]
"""

from __future__ import annotations

import html
from itertools import pairwise
from pathlib import Path
from typing import Any

from kg.iris import prefixed
from kg.network import Document, GraphData
from kg.views.links import evidence_anchor, reader_filename
from kg.views.page import fact_json
from kg.views.shell import shell_page

__all__ = ["reader_page", "segments", "write_readers"]


def segments(text: str, spans: list[tuple[str, int, int]]) -> list[tuple[str, list[str]]]:
    """``text`` cut at every span boundary, each piece with the keys of the spans covering it."""
    cuts = sorted({0, len(text), *(s for _k, s, _e in spans), *(e for _k, _s, e in spans)})
    pieces = []
    for start, end in pairwise(cuts):
        keys = [k for k, s, e in spans if s <= start and end <= e]
        pieces.append((text[start:end], keys))
    return pieces


def reader_page(document: Document, text: str, data: GraphData) -> tuple[str, int]:
    """The reader page of ``document`` and how many quotes it highlights."""
    spans: list[tuple[str, int, int]] = []
    evidence: dict[str, dict[str, Any]] = {}
    facts: dict[str, Any] = {}
    status: dict[str, str] = {}
    missing: list[str] = []
    for claim in sorted(data.claims.values(), key=lambda c: c.iri):
        for index, quote in enumerate(claim.evidence, start=1):
            if quote.document != document.iri:
                continue
            key = evidence_anchor(claim.iri, index)
            located = (
                quote.start is not None
                and quote.end is not None
                and text[quote.start : quote.end] == quote.exact
            )
            if located:
                spans.append((key, int(quote.start or 0), int(quote.end or 0)))
                evidence[key] = {"fact": prefixed(claim.iri)}
                status[key] = claim.status or "none"
                facts[prefixed(claim.iri)] = fact_json(claim)
            else:
                missing.append(f"{claim.label}: “{quote.exact}”")
    spans.sort(key=lambda s: (s[1], s[2], s[0]))
    first_of: dict[str, bool] = {}
    parts = []
    for piece, keys in segments(text, spans):
        if not keys:
            parts.append(html.escape(piece))
            continue
        anchor = next((k for k in keys if k not in first_of), None)
        for key in keys:
            first_of[key] = True
        ident = f' id="{anchor}"' if anchor else ""
        multi = " multi" if len(keys) > 1 else ""
        parts.append(
            f'<mark{ident} class="st-{html.escape(status[keys[0]])}{multi}" data-ev="{" ".join(keys)}">'
            f"{html.escape(piece)}</mark>"
        )
    meta = " — ".join(x for x in (document.publisher, document.issued) if x)
    note = f"<br>Date: {html.escape(document.date_note)}" if document.date_note else ""
    unlocated = (
        "<p class='small'>Quotes not located at their offsets: " + html.escape("; ".join(missing)) + "</p>"
        if missing
        else ""
    )
    body = (
        f'<div class="meta">Source {html.escape(document.identifier)}: {html.escape(meta)} · '
        f"{len(spans)} highlighted quotes (colour: the claim's status; click one for its claims)"
        f"{note}</div>\n"
        f'<main><div class="reader-text" id="kg-text">{"".join(parts)}</div>\n'
        '<aside id="kg-details"><p class="small">Click a highlighted passage for its claims.</p>'
        "</aside></main>"
        f"{unlocated}"
    )
    page = shell_page(
        f"Source {document.identifier}: {document.title}",
        body,
        {"evidence": evidence, "facts": facts},
        ["view-core.js", "reader.js"],
        kind="reader",
    )
    return page, len(spans)


def write_readers(data: GraphData, documents: list[Document], root: Path) -> dict[str, bytes]:
    """Every document's reader page, by file name (documents whose text file is missing are skipped)."""
    pages: dict[str, bytes] = {}
    for document in documents:
        if not document.file_name:
            continue
        path = Path(root) / document.file_name
        if not path.is_file():
            continue
        try:
            text = path.read_bytes().decode(document.encoding)
        except (LookupError, UnicodeDecodeError):
            continue  # a file that no longer reads as it was imported: the build reports it

        pages[reader_filename(document.iri)] = reader_page(document, text, data)[0].encode("utf-8")
    return pages
