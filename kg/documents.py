"""Source documents as the views read them: metadata, the publication interval (what an undated
fact falls back to under a date filter) and where the text is (``kg:fileName``, relative to the
project folder, for the source readers).

>>> from kg.store import open_store
>>> [d.identifier for d in extract_documents(open_store())]
['000', '001', '002', '003', '004']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.iris import local_name, prefixed
from kg.store import select

__all__ = ["Document", "Evidence", "extract_documents"]

# The source documents: metadata and where their text is (kg:fileName, relative to the project).
DOCUMENTS = """
SELECT ?doc ?identifier ?title ?publisher ?issued ?earliest ?latest ?dateNote ?fileName ?format WHERE {
  ?doc a kg:SourceDocument .
  OPTIONAL { ?doc dcterms:identifier ?identifier }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:publisher ?pub . OPTIONAL { ?pub rdfs:label ?publisherLabel } }
  BIND(COALESCE(?publisherLabel, STR(?pub)) AS ?publisher)
  OPTIONAL { ?doc dcterms:issued ?issued }
  OPTIONAL { ?doc kg:earliestDate ?earliest }
  OPTIONAL { ?doc kg:latestDate ?latest }
  OPTIONAL { ?doc kg:dateNote ?dateNote }
  OPTIONAL { ?doc kg:fileName ?fileName }
  OPTIONAL { ?doc dcterms:format ?format }
} ORDER BY ?doc
"""


@dataclass(frozen=True)
class Evidence:
    """One quote of a claim: the exact text, its context and its offsets in ``document``."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    document: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain values for a page.

        >>> Evidence("x", start=1, end=2).to_json()["end"]
        2
        """
        return {
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "document": self.document and prefixed(self.document),
        }


@dataclass
class Document:
    """A source document: its metadata and its text file (relative to the project folder)."""

    iri: str
    identifier: str
    title: str
    publisher: str | None = None
    issued: str | None = None
    earliest: str | None = None
    latest: str | None = None
    date_note: str | None = None
    file_name: str | None = None
    encoding: str = "utf-8"  # of the stored file: curated texts are UTF-8, SIPRI exports Latin-1


def extract_documents(store: ox.Store) -> list[Document]:
    """The source documents in ``store``, by IRI.

    >>> from kg.store import open_store
    >>> [d.file_name for d in extract_documents(open_store())][1]
    'seeds/texts/001_74cd32a4d6a1b515.txt'
    """
    found: dict[str, Document] = {}
    for row in select(store, DOCUMENTS):
        if row["doc"] in found:
            continue
        found[row["doc"]] = Document(
            iri=row["doc"],
            identifier=str(row["identifier"] or local_name(row["doc"])),
            title=row["title"] or prefixed(row["doc"]),
            publisher=row["publisher"],
            issued=None if row["issued"] is None else str(row["issued"]),
            earliest=None if row["earliest"] is None else str(row["earliest"]),
            latest=None if row["latest"] is None else str(row["latest"]),
            date_note=row["dateNote"],
            file_name=row["fileName"],
            encoding=_charset(row["format"]),
        )
    return list(found.values())


def _charset(media_type: str | None) -> str:
    """The character encoding a ``dcterms:format`` media type names (UTF-8 when it names none).

    >>> _charset("text/csv; charset=latin-1"), _charset(None)
    ('latin-1', 'utf-8')
    """
    for part in (media_type or "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip().strip('"')
    return "utf-8"
