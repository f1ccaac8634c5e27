"""How the pages of a view site link to each other: file names and anchors, in one place.

Every view links a claim's quote to its highlighted passage in the source reader, an entity to
its card on the entities page and, for states, to its ego view.

>>> reader_filename("https://w3id.org/rnku-kg/id/source/001")
'source-001.html'
>>> evidence_href("https://w3id.org/rnku-kg/id/source/001", "https://w3id.org/rnku-kg/id/fact/f1", 2)
'source-001.html#ev-f1-2'
>>> entity_anchor("https://w3id.org/rnku-kg/id/ROK")
'e-ROK'
"""

from __future__ import annotations

import re

__all__ = [
    "ENTITIES_PAGE",
    "INDEX_PAGE",
    "TIMELINE_PAGE",
    "ego_filename",
    "entity_anchor",
    "entity_href",
    "evidence_anchor",
    "evidence_href",
    "reader_filename",
    "slug",
]

INDEX_PAGE = "index.html"
ENTITIES_PAGE = "entities.html"
TIMELINE_PAGE = "timeline.html"


def slug(value: object) -> str:
    """The last segment of an IRI (or any text), safe in a file name or an anchor.

    >>> slug("https://w3id.org/rnku-kg/id/fact/f002w-rok-shells")
    'f002w-rok-shells'
    """
    text = str(value).rstrip("/")
    text = re.split(r"[#/]", text)[-1]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def reader_filename(document: str) -> str:
    """The source reader page of a document (by IRI)."""
    return f"source-{slug(document)}.html"


def evidence_anchor(claim: str, index: int) -> str:
    """The anchor of a claim's ``index``-th quote (1-based) in its source reader."""
    return f"ev-{slug(claim)}-{index}"


def evidence_href(document: str, claim: str, index: int) -> str:
    """A link to a claim's quote, highlighted in its source reader."""
    return f"{reader_filename(document)}#{evidence_anchor(claim, index)}"


def entity_anchor(entity: str) -> str:
    """The anchor of an entity's card on the entities page."""
    return f"e-{slug(entity)}"


def entity_href(entity: str) -> str:
    """A link to an entity's card on the entities page."""
    return f"{ENTITIES_PAGE}#{entity_anchor(entity)}"


def ego_filename(entity: str, depth: int = 1) -> str:
    """The ego view page of an entity.

    >>> ego_filename("https://w3id.org/rnku-kg/id/ROK", 2)
    'ego-ROK-d2.html'
    """
    return f"ego-{slug(entity)}-d{depth}.html"
