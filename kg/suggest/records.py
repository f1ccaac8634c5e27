"""What the suggester finds in a document: sentences, mentions, proposed entities, dates,
quantities and facts, each with its character offsets in the stored text.

>>> Mention(0, 5, "Seoul", "ROK", kind="metonym").resolved
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["DateValue", "Draft", "Mention", "NewEntity", "Quantity", "Sentence", "SuggestedFact"]


@dataclass(frozen=True)
class Sentence:
    """A sentence span; ``boilerplate`` names why it is skipped (None: it is content)."""

    start: int
    end: int
    text: str
    boilerplate: str | None = None


@dataclass(frozen=True)
class Mention:
    """A name in the text. ``entity`` is the entity it names, or None when it is ambiguous or
    generic (then ``candidates`` lists the entities it may name) or new (``kind`` "new").
    ``kind``: name, metonym, demonym, possessive, ambiguous, generic, new."""

    start: int
    end: int
    text: str
    entity: str | None
    candidates: tuple[str, ...] = ()
    kind: str = "name"

    @property
    def resolved(self) -> bool:
        return self.entity is not None


@dataclass(frozen=True)
class NewEntity:
    """An entity the curated names do not know, proposed with a type guess and its reason."""

    id: str
    type: str
    label: str
    start: int
    end: int
    confidence: float
    why: str
    role: str | None = None  # a person's title as the text gives it


@dataclass(frozen=True)
class DateValue:
    """A date expression resolved against the document date: ``value`` is YYYY, YYYY-MM or
    YYYY-MM-DD; ``note`` says how (for a relative expression)."""

    start: int
    end: int
    text: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Quantity:
    """A typed value: ``unit`` is count, usd, percent, mm or km; ``qualifier`` one of the
    model's quantity qualifiers or None."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    qualifier: str | None = None


@dataclass
class SuggestedFact:
    """A candidate fact in the seed format (``fields`` minus the suggestion's own notes)."""

    id: str
    type: str
    fields: dict[str, Any]
    quote: str
    start: int
    end: int
    confidence: float
    rule: str
    attests: str | None = None
    why: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return str(self.fields.get("status", "reported"))


@dataclass
class Draft:
    """Everything suggested for one document."""

    source_id: str
    sentences: list[Sentence]
    mentions: list[Mention]
    entities: list[NewEntity]
    facts: list[SuggestedFact]
    dates: list[DateValue]
    quantities: list[Quantity]

    @property
    def review(self) -> list[Mention]:
        """Mentions left for the curator: ambiguous or generic, with their candidates."""
        return [m for m in self.mentions if m.kind in ("ambiguous", "generic")]

    @property
    def skips(self) -> list[Sentence]:
        return [s for s in self.sentences if s.boilerplate]
