"""The checked records of the seed files: sources, entities, facts, skips and where each
was written (file and line). :func:`kg.curation.load_curation` makes them.

>>> Where(Path("seeds/facts/003.yaml"), 12)
Where(path=PosixPath('seeds/facts/003.yaml'), line=12)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.dates import FuzzyDate

__all__ = ["Curation", "Entity", "Fact", "QuoteRef", "Skip", "SourceDoc", "Where"]


@dataclass(frozen=True)
class Where:
    """A place in a seed file."""

    path: Path
    line: int


@dataclass(frozen=True)
class SourceDoc:
    """A source document and its metadata (``seeds/sources.yaml``); ``data`` holds the
    text file's bytes as the loader read them."""

    id: str
    path: Path
    title: str
    publisher: str
    authors: tuple[str, ...]
    date: FuzzyDate
    date_note: str
    kind: str
    where: Where
    data: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The text exactly as stored (UTF-8, line ends untouched); quote offsets count its
        Unicode code points."""
        data = self.data if self.data is not None else self.path.read_bytes()
        return data.decode("utf-8")


@dataclass(frozen=True)
class Entity:
    """A named thing: identity only (type, labels, aliases)."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    metonyms: tuple[str, ...]
    description: str | None
    wikidata: str | None
    part_of: str | None
    number: str | None
    where: Where
    # A more general item this one is a kind of (Shell155mm → ArtilleryShell): skos:broader.
    broader: str | None = None
    # Entities to be read together, neither a kind of the other (two accounts of one legal
    # basis: ROKArmsExportLaws, ROKForeignTradeAct): skos:related.
    related: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entity goes by: label, aliases and metonyms."""
        return (self.label, *self.aliases, *self.metonyms)


@dataclass(frozen=True)
class QuoteRef:
    """A quote as the curator wrote it: the text and which occurrence is meant."""

    text: str
    occurrence: int
    where: Where


@dataclass(frozen=True)
class Fact:
    """A claim from one source document, checked against the schema."""

    id: str
    type: str
    source_id: str
    values: dict[str, Any]
    quotes: tuple[QuoteRef, ...]
    status: str
    date: FuzzyDate | None
    where: Where

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass(frozen=True)
class Skip:
    """A sentence left out of the graph on purpose, with the reason."""

    source_id: str
    quote: QuoteRef
    reason: str


@dataclass
class Curation:
    """Everything under ``seeds/``, loaded and cross-checked."""

    sources: dict[str, SourceDoc] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    skips: list[Skip] = field(default_factory=list)
