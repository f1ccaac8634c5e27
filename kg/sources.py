"""Source texts: locate quotes, give their offsets, find the nearest match when
a quote is wrong, and split texts into sentences for coverage.

Offsets count Unicode code points of the UTF-8-decoded text, as
W3C Web Annotation's TextPositionSelector requires.

>>> text = "Seoul said it would review its policy. Moscow objected."
>>> locate_quote(text, "review its policy")
Span(start=20, end=37)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["Span", "line_of_offset", "locate_quote", "nearest_match", "sentences"]

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) in a text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def locate_quote(text: str, quote: str, occurrence: int = 1) -> Span | None:
    """Offsets of the ``occurrence``-th exact occurrence of ``quote``, or None.

    >>> locate_quote("a b a b", "a b", occurrence=2)
    Span(start=4, end=7)
    >>> locate_quote("a b", "c") is None
    True
    """
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            return None
    return Span(position, position + len(quote))


def count_occurrences(text: str, quote: str) -> int:
    """How many times ``quote`` occurs in ``text`` (overlaps included)."""
    count, position = 0, text.find(quote)
    while position >= 0:
        count += 1
        position = text.find(quote, position + 1)
    return count


def line_of_offset(text: str, offset: int) -> int:
    """1-based line number of a character offset.

    >>> line_of_offset("a\\nb\\nc", 4)
    3
    """
    return text.count("\n", 0, offset) + 1


def nearest_match(text: str, quote: str) -> tuple[Span, float]:
    """The passage of ``text`` most like ``quote`` and its similarity (0..1).

    Used to tell a curator what the text actually says when a quote is wrong.

    >>> span, score = nearest_match("He said “absurd” twice.", 'He said "absurd"')
    >>> span, round(score, 2)
    (Span(start=0, end=16), 0.88)
    """
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    best = matcher.find_longest_match(0, len(text), 0, len(quote))
    start = max(0, best.a - best.b)
    end = min(len(text), start + len(quote))
    window = text[start:end]
    score = difflib.SequenceMatcher(None, window, quote, autojunk=False).ratio()
    return Span(start, end), score


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")


def sentences(text: str) -> list[Span]:
    """Split a text into sentence spans (lines, then sentence punctuation).

    >>> text = "One. Two!\\nThree"
    >>> [text[s.start:s.end] for s in sentences(text)]
    ['One.', 'Two!', 'Three']
    """
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _append_trimmed(text, start, match.start(), spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
